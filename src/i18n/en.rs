//! English: every sentence of the catalogue, in one file. Each part of the
//! catalogue (a trait in `i18n/<part>.rs`) is implemented in its own block.

/// English.
#[derive(Debug, Clone, Copy)]
pub struct En;

mod cause {
    use super::En;
    use crate::i18n::parts::*;

    use crate::error::SetupError;

    use crate::net::cause::Failure;

    impl CauseText for En {
        fn failure(&self, f: &Failure, _category: &str) -> String {
            f.detail.clone()
        }
        fn os_failure(&self, f: &Failure) -> String {
            f.detail.clone()
        }
        fn setup_error(&self, e: &SetupError) -> String {
            match e {
                SetupError::Runtime(f) => format!("cannot start the async runtime: {f}"),
                SetupError::SignalHandler(f) => format!("could not run: signal handler: {f}"),
            }
        }
    }
}

mod doctor {
    use super::En;
    use crate::i18n::parts::*;

    use crate::check::doctor::{Step, Verdict};

    impl DoctorText for En {
        fn doctor_title(&self, port: u16) -> String {
            format!("netcheck doctor — can others reach port {port} on this machine?")
        }
        fn doctor_checking(&self) -> &'static str {
            "checking the network…"
        }
        fn check_label(&self, id: &str) -> &'static str {
            match id {
                "network" => "Network",
                "public_ip" => "Public IP",
                "ipv6" => "IPv6",
                "router" => "Router",
                "nat" => "NAT",
                "nat_type" => "NAT type",
                "server" => "Server",
                "forward" => "Port forward",
                "reach" => "Reachability",
                "outside" => "From outside",
                _ => "?",
            }
        }
        fn doctor_network(&self, gw: &str, iface: &str, lan: &str) -> String {
            format!("router {gw}, this machine {lan} on {iface}")
        }
        fn doctor_no_gateway(&self) -> &'static str {
            "no router: not connected to a network"
        }
        fn doctor_public(&self, ip: &str, votes: usize) -> String {
            format!("{ip} ({votes} sources agree)")
        }
        fn doctor_public_unconfirmed(&self, ip: &str) -> String {
            format!("{ip} (unconfirmed: one source)")
        }
        fn doctor_ipv6_global(&self, ip: &str) -> String {
            format!("{ip}: IPv6 needs no port forward, only a firewall opening")
        }
        fn doctor_ipv6_none(&self) -> &'static str {
            "no global IPv6 address"
        }
        fn doctor_router(&self, methods: &str, name: &str, wan: &str) -> String {
            format!("{methods}{name} · WAN {wan}")
        }
        fn doctor_no_automation(&self) -> &'static str {
            "no UPnP, NAT-PMP or PCP answered: port forwarding must be set by hand"
        }
        fn doctor_listener(&self, state: &str, addrs: &str) -> String {
            match state {
                "nothing" => "nothing listens on this port".to_string(),
                "loopback_only" => {
                    format!("listens only on {addrs}: other machines cannot connect")
                }
                "other_addresses" => format!("listens only on {addrs}, not on the LAN address"),
                "unknown" => "could not tell who listens".to_string(),
                _ => format!("listening on {addrs}"),
            }
        }
        fn doctor_mapping_present(&self, ext: &str, lan: &str) -> String {
            format!("the router forwards {ext} → {lan}")
        }
        fn doctor_mapping_missing(&self, port: u16) -> String {
            format!(
                "port {port} is not in the router's UPnP list — rules typed into its web page may not show here"
            )
        }
        fn doctor_mapping_taken(&self, holder: &str) -> String {
            format!("the port is forwarded to another device: {holder}")
        }
        fn doctor_mapping_created(&self, method: &str, lease: &str) -> String {
            format!("created now with {method} ({lease})")
        }
        fn doctor_mapping_failed(&self, why: &str) -> String {
            format!("could not create it: {why}")
        }
        fn doctor_mapping_unknown(&self) -> &'static str {
            "could not ask the router (no UPnP); run with --forward to create it"
        }
        fn doctor_reach(&self, target: &str, verdict: &str) -> String {
            format!(
                "{target} from this machine: {verdict} — from inside the LAN this proves little (hairpin NAT)"
            )
        }
        fn reach_word(&self, r: crate::check::doctor::Reach) -> &'static str {
            use crate::check::doctor::Reach::*;
            match r {
                Reachable => "answered",
                Refused => "refused",
                TimedOut => "no answer (timed out)",
                Failed => "failed",
                NotTried => "not tried",
            }
        }
        fn doctor_reach_skipped(&self) -> &'static str {
            "not tried (no public IP or nothing listening)"
        }
        fn doctor_verdict_label(&self) -> &'static str {
            "Verdict"
        }
        fn doctor_verdict(&self, v: Verdict) -> &'static str {
            use Verdict::*;
            match v {
                Reachable => {
                    "reachable — a vantage outside your network reached this machine's server"
                }
                OpenOther => {
                    "something else answers on the port from outside — not this machine's server"
                }
                RouterPage => {
                    "the router's own page answers on that port from outside — not this machine's server"
                }
                Filtered => {
                    "the port is forwarded and the server listens, but nothing gets through from outside"
                }
                Ready => {
                    "ready — everything this machine can check is right; confirm from another network"
                }
                NoGateway => "not connected to a network",
                Vpn => {
                    "a VPN holds the default route: the results describe the VPN, not your home network"
                }
                Offline => "no internet connection",
                Cgnat => {
                    "carrier-grade NAT: the ISP's NAT blocks connections from outside, whatever your router does"
                }
                DoubleNat => {
                    "double NAT: another NAT in front of your router blocks connections from outside"
                }
                NoListener => "no server is running on the port",
                LocalhostOnly => "the server accepts only connections from this machine",
                PortTaken => "the port is forwarded to another device",
                NotForwarded => {
                    "the port is not in the router's UPnP list of forwards (rules typed into its web page may not show there)"
                }
                ForwardUnknown => "whether the router forwards the port could not be checked",
            }
        }
        fn doctor_step(&self, s: Step, port: u16, public: &str, holder: &str) -> String {
            use Step::*;
            match s {
                ConnectNetwork => "Connect this machine to the router (cable or Wi-Fi), then run netcheck doctor again.".into(),
                DisconnectVpn => "Disconnect the VPN (or exclude the LAN from it) and run netcheck doctor again.".into(),
                CheckInternet => "No public-IP source answered: check the internet connection (netcheck public-ip -v shows each source).".into(),
                AskIspPublicIp => "Ask your ISP for a public IP address (often a free or paid option).".into(),
                BridgeMode => "If an ISP modem-router sits in front of your router, put it in bridge mode, or forward the port on it too.".into(),
                UseIpv6 => "Use IPv6: this machine has a global IPv6 address; clients with IPv6 can reach it once the firewall allows the port.".into(),
                UseTunnel => "Or use a tunnel that connects out from your server (Tailscale, Cloudflare Tunnel, ngrok).".into(),
                StartServer => format!("Start your server on port {port} (or try `netcheck serve --port {port}`)."),
                BindAllAddresses => format!("Make the server listen on all addresses, not 127.0.0.1 — Flask: app.run(host=\"0.0.0.0\", port={port})."),
                UseHostAddress => "This runs in a container or VM: forward the port from the host machine too (e.g. docker run -p), and point the router at the host's LAN address.".into(),
                FreeThePort => format!("Port {port} is already forwarded to {holder}: delete that rule on the router, or use another external port (netcheck forward --port {port} --external-port {}).", port.saturating_add(1)),
                ForwardAutomatically => format!("Forward the port: netcheck forward --port {port} (or netcheck doctor --port {port} --forward)."),
                ForwardByHand => format!("Add the port forward on the router's admin page: netcheck forward --port {port} --method manual prints the exact rule and menu."),
                ReserveAddress => "This machine's LAN address comes from DHCP and can change: reserve it for this machine's MAC address on the router (DHCP reservation); on Wi-Fi also switch off the random (private) MAC address.".into(),
                OpenIpv6Firewall => format!("For IPv6, allow TCP port {port} in this machine's firewall and the router's IPv6 firewall (no port forward needed)."),
                RouterIpv6Pinhole => format!("For IPv6, allow TCP port {port} in this machine's firewall; your router offers IPv6 pinholes over UPnP (IGDv2 WANIPv6FirewallControl), or open it on the router's IPv6 firewall page. No port forward is needed."),
                CheckForwardTarget => format!("Point the router's port forward for {port} at this machine's LAN address; if the router's own admin page (or remote management) uses port {port}, move it to another port."),
                MoveRouterPage => format!("The router's own page (admin page or remote management) answers on port {port} from outside: move it to another port in the router's settings, or run the server on another port and forward that one."),
                CheckHostFirewall => format!("Allow incoming TCP {port} in this machine's firewall (Linux: ufw, firewalld or nftables; Windows Defender Firewall; macOS application firewall)."),
                CheckUpstreamNat => format!("Check for a second NAT in front of the router (the ISP's modem or ONT): it must forward {port} too, or be put in bridge mode."),
                TryHighPort => format!("The ISP may block port {port} (80 and 443 most often): try a high port such as 18080 and test it again."),
                TestFromOutside => format!("From another network (a phone hotspot), run: netcheck probe {public} --port {port}"),
            }
        }
        fn doctor_forward_note(&self) -> &'static str {
            "Without --forward, doctor changes nothing on the router."
        }
    }
}

