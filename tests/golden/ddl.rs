//! Golden tests: ddl.
use crate::common::*;
#[allow(unused_imports)]
use sqlcraft::prelude::*;
