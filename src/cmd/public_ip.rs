//! `netcheck public-ip`: this network's public address, from HTTP echo
//! services and STUN servers asked concurrently. The answer is the address
//! two sources agree on; slow or dead sources do not delay it.

use crate::cli::PublicIpArgs;
use crate::cmd::{Warning, render_warnings};
use crate::config::Ctx;
use crate::error::AppError;
use crate::exit::Exit;
use crate::i18n::Tr;
use crate::net::Family;
use crate::net::addr::{AddressKind, classify, is_internet_routable};
use crate::net::consensus::{Decision, decide};
use crate::net::host::Iface;
use crate::net::sources::{Source, SourceError};
use crate::output::{Spinner, Style, pad};
use crate::proto::{echo, stun};
use crate::sys::http::{HttpClient, HttpError};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::OnceCell;
use tokio::task::JoinSet;
use tokio::time::Instant;

/// One source, asked over one family.
#[derive(Debug, Clone, Serialize)]
pub struct SourceResult {
    pub source: String,
    pub family: Family,
    /// The public address it gave, when usable.
    pub ip: Option<IpAddr>,
    /// Why its answer was not used (English, stable), else null.
    pub error: Option<String>,
    pub error_kind: Option<&'static str>,
    /// Time until its answer or error; null when it never finished.
    pub ms: Option<u64>,
    /// Its answer matches the chosen address.
    pub agrees: bool,
    #[serde(skip)]
    pub err: Option<SourceError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Nat {
    /// The host's LAN address differs from the public one.
    BehindNat,
    /// The host holds the public address itself.
    NoNat,
    Unknown,
}

/// Outcome for one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Agreed,
    Unconfirmed,
    Disagree,
    NoAnswer,
    NotAsked,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicIpReport {
    pub ipv4: Option<IpAddr>,
    pub ipv6: Option<IpAddr>,
    /// How many sources gave the chosen IPv4 address.
    pub agreed: usize,
    pub agreed_v6: usize,
    /// Two or more sources gave the chosen IPv4 address.
    pub confirmed: bool,
    pub status_v4: Status,
    pub status_v6: Status,
    pub nat: Nat,
    pub lan_ipv4: Option<Ipv4Addr>,
    pub sources: Vec<SourceResult>,
    pub warnings: Vec<Warning>,
    pub elapsed_ms: u64,
}

pub fn run(ctx: &Ctx, args: &PublicIpArgs) -> Result<Exit, AppError> {
    let tr = Tr(ctx.lang);
    let sources = args
        .sources
        .resolve()
        .map_err(|e| AppError::bad_input(tr.bad_input(&e)))?;
    let families: Vec<Family> = match (args.ipv4, args.ipv6) {
        (true, false) => vec![Family::Ipv4],
        (false, true) => vec![Family::Ipv6],
        _ => vec![Family::Ipv4, Family::Ipv6],
    };
    let rt = crate::sys::runtime::runtime()?;
    let spinner = Spinner::start(ctx, tr.asking(sources.len()));
    let report = rt.block_on(gather(&sources, &families, ctx.deadline()));
    drop(spinner);
    let exit = exit_for(&report, &families);
    crate::output::emit(ctx, &report, |style| {
        render(&report, style, tr, ctx.verbose)
    });
    Ok(exit)
}

/// Everything the command learns, as data. Also used by `doctor`.
pub async fn gather(sources: &[Source], families: &[Family], deadline: Instant) -> PublicIpReport {
    let start = Instant::now();
    // The host's interfaces are read while the IPv4 probes are already out;
    // only the IPv6 probes wait for them (no global IPv6 address: no probe).
    let mut host_task = Some(tokio::task::spawn_blocking(
        crate::sys::netdev_adapter::interfaces,
    ));
    let mut host: Vec<Iface> = Vec::new();
    // One HTTP client per family, built by the first probe that needs it.
    let clients: [Arc<OnceCell<Result<HttpClient, String>>>; 2] = Default::default();
    let mut results: Vec<SourceResult> = Vec::new();
    let mut set = JoinSet::new();
    for &family in families {
        if family == Family::Ipv6
            && let Some(t) = host_task.take()
        {
            host = t.await.unwrap_or_default();
        }
        let host_has_v6 = host.iter().any(|i| {
            i.ipv6
                .iter()
                .any(|(a, _)| classify(IpAddr::V6(*a)) == AddressKind::Global)
        });
        for src in sources {
            let idx = results.len();
            results.push(SourceResult {
                source: src.to_string(),
                family,
                ip: None,
                error: None,
                error_kind: None,
                ms: None,
                agrees: false,
                err: None,
            });
            if family == Family::Ipv6 && !host_has_v6 {
                results[idx].err = Some(SourceError::NoIpv6OnHost);
                results[idx].ms = Some(0);
                continue;
            }
            let probe = match src {
                Source::Http(url) => Probe::Http(
                    clients[usize::from(family == Family::Ipv6)].clone(),
                    url.clone(),
                ),
                Source::Stun { host, port } => Probe::Stun(host.clone(), *port),
            };
            set.spawn(async move {
                let began = Instant::now();
                let out = probe.ask(family, deadline).await;
                (idx, out, began.elapsed())
            });
        }
    }
    if let Some(t) = host_task.take() {
        host = t.await.unwrap_or_default();
    }
    let lan_ipv4 = host
        .iter()
        .find(|i| i.is_default)
        .and_then(|i| i.lan_v4())
        .map(|n| n.addr);

    let decide_now = |results: &[SourceResult]| -> Vec<(Family, Decision)> {
        families
            .iter()
            .map(|&f| {
                let mine = results.iter().filter(|r| r.family == f);
                let answers: Vec<IpAddr> = mine.clone().filter_map(|r| r.ip).collect();
                let pending = mine.filter(|r| r.ip.is_none() && r.err.is_none()).count();
                (f, decide(&answers, pending))
            })
            .collect()
    };
    let mut decisions = decide_now(&results);
    let mut timed_out = false;
    while !decisions.iter().all(|(_, d)| d.is_final()) {
        let next = tokio::time::timeout_at(deadline, set.join_next()).await;
        match next {
            Err(_) => {
                timed_out = true;
                break;
            }
            Ok(None) => break,
            Ok(Some(Err(_join))) => continue,
            Ok(Some(Ok((idx, out, took)))) => {
                let r = &mut results[idx];
                r.ms = Some(took.as_millis() as u64);
                match out {
                    Ok(ip) => r.ip = Some(ip),
                    Err(e) => r.err = Some(e),
                }
            }
        }
        decisions = decide_now(&results);
    }
    set.abort_all();
    // Whatever is still unanswered: late if the budget ran out, else not needed.
    for r in results
        .iter_mut()
        .filter(|r| r.ip.is_none() && r.err.is_none())
    {
        r.err = Some(if timed_out {
            SourceError::Late
        } else {
            SourceError::Skipped
        });
    }
    let decisions = decide_now(&results);
    finish(results, &decisions, lan_ipv4, start.elapsed())
}

fn status_of(d: Option<&Decision>) -> Status {
    match d {
        None => Status::NotAsked,
        Some(Decision::Agreed { .. }) => Status::Agreed,
        Some(Decision::Single { .. }) => Status::Unconfirmed,
        Some(Decision::Disagree) => Status::Disagree,
        Some(Decision::NoAnswer | Decision::Pending) => Status::NoAnswer,
    }
}

/// Pure: turns the per-source results and decisions into the report.
pub fn finish(
    mut results: Vec<SourceResult>,
    decisions: &[(Family, Decision)],
    lan_ipv4: Option<Ipv4Addr>,
    elapsed: Duration,
) -> PublicIpReport {
    let get = |f: Family| decisions.iter().find(|(g, _)| *g == f).map(|(_, d)| d);
    let (d4, d6) = (get(Family::Ipv4), get(Family::Ipv6));
    let ipv4 = d4.and_then(Decision::ip);
    let ipv6 = d6.and_then(Decision::ip);
    for r in &mut results {
        let chosen = if r.family == Family::Ipv4 { ipv4 } else { ipv6 };
        r.agrees = r.ip.is_some() && r.ip == chosen;
        r.error = r
            .err
            .as_ref()
            .map(|e| crate::i18n::Tr(crate::i18n::Lang::En).source_error(e));
        r.error_kind = r.err.as_ref().map(SourceError::kind);
    }
    let nat = match (ipv4, lan_ipv4) {
        (Some(IpAddr::V4(public)), Some(lan)) if public == lan => Nat::NoNat,
        (Some(_), Some(_)) => Nat::BehindNat,
        _ => Nat::Unknown,
    };
    let dissent = results
        .iter()
        .filter(|r| r.ip.is_some() && !r.agrees)
        .count();
    let mut warnings = Vec::new();
    if dissent > 0 && (ipv4.is_some() || ipv6.is_some()) {
        warnings.push(Warning::new(
            "source_disagreed",
            format!("{dissent} source(s) gave a different address; see -v"),
        ));
    }
    PublicIpReport {
        ipv4,
        ipv6,
        agreed: d4.map_or(0, Decision::votes),
        agreed_v6: d6.map_or(0, Decision::votes),
        confirmed: d4.is_some_and(|d| d.votes() >= 2),
        status_v4: status_of(d4),
        status_v6: status_of(d6),
        nat,
        lan_ipv4,
        sources: results,
        warnings,
        elapsed_ms: elapsed.as_millis() as u64,
    }
}

/// 0 when the asked-for address is known and not disputed; 1 otherwise.
/// With both families asked, a missing IPv6 alone is not a problem.
pub fn exit_for(r: &PublicIpReport, families: &[Family]) -> Exit {
    let disputed = r.status_v4 == Status::Disagree || r.status_v6 == Status::Disagree;
    let found = if families == [Family::Ipv6] {
        r.ipv6.is_some()
    } else {
        r.ipv4.is_some()
    };
    if found && !disputed {
        Exit::Ok
    } else {
        Exit::Problem
    }
}

/// One source's probe, ready to run on a task.
enum Probe {
    Http(Arc<OnceCell<Result<HttpClient, String>>>, String),
    Stun(String, u16),
}

impl Probe {
    async fn ask(self, family: Family, deadline: Instant) -> Result<IpAddr, SourceError> {
        let ip = match self {
            Probe::Http(cell, url) => {
                let client = cell
                    .get_or_init(|| async move { HttpClient::new(family) })
                    .await
                    .as_ref()
                    .map_err(|e| SourceError::Other(e.clone()))?;
                let body = client
                    .get_small(&url, echo::MAX_BODY, deadline)
                    .await
                    .map_err(from_http)?;
                echo::parse_body(&body).map_err(|e| SourceError::NotAnIp(e.to_string()))?
            }
            Probe::Stun(host, port) => {
                let server = resolve(&host, port, family, deadline).await?;
                let mapped = stun::query(server, deadline).await.map_err(|e| match e {
                    stun::StunQueryError::Timeout { .. } => SourceError::Late,
                    stun::StunQueryError::Io(io) => SourceError::Connect(crate::sys::io_words(&io)),
                    stun::StunQueryError::WrongFamily(a) => SourceError::WrongFamily {
                        asked: family,
                        got: a.ip().to_canonical(),
                    },
                    other => SourceError::Stun(other.to_string()),
                })?;
                mapped.ip().to_canonical()
            }
        };
        check_answer(ip, family)
    }
}

/// Pure: is this answer a usable public address of the asked family?
pub fn check_answer(ip: IpAddr, family: Family) -> Result<IpAddr, SourceError> {
    let ip = ip.to_canonical();
    if Family::of(ip) != family {
        return Err(SourceError::WrongFamily {
            asked: family,
            got: ip,
        });
    }
    if !is_internet_routable(ip) {
        return Err(SourceError::PrivateAddress(ip));
    }
    Ok(ip)
}

fn from_http(e: HttpError) -> SourceError {
    match e {
        HttpError::Status(s) => SourceError::HttpStatus(s),
        HttpError::TooLarge(_) => SourceError::TooLarge,
        HttpError::Timeout => SourceError::Late,
        HttpError::Connect(d) => SourceError::Connect(d),
        HttpError::Tls(d) => SourceError::Tls(d),
        HttpError::Redirect(d) | HttpError::Other(d) => SourceError::Other(d),
    }
}

async fn resolve(
    host: &str,
    port: u16,
    family: Family,
    deadline: Instant,
) -> Result<SocketAddr, SourceError> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        let ip = ip.to_canonical();
        return if Family::of(ip) == family {
            Ok(SocketAddr::new(ip, port))
        } else {
            Err(SourceError::NoAddressOfFamily(family))
        };
    }
    let found = tokio::time::timeout_at(deadline, tokio::net::lookup_host((host, port)))
        .await
        .map_err(|_| SourceError::Late)?
        .map_err(|e| SourceError::Resolve(crate::sys::io_words(&e)))?;
    found
        .into_iter()
        .find(|a| Family::of(a.ip()) == family)
        .ok_or(SourceError::NoAddressOfFamily(family))
}

