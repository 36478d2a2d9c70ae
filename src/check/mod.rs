//! Checks: what netcheck finds out, as typed facts with no text. Commands
//! compose checks and render their facts; the catalogue (`i18n`) words them.

pub mod doctor;
pub mod gateway;
pub mod host_firewall;
pub mod listener;
pub mod mapping;
pub mod nat_type;
pub mod outside;
pub mod pinhole;
pub mod probe;
pub mod public_ip;
pub mod reach;
pub mod router;
pub mod stun_session;

use serde::Serialize;

/// A warning a person can act on; `code` is stable for scripts, `message`
/// is in the output language.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
}

impl Warning {
    pub fn new(code: &'static str, message: impl Into<String>) -> Warning {
        Warning {
            code,
            message: message.into(),
        }
    }
}
