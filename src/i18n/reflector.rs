//! Sentences of `netcheck reflector` and of the outside check.

use crate::check::outside::{OutsideReport, VantageOut, VantageWhy};
use crate::net::reflect::{Agreed, Said};
use crate::proto::reflector::Proof;
use std::net::IpAddr;

use super::Tr;

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait ReflectorText {
    fn reflector_listening(&self, api: &str, list: &str) -> String;
    fn reflector_use_it(&self) -> &'static str;
    fn reflector_this_address(&self) -> &'static str;
    fn reflector_limits(
        &self,
        per_minute: u32,
        ports: usize,
        checks: u32,
        connect_ms: u64,
    ) -> String;
    fn reflector_trusts(&self, who: &str) -> String;
    fn outside_said(&self, s: Said) -> &'static str;
    fn outside_proof(&self, p: Option<Proof>) -> &'static str;
    /// The agreed result in one sentence.
    fn outside_agreed(&self, a: Agreed, proven: bool, port: u16) -> String;
    fn outside_heading(&self) -> &'static str;
    /// Why a vantage gave no result (or its note), worded. English keeps the
    /// words of `error` (also what `--json` shows); Korean says the typed
    /// reason and shows words that came from the vantage only in parentheses.
    fn vantage_why(&self, why: Option<&VantageWhy>, words: &str) -> String;
    /// A vantage saw the request come from this address.
    fn outside_seen_as(&self, seen: IpAddr) -> String;
    /// A vantage's answer contradicts the others'.
    fn outside_contradicts(&self) -> &'static str;
    /// `n` of `of` vantages confirmed the result: `list` names them.
    fn outside_confirmed_by(&self, n: usize, of: usize, list: &str) -> String;
    /// Vantages whose answer was not counted, named with what they said.
    fn outside_not_counted(&self, list: &str) -> String;
}

impl Tr {
    /// One vantage's answer on one line.
    pub fn outside_vantage(self, v: &VantageOut) -> String {
        let mut line = format!(
            "{}: {}{}",
            v.vantage,
            self.outside_said(v.result),
            self.outside_proof(v.proof)
        );
        if let Some(seen) = v.seen_from {
            line.push_str(&self.outside_seen_as(seen));
        }
        line.push_str(&format!(", {:.0} ms", v.ms));
        if let Some(e) = &v.error {
            line.push_str(&format!(" — {}", self.vantage_why(v.why.as_ref(), e)));
        }
        if v.agrees == Some(false) {
            line.push_str(self.outside_contradicts());
        }
        line
    }

    /// The checklist summary: the agreed result and who confirmed it.
    pub fn outside_summary(self, o: &OutsideReport) -> String {
        let mut s = self.outside_agreed(o.result, o.proven, o.port);
        if !o.confirmed_by.is_empty() {
            s.push_str(&self.outside_confirmed_by(
                o.confirmed_by.len(),
                o.vantages.len(),
                &o.confirmed_by.join(", "),
            ));
        }
        let named: Vec<String> = o
            .vantages
            .iter()
            .filter(|v| v.agrees != Some(true))
            .map(|v| format!("{} ({})", v.vantage, self.outside_said(v.result)))
            .collect();
        if !named.is_empty() {
            s.push_str(&self.outside_not_counted(&named.join(", ")));
        }
        s
    }
}

#[cfg(test)]
mod vantage_why_tests {
    use crate::check::outside::VantageWhy;
    use crate::i18n::lint::english_words;
    use crate::i18n::{Lang, Tr};
    use crate::net::cause::Cause;

    fn every_why() -> Vec<VantageWhy> {
        vec![
            VantageWhy::TaskFailed,
            VantageWhy::EchoipTcpOnly,
            VantageWhy::Net(Cause::TimedOut),
            VantageWhy::Net(Cause::Refused),
            VantageWhy::Net(Cause::CertExpired),
            VantageWhy::RateLimited(Some(42)),
            VantageWhy::RateLimited(None),
            VantageWhy::Incompatible,
            VantageWhy::Http(400),
            VantageWhy::NotReflector(404),
            VantageWhy::Unreadable,
            VantageWhy::Note,
            VantageWhy::OtherPort(81),
        ]
    }

    #[test]
    fn korean_says_why_a_vantage_gave_no_result_without_english() {
        // The words a vantage or the OS gave: English, as `--json` keeps them.
        let words = "no answer before the deadline";
        for why in every_why() {
            let ko = Tr(Lang::Ko).vantage_why(Some(&why), words);
            // Only the variants that quote the vantage's own message keep it,
            // inside parentheses or after a Korean label.
            let quoted = matches!(why, VantageWhy::Http(_) | VantageWhy::Note);
            let bare = ko.replace(words, "");
            assert!(
                english_words(&bare).is_empty(),
                "{why:?}: English in Korean: {ko}"
            );
            assert_eq!(ko.contains(words), quoted, "{why:?}: {ko}");
            // English and JSON keep the words as they were.
            assert_eq!(Tr(Lang::En).vantage_why(Some(&why), words), words);
        }
        // Control: without a typed reason the words are shown as they are,
        // and the checker sees them as English.
        let raw = Tr(Lang::Ko).vantage_why(None, words);
        assert!(!english_words(&raw).is_empty(), "{raw}");
    }
}