mod filtered {
    use super::En;
    use crate::i18n::filtered::OFTEN_BLOCKED;
    use crate::i18n::parts::*;

    use crate::check::doctor::{Likelihood, SecondPort};
    use crate::check::host_firewall::Tool;
    use crate::check::outside::SecondPortReport;

    impl FilteredText for En {
        fn likelihood(&self, l: Likelihood) -> &'static str {
            match l {
                Likelihood::Likely => "likely",
                Likelihood::Possible => "possible",
                Likelihood::Unlikely => "unlikely",
            }
        }
        fn doctor_causes_title(&self) -> &'static str {
            "Likely causes, most likely first"
        }
        fn firewall_tool(&self, t: Tool) -> &'static str {
            match t {
                Tool::Nftables => "nftables",
                Tool::Ufw => "ufw",
                Tool::Firewalld => "firewalld",
                Tool::WindowsFirewall => "Windows Defender Firewall",
                Tool::MacosFirewall => "macOS application firewall",
            }
        }
        fn firewall_not_read(&self, port: u16) -> String {
            format!(
                "This host's firewall is not read on this system: check by hand that it lets TCP {port} in."
            )
        }
        fn isp_cause(
            &self,
            l: Likelihood,
            port: u16,
            second: Option<&SecondPortReport>,
            fact: SecondPort,
        ) -> String {
            match (fact, second) {
                (SecondPort::Through, Some(s)) if l == Likelihood::Likely => {
                    let p2 = s.port;
                    format!(
                        "Port {p2} got through the same path while port {port} did not: something upstream blocks port {port} — most often the ISP. Use a high port such as {p2}."
                    )
                }
                (SecondPort::Through, Some(s)) => {
                    let p2 = s.port;
                    format!(
                        "Port {p2} got through the same path while port {port} did not; this host's firewall drops port {port}, which explains that too."
                    )
                }
                (SecondPort::AlsoBlocked, Some(s)) => {
                    let p2 = s.port;
                    format!(
                        "Port {p2} did not get through either: not a block of port {port} alone."
                    )
                }
                (_, Some(_)) => format!(
                    "The ISP may block port {port}; a second port could not be tested (its mapping or the vantages failed)."
                ),
                (_, None) if OFTEN_BLOCKED.contains(&port) => format!(
                    "ISPs often block port {port} on home lines: use a high port. A second port was not tested (doctor --forward with a reflector tests one)."
                ),
                (_, None) => format!(
                    "The ISP may block port {port}. A second port was not tested (doctor --forward with a reflector tests one)."
                ),
            }
        }
        fn nat_cause(&self, l: Likelihood) -> &'static str {
            match l {
                Likelihood::Likely => {
                    "A second NAT sits upstream: the router's WAN address is not the public address."
                }
                Likelihood::Unlikely => {
                    "No second NAT: the router's WAN address is the public address."
                }
                Likelihood::Possible => {
                    "Whether a second NAT sits upstream could not be told: the router did not give its WAN address."
                }
            }
        }
        fn firewall_blocks(&self, port: u16, what: &str) -> String {
            format!("This host's firewall drops incoming TCP {port}: {what}.")
        }
        fn firewall_may_block(&self, port: u16, what: &str) -> String {
            format!(
                "This host's firewall may drop incoming TCP {port}: {what} — a rule with conditions netcheck cannot judge."
            )
        }
        fn firewall_unreadable(&self, what: &str) -> String {
            format!(
                "This host's firewall could not be read ({what}): run doctor as root (sudo) to read its rules."
            )
        }
        fn firewall_none_found(&self) -> &'static str {
            "No firewall tool was found on this host (nftables, ufw, firewalld)."
        }
        fn firewall_lets_in(&self, port: u16, tools: &str) -> String {
            format!("This host's firewall lets TCP {port} in, or is not active (read: {tools}).")
        }
    }
}

mod forward {
    use super::En;
    use crate::i18n::parts::*;

    use crate::net::nat::NatVerdict;
    use crate::portmap::MapError;

    impl ForwardText for En {
        fn forwarded(&self, method: &str) -> String {
            format!("Port forwarded ({method})")
        }
        fn not_forwarded(&self) -> &'static str {
            "The router did not open the port automatically"
        }
        fn not_tried_manual(&self) -> &'static str {
            "Automatic forwarding was not tried (--method manual): set it up by hand as below"
        }
        fn lease(&self, secs: u32) -> String {
            if secs == 0 {
                return "permanent (no lease)".into();
            }
            let human = self.duration(secs);
            format!("lease {human}")
        }
        fn router_wan_unreported(&self) -> &'static str {
            "The router accepted the rule but reports no external address (it says it is not connected), so whether another NAT stands in front of it is unknown. Check from outside with netcheck probe."
        }
        fn not_confirmed(&self) -> &'static str {
            "the router accepted the rule but did not list it back"
        }
        fn label_router(&self) -> &'static str {
            "Router"
        }
        fn label_public_ip(&self) -> &'static str {
            "Public IP"
        }
        fn label_router_wan(&self) -> &'static str {
            "Router WAN IP"
        }
        fn label_tried(&self) -> &'static str {
            "Tried"
        }
        fn next_steps(&self) -> &'static str {
            "Next steps"
        }
        fn nat_verdict(&self, v: NatVerdict) -> &'static str {
            match v {
                NatVerdict::None => "no NAT: this machine holds the public address itself",
                NatVerdict::Single => {
                    "one NAT (your router): the router's WAN address is the public IP"
                }
                NatVerdict::Double => {
                    "double NAT: another router or the ISP's NAT sits in front of yours"
                }
                NatVerdict::Cgnat => {
                    "carrier-grade NAT: the router's WAN address is in 100.64.0.0/10, shared by the ISP"
                }
                NatVerdict::Unknown => {
                    "unknown: the router's WAN address could not be compared with the public IP"
                }
            }
        }
        fn double_nat_options(&self, mapped: bool) -> [&'static str; 5] {
            [
                if mapped {
                    "The mapping opens this router, but the next NAT still blocks connections from outside."
                } else {
                    "Even a port forward on this router would not be enough: the next NAT still blocks connections from outside."
                },
                "Ask your ISP for a public IP address (often a free or paid option).",
                "If an ISP modem-router sits in front of yours, put it in bridge mode, or forward the port on it too; or set its DMZ to your router's WAN address.",
                "Use IPv6 if both sides have it: no NAT, only a firewall opening.",
                "Or use a tunnel service (e.g. Tailscale, Cloudflare Tunnel, ngrok) that connects out from your server.",
            ]
        }
        fn verify_from_outside(&self, cmd: &str) -> String {
            format!("From another network (e.g. a phone hotspot), check it: {cmd}")
        }
        fn lease_note(&self, secs: u32, port: u16) -> String {
            if secs == 0 {
                return format!(
                    "The mapping stays until removed: netcheck forward --remove --port {port}"
                );
            }
            let human = self.duration(secs);
            format!(
                "The mapping expires after {human}; --keep holds and renews it, --remove deletes it now."
            )
        }
        fn forced_permanent(&self, port: u16) -> String {
            format!(
                "The router accepts only permanent mappings (UPnP 725), so this one has no lease. Remove it when done: netcheck forward --remove --port {port}"
            )
        }
        fn map_error(&self, e: &MapError) -> String {
            match e {
                MapError::NotFound => "no answer (turned off on the router, or not supported)"
                .into(),
                MapError::Conflict { holder: Some(h), .. } => format!("the external port is already forwarded to {h}"),
                MapError::Conflict { offered_port: Some(p), .. } => format!("the external port is taken; the router offered {p} instead (not used)"),
                MapError::Conflict { .. } => "the external port is already forwarded to another device"
                .into(),
                MapError::NotAuthorized => "refused: the router does not allow automatic port forwarding (UPnP off or secure mode)"
                .into(),
                MapError::NoExternalAddress => "the router has no usable external address (its WAN side is private: another NAT)"
                .into(),
                MapError::Timeout => "the router did not answer in time"
                    .into(),
                MapError::OnlyOwnAddress => "not tried: NAT-PMP and PCP forward only to the machine that asks; use UPnP or run netcheck on that machine"
                .into(),
                MapError::SkippedLowPort => "not tried for ports below 1024: routers running miniupnpd refuse them and can stall for a minute; use --method natpmp or pcp to try anyway"
                .into(),
                MapError::Refused { why: _, words } => format!("refused: {words}"),
                MapError::Device { why: _, words } => words.clone(),
                MapError::Malformed => "the router's answer is not readable UPnP (broken XML): its UPnP is faulty; set the port forward by hand"
                .into(),
                MapError::NoSuchMapping => "this port is not in the router's UPnP list: nothing was removed (rules typed into its web page must be deleted there)"
                .into(),
                MapError::NotOurs { holder } => format!("the router's rule for this port forwards to another device ({holder}); netcheck left it alone"),
            }
        }
        fn conflict_hint(&self, port: u16) -> String {
            format!(
                "Pick another external port (--external-port {}), or delete the other rule on the router's port-forwarding page.",
                port.saturating_add(1)
            )
        }
        fn no_gateway_error(&self) -> &'static str {
            "no default gateway: this machine is not behind a router it can reach"
        }
        fn internal_off_subnet(&self, ip: &str, lan: &str) -> String {
            format!("{ip} is not on the router's network ({lan}): the router cannot forward to it")
        }
        fn list_heading(&self) -> &'static str {
            "Port mappings in the router's UPnP list"
        }
        fn list_empty(&self) -> &'static str {
            "No port mappings in the router's UPnP list — rules typed into its web page may not show here."
        }
        fn list_needs_upnp(&self) -> &'static str {
            "listing needs UPnP IGD, and no UPnP router answered"
        }
        fn list_needs_upnp_hint(&self) -> &'static str {
            "turn on UPnP on the router, or read the list on its port-forwarding page"
        }
        fn removed(&self, port: u16, proto: &str, method: &str) -> String {
            format!("Removed the mapping of external port {port} ({proto}) via {method}.")
        }
        fn remove_failed(&self) -> &'static str {
            "The mapping could not be removed"
        }
        fn keeping(&self, every: &str) -> String {
            format!("Keeping the mapping: checking every {every}. Ctrl+C removes it and exits.")
        }
        fn renewed(&self) -> &'static str {
            "mapping renewed"
        }
        fn recreated(&self) -> &'static str {
            "the mapping was gone (router restarted?) — created it again"
        }
        fn renew_failed(&self, why: &str) -> String {
            format!("renewal failed: {why}")
        }
        fn stopping(&self) -> &'static str {
            "stopping: removing the mapping"
        }
        fn list_columns(&self) -> [&'static str; 6] {
            [
                "External port",
                "Protocol",
                "Internal IP",
                "Internal port",
                "Description",
                "Lease",
            ]
        }
    }
}

