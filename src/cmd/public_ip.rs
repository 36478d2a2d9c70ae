//! `netcheck public-ip`: runs the public-IP check (`check::public_ip`),
//! words it (`Tr::word_public_ip`) and renders it.

use crate::check::public_ip::{Nat, PublicIpReport, Status, gather};
use crate::cli::PublicIpArgs;
use crate::cmd::render_warnings;
use crate::config::Ctx;
use crate::error::AppError;
use crate::exit::Exit;
use crate::i18n::Tr;
use crate::net::Family;
use crate::net::sources::SourceError;
use crate::output::{Style, pad};
#[cfg(test)]
use {
    crate::check::public_ip::{SourceResult, check_answer, finish},
    crate::net::consensus::decide,
    std::net::Ipv4Addr,
    std::time::Duration,
};

pub fn run(ctx: &Ctx, args: &PublicIpArgs) -> Result<Exit, AppError> {
    let tr = Tr(ctx.lang);
    let sources = args.sources.resolve().map_err(crate::cmd::bad_input)?;
    let families = crate::cmd::families(args.ipv4, args.ipv6);
    let report = crate::cmd::run_network(
        ctx,
        tr.asking(sources.len()),
        gather(&sources, &families, ctx.deadline()),
    )?;
    let exit = exit_for(&report, &families);
    // Worded when rendered: English for --json, whatever --lang says.
    crate::output::emit_worded(
        ctx,
        |tr| {
            let mut r = report.clone();
            tr.word_public_ip(&mut r);
            r
        },
        |r, style, tr| render(r, style, tr, ctx.verbose),
    );
    Ok(exit)
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
    for (family, varies) in [
        (Family::Ipv4, r.varies_by_destination),
        (Family::Ipv6, r.varies_by_destination_v6),
    ] {
        match varies {
            Some(true) => out.push_str(&format!("{}\n", style.warn(&tr.mapping_varies(family)))),
            Some(false) => out.push_str(&format!("{}\n", tr.mapping_same(family))),
            None => {}
        }
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
                // STUN: the public port too (one socket for every server).
                (Some(ip), _) if s.agrees => (
                    style.ok("✓"),
                    s.mapped.map_or(ip.to_string(), |m| m.to_string()),
                ),
                (Some(ip), _) => (
                    style.warn("≠"),
                    s.mapped.map_or(ip.to_string(), |m| m.to_string()),
                ),
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
            mapped: None,
            err,
            server: None,
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

    /// The STUN answers of one socket decide "varies by destination"; HTTP
    /// answers and a single STUN answer leave it open. Both languages say it.
    #[test]
    fn varies_by_destination_from_the_stun_answers() {
        let v4 = Family::Ipv4;
        let a = "111.222.33.123";
        let stun = |name: &str, server: &str, mapped: &str| {
            let mut r = res(name, v4, Some(a), None);
            r.server = Some(server.parse().unwrap());
            r.mapped = Some(mapped.parse().unwrap());
            r
        };
        let d = || decide(&[a.parse().unwrap(), a.parse().unwrap()], 0);
        let report = |rs: Vec<SourceResult>| finish(rs, &[(v4, d())], None, Duration::ZERO);

        let same = report(vec![
            stun("stun:s1", "111.222.33.1:3478", "111.222.33.123:40000"),
            stun("stun:s2", "111.222.33.2:3479", "111.222.33.123:40000"),
        ]);
        assert_eq!(same.varies_by_destination, Some(false));
        let varies = report(vec![
            stun("stun:s1", "111.222.33.1:3478", "111.222.33.123:40000"),
            stun("stun:s2", "111.222.33.2:3479", "111.222.33.123:40001"),
        ]);
        assert_eq!(varies.varies_by_destination, Some(true));
        assert_eq!(varies.varies_by_destination_v6, None);
        let one = report(vec![
            stun("stun:s1", "111.222.33.1:3478", "111.222.33.123:40000"),
            res("http://e", v4, Some(a), None),
        ]);
        assert_eq!(one.varies_by_destination, None);

        let json = serde_json::to_value(&varies).unwrap();
        assert_eq!(json["varies_by_destination"], true);
        assert!(json["varies_by_destination_v6"].is_null());
        assert_eq!(json["sources"][1]["mapped"], "111.222.33.123:40001");
        for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Ko] {
            let t = |r: &PublicIpReport| render(r, Style { color: false }, Tr(lang), false);
            assert!(t(&varies).contains(&Tr(lang).mapping_varies(v4)));
            assert!(t(&same).contains(&Tr(lang).mapping_same(v4)));
            let open = t(&one);
            assert!(
                !open.contains(&Tr(lang).mapping_varies(v4))
                    && !open.contains(&Tr(lang).mapping_same(v4)),
                "{open}"
            );
        }
    }

    /// After the decision, a second STUN answer gets a short grace only
    /// while exactly one STUN server of a family has answered.
    #[test]
    fn stun_grace_only_while_one_stun_answer_waits_for_another() {
        let v4 = Family::Ipv4;
        let now = tokio::time::Instant::now();
        let mut first = res("stun:s1", v4, Some("111.222.33.123"), None);
        first.mapped = Some("111.222.33.123:40000".parse().unwrap());
        first.ms = Some(4);
        let mut pending = res("stun:s2", v4, None, None);
        pending.ms = None;
        let http = res("http://e", v4, Some("111.222.33.123"), None);
        let g = crate::check::public_ip::stun_grace(&[first.clone(), pending.clone()], now);
        assert_eq!(g, Some(now + Duration::from_millis(20)));
        first.ms = Some(900);
        let g = crate::check::public_ip::stun_grace(&[first.clone(), pending.clone()], now);
        assert_eq!(g, Some(now + Duration::from_millis(300)), "capped");
        let mut second = first.clone();
        second.source = "stun:s2".into();
        assert_eq!(
            crate::check::public_ip::stun_grace(&[first.clone(), second], now),
            None
        );
        assert_eq!(
            crate::check::public_ip::stun_grace(&[http, pending], now),
            None
        );
    }
}
