//! Sentences of `netcheck public-ip`.

use super::{Lang, Tr};
use crate::net::Family;

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait PublicIpText {
    fn source_disagreed(&self, n: usize) -> String;
    fn label_public(&self, f: Family) -> &'static str;
    fn asking(&self, n: usize) -> String;
    /// `forward`'s spinner: it finds the router and asks the public-IP
    /// services at once.
    fn finding_router(&self) -> &'static str;
    fn agreed(&self, n: usize) -> String;
    fn unconfirmed(&self) -> &'static str;
    fn disagree(&self) -> &'static str;
    fn no_answer(&self) -> &'static str;
    fn not_asked(&self) -> &'static str;
    fn no_global_v6(&self) -> &'static str;
    fn behind_nat(&self, lan: &str, public: &str) -> String;
    fn no_nat(&self, public: &str) -> String;
    /// The STUN servers, asked from one socket, saw different public ports or
    /// addresses: the NAT maps by destination.
    fn mapping_varies(&self, f: Family) -> String;
    /// Two or more STUN servers saw the same public address and port.
    fn mapping_same(&self, f: Family) -> String;
    fn sources_heading(&self) -> &'static str;
    fn disagreement_hint(&self) -> &'static str;
    fn no_answer_hint(&self) -> &'static str;
    /// A source's error, for people.
    fn source_error(&self, e: &crate::net::sources::SourceError) -> String;
}

impl Tr {
    /// Puts the public-IP check's facts into words: each source's error in
    /// stable English (the JSON `error` field), the warnings in this language.
    pub fn word_public_ip(self, r: &mut crate::check::public_ip::PublicIpReport) {
        for s in &mut r.sources {
            s.error = s.err.as_ref().map(|e| Tr(Lang::En).source_error(e));
        }
        if r.dissent > 0 {
            r.warnings.push(crate::check::Warning::new(
                "source_disagreed",
                self.source_disagreed(r.dissent),
            ));
        }
    }

    // ---- public-ip -----------------------------------------------------
}
