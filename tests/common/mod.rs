//! Shared helpers for the integration tests (`mod common;`).
//!
//! Every test binary compiles this module on its own and uses only part of it.
#![allow(dead_code)]

pub mod json;
pub mod lab;
pub mod router;
pub mod run;
pub mod skip;
