//! Vantages of the outside check, as given on the command line (`--from`,
//! `NETCHECK_VANTAGES`) or the built-in defaults: a netcheck reflector
//! (`http://host:port`, `https://…`) or an echoip-compatible port checker
//! (`echoip:URL`).

use serde::Serialize;

/// Public vantages used when neither `--from` nor `NETCHECK_VANTAGES` names
/// any. Tests never use these: they pass `--from` with lab URLs, or
/// `--no-outside`.
pub const DEFAULT_VANTAGES: &[&str] = &["echoip:https://ifconfig.co"];

/// Which API a vantage speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `netcheck reflector` (API v1).
    Reflector,
    /// echoip's `GET /port/N` (TCP only, no proof of whose server answered).
    Echoip,
}

/// One vantage, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vantage {
    pub kind: Kind,
    /// As written (without the `echoip:` prefix), for reports.
    pub url: String,
    pub https: bool,
    pub host: String,
    pub port: u16,
    /// The URL's path without a trailing `/` (often empty).
    pub base: String,
}

impl Vantage {
    /// How the vantage is named in reports.
    pub fn label(&self) -> String {
        match self.kind {
            Kind::Reflector => self.url.clone(),
            Kind::Echoip => format!("echoip:{}", self.url),
        }
    }

    pub fn host_header(&self) -> String {
        let default = if self.https { 443 } else { 80 };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == default {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

/// Parses one vantage. The error names the value and the accepted forms.
pub fn parse_vantage(raw: &str) -> Result<Vantage, String> {
    let s = raw.trim();
    let bad = |why: &str| {
        format!(
            "bad vantage '{raw}': {why} (use http://HOST:PORT, https://HOST or echoip:https://HOST)"
        )
    };
    let (kind, url) = match s.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("echoip:") => (Kind::Echoip, &s[7..]),
        _ => (Kind::Reflector, s),
    };
    let lower = url.to_ascii_lowercase();
    let (https, rest) = if lower.starts_with("http://") {
        (false, &url[7..])
    } else if lower.starts_with("https://") {
        (true, &url[8..])
    } else {
        return Err(bad("unknown kind of vantage"));
    };
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if path.contains(['?', '#']) {
        return Err(bad("no query or fragment"));
    }
    if authority.contains(['@', ' ']) || authority.is_empty() {
        return Err(bad("missing or invalid host"));
    }
    let (host, port) = crate::net::split_host_port(authority).ok_or_else(|| bad("bad host"))?;
    if host.is_empty() || host.contains(['/', '[', ']']) {
        return Err(bad("missing or invalid host"));
    }
    let port = super::port_or(port, if https { 443 } else { 80 }).map_err(|why| bad(&why))?;
    if !path.is_empty() && !crate::proto::reflector::path_ok(path) {
        return Err(bad("bad path"));
    }
    Ok(Vantage {
        kind,
        url: url.trim_end_matches('/').to_string(),
        https,
        host: host.to_string(),
        port,
        base: path.trim_end_matches('/').to_string(),
    })
}

/// Parses every vantage (duplicates folded); an empty list means the defaults.
pub fn parse_all(raw: &[String]) -> Result<Vec<Vantage>, String> {
    resolve(raw, None)
}

/// `--from` values, else `NETCHECK_VANTAGES` (`env`), else the defaults.
pub fn resolve(flag: &[String], env: Option<&str>) -> Result<Vec<Vantage>, String> {
    super::resolve_list(
        flag,
        env,
        DEFAULT_VANTAGES,
        "no vantage given: --from / NETCHECK_VANTAGES is empty",
        parse_vantage,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vantages_parse() {
        let v = parse_vantage("http://111.222.33.1:8765").unwrap();
        assert_eq!(
            (v.kind, v.https, v.host.as_str(), v.port, v.base.as_str()),
            (Kind::Reflector, false, "111.222.33.1", 8765, "")
        );
        assert_eq!(v.label(), "http://111.222.33.1:8765");
        let v = parse_vantage("echoip:https://ifconfig.co/").unwrap();
        assert_eq!(
            (v.kind, v.https, v.host.as_str(), v.port),
            (Kind::Echoip, true, "ifconfig.co", 443)
        );
        assert_eq!(v.label(), "echoip:https://ifconfig.co");
        assert_eq!(v.host_header(), "ifconfig.co");
        let v = parse_vantage("http://[2111:222::1]:8765/base/").unwrap();
        assert_eq!((v.host.as_str(), v.base.as_str()), ("2111:222::1", "/base"));
        assert_eq!(v.host_header(), "[2111:222::1]:8765");
        for bad in [
            "ftp://x",
            "111.222.33.1:8765",
            "http://",
            "http://user@host/",
            "http://host:0",
            "http://host:99999",
            "echoip:stun:x",
            "http://host/?q=1",
        ] {
            let e = parse_vantage(bad).unwrap_err();
            assert!(e.contains(bad), "{bad}: {e}");
        }
        assert_eq!(parse_all(&[]).unwrap().len(), DEFAULT_VANTAGES.len());
        assert!(parse_all(&[" ".into()]).is_err());
        let two = parse_all(&["http://a:1".into(), "http://a:1/".into()]).unwrap();
        assert_eq!(two.len(), 1);
    }
}
