//! Realm-level features.
