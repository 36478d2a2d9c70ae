//! Pure: from what doctor found, the verdict and the numbered next steps.
//! Data in, data out; table-tested.

use crate::check::host_firewall::Summary as FirewallSummary;
use crate::check::listener::ListenerState;
use crate::net::nat::NatVerdict;
use crate::net::reflect::Agreed;
use crate::portmap::{MapError, Method};
use serde::Serialize;

/// What the router offers for automatic port forwarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Offer {
    Available,
    Absent,
    NotAsked,
}

/// Is the port forwarded to this host on the router? A fact with no words:
/// `doctor` renders it (`mapping` in its JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapping {
    /// The router lists a rule for the port that points at this host.
    Present,
    /// The router lists no rule for the port.
    Missing,
    /// The rule points at another device ("address:port").
    TakenBy(String),
    /// `--forward` created it, with this method and lease (0: permanent).
    Created { method: Method, lease_seconds: u32 },
    /// `--forward` tried and the router refused: each method's cause.
    Failed(Vec<Failure>),
    /// Could not be told (no UPnP to ask, and no `--forward`).
    Unknown,
}

/// Why one method could not make the mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub method: Method,
    pub cause: MapError,
}

/// Did a connection to the public address reach the server? From inside the
/// LAN this is only a hint (hairpin NAT), so it never decides the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    Reachable,
    Refused,
    TimedOut,
    Failed,
    /// Not tried (no public IP, or nothing to test).
    NotTried,
}

/// Everything the verdict depends on.
#[derive(Debug, Clone)]
pub struct Facts {
    pub port: u16,
    pub has_gateway: bool,
    pub vpn_default_route: bool,
    pub virtual_interface: bool,
    /// The LAN address can change (Wi-Fi or DHCP).
    pub address_can_change: bool,
    pub public_ipv4_known: bool,
    pub host_global_ipv6: bool,
    pub upnp: Offer,
    pub port_control: Offer,
    /// The router offers IPv6 pinholes (UPnP IGDv2 WANIPv6FirewallControl).
    pub ipv6_pinholes: bool,
    pub nat: NatVerdict,
    pub listener: ListenerState,
    pub mapping: Mapping,
    /// What vantages outside this network agreed on (`NotAsked` with `--no-outside`).
    pub outside: Agreed,
    /// The agreed `open` was proven to be this machine's server (nonce or fingerprint).
    pub outside_proven: bool,
    /// What answered instead (`open_other`) is the router's own page: a
    /// vantage got the answer the router's LAN address gives on that port.
    pub other_is_router: bool,
    /// What this host's firewall does with the port (read only when it matters).
    pub host_firewall: FirewallSummary,
    /// A second, high port tested from outside on the same path.
    pub second_port: SecondPort,
}

/// The second-port test: when the port is filtered, doctor (with
/// `--forward` and a vantage) serves a high port for a moment, maps it, and
/// asks the vantage about it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecondPort {
    NotTried,
    /// It got through (this host's listener saw the vantage connect).
    Through,
    /// It did not get through either.
    AlsoBlocked,
}

/// A likely cause of `filtered`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    HostFirewall,
    UpstreamNat,
    IspBlock,
}

/// How likely, from what netcheck could find out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Likelihood {
    /// Found: a firewall rule drops the port; a second NAT is there; a
    /// second port got through where this one did not.
    Likely,
    /// Could not be told either way.
    Possible,
    /// Ruled out as far as netcheck can see.
    Unlikely,
}

