//! `netcheck nat`: how this network's NAT maps and filters UDP (RFC 4787 /
//! RFC 5780), per address family, said the way consoles say it.

use crate::check::nat_type::{self as check, Extras, FamilyResult, NatTypeReport, Server};
use crate::cli::NatArgs;
use crate::config::Ctx;
use crate::error::AppError;
use crate::exit::Exit;
use crate::i18n::Tr;
use crate::net::Family;
use crate::output::{Style, pad};
use serde::Serialize;
use tokio::time::Instant;

#[derive(Debug, Serialize)]
pub struct NatReport {
    #[serde(flatten)]
    pub nat: NatTypeReport,
    pub elapsed_ms: u64,
}

pub fn run(ctx: &Ctx, args: &NatArgs) -> Result<Exit, AppError> {
    let tr = Tr(ctx.lang);
    let servers = args.resolve().map_err(crate::cmd::bad_input)?;
    let families = crate::cmd::families(args.ipv4, args.ipv6);
    let extras = Extras {
        hairpin: args.hairpin,
        lifetime: args.lifetime,
    };
    let report = crate::cmd::run_network(
        ctx,
        tr.nat_testing(servers.len()),
        gather(&servers, &families, extras, ctx.deadline()),
    )?;
    let exit = if report.nat.decided() {
        Exit::Ok
    } else {
        Exit::Problem
    };
    crate::output::emit(ctx, &report, |style| {
        render(&report.nat, style, tr, ctx.verbose)
    });
    Ok(exit)
}

pub async fn gather(
    servers: &[Server],
    families: &[Family],
    extras: Extras,
    deadline: Instant,
) -> NatReport {
    let start = Instant::now();
    let (results, per_server) = check::run(servers, families, extras, deadline).await;
    NatReport {
        nat: NatTypeReport::new(results, per_server),
        elapsed_ms: start.elapsed().as_millis() as u64,
    }
}

const COL: usize = 22;

/// One line for doctor: "P2P medium · Xbox Moderate · PlayStation Type 2".
pub fn render(r: &NatTypeReport, style: Style, tr: Tr, verbose: bool) -> String {
    let mut out = String::new();
    let families: Vec<&FamilyResult> = r.ipv4.iter().chain(r.ipv6.iter()).collect();
    for (i, f) in families.iter().enumerate() {
        let c = &f.class;
        // IPv6 without any answer is left out unless asked for details.
        if c.mapped.is_none() && families.len() > 1 && !verbose && i > 0 {
            continue;
        }
        if i > 0 {
            out.push('\n');
        }
        let words = tr.nat_words(c.p2p, c.xbox, c.playstation);
        let painted = match c.xbox {
            Some(crate::net::nat_type::Xbox::Open) => style.ok(&words),
            Some(crate::net::nat_type::Xbox::Moderate) => style.warn(&words),
            Some(crate::net::nat_type::Xbox::Strict) => style.bad(&words),
            None => style.dim(&words),
        };
        out.push_str(&format!(
            "{}{painted}\n",
            style.bold(&pad(&tr.nat_type_label(c.family), COL))
        ));
        if let Some(m) = c.mapped {
            out.push_str(&format!("{}{m}\n", pad(tr.nat_public_label(), COL)));
        }
        if c.behind_nat == Some(false) {
            out.push_str(&format!(
                "{}{}\n",
                pad(tr.nat_mapping_label(), COL),
                tr.no_nat_here()
            ));
        } else {
            let line =
                |b: Option<crate::net::nat_type::Behaviour>,
                 meaning: &dyn Fn(crate::net::nat_type::Behaviour) -> &'static str| {
                    match b {
                        Some(b) => format!("{} — {}", tr.behaviour(b), meaning(b)),
                        None => style.dim(tr.unknown()),
                    }
                };
            out.push_str(&format!(
                "{}{}\n",
                pad(tr.nat_mapping_label(), COL),
                line(c.mapping, &|b| tr.mapping_meaning(b))
            ));
        }
        out.push_str(&format!(
            "{}{}\n",
            pad(tr.nat_filtering_label(), COL),
            match c.filtering {
                Some(b) => format!("{} — {}", tr.behaviour(b), tr.filtering_meaning(b)),
                None => style.dim(tr.unknown()),
            }
        ));
        let yn = |v: Option<bool>| match v {
            Some(true) => tr.yes().to_string(),
            Some(false) => tr.no().to_string(),
            None => style.dim(tr.unknown()),
        };
        if c.behind_nat != Some(false) {
            out.push_str(&format!(
                "{}{}\n",
                pad(tr.nat_port_label(), COL),
                yn(c.port_preserved)
            ));
        }
        out.push_str(&format!(
            "{}{}\n",
            pad(tr.nat_varies_label(), COL),
            yn(c.varies_by_destination)
        ));
        let hairpin = match f.hairpin {
            None => style.dim(&tr.nat_not_tested("--hairpin")),
            v => yn(v),
        };
        out.push_str(&format!("{}{hairpin}\n", pad(tr.nat_hairpin_label(), COL)));
        let lifetime = if f.lifetime_seconds.is_none() && f.lifetime_max_seconds.is_none() {
            style.dim(&tr.nat_not_tested("--lifetime"))
        } else {
            tr.nat_lifetime_value(f.lifetime_seconds, f.lifetime_max_seconds)
        };
        out.push_str(&format!(
            "{}{lifetime}\n",
            pad(tr.nat_lifetime_label(), COL)
        ));
        if let Some(p) = c.p2p {
            out.push_str(&format!("\n{}\n", tr.p2p_meaning(p)));
        }
    }
    if !r.advice.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold(tr.nat_advice_heading())));
        for a in &r.advice {
            out.push_str(&format!("  • {}\n", tr.nat_advice(a)));
        }
    }
    if !r.inconclusive.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            style.bold(tr.nat_inconclusive_heading())
        ));
        let mut seen = Vec::new();
        for reason in &r.inconclusive {
            if !verbose && seen.contains(&(reason.family, reason.code)) {
                continue;
            }
            seen.push((reason.family, reason.code));
            out.push_str(&format!(
                "  ? {}: {}\n",
                reason.family.label(),
                tr.nat_reason(reason.code)
            ));
            if verbose {
                out.push_str(&format!("      {}\n", style.dim(&reason.detail)));
            }
        }
    }
    let none_answered = families.iter().all(|f| f.class.mapped.is_none());
    if verbose || none_answered {
        out.push_str(&format!("\n{}\n", style.bold(tr.nat_servers_heading())));
        for s in &r.servers {
            let (mark, what) = match (s.rfc5780, &s.error) {
                (Some(yes), _) => (style.ok("✓"), tr.nat_server_rfc5780(yes).to_string()),
                // The session's own words (English): after a Korean sentence.
                (None, Some(e)) if verbose => (style.bad("✗"), tr.nat_server_error_detail(e)),
                (None, _) => (style.bad("✗"), tr.nat_server_error().to_string()),
            };
            out.push_str(&format!(
                "  {mark} {} {}  {what}\n",
                s.family.label(),
                s.server
            ));
        }
    }
    if none_answered {
        out.push_str(&format!(
            "\n{}: {}\n",
            style.bold(tr.hint_prefix()),
            tr.nat_none_answered_hint()
        ));
    }
    out
}
