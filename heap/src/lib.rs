//! The heap.
