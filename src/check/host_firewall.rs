//! Does this host's firewall let new TCP connections to a port in? Read
//! from what is knowable locally: on Linux nftables (`nft -j list ruleset`),
//! ufw (`ufw status verbose`, else its configuration files) and firewalld
//! (`firewall-cmd`); on Windows the Windows Defender Firewall (`netsh
//! advfirewall`); on macOS the application firewall (`socketfilterfw`).
//! Most of these need root to show their rules; without it the finding
//! says so (`unreadable`) instead of guessing.
//!
//! The parsers are pure and table-tested with captured outputs; the tools
//! run in `sys::firewall`. Facts only, no text: `detail` holds identifiers
//! (table/chain/handle, a rule as the tool printed it), never sentences.

use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::time::Instant;

/// Which firewall a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tool {
    Nftables,
    Ufw,
    Firewalld,
    WindowsFirewall,
    MacosFirewall,
}

/// What one firewall does with a new inbound TCP connection to the port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// A rule or the default policy drops or rejects it.
    Blocks,
    /// It may: a rule with conditions netcheck cannot judge (sources,
    /// interfaces, program rules), or a default deny whose allow rules
    /// could not be read.
    MayBlock,
    /// A rule or the default policy lets it in.
    Allows,
    /// Installed but not active.
    Inactive,
    /// Active or present, but its rules could not be read (often: needs root).
    Unreadable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub tool: Tool,
    pub state: State,
    /// Which rule decided (identifiers as the tool prints them), or why it
    /// could not be read.
    pub detail: Option<String>,
}

/// The summary over every firewall found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Summary {
    Blocks,
    MayBlock,
    /// A firewall is there but could not be read, or this OS is not checked.
    Unknown,
    /// Every firewall found lets the port in, or none is active.
    Clear,
}

/// The host-firewall check's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HostFirewall {
    pub port: u16,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    /// Whether this OS is one netcheck knows how to ask.
    pub supported: bool,
}

impl HostFirewall {
    /// Pure: the report from the findings.
    pub fn new(port: u16, findings: Vec<Finding>, supported: bool) -> HostFirewall {
        let any = |s: State| findings.iter().any(|f| f.state == s);
        let summary = if any(State::Blocks) {
            Summary::Blocks
        } else if any(State::MayBlock) {
            Summary::MayBlock
        } else if any(State::Unreadable) || !supported {
            Summary::Unknown
        } else {
            Summary::Clear
        };
        HostFirewall {
            port,
            summary,
            findings,
            supported,
        }
    }

    /// Not looked at.
    pub fn not_checked(port: u16) -> HostFirewall {
        HostFirewall {
            port,
            summary: Summary::Unknown,
            findings: Vec::new(),
            supported: false,
        }
    }
}

fn finding(tool: Tool, state: State, detail: Option<String>) -> Finding {
    Finding {
        tool,
        state,
        detail,
    }
}

// ---------------------------------------------------------------- nftables

/// Does one match expression hold for a new TCP/IPv4 connection from
/// outside (not on `lo`) to the port?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    Yes,
    No,
    Maybe,
}

fn port_in(right: &Value, port: u16) -> Option<bool> {
    match right {
        Value::Number(n) => Some(n.as_u64() == Some(u64::from(port))),
        Value::Object(o) if o.contains_key("set") => {
            let items = o.get("set")?.as_array()?;
            let mut hit = false;
            for i in items {
                hit |= port_in(i, port)?;
            }
            Some(hit)
        }
        Value::Object(o) if o.contains_key("range") => {
            let r = o.get("range")?.as_array()?;
            let (lo, hi) = (r.first()?.as_u64()?, r.get(1)?.as_u64()?);
            Some((lo..=hi).contains(&u64::from(port)))
        }
        Value::Array(items) => {
            let mut hit = false;
            for i in items {
                hit |= port_in(i, port)?;
            }
            Some(hit)
        }
        _ => None,
    }
}