mod forward_guide {
    use super::En;
    use crate::i18n::parts::*;

    use crate::router::brands::{DefaultLogin, LoginScope};
    use crate::router::{Brand, DetectedBy};

    impl GuideText for En {
        fn guide_title(&self, brand: Brand) -> String {
            let b = self.brand_name(brand);
            match brand {
                Brand::Generic => "Set up the port forward by hand on your router".to_string(),
                _ => format!("Set up the port forward by hand on your {b} router"),
            }
        }
        fn guide_detected_by(&self, by: DetectedBy) -> &'static str {
            match by {
                DetectedBy::Upnp => "recognised from the router's UPnP description",
                DetectedBy::Mac => "guessed from the maker code in the router's MAC address",
                DetectedBy::None => "router brand not recognised: general steps",
            }
        }
        fn guide_step_login(&self, url: Option<&str>, usual: Option<&str>) -> String {
            match (url, usual) {
                (Some(url), _) => format!("Open {url} in a browser and log in with the router's admin account."),
                (None, Some(usual)) => format!(
                        "Open the router's admin page in a browser (the default gateway's address; for this brand usually {usual}) and log in."
                    ),
                (None, None) => "Open the router's admin page in a browser (the default gateway's address: `netcheck gateway` shows it) and log in.".to_string(),
            }
        }
        fn guide_login_hint(&self, login: DefaultLogin) -> String {
            let (user, pw) = (login.user, login.password);
            match login.scope {
                LoginScope::Model(m) => format!(
                    "Login hint (varies by model): on the {m}, {user} / {pw}. If it was changed, or the router's label gives a password, use that."
                ),
                LoginScope::OlderFirmware => format!(
                    "Login hint (varies by model): older firmware uses {user} / {pw}; newer firmware has you create an account at first login. If it was changed, use yours."
                ),
                LoginScope::Default => format!(
                    "Login hint (varies by model): the factory default is {user} / {pw}. If it was changed, use yours."
                ),
            }
        }
        fn guide_step_menu(&self, path: &str) -> String {
            format!("Go to the port-forwarding page: {path}")
        }
        fn guide_menu_unverified(&self) -> &'static str {
            "(not verified: menu names differ between models and firmware versions)"
        }
        fn guide_step_rule(&self) -> &'static str {
            "Add this rule, then save / apply:"
        }
        fn guide_col_external_port(&self) -> &'static str {
            "External port"
        }
        fn guide_col_protocol(&self) -> &'static str {
            "Protocol"
        }
        fn guide_col_internal_ip(&self) -> &'static str {
            "Internal IP"
        }
        fn guide_col_internal_port(&self) -> &'static str {
            "Internal port"
        }
        fn guide_col_description(&self) -> &'static str {
            "Description"
        }
        fn guide_range_note(&self, start: u16, end: u16) -> String {
            if start == end {
                format!(
                    "Where the router asks for a start and an end port (some ask for the internal port as a range too), put {start} in both."
                )
            } else {
                format!(
                    "Where the router asks for a start and an end port, put {start} as the start and {end} as the end."
                )
            }
        }
        fn guide_field_names_note(&self) -> &'static str {
            "The external port may be called \"service port\" (SK Broadband, older ipTIME), \"server port\" (KT) or \"WAN port\" (LG U+), and the internal IP \"LAN IP\"."
        }
        fn guide_both_note(&self) -> &'static str {
            "TCP+UDP may be called Both, All or TCP/UDP on the router."
        }
        fn guide_step_dhcp(&self, ip: &str) -> String {
            format!(
                "This computer's address ({ip}) comes from DHCP, so it can change later and the rule would then point at another device. Reserve {ip} for this computer's MAC address on the router (DHCP reservation), or set a fixed address outside the router's DHCP range. On Wi-Fi, switch off the random (private) MAC address for this network, or the reservation will not match."
            )
        }
        fn guide_step_verify(&self, internal_port: u16) -> String {
            format!(
                "From another network (a phone hotspot, say), check that the port is reachable while your server listens on port {internal_port}:"
            )
        }
        fn guide_public_ip_unknown(&self) -> &'static str {
            "Replace <public-ip> with this network's public IP (`netcheck public-ip` shows it)."
        }
        fn guide_upnp_tip(&self, path: &str) -> String {
            format!(
                "Tip: switch UPnP on and `netcheck forward` can open the port by itself next time (UPnP lets any program at home open ports, so keep it on only while you need it). UPnP is at: {path}"
            )
        }
        fn menu_path(&self, brand: Brand) -> &'static str {
            match brand {
                Brand::IpTime => {
                    "Advanced Setup > NAT/Router Management > Port Forwarding (classic admin page; the new admin page of firmware 16.x may differ)"
                }
                Brand::SkBroadband => "방화벽 (Firewall) > 포트포워딩 (Port forwarding)",
                Brand::Kt => {
                    "고급설정 (Advanced settings) > 트래픽 관리 (Traffic management) > 포트 포워딩 설정 (Port forwarding settings); on some models the top menu is 장치 설정 (Device settings)"
                }
                Brand::LgUplus => {
                    "Network 설정 (Network settings) > NAT 설정 (NAT settings) > 버츄얼 서버 맵핑 (Virtual server mapping) on the LG-5000P; other models may call it 포트 포워딩 (Port forwarding)"
                }
                Brand::TpLink => "Advanced > NAT Forwarding > Virtual Servers",
                Brand::Asus => "Advanced Settings > WAN > Virtual Server / Port Forwarding",
                Brand::Netgear => "ADVANCED > Advanced Setup > Port Forwarding / Port Triggering",
                Brand::Linksys => {
                    "Security > Apps and Gaming > Single Port Forwarding (older models: Applications & Gaming > Single Port Forwarding)"
                }
                Brand::Fritzbox => {
                    "Internet > Permit Access > Port Sharing (German UI: Internet > Freigaben > Portfreigaben)"
                }
                Brand::Huawei => {
                    "More Functions > Security Settings > Port Mapping (ISP-supplied ONTs: Forward Rules > Port Mapping Configuration)"
                }
                Brand::Xiaomi => {
                    "Advanced settings > Port forwarding (Chinese UI: 高级设置 > 端口转发)"
                }
                Brand::Ubiquiti => {
                    "UniFi Network app: Settings > Routing > Port Forwarding (older versions: Settings > Firewall & Security > Port Forwarding)"
                }
                Brand::OpenWrt => "LuCI: Network > Firewall > Port Forwards",
                Brand::Generic => {
                    "usually under Advanced, NAT or Firewall, called Port Forwarding, Virtual Server(s) or Port Mapping"
                }
            }
        }
        fn upnp_toggle_path(&self, brand: Brand) -> Option<&'static str> {
            match brand {
                Brand::TpLink => Some("Advanced > NAT Forwarding > UPnP"),
                Brand::Asus => Some("Advanced Settings > WAN > Internet Connection > Enable UPnP"),
                Brand::Netgear => Some("ADVANCED > Advanced Setup > UPnP"),
                Brand::Linksys => Some("Connectivity > Administration > UPnP"),
                Brand::Fritzbox => Some(
                    "Home Network > Network (or Mesh) > Network Connections > edit this computer > tick “Permit independent port sharing for this device” (PCP/UPnP; German UI: Heimnetz > Heimnetzübersicht > Netzwerkverbindungen)",
                ),
                Brand::Xiaomi => Some("Advanced settings > UPnP"),
                Brand::Ubiquiti => Some("UniFi Network app: Settings > Internet > UPnP"),
                Brand::OpenWrt => Some(
                    "LuCI: Services > UPnP IGD & PCP (older versions: Services > UPnP; needs package luci-app-upnp)",
                ),
                _ => None,
            }
        }
        fn ipv6_firewall_path(&self, brand: Brand) -> Option<&'static str> {
            match brand {
                Brand::Asus => Some("Advanced Settings > Firewall > IPv6 Firewall"),
                Brand::Fritzbox => Some(
                    "Internet > Permit Access > Port Sharing > this device > New Sharing, tick “IPv6” (German UI: Internet > Freigaben > Portfreigaben)",
                ),
                Brand::OpenWrt => Some(
                    "LuCI: Network > Firewall > Traffic Rules: add a rule from wan to lan, IPv6, destination port, action accept",
                ),
                Brand::Ubiquiti => Some(
                    "UniFi Network app: Settings > Security > Firewall Rules > Internet v6 In: add an accept rule",
                ),
                _ => None,
            }
        }
        fn brand_name(&self, brand: Brand) -> &'static str {
            brand.name()
        }
    }
}

