//! `text()` on arbitrary SQL: no panic, `InvalidText` or one placeholder per
//! `param_names()` entry on every dialect, and binding every name gives one
//! value per placeholder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sqlcraft_fuzz::common::textprop::check_text_with;

fuzz_target!(|sql: &str| {
    if let Err(why) = check_text_with(sql, sqlcraft_fuzz::known_bugs()) {
        panic!("{why}");
    }
});
