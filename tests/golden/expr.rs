//! Golden tests: expr.
use crate::common::*;
#[allow(unused_imports)]
use sqlcraft::prelude::*;