mod gateway {
    use super::En;
    use crate::i18n::parts::*;

    use crate::net::host::IfaceKind;

    impl GatewayText for En {
        fn iface_kind(&self, k: IfaceKind) -> &'static str {
            use IfaceKind::*;
            match k {
                Wired => "wired",
                Wireless => "Wi-Fi",
                Cellular => "cellular",
                Vpn => "VPN / tunnel",
                Container => "container network",
                Bridge => "bridge",
                Virtual => "virtual",
                Loopback => "loopback",
                Unknown => "unknown",
            }
        }
        fn label_interface(&self) -> &'static str {
            "Interface"
        }
        fn label_lan_ipv4(&self) -> &'static str {
            "LAN IPv4"
        }
        fn label_gateway(&self) -> &'static str {
            "Gateway"
        }
        fn label_gateway_v6(&self) -> &'static str {
            "Gateway IPv6"
        }
        fn label_router_page(&self) -> &'static str {
            "Router page"
        }
        fn label_dns(&self) -> &'static str {
            "DNS"
        }
        fn dhcp_state(&self, dhcp: Option<bool>) -> &'static str {
            match dhcp {
                Some(true) => "assigned by DHCP",
                Some(false) => "static",
                None => "DHCP unknown",
            }
        }
        fn mac_unknown(&self) -> &'static str {
            "MAC not in the neighbour table yet"
        }
        fn open_in_browser(&self) -> &'static str {
            "open it in a browser and log in"
        }
        fn no_gateway(&self) -> &'static str {
            "No default gateway: this machine has no route out of its network."
        }
        fn no_default_interface(&self) -> &'static str {
            "no default route: this machine is not connected to a network"
        }
        fn hint_check_link(&self) -> &'static str {
            "check the cable or Wi-Fi; `netcheck gateway --all` lists every interface"
        }
        fn warn_wireless(&self) -> &'static str {
            "This machine is on Wi-Fi: its internal IP can change when it reconnects, and a port forward would then point at the wrong device. Use a wired link, or reserve this address for its MAC on the router (DHCP reservation)."
        }
        fn warn_dhcp(&self, mac: Option<&str>) -> String {
            let en_mac = mac.map(|m| format!(" for MAC {m}")).unwrap_or_default();
            format!(
                "This address was assigned by DHCP and can change later; a port forward would then point at the wrong device. Reserve it on the router{en_mac} (DHCP reservation), or set a static address outside the DHCP range."
            )
        }
        fn warn_vpn(&self, name: &str) -> String {
            format!(
                "A VPN or tunnel ({name}) holds the default route: the public IP and router seen from here belong to the VPN, not to your home network. Disconnect the VPN to check the home network."
            )
        }
        fn warn_virtual(&self, name: &str, kind: IfaceKind) -> String {
            let kind = self.iface_kind(kind);
            format!(
                "The default route goes through a virtual interface ({name}, {kind}): this looks like a container or VM, so the address other machines must use is the host machine's, not this one."
            )
        }
        fn warn_several_lans(&self, others: &str, lan: &str) -> String {
            format!(
                "Several interfaces could be the LAN one ({others}). The port forward must point at the address on the router's network: {lan}."
            )
        }
        fn all_interfaces(&self) -> &'static str {
            "All interfaces"
        }
        fn default_marker(&self) -> &'static str {
            "default route"
        }
        fn down_marker(&self) -> &'static str {
            "down"
        }
    }
}

mod help {
    use super::En;
    use crate::i18n::parts::*;

    impl HelpText for En {
        fn cli_usage_heading(&self) -> &'static str {
            "Usage:"
        }
        fn cli_options_heading(&self) -> &'static str {
            "Options"
        }
        fn cli_arguments_heading(&self) -> &'static str {
            "Arguments"
        }
        fn cli_commands_heading(&self) -> &'static str {
            "Commands"
        }
        fn cli_options_word(&self) -> &'static str {
            "[OPTIONS]"
        }
        fn cli_default(&self, v: &str) -> String {
            format!("[default: {v}]")
        }
        fn cli_possible(&self, vs: &str) -> String {
            format!("[possible values: {vs}]")
        }
        fn exit_help(&self) -> &'static str {
            crate::exit::EXIT_HELP
        }
        fn man_no_such_command(&self, name: &str) -> String {
            format!("no such command: '{name}' (see netcheck --help)")
        }
        fn cannot_write_file(&self, path: &str, why: std::io::ErrorKind) -> String {
            use std::io::ErrorKind as K;
            let en = match why {
                K::NotFound => "the directory does not exist",
                K::PermissionDenied => "permission denied",
                _ => "write failed",
            };
            format!("cannot write {path}: {en}")
        }
        fn clap_invalid_value(&self, arg: &str, value: &str) -> String {
            format!("invalid value '{value}' for '{arg}'")
        }
        fn clap_possible_values(&self, vs: &str) -> String {
            format!("possible values: {vs}")
        }
        fn clap_expected(&self, flag: &str) -> Option<&'static str> {
            Some(match flag {
                "--port" | "-p" | "--external-port" => "a port, 1-65535",
                "--lease" => "whole seconds, at least 1s, such as 30m or 1h; 0 = permanent",
                "--timeout" | "--request-timeout" => "a duration such as 3s, 500ms, 1m or 1h",
                "--internal-ip" => "an IPv4 address such as 192.168.0.10",
                "--bind" => "an IP address of this computer",
                "--data" => "valid JSON",
                "--count" | "-c" => "a number, 1-100",
                "--max-connections" => "a number, 1-65536",
                _ => return None,
            })
        }
        fn clap_expected_line(&self, what: &str) -> String {
            format!("expected: {what}")
        }
        fn clap_unknown_argument(&self, arg: &str) -> String {
            format!("unexpected argument '{arg}'")
        }
        fn clap_unknown_command(&self, cmd: &str) -> String {
            format!("unrecognized subcommand '{cmd}'")
        }
        fn clap_did_you_mean(&self, s: &str) -> String {
            format!("a similar one exists: '{s}'")
        }
        fn clap_missing(&self, args: &str) -> String {
            format!("the following required arguments were not provided: {args}")
        }
        fn clap_missing_command(&self) -> &'static str {
            "a command is required"
        }
        fn clap_conflict(&self, a: &str, b: &str) -> String {
            format!("'{a}' cannot be used with '{b}'")
        }
        fn clap_once(&self, arg: &str) -> String {
            format!("'{arg}' can be given only once")
        }
        fn clap_wrong_use(&self, arg: &str) -> String {
            format!("'{arg}' is used the wrong way")
        }
        fn clap_not_utf8(&self) -> &'static str {
            "an argument is not valid UTF-8"
        }
        fn clap_other(&self) -> &'static str {
            "the command line could not be understood"
        }
        fn clap_more_info(&self) -> &'static str {
            "For more information, try '--help'."
        }
        fn cli_about(&self, _cmd: &str) -> Option<&'static str> {
            None
        }
        fn cli_arg_help(&self, _cmd: &str, _id: &str) -> Option<&'static str> {
            None
        }
        fn cli_value_name(&self, name: &str) -> String {
            name.to_string()
        }
    }
}

