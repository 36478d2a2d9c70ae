//! `netcheck gateway`: the default interface, LAN address, router, its admin
//! page and DNS — what people dig out of ipconfig / route / ifconfig. Reads
//! local state only.

use crate::check::gateway::{self, GatewayReport};
use crate::cmd::render_warnings;
use crate::config::Ctx;
use crate::error::{AppError, ErrorKind};
use crate::exit::Exit;
use crate::i18n::Tr;
use crate::net::host::Iface;
use crate::output::{Style, pad};

pub fn run(ctx: &Ctx, all: bool) -> Result<Exit, AppError> {
    let ifaces = crate::sys::netdev_adapter::interfaces();
    let (report, exit) = build(&ifaces, all)?;
    // Its warnings worded when rendered: English for --json, whatever --lang says.
    crate::output::emit_worded(
        ctx,
        |tr| {
            let mut r = report.clone();
            tr.word_gateway(&mut r);
            r
        },
        render,
    );
    Ok(exit)
}

/// The gateway check ([`gateway::build`]), its warnings not yet worded, and
/// no default interface as the error people see.
pub fn build(ifaces: &[Iface], all: bool) -> Result<(GatewayReport, Exit), AppError> {
    gateway::build(ifaces, all).map_err(|_| {
        AppError::worded(ErrorKind::NoInterface, |l| {
            Tr(l).no_default_interface().into()
        })
        .with_hint(|l| Tr(l).hint_check_link().into())
    })
}

const COL: usize = 20;

