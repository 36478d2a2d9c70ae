//! The message catalogue: every sentence a person reads, in English and
//! Korean. Korean uses the words printed on Korean routers' admin pages
//! (외부 IP, 내부 IP, 포트포워드, 고정 할당 …).
//!
//! Layout:
//! * `i18n/<part>.rs` (`doctor.rs`, `forward.rs`, …) declares a trait of the
//!   part's sentences (`DoctorText`, `ForwardText`, …) and keeps on [`Tr`]
//!   what is decided before anything is worded (which sentence, which
//!   facts), the same for every language.
//! * `i18n/en.rs` and `i18n/ko.rs` implement every part's trait, one block
//!   per part: all of a language is in one file. [`Catalog`] is every part
//!   together; [`Tr`] hands out the language's catalogue and reaches its
//!   sentences through `Deref`, so call sites read `tr.forwarded(m)`.
//!
//! A new language is a new file (`i18n/xx.rs`, a copy of `en.rs` to
//! translate), its variant in `Lang` (`src/lang.rs`) and one arm in
//! [`Tr::catalog`]. The compiler then catches a missing sentence ("not all
//! trait items implemented") and a placeholder the translation dropped (an
//! unused parameter, refused by `clippy -D warnings`).
//!
//! `--json` output is always made with the English catalogue (`Ctx` picks
//! English whenever `--json` is on), so its keys, codes and messages are the
//! same whatever `--lang` says; `tests/json_lang.rs` holds it to that.

use crate::net::addr::AddressKind;

pub use crate::lang::Lang;

mod cause;
mod doctor;
mod en;
mod filtered;
pub mod forward;
mod forward_guide;
mod gateway;
mod help;
mod input;
mod ko;
#[doc(hidden)]
pub mod lint;
mod nat;
mod pinhole;
mod probe;
mod public_ip;
mod reflector;
mod serve;

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait SharedText {
    fn error_prefix(&self) -> &'static str;
    fn hint_prefix(&self) -> &'static str;
    fn warning(&self) -> &'static str;
    fn none(&self) -> &'static str;
    fn unknown(&self) -> &'static str;
    fn could_not_run(&self, detail: &str) -> String;
    fn address_kind(&self, k: AddressKind) -> &'static str;
    /// One sentence on what the LAN address means for hosting a server.
    fn address_meaning(&self, k: AddressKind) -> &'static str;
    /// A duration in the words of the language: "1h", "1m30s" in English;
    /// "1시간", "1분 30초" in Korean ("1m" in a Korean sentence reads as a metre).
    fn duration(&self, secs: u32) -> String;
    /// A warning the report carries in English (for `--json`), by its code.
    fn warning_message(&self, code: &str, message: &str) -> String;
}

/// Lists every part of the catalogue once: [`Catalog`] is all of them, and
/// `parts` brings them into a language file (`use crate::i18n::parts::*`).
macro_rules! catalog_parts {
    ($($part:path),* $(,)?) => {
        /// Every sentence of every part: what a language implements, in one
        /// file (`en.rs`, `ko.rs`). A missing sentence is a build error ("not
        /// all trait items implemented"); a placeholder a language leaves out
        /// is an unused parameter, which `clippy -D warnings` refuses.
        pub trait Catalog: $($part +)* {}
        impl<T: $($part +)*> Catalog for T {}

        /// Every part's trait, for a language file's `use crate::i18n::parts::*`.
        pub(crate) mod parts {
            $(pub use $part;)*
        }
    };
}

catalog_parts!(
    crate::i18n::SharedText,
    crate::i18n::cause::CauseText,
    crate::i18n::doctor::DoctorText,
    crate::i18n::filtered::FilteredText,
    crate::i18n::forward::ForwardText,
    crate::i18n::forward_guide::GuideText,
    crate::i18n::gateway::GatewayText,
    crate::i18n::help::HelpText,
    crate::i18n::input::InputText,
    crate::i18n::nat::NatText,
    crate::i18n::pinhole::PinholeText,
    crate::i18n::probe::ProbeText,
    crate::i18n::public_ip::PublicIpText,
    crate::i18n::reflector::ReflectorText,
    crate::i18n::serve::ServeText,
);

/// The catalogue, bound to one language. Its sentences are the methods of
/// [`Catalog`] (reached through `Deref`); what is worked out from facts
/// before it is worded (which sentence, which numbers) stays on `Tr`.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    /// The language's catalogue.
    pub fn catalog(self) -> &'static dyn Catalog {
        match self.0 {
            Lang::En => &en::En,
            Lang::Ko => &ko::Ko,
        }
    }
}

impl std::ops::Deref for Tr {
    type Target = dyn Catalog;
    fn deref(&self) -> &(dyn Catalog + 'static) {
        self.catalog()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::net::addr::AddressKind;

    #[test]
    fn every_kind_has_both_languages() {
        for k in AddressKind::ALL {
            let en = Tr(Lang::En).address_kind(k);
            let ko = Tr(Lang::Ko).address_kind(k);
            assert!(!en.is_empty() && !ko.is_empty());
            assert_ne!(
                Tr(Lang::En).address_meaning(k),
                Tr(Lang::Ko).address_meaning(k)
            );
        }
    }
}
