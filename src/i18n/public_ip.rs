//! Sentences of `netcheck public-ip`.

use super::{Lang, Tr};
use crate::net::Family;

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

    pub fn source_disagreed(self, n: usize) -> String {
        say!(
            self.0,
            format!("{n} source(s) gave a different address; see -v"),
            format!("확인 서비스 {n}곳이 다른 주소를 알려 왔습니다. 자세한 내용은 -v로 확인하세요")
        )
    }

    // ---- public-ip -----------------------------------------------------
    pub fn label_public(self, f: Family) -> &'static str {
        match f {
            Family::Ipv4 => say!(self.0, "Public IPv4", "외부 IP (IPv4)"),
            Family::Ipv6 => say!(self.0, "Public IPv6", "외부 IP (IPv6)"),
        }
    }
    pub fn asking(self, n: usize) -> String {
        say!(
            self.0,
            format!("asking {n} sources…"),
            format!("외부 IP 확인 서비스 {n}곳에 조회하는 중…")
        )
    }
    /// `forward`'s spinner: it finds the router and asks the public-IP
    /// services at once.
    pub fn finding_router(self) -> &'static str {
        say!(
            self.0,
            "looking for the router and the public IP…",
            "공유기와 외부 IP를 확인하는 중…"
        )
    }
    pub fn agreed(self, n: usize) -> String {
        say!(
            self.0,
            format!("{n} sources agree"),
            format!("확인 서비스 {n}곳 일치")
        )
    }
    pub fn unconfirmed(self) -> &'static str {
        say!(
            self.0,
            "unconfirmed: only one source answered",
            "미확인: 한 곳만 응답함"
        )
    }
    pub fn disagree(self) -> &'static str {
        say!(
            self.0,
            "the sources disagree and no two give the same address",
            "확인 서비스마다 답이 달라 두 곳 이상 일치하는 주소가 없습니다"
        )
    }
    pub fn no_answer(self) -> &'static str {
        say!(
            self.0,
            "no source gave a usable answer",
            "쓸 수 있는 응답이 없습니다"
        )
    }
    pub fn not_asked(self) -> &'static str {
        say!(self.0, "not asked", "확인 안 함")
    }
    pub fn no_global_v6(self) -> &'static str {
        say!(
            self.0,
            "this machine has no global IPv6 address",
            "이 컴퓨터에 글로벌 IPv6 주소가 없습니다"
        )
    }
    pub fn behind_nat(self, lan: &str, public: &str) -> String {
        say!(
            self.0,
            format!(
                "Behind NAT: the LAN address {lan} is not the public one. Others connect to {public}, so the router must forward the port to {lan} (netcheck forward --port 5000)."
            ),
            format!(
                "이 컴퓨터는 NAT(공유기) 뒤에 있습니다. 내부 IP({lan})와 외부 IP({public})가 다릅니다. 외부에서는 외부 IP로 접속하므로, 공유기에서 해당 포트를 이 컴퓨터의 내부 IP로 포트포워드해야 합니다(예: `netcheck forward --port 5000`)."
            )
        )
    }
    pub fn no_nat(self, public: &str) -> String {
        say!(
            self.0,
            format!(
                "No NAT: this machine holds the public address {public} itself. No port forward is needed; check the firewall instead."
            ),
            format!(
                "NAT 없음: 이 컴퓨터가 외부 IP({public})를 직접 갖고 있습니다. 포트포워드는 필요 없고, 방화벽 설정을 확인하세요."
            )
        )
    }
    pub fn sources_heading(self) -> &'static str {
        say!(self.0, "Sources", "확인 서비스")
    }
    pub fn disagreement_hint(self) -> &'static str {
        say!(
            self.0,
            "a proxy, VPN or broken echo service may be answering; try again, or pass sources you trust with --source",
            "프록시, VPN 또는 고장 난 에코 서비스가 답했을 수 있습니다. 다시 시도하거나 --source로 믿을 수 있는 확인 서비스를 지정하세요"
        )
    }
    pub fn no_answer_hint(self) -> &'static str {
        say!(
            self.0,
            "check the internet connection, or allow a longer wait with --timeout 10s; -v shows each source's error",
            "인터넷 연결을 확인하거나 --timeout 10s로 더 기다려 보세요. -v로 서비스별 오류를 볼 수 있습니다"
        )
    }

    /// A source's error, for people.
    pub fn source_error(self, e: &crate::net::sources::SourceError) -> String {
        use crate::net::sources::SourceError::*;
        match e {
            NotAnIp(s) => say!(
                self.0,
                format!("not an IP address: {s}"),
                format!("IP 주소가 아님: {s}")
            ),
            WrongFamily { asked, got } => say!(
                self.0,
                format!("wrong family: asked for {}, got {got}", asked.label()),
                format!(
                    "주소 체계가 다름: {} 주소를 요청했는데 {got} 주소가 왔음",
                    asked.label()
                )
            ),
            PrivateAddress(ip) => say!(
                self.0,
                format!("private/reserved address {ip}, not a public one"),
                format!("사설·예약 주소 {ip} (공인 IP 아님)")
            ),
            TooLarge => say!(self.0, "body over 1 KiB", "응답이 1 KiB를 넘음").into(),
            HttpStatus(code) => say!(
                self.0,
                format!("HTTP error {code}"),
                format!("HTTP 오류 {code}")
            ),
            Late => say!(self.0, "no answer in time (late)", "시간 안에 응답 없음").into(),
            Skipped => say!(
                self.0,
                "not needed: two sources already agreed",
                "불필요: 이미 두 곳이 일치함"
            )
            .into(),
            NoIpv6OnHost => self.no_global_v6().into(),
            NoAddressOfFamily(f) => say!(
                self.0,
                format!("the source has no {} address", f.label()),
                format!("이 서비스에는 {} 주소가 없음", f.label())
            ),
            Resolve(d) => say!(
                self.0,
                format!("name lookup failed: {d}"),
                self.failure(d, "DNS 조회 실패")
            ),
            Connect(d) => say!(
                self.0,
                format!("could not connect: {d}"),
                self.failure(d, "연결 실패")
            ),
            Tls(d) => say!(
                self.0,
                format!("TLS error: {d}"),
                self.failure(d, "TLS 오류")
            ),
            Stun(d) => self.failure(d, "STUN 응답 오류"),
            Other(d) => self.failure(d, "실패"),
        }
    }
}
