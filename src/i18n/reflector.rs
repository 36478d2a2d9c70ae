//! Sentences of `netcheck reflector` and of the outside check.

use super::{Lang, Tr};

impl Tr {
    // ---- reflector -------------------------------------------------------
    pub fn reflector_listening(self, api: &str, list: &str) -> String {
        say!(
            self.0,
            format!("netcheck reflector (API {api}): listening on {list}"),
            format!("netcheck reflector(API {api}): {list}에서 수신 대기 중")
        )
    }
    pub fn reflector_use_it(self) -> &'static str {
        say!(
            self.0,
            "From a home network, check a port from here with:",
            "집 네트워크에서 다음 명령으로 이 서버를 통해 외부 접속을 확인하세요:"
        )
    }
    pub fn reflector_this_address(self) -> &'static str {
        say!(self.0, "this-machine's-address", "이-서버의-주소")
    }
    pub fn reflector_limits(
        self,
        per_minute: u32,
        ports: usize,
        checks: u32,
        connect_ms: u64,
    ) -> String {
        say!(
            self.0,
            format!(
                "Limits: {per_minute} checks a minute per address, at most {ports} ports a check, {checks} checks at once, {connect_ms} ms to connect back. It connects only to the address a request comes from."
            ),
            format!(
                "제한: 주소당 1분에 {per_minute}회, 한 번에 포트 최대 {ports}개, 동시 확인 {checks}건, 역접속 대기 {connect_ms}ms. 요청을 보낸 주소로만 접속합니다."
            )
        )
    }
    pub fn reflector_trusts(self, who: &str) -> String {
        say!(
            self.0,
            format!("X-Forwarded-For is believed only from: {who}"),
            format!("X-Forwarded-For 헤더는 다음 주소에서 온 것만 믿습니다: {who}")
        )
    }
}
