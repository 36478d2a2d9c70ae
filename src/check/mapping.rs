//! The mapping check (changes the router): ask it for a port mapping by
//! UPnP IGD, NAT-PMP or PCP — or, when only the manual way is asked for,
//! look at it read-only for its brand and WAN address — and read its
//! description meanwhile. What came of it is a typed fact
//! ([`Mapping`]: created with its lease, taken by another host, failed with
//! each method's typed cause); `forward` and `doctor --forward` word it.
//! The read-only look at an existing mapping is `check::router`.

use super::doctor::{Failure, Mapping, Offer};
use super::gateway::GatewayWarning;
use crate::net::host::{Iface, IfaceKind};
use crate::net::nat::RouterWan;
use crate::portmap::{self, Choice, MapError, Method, Outcome, Request, Router};
use crate::proto::upnp_xml::DeviceInfo;
use tokio::time::Instant;

/// What asking the router for the mapping found.
pub struct Made {
    /// The mapping (if any), each method's attempt, the handle that keeps
    /// it, the UPnP device and the router's WAN address.
    pub outcome: Outcome,
    /// The router's UPnP description, when it has one.
    pub info: Option<DeviceInfo>,
}

/// Maps `req` on `router` (`Choice::Only(Method::Manual)`: changes nothing,
/// only looks for the UPnP device and its WAN address), then reads the
/// device's description, all before `deadline`.
pub async fn make(router: Router, req: &Request, choice: Choice, deadline: Instant) -> Made {
    let outcome = if choice == Choice::Only(Method::Manual) {
        let igd = portmap::discover_upnp(router, deadline).await.ok();
        let wan = match &igd {
            Some(igd) => portmap::upnp_wan(igd, deadline).await,
            None => RouterWan::NotAsked,
        };
        Outcome {
            mapped: None,
            attempts: Vec::new(),
            handle: None,
            igd,
            router_wan: wan,
        }
    } else {
        portmap::map(router, req, choice, deadline).await
    };
    let info = match &outcome.igd {
        Some(igd) => igd.device_info(deadline).await,
        None => None,
    };
    Made { outcome, info }
}

impl Made {
    /// The port's mapping as a fact.
    pub fn mapping(&self) -> Mapping {
        of_outcome(&self.outcome)
    }

    /// Whether the router offers UPnP: found, tried and not found, or not asked.
    pub fn upnp(&self) -> Offer {
        let tried = self
            .outcome
            .attempts
            .iter()
            .any(|a| a.method == Method::Upnp);
        if self.outcome.igd.is_some() {
            Offer::Available
        } else if tried {
            Offer::Absent
        } else {
            Offer::NotAsked
        }
    }

    /// Whether the router offers NAT-PMP/PCP, as far as mapping tells.
    pub fn port_control(&self) -> Offer {
        port_control_of(&self.outcome)
    }

    /// The lease the router granted (0: permanent); `None` when not mapped.
    pub fn lease(&self) -> Option<u32> {
        self.outcome.mapped.as_ref().map(|m| m.lease_seconds)
    }
}

/// What may be wrong with a mapping just made, or with the host it points
/// at, as facts with stable codes; the catalogue words them when rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingWarning {
    /// The router takes only permanent leases (UPnP 725): mapped for good.
    OnlyPermanentLeases { port: u16 },
    /// The router did not list the mapping when asked back.
    NotConfirmed,
    /// Mapped, but the router would not say its WAN address.
    RouterWanUnreported,
    /// The host's address can change (Wi-Fi, DHCP): the gateway check's fact.
    Host(GatewayWarning),
}

impl MappingWarning {
    /// Stable code for `--json`.
    pub fn code(&self) -> &'static str {
        match self {
            MappingWarning::OnlyPermanentLeases { .. } => "only_permanent_leases",
            MappingWarning::NotConfirmed => "not_confirmed",
            MappingWarning::RouterWanUnreported => "router_wan_unreported",
            MappingWarning::Host(g) => g.code(),
        }
    }
}

/// Pure: the warnings of an outcome for `port`, made from `iface` (the
/// host's default interface).
pub fn warnings(o: &Outcome, port: u16, iface: &Iface) -> Vec<MappingWarning> {
    let mut out = Vec::new();
    let mapped = o.mapped.as_ref();
    if mapped.is_some_and(|m| m.forced_permanent) {
        out.push(MappingWarning::OnlyPermanentLeases { port });
    }
    if mapped.is_some_and(|m| !m.confirmed) {
        out.push(MappingWarning::NotConfirmed);
    }
    if mapped.is_some() && o.router_wan == RouterWan::Unreported {
        out.push(MappingWarning::RouterWanUnreported);
    }
    if iface.kind == IfaceKind::Wireless {
        out.push(MappingWarning::Host(GatewayWarning::Wireless));
    } else if iface.dhcp_v4 == Some(true) {
        out.push(MappingWarning::Host(GatewayWarning::Dhcp {
            mac: iface.mac.clone(),
        }));
    }
    out
}

/// Pure: the mapping fact of an outcome.
pub fn of_outcome(o: &Outcome) -> Mapping {
    if let Some(m) = &o.mapped {
        return Mapping::Created {
            method: m.method,
            lease_seconds: m.lease_seconds,
        };
    }
    let holder = o.attempts.iter().find_map(|a| match &a.cause {
        MapError::Conflict {
            holder: Some(h), ..
        } => Some(h.clone()),
        _ => None,
    });
    match holder {
        Some(h) => Mapping::TakenBy(h),
        None => Mapping::Failed(
            o.attempts
                .iter()
                .map(|a| Failure {
                    method: a.method,
                    cause: a.cause.clone(),
                })
                .collect(),
        ),
    }
}