mod shared {
    use super::En;
    use crate::i18n::parts::*;
    use crate::net::addr::AddressKind;

    impl SharedText for En {
        fn error_prefix(&self) -> &'static str {
            "error"
        }
        fn hint_prefix(&self) -> &'static str {
            "hint"
        }
        fn warning(&self) -> &'static str {
            "warning"
        }
        fn none(&self) -> &'static str {
            "none"
        }
        fn unknown(&self) -> &'static str {
            "unknown"
        }
        fn could_not_run(&self, detail: &str) -> String {
            format!("could not run: {detail}")
        }
        fn address_kind(&self, k: AddressKind) -> &'static str {
            use AddressKind::*;
            match k {
                Private => "private",
                Cgnat => "carrier-grade NAT",
                Public => "public",
                Global => "global",
                Ula => "unique local (ULA)",
                LinkLocal => "link-local",
                Loopback => "loopback",
                Unspecified => "unspecified",
                Multicast => "multicast",
                Reserved => "reserved",
            }
        }
        fn address_meaning(&self, k: AddressKind) -> &'static str {
            use AddressKind::*;
            match k {
                Private => {
                    "A private address (RFC 1918): only devices on your home network can reach it. Others reach you through the router's public IP, so the router needs a port forward to this address."
                }
                Cgnat => {
                    "A carrier-grade NAT address (100.64.0.0/10): your ISP shares one public address among many customers, so a port forward on your own router is not enough. Ask the ISP for a public IP, or use IPv6 or a tunnel."
                }
                Public | Global => {
                    "A public address: this machine is directly on the internet, so no port forward is needed — but a firewall may still block incoming connections."
                }
                LinkLocal => {
                    "A link-local address (169.254.x.x): no DHCP server answered, so this machine has no working network address. Check the cable or Wi-Fi and the router."
                }
                _ => "An unusual address for a LAN: other machines may not be able to reach it.",
            }
        }
        fn duration(&self, secs: u32) -> String {
            crate::i18n::forward::human_secs(secs)
        }
        fn warning_message(&self, code: &str, message: &str) -> String {
            let _ = code;
            message.to_string()
        }
    }
}

mod nat {
    use super::En;
    use crate::i18n::parts::*;

    use crate::net::Family;
    use crate::net::nat_type::{Behaviour, P2p, PlayStation, Xbox};

    impl NatText for En {
        fn nat_testing(&self, n: usize) -> String {
            format!("testing the NAT with {n} STUN servers…")
        }
        fn nat_type_label(&self, f: Family) -> String {
            format!("NAT type ({})", f.label())
        }
        fn nat_type_short(&self) -> &'static str {
            "NAT type"
        }
        fn nat_mapping_label(&self) -> &'static str {
            "Mapping"
        }
        fn nat_filtering_label(&self) -> &'static str {
            "Filtering"
        }
        fn nat_public_label(&self) -> &'static str {
            "Public address"
        }
        fn nat_port_label(&self) -> &'static str {
            "Port preserved"
        }
        fn nat_varies_label(&self) -> &'static str {
            "Varies by server"
        }
        fn nat_hairpin_label(&self) -> &'static str {
            "Hairpin"
        }
        fn nat_lifetime_label(&self) -> &'static str {
            "Idle mapping lives"
        }
        fn yes(&self) -> &'static str {
            "yes"
        }
        fn no(&self) -> &'static str {
            "no"
        }
        fn nat_not_tested(&self, flag: &str) -> String {
            format!("not tested (add {flag})")
        }
        fn nat_lifetime_value(&self, lo: Option<u64>, hi: Option<u64>) -> String {
            match (lo, hi) {
                (Some(lo), Some(hi)) => format!("at least {lo} s, less than {hi} s"),
                (Some(lo), None) => format!("at least {lo} s (still there at the end of the test)"),
                (None, Some(hi)) => format!("less than {hi} s"),
                (None, None) => self.unknown().to_string(),
            }
        }
        fn no_nat_here(&self) -> &'static str {
            "none: this machine holds its public address"
        }
        fn behaviour(&self, b: Behaviour) -> &'static str {
            match b {
                Behaviour::EndpointIndependent => "endpoint-independent",
                Behaviour::AddressDependent => "address-dependent",
                Behaviour::AddressAndPortDependent => "address-and-port-dependent",
            }
        }
        fn mapping_meaning(&self, b: Behaviour) -> &'static str {
            match b {
                Behaviour::EndpointIndependent => "the same public port for every destination",
                _ => "a new public port for each destination",
            }
        }
        fn filtering_meaning(&self, b: Behaviour) -> &'static str {
            match b {
                Behaviour::EndpointIndependent => "anyone may answer on an open mapping",
                Behaviour::AddressDependent => "only hosts this machine has sent to may answer",
                Behaviour::AddressAndPortDependent => {
                    "only the exact IP and port this machine has sent to may answer"
                }
            }
        }
        fn p2p_word(&self, p: P2p) -> &'static str {
            match p {
                P2p::Easy => "easy",
                P2p::Medium => "medium",
                P2p::Hard => "hard",
            }
        }
        fn xbox_word(&self, x: Xbox) -> &'static str {
            match x {
                Xbox::Open => "Open",
                Xbox::Moderate => "Moderate",
                Xbox::Strict => "Strict",
            }
        }
        fn playstation_word(&self, p: PlayStation) -> &'static str {
            match p {
                PlayStation::Type1 => "Type 1",
                PlayStation::Type2 => "Type 2",
                PlayStation::Type3 => "Type 3",
            }
        }
        fn p2p_meaning(&self, p: P2p) -> &'static str {
            match p {
                P2p::Easy => {
                    "Games, voice chat and video calls connect directly with almost everyone."
                }
                P2p::Medium => {
                    "Direct connections work when both sides send at once (hole punching); players behind a Strict NAT may not reach you."
                }
                P2p::Hard => {
                    "Direct connections fail with most players: games fall back to relays (more lag) or cannot join you at all."
                }
            }
        }
        fn nat_advice(&self, code: &str) -> &'static str {
            match code {
                "enable_upnp" => {
                    "Turn on UPnP in the router's admin page: consoles and games then open their own port."
                }
                "forward_port" => {
                    "Or forward the game's UDP port to this device (netcheck forward --protocol udp --port PORT)."
                }
                "bridge_mode" => {
                    "If the ISP's modem-router sits in front of your router (double NAT), put it in bridge mode, or ask the ISP for a public IP."
                }
                "open_firewall" => {
                    "No NAT here, but a firewall filters incoming traffic: allow the game's UDP port in it."
                }
                _ => "",
            }
        }
        fn nat_advice_heading(&self) -> &'static str {
            "What to do"
        }
        fn nat_inconclusive_heading(&self) -> &'static str {
            "Not decided"
        }
        fn nat_reason(&self, code: &str) -> &'static str {
            match code {
                "no_answer" => "no STUN server answered, even after retransmissions",
                "no_rfc5780_server" => {
                    "no server supports NAT behaviour tests (RFC 5780): only 'varies by server' can be told"
                }
                "mapping_test_unanswered" => {
                    "a mapping test got no answer, even after retransmissions"
                }
                "filtering_base_unanswered" => "the filtering test's first request got no answer",
                "filtering_test_unanswered" => {
                    "too little time to tell a lost packet from a filtered one (raise --timeout)"
                }
                "change_request_ignored" => {
                    "the server ignored the request to answer from its other address"
                }
                "wrong_origin" => "an answer came from an unexpected address",
                "contradiction" => {
                    "the tests contradict each other (the NAT behaves inconsistently, or packets were lost)"
                }
                "lifetime_unmeasured" => {
                    "the mapping lifetime could not be measured with this server"
                }
                _ => "not decided",
            }
        }
        fn nat_servers_heading(&self) -> &'static str {
            "STUN servers"
        }
        fn nat_server_rfc5780(&self, yes: bool) -> &'static str {
            if yes {
                "NAT tests (RFC 5780)"
            } else {
                "address only"
            }
        }
        fn nat_server_error_detail(&self, detail: &str) -> String {
            detail.to_string()
        }
        fn nat_server_error(&self) -> &'static str {
            "no usable answer"
        }
        fn nat_none_answered_hint(&self) -> &'static str {
            "UDP to the STUN servers may be blocked; try other servers with --stun stun:HOST:PORT."
        }
        fn nat_words_line(&self, p2p: &str, xbox: &str, playstation: &str) -> String {
            format!("P2P {p2p} · Xbox {xbox} · PlayStation {playstation}")
        }
    }
}

mod pinhole {
    use super::En;
    use crate::i18n::parts::*;