/// Pure: the causes of `filtered`, most likely first (ties keep the order
/// host firewall, second NAT, ISP).
pub fn filtered_causes(f: &Facts) -> Vec<(Cause, Likelihood)> {
    use Likelihood::*;
    let firewall = match f.host_firewall {
        FirewallSummary::Blocks => Likely,
        FirewallSummary::MayBlock | FirewallSummary::Unknown => Possible,
        FirewallSummary::Clear => Unlikely,
    };
    let nat = match f.nat {
        NatVerdict::Double | NatVerdict::Cgnat => Likely,
        NatVerdict::None | NatVerdict::Single => Unlikely,
        NatVerdict::Unknown => Possible,
    };
    // Only a second port that got through on the same path points at a
    // block of this one port; this host's own firewall dropping it explains
    // that too, so then it is only possible.
    let isp = match f.second_port {
        SecondPort::Through if f.host_firewall == FirewallSummary::Blocks => Possible,
        SecondPort::Through => Likely,
        SecondPort::AlsoBlocked => Unlikely,
        SecondPort::NotTried => Possible,
    };
    let mut causes = vec![
        (Cause::HostFirewall, firewall),
        (Cause::UpstreamNat, nat),
        (Cause::IspBlock, isp),
    ];
    causes.sort_by_key(|c| c.1);
    causes
}

/// The one-word answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A vantage outside this network reached this machine's server, proven
    /// by a nonce or a fingerprint.
    Reachable,
    /// Everything checked out; the last proof needs another network.
    Ready,
    NoGateway,
    /// A VPN holds the default route: what is seen is the VPN's network.
    Vpn,
    /// No public IP could be learnt: no internet.
    Offline,
    Cgnat,
    DoubleNat,
    NoListener,
    LocalhostOnly,
    PortTaken,
    NotForwarded,
    /// Nothing is wrong that could be seen, but whether the router forwards
    /// the port could not be told.
    ForwardUnknown,
    /// From outside, something else answers on the port: the forward points
    /// at another host, or the router's own page answers there.
    OpenOther,
    /// From outside, the router's own page (admin page, remote management)
    /// answers on the port: the same answer its LAN address gives.
    RouterPage,
    /// The router forwards the port to this host and the server listens,
    /// yet from outside nothing gets through.
    Filtered,
}

impl Verdict {
    /// Every verdict, in the order of the enum.
    pub const ALL: [Verdict; 15] = [
        Verdict::Reachable,
        Verdict::Ready,
        Verdict::NoGateway,
        Verdict::Vpn,
        Verdict::Offline,
        Verdict::Cgnat,
        Verdict::DoubleNat,
        Verdict::NoListener,
        Verdict::LocalhostOnly,
        Verdict::PortTaken,
        Verdict::NotForwarded,
        Verdict::ForwardUnknown,
        Verdict::OpenOther,
        Verdict::RouterPage,
        Verdict::Filtered,
    ];

    pub fn is_ok(self) -> bool {
        matches!(self, Verdict::Ready | Verdict::Reachable)
    }
}

/// One thing to do, in order of importance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    ConnectNetwork,
    DisconnectVpn,
    CheckInternet,
    AskIspPublicIp,
    BridgeMode,
    UseIpv6,
    UseTunnel,
    StartServer,
    BindAllAddresses,
    UseHostAddress,
    FreeThePort,
    ForwardAutomatically,
    ForwardByHand,
    ReserveAddress,
    OpenIpv6Firewall,
    /// As OpenIpv6Firewall, and the router can open the pinhole itself.
    RouterIpv6Pinhole,
    /// Something else answers on the port from outside: point the forward at
    /// this host, or move the router's own page off that port.
    CheckForwardTarget,
    /// The router's own page answers on the port: move it (remote
    /// management) to another port, or pick another port for the server.
    MoveRouterPage,
    /// This host's firewall may drop the port.
    CheckHostFirewall,
    /// A second NAT upstream (the ISP's modem or a carrier NAT) may not forward.
    CheckUpstreamNat,
    /// The ISP may block the port (80 and 443 most often): try a high port.
    TryHighPort,
    TestFromOutside,
}

