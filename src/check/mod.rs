//! Checks: each takes inputs and a deadline and returns typed facts, no text.
//! Commands compose them and render the result.

pub mod nat_type;
