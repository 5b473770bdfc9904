//! The shared description, builder and oracles of `tests/fuzz_common/`, with
//! `arbitrary::Arbitrary` derived on the description types.

/// Adds the derives of the description types (see `tests/fuzz_common/mod.rs`).
macro_rules! describe {
    ($($item:item)*) => {
        $( #[derive(Debug, Clone, arbitrary::Arbitrary)] $item )*
    };
}

#[path = "../../tests/fuzz_common/mod.rs"]
pub mod common;

/// Whether the generator may build the constructs of known, reported bugs
/// (`SQLCRAFT_FUZZ_KNOWN_BUGS=1`); by default it steers around them so that a
/// run can find new ones.
pub fn known_bugs() -> bool {
    std::env::var_os("SQLCRAFT_FUZZ_KNOWN_BUGS").is_some_and(|v| v == "1")
}
