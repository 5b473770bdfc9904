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

/// Whether the generator builds the constructs of the bugs it found before
/// (`KNOWN_BUGS` in `tests/fuzz_common/tree.rs`): yes, unless
/// `SQLCRAFT_FUZZ_KNOWN_BUGS=0`. They are all fixed, so steering around them
/// would only leave the code of their fixes unfuzzed; `=0` is for a run that
/// must not stop on one while a fix is in progress.
pub fn known_bugs() -> bool {
    std::env::var_os("SQLCRAFT_FUZZ_KNOWN_BUGS").is_none_or(|v| v != "0")
}