fn words_in(right: &Value) -> Vec<String> {
    match right {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().flat_map(words_in).collect(),
        Value::Object(o) => o.get("set").map(words_in).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn invert(h: Holds, op: &str) -> Holds {
    match (op, h) {
        ("!=", Holds::Yes) => Holds::No,
        ("!=", Holds::No) => Holds::Yes,
        _ => h,
    }
}

fn holds(m: &Value, port: u16) -> Holds {
    let op = m.get("op").and_then(Value::as_str).unwrap_or("==");
    if !matches!(op, "==" | "!=" | "in") {
        return Holds::Maybe;
    }
    let (Some(left), Some(right)) = (m.get("left"), m.get("right")) else {
        return Holds::Maybe;
    };
    if let Some(p) = left.get("payload") {
        let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("");
        let field = p.get("field").and_then(Value::as_str).unwrap_or("");
        return match (proto, field) {
            ("tcp" | "th", "dport") => match port_in(right, port) {
                Some(true) => invert(Holds::Yes, op),
                Some(false) => invert(Holds::No, op),
                None => Holds::Maybe,
            },
            // Another transport's header: not a TCP connection.
            ("udp" | "udplite" | "sctp" | "dccp" | "icmp" | "icmpv6" | "ip6", _) => Holds::No,
            _ => Holds::Maybe,
        };
    }
    if let Some(meta) = left.get("meta") {
        let key = meta.get("key").and_then(Value::as_str).unwrap_or("");
        let words = words_in(right);
        let has = |w: &str| words.iter().any(|x| x == w);
        return match key {
            "l4proto" => invert(
                if has("tcp") || has("6") {
                    Holds::Yes
                } else {
                    Holds::No
                },
                op,
            ),
            "nfproto" => invert(if has("ipv4") { Holds::Yes } else { Holds::No }, op),
            "iifname" | "iif" if words.len() == 1 && has("lo") => invert(Holds::No, op),
            _ => Holds::Maybe,
        };
    }
    if let Some(ct) = left.get("ct") {
        if ct.get("key").and_then(Value::as_str) == Some("state") {
            let words = words_in(right);
            let new = words.iter().any(|w| w == "new");
            return invert(if new { Holds::Yes } else { Holds::No }, op);
        }
        return Holds::Maybe;
    }
    Holds::Maybe
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Stmt {
    Accept,
    Drop,
    Jump(String),
    Goto(String),
    Return,
    None,
}

/// A rule's match (all conditions together) and its verdict.
fn rule(exprs: &[Value], port: u16) -> (Holds, Stmt) {
    let mut h = Holds::Yes;
    let mut stmt = Stmt::None;
    for e in exprs {
        let Some((key, v)) = e.as_object().and_then(|o| o.iter().next()) else {
            continue;
        };
        match key.as_str() {
            "match" => match holds(v, port) {
                Holds::No => h = Holds::No,
                Holds::Maybe if h == Holds::Yes => h = Holds::Maybe,
                _ => {}
            },
            "accept" => stmt = Stmt::Accept,
            "drop" | "reject" => stmt = Stmt::Drop,
            "jump" | "goto" => {
                let target = v
                    .get("target")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                stmt = if key == "jump" {
                    Stmt::Jump(target)
                } else {
                    Stmt::Goto(target)
                };
            }
            "return" => stmt = Stmt::Return,
            "counter" | "log" | "comment" => {}
            // A rate limit, a quota, iptables-nft's xt matches …: conditions netcheck cannot judge.
            _ if h == Holds::Yes => h = Holds::Maybe,
            _ => {}
        }
    }
    (h, stmt)
}

#[derive(Debug, Clone, Default)]
struct NftChain {
    hook: Option<String>,
    policy: Option<String>,
    rules: Vec<(u64, Vec<Value>)>,
}

/// How one chain ends for the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
enum End {
    /// Accepted; `maybe_drop` names an earlier rule that may have dropped it.
    Accept {
        maybe_drop: Option<String>,
    },
    Drop {
        sure: bool,
        at: String,
    },
    /// Fell off the end (or `return`); `maybe_drop` names a rule that may have dropped.
    Continue {
        maybe_drop: Option<String>,
        maybe_accept: bool,
    },
}

fn eval(
    chains: &HashMap<(String, String, String), NftChain>,
    key: &(String, String, String),
    port: u16,
    depth: u32,
) -> End {
    let mut maybe_drop: Option<String> = None;
    let mut maybe_accept = false;
    let Some(chain) = chains.get(key).filter(|_| depth < 16) else {
        return End::Continue {
            maybe_drop: Some(format!("{} {} {}", key.0, key.1, key.2)),
            maybe_accept: false,
        };
    };
    for (handle, exprs) in &chain.rules {
        let (h, stmt) = rule(exprs, port);
        if h == Holds::No {
            continue;
        }
        let sure = h == Holds::Yes;
        let at = format!("{} {} {} handle {handle}", key.0, key.1, key.2);
        let sub = |target: &str| {
            let k = (key.0.clone(), key.1.clone(), target.to_string());
            eval(chains, &k, port, depth + 1)
        };
        let outcome = match &stmt {
            Stmt::Accept => End::Accept { maybe_drop: None },
            Stmt::Drop => End::Drop { sure: true, at },
            Stmt::Jump(t) | Stmt::Goto(t) => sub(t),
            Stmt::Return if sure => {
                return End::Continue {
                    maybe_drop,
                    maybe_accept,
                };
            }
            Stmt::Return | Stmt::None => continue,
        };
        match outcome {
            End::Accept { maybe_drop: d } if sure => {
                return End::Accept {
                    maybe_drop: maybe_drop.or(d),
                };
            }
            End::Accept { .. } => maybe_accept = true,
            End::Drop { sure: s, at } if sure && s => {
                return End::Drop {
                    sure: !maybe_accept,
                    at,
                };
            }
            End::Drop { at, .. } => {
                maybe_drop.get_or_insert(at);
            }
            End::Continue {
                maybe_drop: d,
                maybe_accept: a,
            } => {
                if let Some(d) = d {
                    maybe_drop.get_or_insert(d);
                }
                maybe_accept |= a;
                if matches!(stmt, Stmt::Goto(_)) && sure {
                    return End::Continue {
                        maybe_drop,
                        maybe_accept,
                    };
                }
            }
        }
    }
    End::Continue {
        maybe_drop,
        maybe_accept,
    }
}

/// Pure: `nft -j list ruleset` → the finding for a new TCP/IPv4
/// connection to `port` (input hook; `ip` and `inet` tables).
pub fn parse_nft(json: &str, port: u16) -> Finding {
    let tool = Tool::Nftables;
    let Ok(doc) = serde_json::from_str::<Value>(json) else {
        return finding(tool, State::Unreadable, Some("not nft JSON".into()));
    };
    let Some(items) = doc.get("nftables").and_then(Value::as_array) else {
        return finding(tool, State::Unreadable, Some("not nft JSON".into()));
    };
    let mut chains: HashMap<(String, String, String), NftChain> = HashMap::new();
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    for item in items {
        if let Some(c) = item.get("chain") {
            let e = chains
                .entry((s(c, "family"), s(c, "table"), s(c, "name")))
                .or_default();
            e.hook = c.get("hook").and_then(Value::as_str).map(str::to_string);
            e.policy = c.get("policy").and_then(Value::as_str).map(str::to_string);
            if c.get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t != "filter")
            {
                e.hook = None;
            }
        } else if let Some(r) = item.get("rule") {
            let exprs = r
                .get("expr")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let handle = r.get("handle").and_then(Value::as_u64).unwrap_or(0);
            chains
                .entry((s(r, "family"), s(r, "table"), s(r, "chain")))
                .or_default()
                .rules
                .push((handle, exprs));
        }
    }
    let mut bases: Vec<&(String, String, String)> = chains
        .iter()
        .filter(|(k, c)| {
            c.hook.as_deref() == Some("input") && matches!(k.0.as_str(), "ip" | "inet")
        })
        .map(|(k, _)| k)
        .collect();
    bases.sort();
    if bases.is_empty() {
        return finding(tool, State::Inactive, None);
    }
    let mut state = State::Allows;
    let mut detail = None;
    for key in bases {
        let policy_drop = chains[key].policy.as_deref() == Some("drop");
        let (st, at) = match eval(&chains, key, port, 0) {
            End::Accept { maybe_drop: None } => (State::Allows, None),
            End::Accept { maybe_drop: d } => (State::MayBlock, d),
            End::Drop { sure, at } => {
                (if sure { State::Blocks } else { State::MayBlock }, Some(at))
            }
            End::Continue {
                maybe_drop,
                maybe_accept,
            } => {
                let pol = format!("{} {} {} policy drop", key.0, key.1, key.2);
                match (policy_drop, maybe_accept, maybe_drop) {
                    (true, false, _) => (State::Blocks, Some(pol)),
                    (true, true, _) => (State::MayBlock, Some(pol)),
                    (false, _, Some(d)) => (State::MayBlock, Some(d)),
                    (false, _, None) => (State::Allows, None),
                }
            }
        };
        let rank = |s: State| match s {
            State::Blocks => 2,
            State::MayBlock => 1,
            _ => 0,
        };
        if rank(st) > rank(state) {
            state = st;
            detail = at;
        }
    }
    finding(tool, state, detail)
}

// ---------------------------------------------------------------- ufw

/// Does a ufw "To" column cover the TCP port? (`None`: cannot tell, e.g. an app profile.)
fn ufw_to_covers(to: &str, port: u16) -> Option<bool> {
    let to = to.trim();
    if to.contains("(v6)") {
        return Some(false);
    }
    if let Some((_, _iface)) = to.split_once(" on ") {
        return None;
    }
    if to == "Anywhere" {
        return Some(true);
    }
    let (ports, proto) = match to.split_once('/') {
        Some((p, proto)) => (p, proto),
        None => (to, "any"),
    };
    if proto != "tcp" && proto != "any" {
        return Some(false);
    }
    let mut hit = false;
    for part in ports.split(',') {
        let (lo, hi) = part.split_once(':').unwrap_or((part, part));
        let (Ok(lo), Ok(hi)) = (lo.trim().parse::<u16>(), hi.trim().parse::<u16>()) else {
            return None;
        };
        hit |= (lo..=hi).contains(&port);
    }
    Some(hit)
}

/// Pure: `ufw status verbose` → the finding for TCP `port` (IPv4 rules; first match wins).
pub fn parse_ufw_status(text: &str, port: u16) -> Finding {
    let tool = Tool::Ufw;
    let status = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Status:"))
        .map(str::trim);
    match status {
        Some("inactive") => return finding(tool, State::Inactive, None),
        Some("active") => {}
        _ => return finding(tool, State::Unreadable, Some("no Status line".into())),
    }
    let default_deny = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Default:"))
        .map(|d| {
            d.split(',')
                .find(|p| p.contains("(incoming)"))
                .is_some_and(|p| p.contains("deny") || p.contains("reject"))
        })
        // ufw's own default when the line is missing.
        .unwrap_or(true);
    let mut in_rules = false;
    let mut maybe_allow = false;
    let mut maybe_deny: Option<String> = None;
    for line in text.lines() {
        if line.starts_with("--") {
            in_rules = true;
            continue;
        }
        if !in_rules || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        if cols.len() < 3 {
            continue;
        }
        let (to, action, from) = (cols[0], cols[1], cols[2]);
        if action.ends_with("OUT") || action.contains("FWD") {
            continue;
        }
        let allow = action.starts_with("ALLOW") || action.starts_with("LIMIT");
        let deny = action.starts_with("DENY") || action.starts_with("REJECT");
        if !(allow || deny) {
            continue;
        }
        let sure_from = from == "Anywhere";
        let rule = line.trim().to_string();
        match ufw_to_covers(to, port) {
            Some(false) => {}
            Some(true) if sure_from && !action.starts_with("LIMIT") => {
                return match (allow, maybe_deny, maybe_allow) {
                    (true, None, _) => finding(tool, State::Allows, Some(rule)),
                    (true, Some(d), _) => finding(tool, State::MayBlock, Some(d)),
                    (false, _, false) => finding(tool, State::Blocks, Some(rule)),
                    (false, _, true) => finding(tool, State::MayBlock, Some(rule)),
                };
            }
            _ if allow => maybe_allow = true,
            _ => {
                maybe_deny.get_or_insert(rule);
            }
        }
    }
    match (default_deny, maybe_allow, maybe_deny) {
        (true, false, _) => finding(tool, State::Blocks, Some("default deny (incoming)".into())),
        (true, true, _) => finding(
            tool,
            State::MayBlock,
            Some("default deny (incoming)".into()),
        ),
        (false, _, Some(d)) => finding(tool, State::MayBlock, Some(d)),
        (false, _, None) => finding(tool, State::Allows, Some("default allow (incoming)".into())),
    }
}

/// Pure: without root, ufw's files: `/etc/ufw/ufw.conf` (`ENABLED=`) and
/// `/etc/default/ufw` (`DEFAULT_INPUT_POLICY=`). The rules themselves are root-only.
pub fn parse_ufw_files(conf: &str, defaults: Option<&str>) -> Finding {
    let tool = Tool::Ufw;
    let value = |text: &str, key: &str| {
        text.lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .find_map(|l| l.trim().strip_prefix(key))
            .map(|v| v.trim().trim_matches('"').to_ascii_lowercase())
    };
    if value(conf, "ENABLED=").as_deref() != Some("yes") {
        return finding(tool, State::Inactive, None);
    }
    match defaults
        .and_then(|d| value(d, "DEFAULT_INPUT_POLICY="))
        .as_deref()
    {
        Some("accept") => finding(
            tool,
            State::Unreadable,
            Some("enabled, default accept; rules need root".into()),
        ),
        _ => finding(
            tool,
            State::MayBlock,
            Some("enabled, default drop; rules need root".into()),
        ),
    }
}

// ---------------------------------------------------------------- firewalld

/// TCP ports of firewalld services seen often on home servers.
const SERVICES: &[(&str, &[u16])] = &[
    ("ssh", &[22]),
    ("http", &[80]),
    ("https", &[443]),
    ("http3", &[]),
    ("cockpit", &[9090]),
    ("dhcpv6-client", &[]),
    ("mdns", &[]),
    ("samba-client", &[]),
    ("samba", &[139, 445]),
    ("ftp", &[21]),
    ("minecraft", &[25565]),
    ("plex", &[32400]),
    ("jellyfin", &[8096, 8920]),
];

/// Pure: `firewall-cmd --list-all` (the zone in force) → the finding for TCP `port`.
pub fn parse_firewalld(text: &str, port: u16) -> Finding {
    let tool = Tool::Firewalld;
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{name}:")))
            .map(str::trim)
    };
    let Some(target) = field("target") else {
        return finding(tool, State::Unreadable, Some("no target line".into()));
    };
    if target.eq_ignore_ascii_case("ACCEPT") {
        return finding(tool, State::Allows, Some("target: ACCEPT".into()));
    }
    let zone = text
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_string();
    for p in field("ports").unwrap_or("").split_whitespace() {
        let (range, proto) = p.split_once('/').unwrap_or((p, ""));
        let (lo, hi) = range.split_once('-').unwrap_or((range, range));
        if proto == "tcp"
            && let (Ok(lo), Ok(hi)) = (lo.parse::<u16>(), hi.parse::<u16>())
            && (lo..=hi).contains(&port)
        {
            return finding(tool, State::Allows, Some(format!("{zone} ports: {p}")));
        }
    }
    let mut unknown_service = false;
    for s in field("services").unwrap_or("").split_whitespace() {
        match SERVICES.iter().find(|(n, _)| *n == s) {
            Some((_, ports)) if ports.contains(&port) => {
                return finding(tool, State::Allows, Some(format!("{zone} services: {s}")));
            }
            Some(_) => {}
            None => unknown_service = true,
        }
    }
    // Rich rules sit on the lines after "rich rules:".
    let rich: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("rich rules:"))
        .skip(1)
        .map(str::trim)
        .filter(|l| l.starts_with("rule "))
        .collect();
    let needle = format!("port=\"{port}\"");
    let rich_hit = rich.iter().find(|r| r.contains(&needle));
    let at = format!("{zone} target: {target}");
    match rich_hit {
        Some(r) => finding(tool, State::MayBlock, Some((*r).to_string())),
        None if unknown_service => finding(tool, State::MayBlock, Some(at)),
        None => finding(tool, State::Blocks, Some(at)),
    }
}

