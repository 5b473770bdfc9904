//! Database URLs: arbitrary strings (and URLs built part by part) parse without
//! panicking, round-trip through `to_string_with_password()`, and never show the
//! password in `Display` or in an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sqlcraft_fuzz::common::urlprop::{check_url_parts, check_url_with, UrlPartsD};

#[derive(Debug, arbitrary::Arbitrary)]
enum Input {
    Text(String),
    Parts(UrlPartsD),
}

fuzz_target!(|input: Input| {
    let r = match &input {
        Input::Text(s) => check_url_with(s, sqlcraft_fuzz::known_bugs()),
        Input::Parts(p) => check_url_parts(p),
    };
    if let Err(why) = r {
        panic!("{why}");
    }
});