    use crate::net::ipv6_pick::{Reason, Skip};
    use crate::portmap::pinhole::{PinholeError, RouterView};

    impl PinholeText for En {
        fn pinhole_opened(&self, method: &str) -> String {
            format!("IPv6 pinhole opened ({method})")
        }
        fn pinhole_not_opened(&self) -> &'static str {
            "The router did not open an IPv6 pinhole"
        }
        fn pinhole_lease(&self, secs: u32) -> String {
            let s = self.duration(secs);
            format!("lease {s}")
        }
        fn label_address6(&self) -> &'static str {
            "IPv6 address"
        }
        fn label_skipped(&self) -> &'static str {
            "not used"
        }
        fn label_record(&self) -> &'static str {
            "record"
        }
        fn reason(&self, r: Reason) -> &'static str {
            match r {
                Reason::Stable => {
                    "the stable global address (it does not change; the router gets the request from it)"
                }
                Reason::ServerBound => "the address the server listens on",
                Reason::FlagsUnknown => {
                    "a global address (this OS does not tell whether it is temporary)"
                }
            }
        }
        fn skip(&self, s: Skip) -> &'static str {
            match s {
                Skip::Ula => "ULA, home only",
                Skip::LinkLocal => "link-local",
                Skip::Temporary => "temporary privacy address, changes daily",
                Skip::Deprecated => "deprecated",
                Skip::Tentative => "not ready (DAD)",
                Skip::NotGlobal => "not a global address",
                Skip::NotListening => "the server does not listen on it",
            }
        }
        fn no_global_ipv6(&self) -> &'static str {
            "This host has no global IPv6 address: there is nothing to open. The ISP or the router does not hand out IPv6 here (check with `netcheck public-ip -6`)."
        }
        fn only_temporary_ipv6(&self) -> &'static str {
            "This host has only temporary (privacy) IPv6 addresses: they change daily, so a pinhole would soon point nowhere. Give the host a stable address (SLAAC stable address or a DHCPv6 reservation)."
        }
        fn bound_elsewhere_ipv6(&self) -> &'static str {
            "The server listens only on IPv6 addresses that cannot take a pinhole (temporary, ULA or link-local). Make it listen on :: or on the stable global address."
        }
        fn pinhole_error(&self, e: &PinholeError) -> String {
            match e {
                PinholeError::NotAuthorized => "606 not authorized: the router opens a pinhole only for the address the request comes from".into(),
                PinholeError::LowPort => "606 not authorized: UPnP IGDv2 does not open ports below 1024 (PCP may; or use a port of 1024 or more)".into(),
                PinholeError::FirewallDisabled => "702 the router's IPv6 firewall is off: inbound IPv6 already passes, there is nothing to open".into(),
                PinholeError::InboundNotAllowed => "703 the router forbids inbound pinholes: allow the port by hand in its IPv6 firewall settings".into(),
                PinholeError::NoService => "the router speaks UPnP IGDv1 only: it has no IPv6 firewall service".into(),
                PinholeError::NotFound => "no answer: the protocol is off or the router lacks it".into(),
                PinholeError::NoGateway6 => "this host has no IPv6 default router".into(),
                PinholeError::NoSuchEntry => "the router no longer has this pinhole".into(),
                PinholeError::Timeout => "the router did not answer in time".into(),
                PinholeError::Refused { why: _, words } => format!("the router refused: {words}"),
            }
        }
        fn manual_ipv6_firewall(
            &self,
            path: Option<&str>,
            addr: &str,
            port: u16,
            proto: &str,
        ) -> String {
            match path {
                Some(p) => format!(
                    "Allow it by hand on the router's admin page: {p} — allow inbound {proto} port {port} to {addr}"
                ),
                None => format!(
                    "Allow it by hand in the router's IPv6 firewall settings (often under Firewall or IPv6): allow inbound {proto} port {port} to {addr}"
                ),
            }
        }
        fn verify_ipv6_from_outside(&self, cmd: &str) -> String {
            format!("From another network with IPv6 (for example a phone on LTE/5G): {cmd}")
        }
        fn pinhole_renew_note(&self, every: u32) -> String {
            let s = self.duration(every);
            format!(
                "The pinhole expires with its lease; `--keep` renews it every {s} and closes it on Ctrl-C."
            )
        }
        fn record_problem(&self, detail: &str) -> String {
            format!("the pinhole record could not be read ({detail}); starting a new one")
        }
        fn record_no_dir(&self) -> &'static str {
            "no state directory (HOME is not set): pinholes are not recorded, so --list and --remove will not know them"
        }
        fn record_write_failed(&self, detail: &str) -> String {
            format!("the pinhole record could not be written: {detail}")
        }
        fn pinholes_heading(&self) -> &'static str {
            "IPv6 pinholes netcheck opened"
        }
        fn pinholes_empty(&self) -> &'static str {
            "none recorded (or all expired)"
        }
        fn pinhole_columns(&self) -> [&'static str; 6] {
            [
                "address",
                "port",
                "protocol",
                "method",
                "expires in",
                "router says",
            ]
        }
        fn router_view(&self, v: RouterView) -> &'static str {
            match v {
                RouterView::Open => "open",
                RouterView::Gone => "gone",
                RouterView::NotAsked => "not asked (PCP cannot read back)",
                RouterView::Unknown => "no answer",
            }
        }
        fn pinhole_removed(&self, addr: &str, port: u16, proto: &str) -> String {
            format!("IPv6 pinhole removed: [{addr}]:{port} {proto}")
        }
        fn pinhole_remove_none(&self, port: u16) -> String {
            format!("No recorded IPv6 pinhole for port {port}: nothing to remove")
        }
        fn pinhole_remove_failed(&self) -> &'static str {
            "The IPv6 pinhole could not be removed"
        }
        fn pinhole_keeping(&self, every: u32) -> String {
            let s = self.duration(every);
            format!("Keeping the pinhole: renewing every {s}. Ctrl-C closes it and exits.")
        }
        fn pinhole_renewed(&self) -> &'static str {
            "pinhole renewed"
        }
        fn pinhole_reopened(&self) -> &'static str {
            "the pinhole was gone (router restarted?) — opened it again"
        }
        fn pinhole_stopping(&self) -> &'static str {
            "stopping: closing the pinhole"
        }
        fn no_ipv6_natpmp(&self) -> &'static str {
            "NAT-PMP has no IPv6: use --method upnp, pcp or auto with --ipv6"
        }
        fn no_ipv6_external_port(&self) -> &'static str {
            "IPv6 has no port translation: --external-port must equal --port with --ipv6"
        }
        fn ipv6_lease_range(&self) -> &'static str {
            "a pinhole lease is 1s to 24h (--lease)"
        }
        fn ipv6_internal_ip(&self) -> &'static str {
            "--internal-ip is an IPv4 address; with --ipv6 the pinhole opens to this host's stable IPv6 address"
        }
        fn doctor_ipv6_row(&self, addr: &str, stable: bool, hole: &str) -> String {
            let kind = if stable { "stable" } else { "temporary only" };
            format!("global IPv6 {addr} ({kind}); {hole}")
        }
        fn doctor_hole_open(&self, port: u16, method: &str) -> String {
            format!("pinhole for port {port} open ({method})")
        }
        fn doctor_hole_firewall_off(&self) -> &'static str {
            "the router's IPv6 firewall is off: inbound IPv6 passes"
        }
        fn doctor_hole_closed(&self, port: u16) -> String {
            format!(
                "no pinhole for port {port}: the router's firewall drops inbound IPv6 (run `netcheck forward --port {port} --ipv6`)"
            )
        }
        fn doctor_hole_failed(&self, port: u16, why: &str) -> String {
            format!("the pinhole for port {port} could not be opened: {why}")
        }
    }
}

mod probe {
    use super::En;
    use crate::i18n::parts::*;

    use crate::check::probe::{FailKind, Verdict};
    use crate::net::cause::Cause;