// ---------------------------------------------------------------- Windows

/// Pure: `netsh advfirewall show currentprofile state` and `netsh
/// advfirewall firewall show rule name=all dir=in status=enabled` (English
/// output) → the finding for TCP `port`. Windows blocks inbound by default;
/// a block rule wins over an allow rule.
pub fn parse_netsh(state: &str, rules: &str, port: u16) -> Finding {
    let tool = Tool::WindowsFirewall;
    let on = state
        .lines()
        .find_map(|l| l.trim().strip_prefix("State"))
        .map(|v| v.trim().to_ascii_uppercase());
    match on.as_deref() {
        Some("OFF") => return finding(tool, State::Inactive, None),
        Some("ON") => {}
        _ => {
            return finding(
                tool,
                State::Unreadable,
                Some("netsh output not understood".into()),
            );
        }
    }
    let mut allow: Option<String> = None;
    let mut any_port_allow = false;
    let mut block: Option<String> = None;
    for block_text in rules.split("\nRule Name:") {
        let get = |k: &str| {
            block_text
                .lines()
                .find_map(|l| l.trim().strip_prefix(&format!("{k}:")))
                .map(str::trim)
                .unwrap_or("")
        };
        let name = block_text
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("Rule Name:")
            .trim()
            .to_string();
        if !get("Enabled").eq_ignore_ascii_case("yes")
            || !get("Direction").eq_ignore_ascii_case("in")
        {
            continue;
        }
        let proto = get("Protocol");
        if !(proto.eq_ignore_ascii_case("tcp") || proto.eq_ignore_ascii_case("any")) {
            continue;
        }
        let local = get("LocalPort");
        let covers = if local.eq_ignore_ascii_case("any") {
            None
        } else {
            Some(local.split(',').any(|p| {
                let (lo, hi) = p.trim().split_once('-').unwrap_or((p.trim(), p.trim()));
                matches!((lo.parse::<u16>(), hi.parse::<u16>()), (Ok(lo), Ok(hi)) if (lo..=hi).contains(&port))
            }))
        };
        let action = get("Action");
        match (action.to_ascii_lowercase().as_str(), covers) {
            ("block", Some(true)) => {
                block.get_or_insert(name);
            }
            ("allow", Some(true)) => {
                allow.get_or_insert(name);
            }
            ("allow", None) => any_port_allow = true,
            _ => {}
        }
    }
    match (block, allow, any_port_allow) {
        (Some(b), _, _) => finding(tool, State::Blocks, Some(b)),
        (None, Some(a), _) => finding(tool, State::Allows, Some(a)),
        // Program rules (any port) may let this server in.
        (None, None, true) => finding(
            tool,
            State::MayBlock,
            Some("default block inbound; program rules".into()),
        ),
        (None, None, false) => finding(tool, State::Blocks, Some("default block inbound".into())),
    }
}

