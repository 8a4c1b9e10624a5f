//! Scope analysis and bytecode emission.
