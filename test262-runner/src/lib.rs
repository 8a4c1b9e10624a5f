//! Runs the official test262 conformance suite against Amber, following test262's
//! `INTERPRETING.md`. See the crate's README for usage.
//!
//! The pieces: [`suite`] finds tests and expands them into runs, [`frontmatter`] reads their
//! metadata, [`exclusions`] decides what is not attempted, [`runner`] executes and judges runs
//! on worker threads ([`pool`]) through the [`engine::Engine`] trait ([`amber`] implements it),
//! and [`baseline`], [`json`] and [`report`] turn records into results.

pub mod amber;
pub mod app;
pub mod baseline;
pub mod cli;
pub mod engine;
pub mod exclusions;
pub mod frontmatter;
pub mod glob;
pub mod json;
pub mod panics;
pub mod pool;
pub mod report;
pub mod runner;
pub mod suite;
