//! Sentences of `netcheck nat` and doctor's NAT type line.
//!
//! Korean: "NAT 유형" for NAT type; Xbox's Open / Moderate / Strict as
//! 개방 / 보통 / 엄격; PlayStation's Type 1/2/3 as 타입 1/2/3; RFC terms as
//! Korean network engineers write them (엔드포인트 독립 매핑 …).

use crate::net::Family;
use crate::net::nat_type::{Behaviour, P2p, PlayStation, Xbox};

use super::Tr;

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait NatText {
    fn nat_testing(&self, n: usize) -> String;
    fn nat_type_label(&self, f: Family) -> String;
    fn nat_type_short(&self) -> &'static str;
    fn nat_mapping_label(&self) -> &'static str;
    fn nat_filtering_label(&self) -> &'static str;
    fn nat_public_label(&self) -> &'static str;
    fn nat_port_label(&self) -> &'static str;
    fn nat_varies_label(&self) -> &'static str;
    fn nat_hairpin_label(&self) -> &'static str;
    fn nat_lifetime_label(&self) -> &'static str;
    fn yes(&self) -> &'static str;
    fn no(&self) -> &'static str;
    fn nat_not_tested(&self, flag: &str) -> String;
    fn nat_lifetime_value(&self, lo: Option<u64>, hi: Option<u64>) -> String;
    fn no_nat_here(&self) -> &'static str;
    fn behaviour(&self, b: Behaviour) -> &'static str;
    /// What a behaviour means, in one short clause.
    fn mapping_meaning(&self, b: Behaviour) -> &'static str;
    fn filtering_meaning(&self, b: Behaviour) -> &'static str;
    fn p2p_word(&self, p: P2p) -> &'static str;
    fn xbox_word(&self, x: Xbox) -> &'static str;
    fn playstation_word(&self, p: PlayStation) -> &'static str;
    fn p2p_meaning(&self, p: P2p) -> &'static str;
    fn nat_advice(&self, code: &str) -> &'static str;
    fn nat_advice_heading(&self) -> &'static str;
    fn nat_inconclusive_heading(&self) -> &'static str;
    fn nat_reason(&self, code: &str) -> &'static str;
    fn nat_servers_heading(&self) -> &'static str;
    fn nat_server_rfc5780(&self, yes: bool) -> &'static str;
    /// `-v`: a server's error with the STUN session's words (English).
    fn nat_server_error_detail(&self, detail: &str) -> String;
    fn nat_server_error(&self) -> &'static str;
    fn nat_none_answered_hint(&self) -> &'static str;
    /// The three console words on one line ("P2P easy · Xbox Open · …").
    fn nat_words_line(&self, p2p: &str, xbox: &str, playstation: &str) -> String;
}

impl Tr {
    /// What P2P apps, Xbox and PlayStation would call this NAT, on one line.
    pub fn nat_words(
        self,
        p2p: Option<P2p>,
        xbox: Option<Xbox>,
        ps: Option<PlayStation>,
    ) -> String {
        let unknown = self.unknown();
        self.nat_words_line(
            p2p.map_or(unknown, |v| self.p2p_word(v)),
            xbox.map_or(unknown, |v| self.xbox_word(v)),
            ps.map_or(unknown, |v| self.playstation_word(v)),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{Lang, Tr};

    use crate::net::nat_type::{P2p, Xbox};

    #[test]
    fn korean_has_no_english_words_for_verdicts() {
        let ko = Tr(Lang::Ko);
        for x in [Xbox::Open, Xbox::Moderate, Xbox::Strict] {
            assert!(!ko.xbox_word(x).is_ascii(), "{x:?}");
        }
        for p in [P2p::Easy, P2p::Medium, P2p::Hard] {
            assert!(!ko.p2p_word(p).is_ascii());
            assert_ne!(ko.p2p_meaning(p), Tr(Lang::En).p2p_meaning(p));
        }
        for code in [
            "enable_upnp",
            "forward_port",
            "bridge_mode",
            "open_firewall",
        ] {
            assert!(!ko.nat_advice(code).is_empty(), "{code}");
            assert_ne!(ko.nat_advice(code), Tr(Lang::En).nat_advice(code));
        }
        for code in [
            "no_answer",
            "no_rfc5780_server",
            "mapping_test_unanswered",
            "filtering_base_unanswered",
            "filtering_test_unanswered",
            "change_request_ignored",
            "wrong_origin",
            "contradiction",
            "lifetime_unmeasured",
        ] {
            assert_ne!(ko.nat_reason(code), ko.nat_reason("?"), "{code}");
        }
    }
}