    impl ProbeText for En {
        fn probe_heading(&self) -> &'static str {
            "netcheck probe"
        }
        fn probe_probing(&self, url: &str) -> String {
            format!("probing {url}…")
        }
        fn probe_data_needs_post(&self) -> String {
            "--data is sent with POST only: use --method post or --method both".to_string()
        }
        fn probe_label_tcp(&self) -> &'static str {
            "TCP connect"
        }
        fn probe_spread(&self, n: u32, failures: u32, lo: f64, hi: f64) -> String {
            format!("{n} rounds, {failures} failed, {lo:.2}–{hi:.2} ms")
        }
        fn probe_times(&self, ttfb: Option<String>, total: &str) -> String {
            match ttfb {
                Some(t) => format!("first byte {t} · total {total}"),
                None => format!("total {total}"),
            }
        }
        fn probe_skipped(&self) -> &'static str {
            "not attempted (an earlier step failed)"
        }
        fn probe_echo_verified(&self) -> &'static str {
            "echo verified (netcheck serve sent back the same body and nonce)"
        }
        fn probe_echo_not_checked(&self) -> &'static str {
            "echo not checked (not netcheck serve)"
        }
        fn probe_fail(&self, kind: FailKind, detail: &str, _cause: Option<&Cause>) -> String {
            use FailKind::*;
            let label = match kind {
                Dns => "name not found",
                Refused => "connection refused",
                Timeout => "no answer (timed out)",
                Reset => "connection reset",
                NoRoute => "no route to host",
                Tls => "TLS failed",
                NotHttp => "not HTTP",
                Closed => "closed without an answer",
                HttpStatus => "error status",
                EchoMismatch => "echo differs",
                Skipped => return self.probe_skipped().to_string(),
                Other => "failed",
            };
            // A timeout's own words add nothing to the label.
            if kind == Timeout || detail.eq_ignore_ascii_case(label) {
                label.to_string()
            } else {
                format!("{label} ({detail})")
            }
        }
        fn probe_verdict_label(&self) -> &'static str {
            "Verdict"
        }
        fn probe_verdict(&self, v: Verdict, port: u16) -> String {
            use Verdict::*;
            match v {
                Reachable => "reachable — the server answered every request".to_string(),
                DnsError => "DNS error — the host name does not resolve".to_string(),
                Refused => format!("refused — the host answered, but nothing listens on port {port}"),
                TimedOut => "timed out — no answer: the traffic is dropped on the way (filtered) or the server is silent".to_string(),
                Reset => "reset — the connection was cut before an answer".to_string(),
                NoRoute => "no route — this machine has no way to that address".to_string(),
                TlsError => "TLS error — the secure (https) connection could not be set up".to_string(),
                NotHttp => format!("not HTTP — something answers on port {port}, but it is not a web server"),
                HttpError => "HTTP error — the server is reachable, but answered with an error status".to_string(),
                EchoMismatch => "echo mismatch — the server answered, but the body came back changed".to_string(),
                Failed => "failed — see the steps above".to_string(),
            }
        }
        fn probe_listening_here(&self, port: u16) -> String {
            format!("Listening on port {port} here")
        }
        fn probe_hint_refused(&self, port: u16) -> String {
            format!(
                "Is the server running, on port {port}? Is it listening on all addresses (0.0.0.0) rather than 127.0.0.1 only? Flask: app.run(host=\"0.0.0.0\", port={port}); or run `netcheck serve --port {port}`. Through a router: does the port forward point at the right LAN address and port?"
            )
        }
        fn probe_hint_filtered(&self, port: u16, cgnat: bool) -> String {
            let extra_en = if cgnat {
                " This address is in the carrier-grade NAT range (100.64.0.0/10): the ISP's NAT drops it whatever your router does."
            } else {
                ""
            };
            format!(
                "Nothing came back: the packets are dropped on the way. Usual causes: no port forward for port {port} on the router (`netcheck forward --port {port}`), a firewall on the server (Windows Defender Firewall, macOS firewall, ufw) or on the router, carrier-grade NAT at the ISP, or an ISP block of the port.{extra_en}"
            )
        }
        fn probe_hint_no_answer(&self, port: u16) -> String {
            format!(
                "The connection to port {port} opened, but no HTTP answer came in time: the server is stuck or busy, or the port leads to another kind of service. Try a longer --timeout."
            )
        }
        fn probe_hint_reset(&self) -> &'static str {
            "Something cut the connection: a firewall or an ISP filter that resets connections, or the server closing it at once (crashed, or refusing this client)."
        }
        fn probe_hint_no_route(&self) -> &'static str {
            "Check the address, and this machine's connection: `netcheck gateway` shows its network and router."
        }
        fn probe_hint_tls(&self) -> &'static str {
            "The server may speak plain HTTP on this port (try http:// instead of https://), or its certificate is not valid for this name. `netcheck serve` and Flask's development server speak plain HTTP."
        }
        fn probe_hint_not_http(&self, port: u16) -> String {
            format!(
                "Port {port} answers, but not in HTTP: another program (SSH, a database, a game server) has this port, or the port forward points at the wrong device or port."
            )
        }
        fn probe_hint_post_refused(&self, status: u16) -> String {
            format!(
                "The network path works. The server answered POST with {status}: this path does not take POST. Give the path of your POST route (--path), or check with --method get."
            )
        }
        fn probe_hint_http_status(&self, status: u16) -> String {
            format!(
                "The network path works: the server answered with {status}. The problem is in the server application (wrong path, an error in the app), not in the network."
            )
        }
        fn probe_hint_echo(&self) -> &'static str {
            "Something between here and the server changed the request body: a proxy, a captive portal or a filtering middlebox. Try another network."
        }
        fn probe_hint_dns(&self) -> &'static str {
            "Check the spelling of the name, or probe the IP address directly (`netcheck public-ip` on the server's machine shows it)."
        }
        fn probe_hint_loopback_only(&self, port: u16, list: &str) -> String {
            format!(
                "The server here listens on {list} (port {port}) only, so other machines cannot connect. Make it listen on all addresses: Flask app.run(host=\"0.0.0.0\", port={port}); `netcheck serve` does so by default."
            )
        }
        fn probe_hint_nothing(&self, port: u16) -> String {
            format!(
                "Nothing on this machine listens on TCP port {port}. Start the server first (for example `netcheck serve --port {port}`)."
            )
        }
        fn probe_hint_elsewhere(&self, port: u16, list: &str) -> String {
            format!(
                "The server here listens on port {port} of {list} only, not on the address probed. Make it listen on all addresses (0.0.0.0) or on this one."
            )
        }
        fn probe_hint_listener_unknown(&self, port: u16) -> String {
            format!("Could not tell which addresses a server here listens on for port {port}.")
        }
        fn probe_hint_hairpin(&self, ip: &str) -> String {
            format!(
                "This machine is behind NAT. If {ip} is this network's own public IP, the answer from inside can be wrong either way: many routers cannot loop back to their own public address (hairpin NAT), some can even when other networks cannot get in. Test from another network, e.g. a phone hotspot."
            )
        }
        fn probe_hint_lan_only(&self) -> &'static str {
            "This is a private (LAN) address: it shows only that the path inside this network works. From another network, probe the public IP (`netcheck public-ip`) — that also needs a port forward on the router."
        }
        fn probe_hint_not_netcheck(&self) -> &'static str {
            "The server is not `netcheck serve`, so only status codes were checked, not the echo of the POST body."
        }
        fn probe_hint_intermittent(&self) -> &'static str {
            "Some rounds worked and some failed: the path is unreliable (a busy server, a flaky link or a rate limit)."
        }
    }
}

mod public_ip {
    use super::En;
    use crate::i18n::parts::*;

    use crate::net::Family;

    impl PublicIpText for En {
        fn source_disagreed(&self, n: usize) -> String {
            format!("{n} source(s) gave a different address; see -v")
        }
        fn label_public(&self, f: Family) -> &'static str {
            match f {
                Family::Ipv4 => "Public IPv4",
                Family::Ipv6 => "Public IPv6",
            }
        }
        fn asking(&self, n: usize) -> String {
            format!("asking {n} sources…")
        }
        fn finding_router(&self) -> &'static str {
            "looking for the router and the public IP…"
        }
        fn agreed(&self, n: usize) -> String {
            format!("{n} sources agree")
        }
        fn unconfirmed(&self) -> &'static str {
            "unconfirmed: only one source answered"
        }
        fn disagree(&self) -> &'static str {
            "the sources disagree and no two give the same address"
        }
        fn no_answer(&self) -> &'static str {
            "no source gave a usable answer"
        }
        fn not_asked(&self) -> &'static str {
            "not asked"
        }
        fn no_global_v6(&self) -> &'static str {
            "this machine has no global IPv6 address"
        }
        fn behind_nat(&self, lan: &str, public: &str) -> String {
            format!(
                "Behind NAT: the LAN address {lan} is not the public one. Others connect to {public}, so the router must forward the port to {lan} (netcheck forward --port 5000)."
            )
        }
        fn no_nat(&self, public: &str) -> String {
            format!(
                "No NAT: this machine holds the public address {public} itself. No port forward is needed; check the firewall instead."
            )
        }
        fn mapping_varies(&self, f: Family) -> String {
            let f = f.label();
            format!(
                "{f}: the STUN servers, asked from one socket, saw different public ports: this NAT changes the mapping for each destination (symmetric NAT), so direct P2P connections are hard. `netcheck nat` tells more."
            )
        }
        fn mapping_same(&self, f: Family) -> String {
            let f = f.label();
            format!(
                "{f}: the STUN servers, asked from one socket, saw the same public address and port: the mapping does not change with the destination."
            )
        }
        fn sources_heading(&self) -> &'static str {
            "Sources"
        }
        fn disagreement_hint(&self) -> &'static str {
            "a proxy, VPN or broken echo service may be answering; try again, or pass sources you trust with --source"
        }
        fn no_answer_hint(&self) -> &'static str {
            "check the internet connection, or allow a longer wait with --timeout 10s; -v shows each source's error"
        }
        fn source_error(&self, e: &crate::net::sources::SourceError) -> String {
            use crate::net::sources::SourceError::*;
            match e {
                NotAnIp(s) => format!("not an IP address: {s}"),
                WrongFamily { asked, got } => {
                    format!("wrong family: asked for {}, got {got}", asked.label())
                }
                PrivateAddress(ip) => format!("private/reserved address {ip}, not a public one"),
                TooLarge => "body over 1 KiB".into(),
                HttpStatus(code) => format!("HTTP error {code}"),
                Late => "no answer in time (late)".into(),
                Skipped => "not needed: two sources already agreed".into(),
                NoIpv6OnHost => self.no_global_v6().into(),
                NoAddressOfFamily(f) => format!("the source has no {} address", f.label()),
                Resolve(d) => format!("name lookup failed: {d}"),
                Connect(d) => format!("could not connect: {d}"),
                Tls(d) => format!("TLS error: {d}"),
                Stun(d) => self.failure(d, "STUN 응답 오류"),
                Other(d) => self.failure(d, "실패"),
            }
        }
    }
}

