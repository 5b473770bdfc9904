//! Golden tests: dml.
use crate::common::*;
#[allow(unused_imports)]
use sqlcraft::prelude::*;
