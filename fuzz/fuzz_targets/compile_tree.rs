//! Statement trees from a bounded description: no panic on any dialect, typed
//! errors only, well-formed SQL everywhere, and SQLite's `prepare` accepts the
//! SQLite rendering or refuses it for a justified semantic reason.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sqlcraft_fuzz::common::{oracle, tree::TreeD};

fuzz_target!(|t: TreeD| {
    if let Err(why) = oracle::check_tree(&t, sqlcraft_fuzz::known_bugs()) {
        panic!("{why}");
    }
});