const COL: usize = 18;

pub fn render(r: &PublicIpReport, style: Style, tr: Tr, verbose: bool) -> String {
    let mut out = String::new();
    for (family, ip, status, votes) in [
        (Family::Ipv4, r.ipv4, r.status_v4, r.agreed),
        (Family::Ipv6, r.ipv6, r.status_v6, r.agreed_v6),
    ] {
        let value = match (ip, status) {
            (_, Status::NotAsked) => style.dim(tr.not_asked()),
            (Some(ip), Status::Agreed) => {
                format!("{}  ({})", style.ok(&ip.to_string()), tr.agreed(votes))
            }
            (Some(ip), _) => format!("{}  ({})", style.warn(&ip.to_string()), tr.unconfirmed()),
            (None, Status::Disagree) => style.bad(tr.disagree()),
            (None, _) if family == Family::Ipv6 && all_no_v6(r) => style.dim(tr.no_global_v6()),
            (None, _) => style.bad(tr.no_answer()),
        };
        out.push_str(&format!(
            "{}{value}\n",
            style.bold(&pad(tr.label_public(family), COL))
        ));
    }
    if let Some(lan) = r.lan_ipv4 {
        out.push_str(&format!(
            "{}{lan}\n",
            style.bold(&pad(tr.label_lan_ipv4(), COL))
        ));
    }
    match (r.nat, r.ipv4) {
        (Nat::BehindNat, Some(public)) => {
            let lan = r.lan_ipv4.map(|l| l.to_string()).unwrap_or_default();
            out.push_str(&format!("\n{}\n", tr.behind_nat(&lan, &public.to_string())));
        }
        (Nat::NoNat, Some(public)) => {
            out.push_str(&format!("\n{}\n", tr.no_nat(&public.to_string())))
        }
        _ => {}
    }
    let problem = r.status_v4 == Status::Disagree || r.status_v4 == Status::NoAnswer;
    if verbose || problem || !r.warnings.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold(tr.sources_heading())));
        for s in &r.sources {
            if !verbose
                && matches!(
                    s.err,
                    Some(SourceError::NoIpv6OnHost | SourceError::Skipped)
                )
            {
                continue;
            }
            let (mark, what) = match (&s.ip, &s.err) {
                (Some(ip), _) if s.agrees => (style.ok("✓"), ip.to_string()),
                (Some(ip), _) => (style.warn("≠"), ip.to_string()),
                (None, Some(e @ (SourceError::Skipped | SourceError::NoIpv6OnHost))) => {
                    (style.dim("·"), style.dim(&tr.source_error(e)))
                }
                (None, Some(e)) => (style.bad("✗"), tr.source_error(e)),
                (None, None) => (style.dim("·"), String::new()),
            };
            let ms = s.ms.map(|m| format!("  {m} ms")).unwrap_or_default();
            out.push_str(&format!(
                "  {mark} {} {}  {what}{}\n",
                s.family.label(),
                s.source,
                style.dim(&ms)
            ));
        }
    }
    if problem {
        out.push('\n');
        let hint = if r.status_v4 == Status::Disagree {
            tr.disagreement_hint()
        } else {
            tr.no_answer_hint()
        };
        out.push_str(&format!("{}: {hint}\n", style.bold(tr.hint_prefix())));
    }
    if !r.warnings.is_empty() {
        out.push('\n');
        render_warnings(&mut out, &r.warnings, style, tr);
    }
    out
}

