//! Sentences of `netcheck reflector` and of the outside check.

use crate::check::outside::{OutsideReport, VantageOut, VantageWhy};
use crate::net::reflect::{Agreed, Said};
use crate::proto::reflector::Proof;

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
    /// One vantage's answer on one line.
    fn outside_vantage(&self, v: &VantageOut) -> String;
    /// The checklist summary: the agreed result and who confirmed it.
    fn outside_summary(&self, o: &OutsideReport) -> String;
    fn outside_heading(&self) -> &'static str;
    /// Why a vantage gave no result (or its note), worded. English keeps the
    /// words of `error` (also what `--json` shows); Korean says the typed
    /// reason and shows words that came from the vantage only in parentheses.
    fn vantage_why(&self, why: Option<&VantageWhy>, words: &str) -> String;
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
