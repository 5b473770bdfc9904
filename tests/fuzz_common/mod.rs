//! Code shared by `tests/fuzz_props.rs` (proptest, runs in CI) and the cargo-fuzz
//! targets in `fuzz/` (which include these files with `#[path]`).
//!
//! * [`tree`]: a small, bounded *description* of a statement (plain enums and
//!   structs), the fixed schema, and the builder that turns a description into a
//!   sqlcraft tree through the public API;
//! * [`oracle`]: the property every tree must satisfy (no panic on any dialect,
//!   typed errors only, well-formed SQL, and SQLite's own `prepare` accepting the
//!   SQLite rendering or failing only for a justified semantic reason);
//! * [`textprop`] and [`urlprop`]: the properties of `text()` and of URL parsing.
//!
//! The includer defines `macro_rules! describe` before including this module: it
//! adds the derives of the description types (`Debug, Clone` for proptest, plus
//! `arbitrary::Arbitrary` for cargo-fuzz), so that both drivers share one
//! description, one builder and one oracle.

// Each driver uses only part of the shared code (the fuzz targets have no
// proptest strategies, the proptest never decodes raw bytes).
#![allow(dead_code)]

pub mod oracle;
pub mod textprop;
pub mod tree;
pub mod urlprop;
