//! One module per command: each builds a Report, renders it for people, and
//! serialises it for `--json`.

pub mod doctor;
pub mod forward;
pub mod forward6;
pub mod gateway;
pub mod guide;
pub mod nat;
pub mod probe;
pub mod public_ip;
pub mod reflector;
pub mod serve;

pub use crate::check::Warning;

/// Renders warnings as `! warning: …` lines.
pub fn render_warnings(
    out: &mut String,
    warnings: &[Warning],
    style: crate::output::Style,
    tr: crate::i18n::Tr,
) {
    for w in warnings {
        out.push_str(&format!(
            "{} {}: {}\n",
            style.warn("!"),
            style.warn(tr.warning()),
            tr.warning_message(w.code, &w.message)
        ));
    }
}