/// Pure: NAT-PMP/PCP is available when it mapped, absent when NAT-PMP found
/// nothing to answer, else available (it answered, with a refusal); not
/// asked when UPnP mapped first.
fn port_control_of(o: &Outcome) -> Offer {
    match &o.mapped {
        Some(m) if matches!(m.method, Method::Natpmp | Method::Pcp) => Offer::Available,
        Some(_) => Offer::NotAsked,
        None if o
            .attempts
            .iter()
            .any(|a| a.method == Method::Natpmp && a.cause == MapError::NotFound) =>
        {
            Offer::Absent
        }
        None => Offer::Available,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portmap::Attempt;

    fn outcome(attempts: Vec<(Method, MapError)>) -> Outcome {
        Outcome {
            mapped: None,
            attempts: attempts
                .into_iter()
                .map(|(method, cause)| Attempt {
                    method,
                    error: cause.to_string(),
                    cause,
                })
                .collect(),
            handle: None,
            igd: None,
            router_wan: RouterWan::NotAsked,
        }
    }

    #[test]
    fn a_holder_in_any_attempt_is_taken_by() {
        let o = outcome(vec![
            (Method::Upnp, MapError::Timeout),
            (
                Method::Natpmp,
                MapError::Conflict {
                    holder: Some("192.168.99.50:5000".into()),
                    offered_port: None,
                },
            ),
        ]);
        assert_eq!(
            of_outcome(&o),
            Mapping::TakenBy("192.168.99.50:5000".into())
        );
    }

    #[test]
    fn failures_keep_each_methods_typed_cause() {
        let o = outcome(vec![
            (Method::Upnp, MapError::NotFound),
            (Method::Natpmp, MapError::NotAuthorized),
        ]);
        assert_eq!(
            of_outcome(&o),
            Mapping::Failed(vec![
                Failure {
                    method: Method::Upnp,
                    cause: MapError::NotFound
                },
                Failure {
                    method: Method::Natpmp,
                    cause: MapError::NotAuthorized
                },
            ])
        );
        // A conflict without a holder is a failure, not "taken".
        let o = outcome(vec![(
            Method::Upnp,
            MapError::Conflict {
                holder: None,
                offered_port: Some(5001),
            },
        )]);
        assert!(matches!(of_outcome(&o), Mapping::Failed(f) if f.len() == 1));
    }

    #[test]
    fn port_control_table() {
        let absent = outcome(vec![
            (Method::Upnp, MapError::Timeout),
            (Method::Natpmp, MapError::NotFound),
        ]);
        assert_eq!(port_control_of(&absent), Offer::Absent);
        let refused = outcome(vec![(Method::Natpmp, MapError::NotAuthorized)]);
        assert_eq!(port_control_of(&refused), Offer::Available);
        let upnp_only = outcome(vec![(Method::Upnp, MapError::Timeout)]);
        assert_eq!(port_control_of(&upnp_only), Offer::Available);
    }

    fn iface(kind: IfaceKind, dhcp: Option<bool>) -> Iface {
        Iface {
            index: 2,
            name: "eth0".into(),
            friendly_name: None,
            kind,
            mac: Some("02:00:00:00:00:01".into()),
            up: true,
            is_default: true,
            ipv4: Vec::new(),
            ipv6: Vec::new(),
            gateway_v4: None,
            gateway_v6: None,
            gateway_mac: None,
            dns_servers: Vec::new(),
            dhcp_v4: dhcp,
        }
    }

    fn mapped(forced_permanent: bool, confirmed: bool, wan: RouterWan) -> Outcome {
        let mut o = outcome(Vec::new());
        o.router_wan = wan;
        o.mapped = Some(crate::portmap::Mapped {
            method: Method::Upnp,
            router_wan: wan,
            external_port: 5000,
            internal: "192.168.99.123:5000".parse().unwrap(),
            protocols: vec![crate::net::Transport::Tcp],
            lease_seconds: if forced_permanent { 0 } else { 3600 },
            forced_permanent,
            confirmed,
            epoch: None,
        });
        o
    }

    #[test]
    fn warnings_table() {
        let wired = iface(IfaceKind::Wired, Some(false));
        let codes = |o: &Outcome, i: &Iface| -> Vec<&'static str> {
            warnings(o, 5000, i)
                .iter()
                .map(MappingWarning::code)
                .collect()
        };
        let wan = RouterWan::Addr("111.222.33.123".parse().unwrap());
        assert!(codes(&mapped(false, true, wan), &wired).is_empty());
        assert_eq!(
            codes(&mapped(true, false, RouterWan::Unreported), &wired),
            [
                "only_permanent_leases",
                "not_confirmed",
                "router_wan_unreported"
            ]
        );
        // Not mapped: nothing about the mapping, still the host's address.
        assert_eq!(
            codes(&outcome(vec![]), &iface(IfaceKind::Wireless, Some(true))),
            ["wireless"]
        );
        assert_eq!(
            warnings(&outcome(vec![]), 5000, &iface(IfaceKind::Wired, Some(true))),
            [MappingWarning::Host(GatewayWarning::Dhcp {
                mac: Some("02:00:00:00:00:01".into())
            })]
        );
    }
}
