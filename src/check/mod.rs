//! Checks: what netcheck finds out, as typed facts with no text. Commands
//! compose checks and render their facts; the catalogue (`i18n`) words them.

pub mod doctor;
pub mod listener;
pub mod nat_type;
pub mod probe;
