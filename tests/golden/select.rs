//! Golden tests: select.
use crate::common::*;
#[allow(unused_imports)]
use sqlcraft::prelude::*;