mod reflector {
    use super::En;
    use crate::i18n::parts::*;
    use std::net::IpAddr;

    use crate::check::outside::VantageWhy;
    use crate::net::reflect::{Agreed, Said};
    use crate::proto::reflector::Proof;

    impl ReflectorText for En {
        fn reflector_listening(&self, api: &str, list: &str) -> String {
            format!("netcheck reflector (API {api}): listening on {list}")
        }
        fn reflector_use_it(&self) -> &'static str {
            "From a home network, check a port from here with:"
        }
        fn reflector_this_address(&self) -> &'static str {
            "this-machine's-address"
        }
        fn reflector_limits(
            &self,
            per_minute: u32,
            ports: usize,
            checks: u32,
            connect_ms: u64,
        ) -> String {
            format!(
                "Limits: {per_minute} checks a minute per address, at most {ports} ports a check, {checks} checks at once, {connect_ms} ms to connect back. It connects only to the address a request comes from."
            )
        }
        fn reflector_trusts(&self, who: &str) -> String {
            format!("X-Forwarded-For is believed only from: {who}")
        }
        fn outside_said(&self, s: Said) -> &'static str {
            match s {
                Said::Open => "open",
                Said::OpenOther => "something else answered",
                Said::Refused => "refused",
                Said::Filtered => "no answer (filtered)",
                Said::Closed => "not reachable",
                Said::RateLimited => "rate-limited",
                Said::Down => "down or not answering",
                Said::Incompatible => "incompatible API version",
                Said::Error => "could not test",
            }
        }
        fn outside_proof(&self, p: Option<Proof>) -> &'static str {
            match p {
                Some(Proof::Nonce) => " (nonce echoed)",
                Some(Proof::Fingerprint) => " (same answer as here)",
                None => "",
            }
        }
        fn outside_agreed(&self, a: Agreed, proven: bool, port: u16) -> String {
            match a {
                Agreed::Open if proven => {
                    format!("port {port} is open from outside, and this machine's server answered")
                }
                Agreed::Open => format!(
                    "port {port} is open from outside (TCP only: whose server answered could not be told)"
                ),
                Agreed::OpenOther => {
                    format!("port {port} answers from outside, but not with this machine's server")
                }
                Agreed::Refused => format!("port {port} refuses connections from outside"),
                Agreed::Filtered => {
                    format!("nothing answers on port {port} from outside (filtered)")
                }
                Agreed::Closed => format!("port {port} is not reachable from outside"),
                Agreed::Disagree => "the vantages disagree; none is trusted".to_string(),
                Agreed::Unknown => "no vantage outside answered".to_string(),
                Agreed::NotAsked => "not asked (--no-outside)".to_string(),
            }
        }
        fn outside_heading(&self) -> &'static str {
            "Checked from outside"
        }
        fn vantage_why(&self, _why: Option<&VantageWhy>, words: &str) -> String {
            words.to_string()
        }
        fn outside_seen_as(&self, seen: IpAddr) -> String {
            format!(", saw you as {seen}")
        }
        fn outside_contradicts(&self) -> &'static str {
            " [contradicts the others]"
        }
        fn outside_confirmed_by(&self, n: usize, of: usize, list: &str) -> String {
            format!(" — confirmed by {n} of {of}: {list}")
        }
        fn outside_not_counted(&self, list: &str) -> String {
            format!("; not counted: {list}")
        }
    }
}

mod serve {
    use super::En;
    use crate::i18n::parts::*;

    use std::net::{IpAddr, SocketAddr};

    impl ServeText for En {
        fn serve_listening(&self, port: u16, where_: &str) -> String {
            format!("netcheck serve: listening on port {port} ({where_})")
        }
        fn serve_all_addresses(&self, ipv6: bool) -> &'static str {
            if ipv6 {
                "all IPv4 and IPv6 addresses"
            } else {
                "all IPv4 addresses; IPv6 is not available"
            }
        }
        fn serve_all_ipv4(&self) -> &'static str {
            "all IPv4 addresses"
        }
        fn serve_label_local(&self) -> &'static str {
            "This machine"
        }
        fn serve_label_lan(&self) -> &'static str {
            "Same network"
        }
        fn serve_label_public(&self) -> &'static str {
            "Other networks"
        }
        fn serve_public_unknown(&self) -> &'static str {
            "public IP not found"
        }
        fn serve_try_here(&self) -> &'static str {
            "Only this machine can connect. Test it with:"
        }
        fn serve_try_from_other(&self, public_known: bool) -> &'static str {
            if public_known {
                "From another network (for example a phone hotspot), run:"
            } else {
                "From another device on this network, run:"
            }
        }
        fn serve_needs_forward(&self, public: &str, lan: &str, port: u16) -> String {
            format!(
                "Other networks reach this server only through a port forward on the router: public port {port} → {lan}:{port} (`netcheck forward --port {port}`). Testing {public} from inside this network can mislead (hairpin NAT): test from another network."
            )
        }
        fn serve_limits(&self, body_kib: usize, conns: usize, timeout_ms: u64) -> String {
            let secs = timeout_ms as f64 / 1000.0;
            format!(
                "Limits: body {body_kib} KiB · {conns} connections · {secs} s per request. Requests are logged on stderr. Press Ctrl+C to stop."
            )
        }
        fn serve_looking_up(&self) -> String {
            "looking up the public IP…".to_string()
        }
        fn serve_warn_loopback(&self, ip: &str) -> String {
            format!(
                "Listening on {ip} only: other machines cannot connect. Leave out --bind to listen on all addresses."
            )
        }
        fn serve_warn_no_public(&self) -> &'static str {
            "The public IP could not be found, so only the LAN address is shown. `netcheck public-ip` tells why."
        }
        fn serve_port_in_use(&self, addr: SocketAddr) -> String {
            let port = addr.port();
            format!(
                "port {port} is already in use on {}: another server is listening there",
                addr.ip()
            )
        }
        fn serve_port_in_use_hint(&self, port: u16) -> String {
            let next = port.checked_add(1).unwrap_or(port - 1);
            format!(
                "stop the other server (a Flask app, another netcheck serve; on macOS AirPlay Receiver uses 5000), or use another port: --port {next}"
            )
        }
        fn serve_no_permission(&self, addr: SocketAddr) -> String {
            let port = addr.port();
            format!("no permission to listen on port {port} ({})", addr.ip())
        }
        fn serve_no_permission_hint(&self) -> &'static str {
            "ports below 1024 need root / administrator rights; use a higher port, e.g. --port 5000 or --port 8080"
        }
        fn serve_not_local(&self, ip: IpAddr) -> String {
            format!("--bind {ip}: this address does not belong to this machine")
        }
        fn serve_not_local_hint(&self) -> &'static str {
            "leave out --bind to listen on all addresses; `netcheck gateway` shows this machine's LAN address"
        }
        fn serve_family_unsupported(&self, addr: SocketAddr) -> String {
            let family = if addr.is_ipv6() { "IPv6" } else { "IPv4" };
            format!("cannot listen on {addr}: {family} is not available on this machine")
        }
        fn serve_stopped(&self) -> &'static str {
            "netcheck serve: stopped"
        }
        fn serve_at_capacity(&self, limit: usize) -> String {
            format!("all {limit} connection slots are busy: new clients wait (--max-connections)")
        }
        fn serve_accept_failed(&self, why: &str) -> String {
            format!("could not accept a connection: {why}")
        }
        fn serve_log_dropped(&self, n: u64) -> String {
            format!("netcheck serve: {n} log lines were dropped (stderr was too slow)")
        }
    }
}

mod input {
    use super::En;
    use crate::i18n::parts::*;

    impl InputText for En {
        fn bad_input(&self, detail: &str) -> String {
            detail.to_string()
        }
    }
}