pub fn render(r: &GatewayReport, style: Style, tr: Tr) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: String| {
        out.push_str(&format!("{}{value}\n", style.bold(&pad(label, COL))));
    };
    let mut iface = r.interface.name.clone();
    if let Some(f) = &r.interface.friendly_name {
        iface.push_str(&format!(" ({f})"));
    }
    iface.push_str(&format!(" · {}", tr.iface_kind(r.interface.kind)));
    if let Some(mac) = &r.interface.mac {
        iface.push_str(&format!(" · MAC {mac}"));
    }
    line(tr.label_interface(), iface);

    let lan = match (r.lan_ipv4, r.prefix_len, r.address_kind) {
        (Some(ip), Some(p), Some(k)) => format!(
            "{} · {} · {}",
            style.ok(&format!("{ip}/{p}")),
            tr.address_kind(k),
            tr.dhcp_state(r.dhcp)
        ),
        _ => style.bad(tr.none()),
    };
    line(tr.label_lan_ipv4(), lan);
    for v6 in &r.ipv6 {
        line(
            tr.label_ipv6(),
            format!(
                "{}/{} · {}",
                v6.address,
                v6.prefix_len,
                tr.address_kind(v6.scope)
            ),
        );
    }
    let gw = match r.gateway_ipv4 {
        Some(gw) => format!(
            "{} · {}",
            style.ok(&gw.to_string()),
            match &r.gateway_mac {
                Some(mac) => format!("MAC {mac}"),
                None => style.dim(tr.mac_unknown()),
            }
        ),
        None => style.bad(tr.none()),
    };
    line(tr.label_gateway(), gw);
    if let Some(gw6) = r.gateway_ipv6 {
        line(tr.label_gateway_v6(), gw6.to_string());
    }
    if let Some(url) = &r.router_url {
        line(
            tr.label_router_page(),
            format!("{}  ← {}", style.bold(url), tr.open_in_browser()),
        );
    }
    let dns = if r.dns_servers.is_empty() {
        tr.unknown().to_string()
    } else {
        r.dns_servers
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    line(tr.label_dns(), dns);

    if let Some(k) = r.address_kind {
        out.push('\n');
        out.push_str(tr.address_meaning(k));
        out.push('\n');
    }
    if !r.warnings.is_empty() {
        out.push('\n');
        render_warnings(&mut out, &r.warnings, style, tr);
    }
    if let Some(list) = &r.interfaces {
        out.push_str(&format!("\n{}\n", style.bold(tr.all_interfaces())));
        for i in list {
            let mut marks = vec![tr.iface_kind(i.iface.kind).to_string()];
            if i.default {
                marks.push(tr.default_marker().into());
            }
            if !i.up {
                marks.push(tr.down_marker().into());
            }
            let mut addrs: Vec<String> = i.ipv4.clone();
            addrs.extend(
                i.ipv6
                    .iter()
                    .map(|v| format!("{}/{}", v.address, v.prefix_len)),
            );
            out.push_str(&format!(
                "  {} [{}] {}\n",
                style.bold(&i.iface.name),
                marks.join(", "),
                addrs.join(" ")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::net::addr::AddressKind;
    use crate::net::host::{IfaceKind, V4Net};
    use std::net::Ipv4Addr;

    fn iface(name: &str, kind: IfaceKind, ip: [u8; 4], gw: Option<[u8; 4]>) -> Iface {
        Iface {
            index: name.len() as u32,
            name: name.into(),
            friendly_name: None,
            kind,
            mac: Some("02:00:00:00:00:01".into()),
            up: true,
            is_default: gw.is_some(),
            ipv4: vec![V4Net {
                addr: ip.into(),
                prefix_len: 24,
            }],
            ipv6: vec![("fe80::1".parse().unwrap(), 64)],
            gateway_v4: gw.map(Ipv4Addr::from),
            gateway_v6: None,
            gateway_mac: gw.map(|_| "88:36:6c:00:00:01".into()),
            dns_servers: vec!["192.168.99.1".parse().unwrap()],
            dhcp_v4: Some(false),
        }
    }

    fn codes(r: &GatewayReport) -> Vec<&'static str> {
        r.found.iter().map(|w| w.code()).collect()
    }

    #[test]
    fn the_guides_home_network() {
        let lan = iface(
            "eth0",
            IfaceKind::Wired,
            [192, 168, 99, 123],
            Some([192, 168, 99, 1]),
        );
        let (r, exit) = build(&[lan], false).unwrap();
        assert_eq!(exit, Exit::Ok);
        assert_eq!(r.lan_ipv4, Some(Ipv4Addr::new(192, 168, 99, 123)));
        assert_eq!(r.prefix_len, Some(24));
        assert_eq!(r.router_url.as_deref(), Some("http://192.168.99.1/"));
        assert_eq!(r.address_kind, Some(AddressKind::Private));
        assert!(r.found.is_empty(), "{:?}", r.found);
        assert_eq!(r.ipv6[0].scope, AddressKind::LinkLocal);
        let text = render(&r, Style { color: false }, Tr(Lang::Ko));
        assert!(text.contains("내부 IP"), "{text}");
        assert!(text.contains("http://192.168.99.1/"));
    }

    #[test]
    fn warnings_table() {
        let gw = Some([192, 168, 99, 1]);
        let mut wifi_dhcp = iface("wlan0", IfaceKind::Wireless, [192, 168, 99, 20], gw);
        wifi_dhcp.dhcp_v4 = Some(true);
        let vpn = iface("wg0", IfaceKind::Vpn, [10, 8, 0, 2], Some([10, 8, 0, 1]));
        let docker = iface(
            "eth0",
            IfaceKind::Container,
            [172, 17, 0, 2],
            Some([172, 17, 0, 1]),
        );
        let mut no_gw = iface("eth0", IfaceKind::Wired, [192, 168, 99, 5], None);
        no_gw.is_default = true;
        let cases: Vec<(Vec<Iface>, Vec<&str>, Exit)> = vec![
            (vec![wifi_dhcp.clone()], vec!["wireless", "dhcp"], Exit::Ok),
            (vec![vpn], vec!["vpn_default_route"], Exit::Ok),
            (vec![docker], vec!["virtual_interface"], Exit::Ok),
            (vec![no_gw], vec!["no_gateway"], Exit::Problem),
            (
                vec![
                    iface("eth0", IfaceKind::Wired, [192, 168, 99, 123], gw),
                    Iface {
                        index: 99,
                        ..iface("eth1", IfaceKind::Wired, [192, 168, 0, 7], None)
                    },
                ],
                vec!["several_lan_interfaces"],
                Exit::Ok,
            ),
        ];
        for (ifaces, want, want_exit) in cases {
            let (r, exit) = build(&ifaces, false).unwrap();
            assert_eq!(codes(&r), want, "{}", ifaces[0].name);
            assert_eq!(exit, want_exit);
        }
    }

    #[test]
    fn link_local_is_a_problem_and_no_default_cannot_run() {
        let ll = iface(
            "eth0",
            IfaceKind::Wired,
            [169, 254, 3, 4],
            Some([169, 254, 0, 1]),
        );
        assert_eq!(build(&[ll], false).unwrap().1, Exit::Problem);
        let mut lone = iface("eth0", IfaceKind::Wired, [192, 168, 99, 5], None);
        lone.is_default = false;
        let err = build(&[lone], false).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NoInterface);
    }

    #[test]
    fn all_lists_every_interface() {
        let a = iface(
            "eth0",
            IfaceKind::Wired,
            [192, 168, 99, 123],
            Some([192, 168, 99, 1]),
        );
        let b = iface("docker0", IfaceKind::Container, [172, 17, 0, 1], None);
        let (r, _) = build(&[a, b], true).unwrap();
        let list = r.interfaces.unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].iface.kind, IfaceKind::Container);
        assert_eq!(list[0].ipv4, vec!["192.168.99.123/24"]);
    }
}