fn all_no_v6(r: &PublicIpReport) -> bool {
    r.sources
        .iter()
        .filter(|s| s.family == Family::Ipv6)
        .all(|s| s.err == Some(SourceError::NoIpv6OnHost))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(
        source: &str,
        family: Family,
        ip: Option<&str>,
        err: Option<SourceError>,
    ) -> SourceResult {
        SourceResult {
            source: source.into(),
            family,
            ip: ip.map(|s| s.parse().unwrap()),
            error: None,
            error_kind: None,
            ms: Some(5),
            agrees: false,
            err,
        }
    }

    #[test]
    fn answers_are_checked() {
        let v4 = Family::Ipv4;
        let cases = [
            ("111.222.33.123", v4, Ok("111.222.33.123")),
            ("::ffff:111.222.33.123", v4, Ok("111.222.33.123")),
            ("2400:cb00::1", v4, Err("wrong_family")),
            ("111.222.33.123", Family::Ipv6, Err("wrong_family")),
            ("192.168.0.5", v4, Err("private_address")),
            ("100.64.0.9", v4, Err("private_address")),
            ("fd00::1", Family::Ipv6, Err("private_address")),
            ("2400:cb00::1", Family::Ipv6, Ok("2400:cb00::1")),
        ];
        for (ip, fam, want) in cases {
            let got = check_answer(ip.parse().unwrap(), fam);
            match want {
                Ok(w) => assert_eq!(got.unwrap().to_string(), w),
                Err(kind) => assert_eq!(got.unwrap_err().kind(), kind, "{ip}"),
            }
        }
    }

    #[test]
    fn report_and_exit_table() {
        let v4 = Family::Ipv4;
        let a = "111.222.33.123";
        let lan: Ipv4Addr = "192.168.99.123".parse().unwrap();
        let agreed = vec![
            res("s1", v4, Some(a), None),
            res("s2", v4, Some(a), None),
            res("s3", v4, None, Some(SourceError::Late)),
        ];
        let d = decide(&[a.parse().unwrap(), a.parse().unwrap()], 0);
        let r = finish(agreed, &[(v4, d)], Some(lan), Duration::ZERO);
        assert_eq!(r.ipv4.unwrap().to_string(), a);
        assert_eq!(r.agreed, 2);
        assert!(r.confirmed);
        assert_eq!(r.nat, Nat::BehindNat);
        assert_eq!(r.sources[2].error_kind, Some("late"));
        assert!(r.sources[0].agrees && !r.sources[2].agrees);
        assert_eq!(exit_for(&r, &[v4]), Exit::Ok);

        let split = vec![
            res("s1", v4, Some(a), None),
            res("s2", v4, Some("55.66.77.8"), None),
        ];
        let d = decide(&[a.parse().unwrap(), "55.66.77.8".parse().unwrap()], 0);
        let r = finish(split, &[(v4, d)], Some(lan), Duration::ZERO);
        assert_eq!(r.ipv4, None);
        assert_eq!(r.status_v4, Status::Disagree);
        assert_eq!(exit_for(&r, &[v4]), Exit::Problem);
        let text = render(&r, Style { color: false }, Tr(crate::i18n::Lang::En), false);
        assert!(text.contains("55.66.77.8") && text.contains(a), "{text}");

        let single = vec![res("s1", v4, Some(a), None)];
        let r = finish(
            single,
            &[(v4, decide(&[a.parse().unwrap()], 0))],
            Some(a.parse().unwrap()),
            Duration::ZERO,
        );
        assert!(!r.confirmed);
        assert_eq!(r.status_v4, Status::Unconfirmed);
        assert_eq!(r.nat, Nat::NoNat);
        assert_eq!(exit_for(&r, &[v4]), Exit::Ok);
    }
}
