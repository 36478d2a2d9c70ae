use super::*;

const MIXED: &str = include_str!("testdata/nft_mixed.json");
const DROP_5000: &str = include_str!("testdata/nft_drop_5000.json");
const POLICY_DROP: &str = include_str!("testdata/nft_policy_drop.json");
const EMPTY: &str = include_str!("testdata/nft_empty.json");

#[test]
fn nftables_rulesets() {
    // (ruleset, port, state, detail contains)
    let cases: &[(&str, u16, State, &str)] = &[
        (MIXED, 5000, State::Blocks, "inet hostfw input handle 7"),
        (MIXED, 22, State::Allows, ""),
        (MIXED, 85, State::Allows, ""),
        // A drop only for some sources, then an accept: may block.
        (MIXED, 6000, State::MayBlock, "handle 8"),
        // The jumped-to chain does not accept 7000: the policy drops it.
        (MIXED, 7000, State::Blocks, "policy drop"),
        (MIXED, 9000, State::Allows, ""),
        (DROP_5000, 5000, State::Blocks, "inet lab input handle"),
        // The ip6 table's policy drop does not touch IPv4; nat chains are not filters.
        (DROP_5000, 5001, State::Allows, ""),
        (POLICY_DROP, 22, State::Allows, ""),
        // Accepted only from some sources: may block.
        (POLICY_DROP, 5000, State::MayBlock, "policy drop"),
        (POLICY_DROP, 8080, State::MayBlock, "policy drop"),
        (
            POLICY_DROP,
            9999,
            State::Blocks,
            "ip filter INPUT policy drop",
        ),
        (EMPTY, 5000, State::Inactive, ""),
        ("not json", 5000, State::Unreadable, ""),
        (r#"{"x":1}"#, 5000, State::Unreadable, ""),
    ];
    for (text, port, state, detail) in cases {
        let f = parse_nft(text, *port);
        assert_eq!(f.state, *state, "port {port}: {f:?}");
        assert_eq!(f.tool, Tool::Nftables);
        if !detail.is_empty() {
            assert!(
                f.detail.as_deref().unwrap_or("").contains(detail),
                "port {port}: {f:?}"
            );
        }
    }
}

const UFW: &str = "Status: active
Logging: on (low)
Default: deny (incoming), allow (outgoing), disabled (routed)
New profiles: skip

To                         Action      From
--                         ------      ----
22/tcp                     ALLOW IN    Anywhere
5000                       DENY IN     Anywhere
8000:8100/tcp              ALLOW IN    Anywhere
53/udp                     ALLOW IN    Anywhere
9000/tcp                   ALLOW IN    192.168.1.0/24
22/tcp (v6)                ALLOW IN    Anywhere (v6)
";

const UFW_APP: &str = "Status: active
Default: deny (incoming), allow (outgoing), disabled (routed)

To                         Action      From
--                         ------      ----
OpenSSH                    ALLOW IN    Anywhere
";

const UFW_ALLOW: &str = "Status: active
Default: allow (incoming), allow (outgoing), disabled (routed)

To                         Action      From
--                         ------      ----
6000/tcp                   REJECT IN   10.0.0.0/8
";

#[test]
fn ufw_status() {
    let cases: &[(&str, u16, State)] = &[
        (UFW, 22, State::Allows),
        (UFW, 5000, State::Blocks),
        (UFW, 8050, State::Allows),
        (UFW, 53, State::Blocks),
        // Allowed only from one network: may block.
        (UFW, 9000, State::MayBlock),
        (UFW, 7000, State::Blocks),
        // An app profile's ports are not printed: cannot tell.
        (UFW_APP, 7000, State::MayBlock),
        (UFW_ALLOW, 6000, State::MayBlock),
        (UFW_ALLOW, 7000, State::Allows),
        ("Status: inactive\n", 5000, State::Inactive),
        (
            "ERROR: You need to be root to run this script\n",
            5000,
            State::Unreadable,
        ),
    ];
    for (text, port, state) in cases {
        let f = parse_ufw_status(text, *port);
        assert_eq!(f.state, *state, "port {port}: {f:?}\n{text}");
    }
    assert_eq!(
        parse_ufw_status(UFW, 5000).detail.as_deref(),
        Some("5000                       DENY IN     Anywhere")
    );
}

#[test]
fn ufw_files_without_root() {
    let on = "# /etc/ufw/ufw.conf\nENABLED=yes\nLOGLEVEL=low\n";
    let off = "ENABLED=no\n";
    let drop = "IPV6=yes\nDEFAULT_INPUT_POLICY=\"DROP\"\n";
    let accept = "DEFAULT_INPUT_POLICY=\"ACCEPT\"\n";
    assert_eq!(parse_ufw_files(off, Some(drop)).state, State::Inactive);
    assert_eq!(parse_ufw_files(on, Some(drop)).state, State::MayBlock);
    assert_eq!(parse_ufw_files(on, None).state, State::MayBlock);
    assert_eq!(parse_ufw_files(on, Some(accept)).state, State::Unreadable);
}

const FIREWALLD: &str = "public (active)
  target: default
  icmp-block-inversion: no
  interfaces: eth0
  sources: 
  services: dhcpv6-client ssh
  ports: 5000/tcp 8000-8100/tcp 7000/udp
  protocols: 
  forward: yes
  masquerade: no
  forward-ports: 
  source-ports: 
  icmp-blocks: 
  rich rules: 
\trule family=\"ipv4\" source address=\"10.0.0.0/8\" port port=\"6000\" protocol=\"tcp\" accept
";

#[test]
fn firewalld_list_all() {
    let cases: &[(&str, u16, State)] = &[
        (FIREWALLD, 5000, State::Allows),
        (FIREWALLD, 8050, State::Allows),
        (FIREWALLD, 22, State::Allows),
        (FIREWALLD, 6000, State::MayBlock),
        (FIREWALLD, 7000, State::Blocks),
        (FIREWALLD, 80, State::Blocks),
        ("", 80, State::Unreadable),
    ];
    for (text, port, state) in cases {
        assert_eq!(parse_firewalld(text, *port).state, *state, "port {port}");
    }
    let accept = FIREWALLD.replace("target: default", "target: ACCEPT");
    assert_eq!(parse_firewalld(&accept, 80).state, State::Allows);
    let unknown = FIREWALLD.replace("dhcpv6-client ssh", "ssh my-app");
    assert_eq!(parse_firewalld(&unknown, 80).state, State::MayBlock);
    assert_eq!(
        parse_firewalld(FIREWALLD, 7000).detail.as_deref(),
        Some("public target: default")
    );
}

const NETSH_ON: &str = "\r\nPrivate Profile Settings: \r\n----------------------------------------------------------------------\r\nState                                 ON\r\nOk.\r\n\r\n";
const NETSH_OFF: &str = "\r\nPrivate Profile Settings: \r\n----------------------------------------------------------------------\r\nState                                 OFF\r\nOk.\r\n";

fn netsh_rule(name: &str, port: &str, action: &str, enabled: &str) -> String {
    format!(
        "\r\nRule Name:                            {name}\r\n----------------------------------------------------------------------\r\nEnabled:                              {enabled}\r\nDirection:                            In\r\nProfiles:                             Private\r\nGrouping:                             \r\nLocalIP:                              Any\r\nRemoteIP:                             Any\r\nProtocol:                             TCP\r\nLocalPort:                            {port}\r\nRemotePort:                           Any\r\nEdge traversal:                       No\r\nAction:                               {action}\r\n"
    )
}

#[test]
fn windows_netsh() {
    let flask = netsh_rule("Flask 5000", "5000", "Allow", "Yes");
    let python = netsh_rule("Python", "Any", "Allow", "Yes");
    let block = netsh_rule("Block web", "80,443,8000-8100", "Block", "Yes");
    let off_rule = netsh_rule("Old", "7000", "Allow", "No");
    let all = format!("{flask}{python}{block}{off_rule}Ok.\r\n");
    let only_ports = format!("{flask}{block}{off_rule}Ok.\r\n");
    let cases: &[(&str, &str, u16, State)] = &[
        (NETSH_ON, &all, 5000, State::Allows),
        (NETSH_ON, &all, 8050, State::Blocks),
        (NETSH_ON, &all, 443, State::Blocks),
        // Only a program rule for any port: may block.
        (NETSH_ON, &all, 7000, State::MayBlock),
        (NETSH_ON, &only_ports, 7000, State::Blocks),
        (NETSH_OFF, &all, 8050, State::Inactive),
        ("Der Befehl", &all, 80, State::Unreadable),
    ];
    for (state, rules, port, want) in cases {
        let f = parse_netsh(state, rules, *port);
        assert_eq!(f.state, *want, "port {port}: {f:?}");
    }
    assert_eq!(
        parse_netsh(NETSH_ON, &all, 80).detail.as_deref(),
        Some("Block web")
    );
}

#[test]
fn macos_socketfilterfw() {
    let cases = [
        ("Firewall is disabled. (State = 0)", "", State::Inactive),
        (
            "Firewall is enabled. (State = 1)",
            "Block all DISABLED!",
            State::MayBlock,
        ),
        (
            "Firewall is enabled. (State = 1)",
            "Block all INCOMING connections: DISABLED",
            State::MayBlock,
        ),
        (
            "Firewall is enabled. (State = 2)",
            "Block all ENABLED!",
            State::Blocks,
        ),
        ("", "", State::Unreadable),
    ];
    for (g, b, want) in cases {
        assert_eq!(parse_socketfilterfw(g, b).state, want, "{g} / {b}");
    }
}

#[test]
fn summaries() {
    let f = |tool, state| Finding {
        tool,
        state,
        detail: None,
    };
    let cases = [
        (vec![], true, Summary::Clear),
        (vec![], false, Summary::Unknown),
        (
            vec![f(Tool::Nftables, State::Inactive)],
            true,
            Summary::Clear,
        ),
        (
            vec![
                f(Tool::Nftables, State::Allows),
                f(Tool::Ufw, State::Blocks),
            ],
            true,
            Summary::Blocks,
        ),
        (
            vec![
                f(Tool::Nftables, State::Unreadable),
                f(Tool::Ufw, State::MayBlock),
            ],
            true,
            Summary::MayBlock,
        ),
        (
            vec![
                f(Tool::Nftables, State::Unreadable),
                f(Tool::Ufw, State::Allows),
            ],
            true,
            Summary::Unknown,
        ),
    ];
    for (findings, supported, want) in cases {
        assert_eq!(
            HostFirewall::new(5000, findings.clone(), supported).summary,
            want,
            "{findings:?}"
        );
    }
    let v = serde_json::to_value(HostFirewall::new(
        5000,
        vec![f(Tool::Ufw, State::MayBlock)],
        true,
    ))
    .unwrap();
    assert_eq!(v["summary"], "may_block");
    assert_eq!(v["findings"][0]["tool"], "ufw");
}
