//! The message catalogue: every sentence a person reads, in English and
//! Korean, in one place. Korean uses the words printed on Korean routers'
//! admin pages (외부 IP, 내부 IP, 포트포워드, 고정 할당 …).
//!
//! `--json` output is always made with the English catalogue (`Ctx` picks
//! English whenever `--json` is on), so its keys, codes and messages are the
//! same whatever `--lang` says; `tests/json_lang.rs` holds it to that.
//!
//! Shared words live here; each command's sentences live in a submodule
//! (`i18n/<command>.rs`), all as methods of the one [`Tr`] catalogue.

use crate::net::addr::AddressKind;

pub use crate::lang::Lang;

/// Picks the sentence for the language.
macro_rules! say {
    ($lang:expr, $en:expr, $ko:expr $(,)?) => {
        match $lang {
            Lang::En => $en,
            Lang::Ko => $ko,
        }
    };
}

mod cause;
mod doctor;
mod filtered;
pub mod forward;
mod forward_guide;
mod gateway;
mod help;
mod input;
#[doc(hidden)]
pub mod lint;
mod nat;
mod pinhole;
mod probe;
mod public_ip;
mod reflector;
mod serve;

/// The catalogue, bound to one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    // ---- shared -------------------------------------------------------
    pub fn error_prefix(self) -> &'static str {
        say!(self.0, "error", "오류")
    }
    pub fn hint_prefix(self) -> &'static str {
        say!(self.0, "hint", "힌트")
    }
    pub fn warning(self) -> &'static str {
        say!(self.0, "warning", "주의")
    }
    pub fn none(self) -> &'static str {
        say!(self.0, "none", "없음")
    }
    pub fn unknown(self) -> &'static str {
        say!(self.0, "unknown", "알 수 없음")
    }
    /// A duration in the words of the language: "1h", "1m30s" in English;
    /// "1시간", "1분 30초" in Korean ("1m" in a Korean sentence reads as a metre).
    pub fn duration(self, secs: u32) -> String {
        match self.0 {
            Lang::En => forward::human_secs(secs),
            Lang::Ko => {
                let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
                let mut parts = Vec::new();
                if h > 0 {
                    parts.push(format!("{h}시간"));
                }
                if m > 0 {
                    parts.push(format!("{m}분"));
                }
                if s > 0 || parts.is_empty() {
                    parts.push(format!("{s}초"));
                }
                parts.join(" ")
            }
        }
    }
    /// A warning the report carries in English (for `--json`), by its code.
    pub fn warning_message(self, code: &str, message: &str) -> String {
        match (self.0, code) {
            (Lang::Ko, "source_disagreed") => {
                let n = message.split(' ').next().unwrap_or("?");
                format!(
                    "확인 서비스 {n}곳이 다른 주소를 알려 왔습니다. 자세한 내용은 -v로 확인하세요"
                )
            }
            _ => message.to_string(),
        }
    }
    pub fn could_not_run(self, detail: &str) -> String {
        say!(
            self.0,
            format!("could not run: {detail}"),
            format!("실행할 수 없습니다: {detail}")
        )
    }

    // ---- address kinds -----------------------------------------------
    pub fn address_kind(self, k: AddressKind) -> &'static str {
        use AddressKind::*;
        match k {
            Private => say!(self.0, "private", "사설 IP"),
            Cgnat => say!(self.0, "carrier-grade NAT", "통신사 CGNAT 대역"),
            Public => say!(self.0, "public", "공인 IP"),
            Global => say!(self.0, "global", "공인(글로벌)"),
            Ula => say!(self.0, "unique local (ULA)", "고유 로컬(ULA)"),
            LinkLocal => say!(self.0, "link-local", "링크 로컬"),
            Loopback => say!(self.0, "loopback", "루프백"),
            Unspecified => say!(self.0, "unspecified", "미지정"),
            Multicast => say!(self.0, "multicast", "멀티캐스트"),
            Reserved => say!(self.0, "reserved", "예약 대역"),
        }
    }

    /// One sentence on what the LAN address means for hosting a server.
    pub fn address_meaning(self, k: AddressKind) -> &'static str {
        use AddressKind::*;
        match k {
            Private => say!(
                self.0,
                "A private address (RFC 1918): only devices on your home network can reach it. Others reach you through the router's public IP, so the router needs a port forward to this address.",
                "사설 IP(RFC 1918)입니다. 같은 공유기에 연결된 기기만 이 주소로 접속할 수 있습니다. 외부에서는 공유기의 외부 IP로 접속하므로, 공유기에서 이 내부 IP로 포트포워드를 설정해야 합니다."
            ),
            Cgnat => say!(
                self.0,
                "A carrier-grade NAT address (100.64.0.0/10): your ISP shares one public address among many customers, so a port forward on your own router is not enough. Ask the ISP for a public IP, or use IPv6 or a tunnel.",
                "통신사 CGNAT 대역(100.64.0.0/10) 주소입니다. 통신사가 외부 IP(공인 IP) 하나를 여러 가입자가 나눠 쓰게 하므로 내 공유기의 포트포워드만으로는 외부에서 접속할 수 없습니다. 통신사에 공인 IP 할당을 문의하거나 IPv6 또는 터널을 사용하세요."
            ),
            Public | Global => say!(
                self.0,
                "A public address: this machine is directly on the internet, so no port forward is needed — but a firewall may still block incoming connections.",
                "공인 IP입니다. 이 컴퓨터가 인터넷에 직접 연결되어 있어 포트포워드는 필요 없지만, 방화벽이 들어오는 연결을 막을 수 있습니다."
            ),
            LinkLocal => say!(
                self.0,
                "A link-local address (169.254.x.x): no DHCP server answered, so this machine has no working network address. Check the cable or Wi-Fi and the router.",
                "링크 로컬 주소(169.254.x.x)입니다. 공유기의 DHCP 서버에서 주소를 받지 못해 정상적인 네트워크 주소가 없습니다. 케이블이나 Wi-Fi 연결과 공유기 상태를 확인하세요."
            ),
            _ => say!(
                self.0,
                "An unusual address for a LAN: other machines may not be able to reach it.",
                "LAN에서 흔치 않은 주소입니다. 다른 기기에서 접속하지 못할 수 있습니다."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