impl Step {
    /// Every step, in the order of the enum.
    pub const ALL: [Step; 22] = [
        Step::ConnectNetwork,
        Step::DisconnectVpn,
        Step::CheckInternet,
        Step::AskIspPublicIp,
        Step::BridgeMode,
        Step::UseIpv6,
        Step::UseTunnel,
        Step::StartServer,
        Step::BindAllAddresses,
        Step::UseHostAddress,
        Step::FreeThePort,
        Step::ForwardAutomatically,
        Step::ForwardByHand,
        Step::ReserveAddress,
        Step::OpenIpv6Firewall,
        Step::RouterIpv6Pinhole,
        Step::CheckForwardTarget,
        Step::MoveRouterPage,
        Step::CheckHostFirewall,
        Step::CheckUpstreamNat,
        Step::TryHighPort,
        Step::TestFromOutside,
    ];
}

/// The verdict (the most basic problem) and every step, most basic first.
pub fn diagnose(f: &Facts) -> (Verdict, Vec<Step>) {
    use Step::*;
    let mut steps = Vec::new();
    let mut verdict = None;
    let advisory = |steps: &mut Vec<Step>| {
        if f.virtual_interface {
            steps.push(UseHostAddress);
        }
        if f.address_can_change && !matches!(f.mapping, Mapping::TakenBy(_)) {
            steps.push(ReserveAddress);
        }
        if f.host_global_ipv6 {
            steps.push(if f.ipv6_pinholes {
                RouterIpv6Pinhole
            } else {
                OpenIpv6Firewall
            });
        }
    };
    // Proof from outside outranks everything guessed from inside.
    if f.outside == Agreed::Open && f.outside_proven {
        advisory(&mut steps);
        return (Verdict::Reachable, steps);
    }
    let unreached = matches!(
        f.outside,
        Agreed::Refused | Agreed::Filtered | Agreed::Closed
    );
    let mut found = |v: Verdict, s: &[Step], steps: &mut Vec<Step>| {
        verdict.get_or_insert(v);
        for step in s {
            if !steps.contains(step) {
                steps.push(*step);
            }
        }
    };
    if !f.has_gateway {
        found(Verdict::NoGateway, &[ConnectNetwork], &mut steps);
    }
    if f.vpn_default_route {
        found(Verdict::Vpn, &[DisconnectVpn], &mut steps);
    }
    if !f.public_ipv4_known {
        found(Verdict::Offline, &[CheckInternet], &mut steps);
    }
    let ipv6 = if f.host_global_ipv6 {
        &[UseIpv6][..]
    } else {
        &[][..]
    };
    match f.nat {
        NatVerdict::Cgnat => found(
            Verdict::Cgnat,
            &[&[AskIspPublicIp][..], ipv6, &[UseTunnel]].concat(),
            &mut steps,
        ),
        NatVerdict::Double => found(
            Verdict::DoubleNat,
            &[&[BridgeMode, AskIspPublicIp][..], ipv6, &[UseTunnel]].concat(),
            &mut steps,
        ),
        _ => {}
    }
    match f.listener {
        ListenerState::Nothing => found(Verdict::NoListener, &[StartServer], &mut steps),
        ListenerState::LoopbackOnly | ListenerState::OtherAddresses => {
            found(Verdict::LocalhostOnly, &[BindAllAddresses], &mut steps)
        }
        _ => {}
    }
    if f.outside == Agreed::OpenOther {
        if f.other_is_router {
            found(Verdict::RouterPage, &[MoveRouterPage], &mut steps);
        } else {
            found(Verdict::OpenOther, &[CheckForwardTarget], &mut steps);
        }
    }
    let can_automate = f.upnp == Offer::Available || f.port_control == Offer::Available;
    let forward = if can_automate {
        ForwardAutomatically
    } else {
        ForwardByHand
    };
    match &f.mapping {
        Mapping::TakenBy(_) => found(Verdict::PortTaken, &[FreeThePort], &mut steps),
        Mapping::Missing => found(Verdict::NotForwarded, &[forward], &mut steps),
        Mapping::Failed(_) => found(Verdict::NotForwarded, &[ForwardByHand], &mut steps),
        // Nothing gets in from outside and the router could not be asked: not forwarded.
        Mapping::Unknown if unreached => found(Verdict::NotForwarded, &[forward], &mut steps),
        Mapping::Unknown => found(Verdict::ForwardUnknown, &[forward], &mut steps),
        Mapping::Present | Mapping::Created { .. } if unreached => {
            let order: Vec<Step> = filtered_causes(f)
                .iter()
                .map(|(c, _)| match c {
                    Cause::HostFirewall => CheckHostFirewall,
                    Cause::UpstreamNat => CheckUpstreamNat,
                    Cause::IspBlock => TryHighPort,
                })
                .collect();
            found(Verdict::Filtered, &order, &mut steps)
        }
        Mapping::Present | Mapping::Created { .. } => {}
    }
    advisory(&mut steps);
    if !(f.outside == Agreed::Open && f.outside_proven) {
        steps.push(TestFromOutside);
    }
    (verdict.unwrap_or(Verdict::Ready), steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> Facts {
        Facts {
            port: 5000,
            has_gateway: true,
            vpn_default_route: false,
            virtual_interface: false,
            address_can_change: false,
            public_ipv4_known: true,
            host_global_ipv6: false,
            upnp: Offer::Available,
            port_control: Offer::Available,
            ipv6_pinholes: false,
            nat: NatVerdict::Single,
            listener: ListenerState::AllAddresses,
            mapping: Mapping::Present,
            outside: Agreed::NotAsked,
            outside_proven: false,
            other_is_router: false,
            host_firewall: FirewallSummary::Unknown,
            second_port: SecondPort::NotTried,
        }
    }

    #[test]
    fn table() {
        use Step::*;
        let cases: Vec<(&str, Facts, Verdict, Vec<Step>)> = vec![
            ("all good", good(), Verdict::Ready, vec![TestFromOutside]),
            (
                "created by --forward",
                Facts {
                    mapping: Mapping::Created {
                        method: Method::Upnp,
                        lease_seconds: 3600,
                    },
                    ..good()
                },
                Verdict::Ready,
                vec![TestFromOutside],
            ),
            (
                "nothing listening",
                Facts {
                    listener: ListenerState::Nothing,
                    ..good()
                },
                Verdict::NoListener,
                vec![StartServer, TestFromOutside],
            ),
            (
                "bound to 127.0.0.1",
                Facts {
                    listener: ListenerState::LoopbackOnly,
                    ..good()
                },
                Verdict::LocalhostOnly,
                vec![BindAllAddresses, TestFromOutside],
            ),
            (
                "no mapping, UPnP on",
                Facts {
                    mapping: Mapping::Missing,
                    ..good()
                },
                Verdict::NotForwarded,
                vec![ForwardAutomatically, TestFromOutside],
            ),
            (
                "no mapping, every protocol off",
                Facts {
                    mapping: Mapping::Missing,
                    upnp: Offer::Absent,
                    port_control: Offer::Absent,
                    ..good()
                },
                Verdict::NotForwarded,
                vec![ForwardByHand, TestFromOutside],
            ),
            (
                "UPnP off, NAT-PMP on, unknown mapping",
                Facts {
                    mapping: Mapping::Unknown,
                    upnp: Offer::Absent,
                    ..good()
                },
                Verdict::ForwardUnknown,
                vec![ForwardAutomatically, TestFromOutside],
            ),
            (
                "port held by another host",
                Facts {
                    mapping: Mapping::TakenBy("192.168.99.50:5000".into()),
                    ..good()
                },
                Verdict::PortTaken,
                vec![FreeThePort, TestFromOutside],
            ),
            (
                "CGNAT and nothing listening",
                Facts {
                    nat: NatVerdict::Cgnat,
                    listener: ListenerState::Nothing,
                    ..good()
                },
                Verdict::Cgnat,
                vec![AskIspPublicIp, UseTunnel, StartServer, TestFromOutside],
            ),
            (
                "double NAT with IPv6",
                Facts {
                    nat: NatVerdict::Double,
                    host_global_ipv6: true,
                    ..good()
                },
                Verdict::DoubleNat,
                vec![
                    BridgeMode,
                    AskIspPublicIp,
                    UseIpv6,
                    UseTunnel,
                    OpenIpv6Firewall,
                    TestFromOutside,
                ],
            ),
            (
                "offline",
                Facts {
                    public_ipv4_known: false,
                    nat: NatVerdict::Unknown,
                    ..good()
                },
                Verdict::Offline,
                vec![CheckInternet, TestFromOutside],
            ),
            (
                "no gateway",
                Facts {
                    has_gateway: false,
                    public_ipv4_known: false,
                    mapping: Mapping::Unknown,
                    upnp: Offer::NotAsked,
                    port_control: Offer::NotAsked,
                    ..good()
                },
                Verdict::NoGateway,
                vec![
                    ConnectNetwork,
                    CheckInternet,
                    ForwardByHand,
                    TestFromOutside,
                ],
            ),
            (
                "VPN and Wi-Fi",
                Facts {
                    vpn_default_route: true,
                    address_can_change: true,
                    ..good()
                },
                Verdict::Vpn,
                vec![DisconnectVpn, ReserveAddress, TestFromOutside],
            ),
            (
                "IPv6 with a router offering pinholes",
                Facts {
                    host_global_ipv6: true,
                    ipv6_pinholes: true,
                    ..good()
                },
                Verdict::Ready,
                vec![RouterIpv6Pinhole, TestFromOutside],
            ),
            (
                "container",
                Facts {
                    virtual_interface: true,
                    ..good()
                },
                Verdict::Ready,
                vec![UseHostAddress, TestFromOutside],
            ),
        ];
        let outside = |a: Agreed, proven: bool, f: Facts| Facts {
            outside: a,
            outside_proven: proven,
            ..f
        };
        let more: Vec<(&str, Facts, Verdict, Vec<Step>)> = vec![
            (
                "proven open from outside",
                outside(Agreed::Open, true, good()),
                Verdict::Reachable,
                vec![],
            ),
            (
                "proven open beats an unknown mapping",
                outside(
                    Agreed::Open,
                    true,
                    Facts {
                        mapping: Mapping::Unknown,
                        upnp: Offer::Absent,
                        address_can_change: true,
                        ..good()
                    },
                ),
                Verdict::Reachable,
                vec![ReserveAddress],
            ),
            (
                "open but unproven (echoip) stays ready",
                outside(Agreed::Open, false, good()),
                Verdict::Ready,
                vec![TestFromOutside],
            ),
            (
                "something else answers",
                outside(Agreed::OpenOther, false, good()),
                Verdict::OpenOther,
                vec![CheckForwardTarget, TestFromOutside],
            ),
            (
                "the router's own page answers",
                Facts {
                    other_is_router: true,
                    ..outside(Agreed::OpenOther, false, good())
                },
                Verdict::RouterPage,
                vec![MoveRouterPage, TestFromOutside],
            ),
            (
                "forwarded, listening, filtered outside",
                outside(Agreed::Filtered, false, good()),
                Verdict::Filtered,
                // A single NAT was seen: the second-NAT cause comes last.
                vec![
                    CheckHostFirewall,
                    TryHighPort,
                    CheckUpstreamNat,
                    TestFromOutside,
                ],
            ),
            (
                "no mapping and filtered",
                outside(
                    Agreed::Filtered,
                    false,
                    Facts {
                        mapping: Mapping::Missing,
                        ..good()
                    },
                ),
                Verdict::NotForwarded,
                vec![ForwardAutomatically, TestFromOutside],
            ),
            (
                "unknown mapping, closed outside",
                outside(
                    Agreed::Closed,
                    false,
                    Facts {
                        mapping: Mapping::Unknown,
                        ..good()
                    },
                ),
                Verdict::NotForwarded,
                vec![ForwardAutomatically, TestFromOutside],
            ),
            (
                "vantages disagree: nothing decided",
                outside(
                    Agreed::Disagree,
                    false,
                    Facts {
                        mapping: Mapping::Unknown,
                        ..good()
                    },
                ),
                Verdict::ForwardUnknown,
                vec![ForwardAutomatically, TestFromOutside],
            ),
            (
                "nothing listening beats open_other",
                outside(
                    Agreed::OpenOther,
                    false,
                    Facts {
                        listener: ListenerState::Nothing,
                        ..good()
                    },
                ),
                Verdict::NoListener,
                vec![StartServer, CheckForwardTarget, TestFromOutside],
            ),
        ];
        let cases = cases.into_iter().chain(more);
        for (name, facts, verdict, steps) in cases {
            assert_eq!(diagnose(&facts), (verdict, steps), "{name}");
        }
        assert!(Verdict::Ready.is_ok() && !Verdict::NoListener.is_ok());
        assert!(!Verdict::RouterPage.is_ok());
    }

    #[test]
    fn causes_of_filtered_in_order() {
        use Cause::*;
        use Likelihood::*;
        let filtered = |fw: FirewallSummary, nat: NatVerdict, second: SecondPort| Facts {
            outside: Agreed::Filtered,
            host_firewall: fw,
            nat,
            second_port: second,
            ..good()
        };
        let cases = [
            (
                "nothing known",
                filtered(
                    FirewallSummary::Unknown,
                    NatVerdict::Unknown,
                    SecondPort::NotTried,
                ),
                vec![
                    (HostFirewall, Possible),
                    (UpstreamNat, Possible),
                    (IspBlock, Possible),
                ],
            ),
            (
                "the host firewall drops it",
                filtered(
                    FirewallSummary::Blocks,
                    NatVerdict::Single,
                    SecondPort::NotTried,
                ),
                vec![
                    (HostFirewall, Likely),
                    (IspBlock, Possible),
                    (UpstreamNat, Unlikely),
                ],
            ),
            (
                "a high port got through, the firewall lets the port in",
                filtered(
                    FirewallSummary::Clear,
                    NatVerdict::Single,
                    SecondPort::Through,
                ),
                vec![
                    (IspBlock, Likely),
                    (HostFirewall, Unlikely),
                    (UpstreamNat, Unlikely),
                ],
            ),
            (
                "a high port got through but the host firewall drops this one: not the ISP for sure",
                filtered(
                    FirewallSummary::Blocks,
                    NatVerdict::Single,
                    SecondPort::Through,
                ),
                vec![
                    (HostFirewall, Likely),
                    (IspBlock, Possible),
                    (UpstreamNat, Unlikely),
                ],
            ),
            (
                "the high port is blocked too",
                filtered(
                    FirewallSummary::MayBlock,
                    NatVerdict::Unknown,
                    SecondPort::AlsoBlocked,
                ),
                vec![
                    (HostFirewall, Possible),
                    (UpstreamNat, Possible),
                    (IspBlock, Unlikely),
                ],
            ),
        ];
        for (name, facts, want) in cases {
            assert_eq!(filtered_causes(&facts), want, "{name}");
        }
        // The steps follow the causes' order.
        let (v, steps) = diagnose(&filtered(
            FirewallSummary::Clear,
            NatVerdict::Single,
            SecondPort::Through,
        ));
        assert_eq!(v, Verdict::Filtered);
        assert_eq!(
            steps,
            vec![
                Step::TryHighPort,
                Step::CheckHostFirewall,
                Step::CheckUpstreamNat,
                Step::TestFromOutside
            ]
        );
        assert!(
            Verdict::Reachable.is_ok() && !Verdict::OpenOther.is_ok() && !Verdict::Filtered.is_ok()
        );
    }
}