// ---------------------------------------------------------------- macOS

/// Pure: `socketfilterfw --getglobalstate` and `--getblockall`. The
/// application firewall decides per program, not per port, so "enabled"
/// is only `may_block`.
pub fn parse_socketfilterfw(global: &str, blockall: &str) -> Finding {
    let tool = Tool::MacosFirewall;
    let g = global.to_ascii_lowercase();
    if g.contains("disabled") || g.contains("state = 0") {
        return finding(tool, State::Inactive, None);
    }
    if !(g.contains("enabled") || g.contains("state = 1") || g.contains("state = 2")) {
        return finding(
            tool,
            State::Unreadable,
            Some("socketfilterfw output not understood".into()),
        );
    }
    let b = blockall.to_ascii_lowercase();
    if !b.contains("disabled") && (b.contains("enabled") || b.contains("blocking all")) {
        return finding(tool, State::Blocks, Some("block all incoming".into()));
    }
    finding(tool, State::MayBlock, Some("per application".into()))
}

// ---------------------------------------------------------------- running

fn unreadable(tool: Tool, why: String) -> Finding {
    finding(tool, State::Unreadable, Some(why))
}

fn first_line(s: &str) -> String {
    s.lines()
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .take(120)
        .collect()
}

/// Asks every firewall this OS has about TCP `port` (blocking: run it on a
/// blocking thread). Tools that are not installed are left out.
pub fn check(port: u16, deadline: Instant) -> HostFirewall {
    use crate::sys::firewall::{RunError, read_file, run};
    let mut findings = Vec::new();
    let supported = cfg!(any(target_os = "linux", windows, target_os = "macos"));
    if cfg!(target_os = "linux") {
        match run("nft", &["-j", "list", "ruleset"], deadline) {
            Ok(r) if r.success => findings.push(parse_nft(&r.stdout, port)),
            Ok(r) => findings.push(unreadable(Tool::Nftables, first_line(&r.stderr))),
            Err(RunError::Missing) => {}
            Err(RunError::TimedOut) => findings.push(unreadable(Tool::Nftables, "timeout".into())),
            Err(RunError::Failed(e)) => findings.push(unreadable(Tool::Nftables, e)),
        }
        match run("ufw", &["status", "verbose"], deadline) {
            Ok(r) if r.success => findings.push(parse_ufw_status(&r.stdout, port)),
            Ok(_) | Err(RunError::Missing) => {
                if let Some(conf) = read_file("/etc/ufw/ufw.conf") {
                    let defaults = read_file("/etc/default/ufw");
                    findings.push(parse_ufw_files(&conf, defaults.as_deref()));
                }
            }
            Err(RunError::TimedOut) => findings.push(unreadable(Tool::Ufw, "timeout".into())),
            Err(RunError::Failed(e)) => findings.push(unreadable(Tool::Ufw, e)),
        }
        match run("firewall-cmd", &["--state"], deadline) {
            Ok(r) if r.stdout.trim() == "running" => {
                match run("firewall-cmd", &["--list-all"], deadline) {
                    Ok(l) if l.success => findings.push(parse_firewalld(&l.stdout, port)),
                    Ok(l) => findings.push(unreadable(Tool::Firewalld, first_line(&l.stderr))),
                    Err(_) => findings.push(unreadable(Tool::Firewalld, "timeout".into())),
                }
            }
            Ok(r) if r.stdout.contains("not running") || r.stderr.contains("not running") => {
                findings.push(finding(Tool::Firewalld, State::Inactive, None))
            }
            Ok(r) => findings.push(unreadable(Tool::Firewalld, first_line(&r.stderr))),
            Err(RunError::Missing) => {}
            Err(_) => findings.push(unreadable(Tool::Firewalld, "timeout".into())),
        }
    } else if cfg!(windows) {
        let state = run(
            "netsh",
            &["advfirewall", "show", "currentprofile", "state"],
            deadline,
        );
        let rules = run(
            "netsh",
            &[
                "advfirewall",
                "firewall",
                "show",
                "rule",
                "name=all",
                "dir=in",
                "status=enabled",
            ],
            deadline,
        );
        match (state, rules) {
            (Ok(s), Ok(r)) if s.success => findings.push(parse_netsh(&s.stdout, &r.stdout, port)),
            _ => findings.push(unreadable(Tool::WindowsFirewall, "netsh".into())),
        }
    } else if cfg!(target_os = "macos") {
        let tool = "/usr/libexec/ApplicationFirewall/socketfilterfw";
        match (
            run(tool, &["--getglobalstate"], deadline),
            run(tool, &["--getblockall"], deadline),
        ) {
            (Ok(g), Ok(b)) => findings.push(parse_socketfilterfw(&g.stdout, &b.stdout)),
            _ => findings.push(unreadable(Tool::MacosFirewall, "socketfilterfw".into())),
        }
    }
    HostFirewall::new(port, findings, supported)
}

#[cfg(test)]
mod tests;
