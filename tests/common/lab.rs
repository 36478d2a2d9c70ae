//! Rust side of the home-network test lab (`tests/lab/lab.sh`).
//!
//! `Lab::up` builds a lab with a unique name, parses the `KEY=VALUE` lines that
//! `lab.sh up` prints, and `Drop` runs `lab.sh down` — also when the test
//! panics — so network namespaces and daemons never outlive a test.
//!
//! The lab needs root and a few Debian packages. When it cannot run, `Lab::up`
//! panics with a loud message: lab tests fail, they never skip.
//!
//! Labs are serialized inside one test binary (a process-wide mutex) and cargo
//! runs test binaries one after another, so at most one lab exists at a time.
//! That keeps the timing assertions honest on a 2-core machine.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub use super::run::{is_root, run_with_timeout};

/// Path of the netcheck binary under test.
pub const NETCHECK: &str = env!("CARGO_BIN_EXE_netcheck");

/// Default limit for one command run in the lab.
pub const DEFAULT_CMD_TIMEOUT: Duration = Duration::from_secs(30);

static LAB_LOCK: Mutex<()> = Mutex::new(());
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Network shape of the lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Topology {
    /// LAN — router (public WAN address 111.222.33.123) — internet.
    #[default]
    Home,
    /// LAN — router (WAN 100.64.0.2) — ISP carrier-grade NAT (111.222.33.200) — internet.
    Cgnat,
}

/// What `lab.sh up` builds.
#[derive(Debug, Clone)]
pub struct LabOptions {
    /// UPnP IGD in miniupnpd.
    pub upnp: bool,
    /// NAT-PMP and PCP in miniupnpd.
    pub natpmp: bool,
    /// A second LAN host (namespace key `LAN2_NS`, 192.168.99.50).
    pub second_host: bool,
    /// miniupnpd `secure_mode` (UPnP maps only to the host that asks; true by default).
    pub secure_mode: bool,
    pub topology: Topology,
    /// miniupnpd `manufacturer_name`.
    pub manufacturer: String,
    /// miniupnpd `model_name`.
    pub model: String,
    /// Dual stack (`lab.sh up --ipv6`): the LAN host gets a stable global
    /// IPv6 address (`LAN_IP6`), a ULA (`LAN_ULA6`) and a kernel privacy
    /// address (`LAN_TEMP6`); miniupnpd opens IPv6 pinholes.
    pub ipv6: bool,
    /// Who answers UPnP IGD: miniupnpd, or the second, independent IGD
    /// `tests/lab/igd/igd.py` (async-upnp-client) with real nftables mappings.
    pub igd: IgdKind,
    /// Quirks of the python IGD (`725`, `disconnected`, `ppp-first`, `ppp`,
    /// `private-wan`, `slow`, `malformed`, `moving`; see igd.py).
    pub igd_quirks: Vec<String>,
    /// How the router (and in `Cgnat`, the ISP) maps and filters UDP.
    pub nat_mode: NatMode,
    /// Percentage of forwarded packets the router drops at random.
    pub loss_percent: u8,
    /// MAC address of the router's LAN bridge (`lab.sh --router-mac`);
    /// None: lab.sh's locally administered default, which names no vendor.
    pub router_mac: Option<String>,
}

/// `lab.sh --nat-mode`: the NAT behaviour (RFC 4787) the lab's NATs have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NatMode {
    /// Plain masquerade: endpoint-independent mapping, address-and-port-dependent filtering.
    #[default]
    Masq,
    /// `masquerade random,fully-random`: address-and-port-dependent mapping.
    Random,
    /// Endpoint-independent mapping and filtering (a learned map).
    FullCone,
    /// Endpoint-independent mapping, address-dependent filtering (a learned map).
    AddrDep,
}

impl NatMode {
    pub fn arg(self) -> &'static str {
        match self {
            NatMode::Masq => "masq",
            NatMode::Random => "random",
            NatMode::FullCone => "fullcone",
            NatMode::AddrDep => "addr-dep",
        }
    }
}

/// Which UPnP IGD the lab runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IgdKind {
    #[default]
    Miniupnpd,
    Python,
}

impl LabOptions {
    /// The python IGD with these quirks (NAT-PMP/PCP off, so only UPnP answers).
    pub fn python_igd(quirks: &[&str]) -> LabOptions {
        LabOptions {
            natpmp: false,
            igd: IgdKind::Python,
            igd_quirks: quirks.iter().map(|q| q.to_string()).collect(),
            ..LabOptions::default()
        }
    }
}

impl Default for LabOptions {
    fn default() -> Self {
        LabOptions {
            upnp: true,
            natpmp: true,
            second_host: false,
            secure_mode: true,
            topology: Topology::Home,
            manufacturer: "netcheck-lab".to_string(),
            model: "lab-router".to_string(),
            ipv6: false,
            igd: IgdKind::Miniupnpd,
            igd_quirks: Vec::new(),
            nat_mode: NatMode::Masq,
            loss_percent: 0,
            router_mac: None,
        }
    }
}

/// A running lab; removed on drop.
pub struct Lab {
    name: String,
    vars: BTreeMap<String, String>,
    // Dropped after `Drop::drop` has run `lab.sh down`.
    _guard: MutexGuard<'static, ()>,
}

/// Path of `tests/lab/lab.sh`.
pub fn lab_script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/lab/lab.sh")
}

fn loud_panic(what: &str, detail: &str) -> ! {
    panic!(
        "\n\
         ########################################################################\n\
         ##  THE NETCHECK TEST LAB CANNOT RUN: {what}\n\
         ##\n\
         ##  Lab tests build network namespaces and run miniupnpd + coturn in\n\
         ##  them. They need root and the Debian packages miniupnpd-nftables\n\
         ##  miniupnpc natpmpc coturn nftables iproute2 iputils-ping python3 curl.\n\
         ##  Run the suite with `scripts/test` as root: it installs them.\n\
         ##  (These tests fail rather than skip on purpose.)\n\
         ########################################################################\n\
         {detail}"
    )
}

impl Lab {
    /// Build a lab. Panics (loudly) when the lab cannot run.
    pub fn up(opts: LabOptions) -> Lab {
        if !is_root() {
            loud_panic("not running as root", "");
        }
        let guard = LAB_LOCK
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Short and unique per process and lab: "nc<pid>x<n>".
        let name = format!(
            "nc{}x{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );

        let mut cmd = Command::new("bash");
        cmd.arg(lab_script()).arg("up").arg(&name);
        cmd.args(["--upnp", if opts.upnp { "yes" } else { "no" }]);
        cmd.args(["--natpmp", if opts.natpmp { "yes" } else { "no" }]);
        if opts.second_host {
            cmd.arg("--second-host");
        }
        cmd.args(["--secure-mode", if opts.secure_mode { "yes" } else { "no" }]);
        cmd.args([
            "--topology",
            match opts.topology {
                Topology::Home => "home",
                Topology::Cgnat => "cgnat",
            },
        ]);
        cmd.args(["--manufacturer", &opts.manufacturer]);
        cmd.args(["--model", &opts.model]);
        if opts.ipv6 {
            cmd.arg("--ipv6");
        }
        cmd.args(["--nat-mode", opts.nat_mode.arg()]);
        cmd.args(["--loss", &opts.loss_percent.to_string()]);
        if let Some(mac) = &opts.router_mac {
            cmd.args(["--router-mac", mac]);
        }
        if opts.igd == IgdKind::Python {
            cmd.args(["--igd", "python"]);
            cmd.args(["--igd-quirks", &opts.igd_quirks.join(",")]);
        }

        let out = run_with_timeout(&mut cmd, Duration::from_secs(60))
            .unwrap_or_else(|e| loud_panic("could not run tests/lab/lab.sh", &e));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            let detail = format!(
                "lab.sh up {name} exited with {}\n--- stderr ---\n{stderr}\n--- stdout ---\n{stdout}",
                out.status
            );
            // Remove whatever half-built state is left (lab.sh does this itself too).
            let _ = Command::new("bash")
                .arg(lab_script())
                .args(["down", &name])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            if out.status.code() == Some(3) {
                loud_panic(
                    "no root / no network namespaces / missing packages",
                    &detail,
                );
            }
            panic!("lab could not be built: {detail}");
        }
        let vars = parse_vars(&stdout);
        if !vars.contains_key("LAN_NS") {
            panic!("lab.sh up printed no LAN_NS:\n{stdout}\n{stderr}");
        }
        Lab {
            name,
            vars,
            _guard: guard,
        }
    }

    /// The default home lab (UPnP + NAT-PMP, one LAN host).
    pub fn home() -> Lab {
        Lab::up(LabOptions::default())
    }

    /// Restart the python IGD as a router reboot does (its mappings are gone;
    /// with quirk `moving` it comes back on a new port and control URL).
    /// Waits until it answers again; updates `UPNP_URL`, `IGD_CONTROL`, `IGD_PID`.
    pub fn restart_igd(&mut self) {
        let out = run_with_timeout(
            Command::new("bash")
                .arg(lab_script())
                .args(["igd-restart", &self.name]),
            Duration::from_secs(30),
        )
        .unwrap_or_else(|e| panic!("lab.sh igd-restart: {e}"));
        assert!(
            out.status.success(),
            "lab.sh igd-restart failed:\n{}",
            show(&out)
        );
        let vars = parse_vars(&String::from_utf8_lossy(&out.stdout));
        for key in ["UPNP_URL", "IGD_CONTROL", "IGD_PID"] {
            let v = vars
                .get(key)
                .unwrap_or_else(|| panic!("igd-restart printed no {key}:\n{}", show(&out)));
            self.vars.insert(key.to_string(), v.clone());
        }
    }

    /// The lab's unique name (prefix of its namespaces).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// All `KEY=VALUE` pairs printed by `lab.sh up`.
    pub fn vars(&self) -> &BTreeMap<String, String> {
        &self.vars
    }

    /// Value of a key printed by `lab.sh up` (e.g. `ECHO_FAST`, `STUN`, `RTR_NS`). Panics when missing.
    pub fn get(&self, key: &str) -> &str {
        self.vars
            .get(key)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("lab has no key {key}; keys: {:?}", self.vars.keys()))
    }

    /// python3's `http.server` in namespace `ns_key`, listening on
    /// `bind`:`port`; returned once `ss` shows it listening (see `start`).
    pub fn web_server(&self, ns_key: &str, bind: &str, port: u16) -> LabProcess {
        self.start(
            ns_key,
            "python3",
            &["-m", "http.server", &port.to_string(), "--bind", bind],
            &[("tcp", port)],
        )
    }

    /// `program args` in namespace `ns_key`, its output discarded; returned
    /// once `ss` shows it listening on each of `listens` (`("tcp", port)`,
    /// `"udp"`, or `"tcp6"`/`"udp6"` for IPv6 sockets alone), 10 s at the
    /// most each. Panics when it exits before. It is killed (by its own pid)
    /// and reaped when the handle is dropped, also when the test panics.
    pub fn start<S: AsRef<OsStr>>(
        &self,
        ns_key: &str,
        program: &str,
        args: &[S],
        listens: &[(&str, u16)],
    ) -> LabProcess {
        let child = self
            .cmd_in(ns_key, program, args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {program}: {e}"));
        let mut process = LabProcess(child);
        for &(proto, port) in listens {
            let deadline = Instant::now() + Duration::from_secs(10);
            while !self.listening(ns_key, proto, port) {
                if let Ok(Some(status)) = process.0.try_wait() {
                    panic!(
                        "{ns_key}: {program} exited before listening on {proto}/{port}: {status}"
                    );
                }
                assert!(
                    Instant::now() < deadline,
                    "{ns_key}: {program}: nothing on {proto}/{port}"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        process
    }

    /// Does `ss` show a socket listening on `proto`/`port` in `ns_key`?
    /// `proto`: "tcp", "udp", or "tcp6"/"udp6" for IPv6 sockets alone.
    pub fn listening(&self, ns_key: &str, proto: &str, port: u16) -> bool {
        let flags = match proto {
            "tcp" => "-ltnH",
            "udp" => "-lunH",
            "tcp6" => "-6ltnH",
            "udp6" => "-6lunH",
            other => panic!("listening: no protocol {other:?}"),
        };
        !self
            .exec_in(ns_key, "ss", &[flags, &format!("sport = :{port}")])
            .stdout
            .is_empty()
    }

    /// The real `netcheck reflector` in the internet namespace on
    /// `bind`:`port` (connect timeout 700 ms, then `extra`), once it listens.
    pub fn reflector(&self, bind: &str, port: u16, extra: &[&str]) -> LabProcess {
        let port_arg = port.to_string();
        let mut args = vec![
            "reflector",
            "--bind",
            bind,
            "--port",
            &port_arg,
            "--connect-timeout",
            "700ms",
        ];
        args.extend_from_slice(extra);
        self.start("INET_NS", NETCHECK, &args, &[("tcp", port)])
    }

    /// Another LAN host (`ns_key`, at `host_ip`) holds TCP `port` on the
    /// router: `upnpc -e description -a host_ip port port TCP`, asserted to
    /// have succeeded.
    pub fn hold_port(&self, ns_key: &str, host_ip: &str, port: u16, description: &str) {
        let port = port.to_string();
        let held = self.exec_in(
            ns_key,
            "upnpc",
            &[
                "-u",
                self.get("UPNP_URL"),
                "-e",
                description,
                "-a",
                host_ip,
                &port,
                &port,
                "TCP",
            ],
        );
        assert!(held.status.success(), "{}", show(&held));
    }

    /// Namespace for a key: `"LAN_NS"`, `"RTR_NS"`, … or a role `"lan"`, `"lan2"`, `"rtr"`, `"isp"`, `"inet"`.
    pub fn ns(&self, ns_key: &str) -> &str {
        if let Some(v) = self.vars.get(ns_key) {
            return v;
        }
        let key = format!("{}_NS", ns_key.to_ascii_uppercase());
        self.get(&key)
    }

    /// `ip netns exec <ns> <program> <args>` as a Command, with an environment
    /// cleaned of proxies, locale (`LANG`, `LANGUAGE`, `LC_*`) and netcheck
    /// settings so the developer's shell cannot change results.
    pub fn cmd_in<S: AsRef<OsStr>>(&self, ns_key: &str, program: &str, args: &[S]) -> Command {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", self.ns(ns_key), program]);
        cmd.args(args);
        for var in [
            "http_proxy",
            "https_proxy",
            "all_proxy",
            "no_proxy",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "NO_PROXY",
            "NETCHECK_SOURCES",
            "NETCHECK_VANTAGES",
        ] {
            cmd.env_remove(var);
        }
        // The developer's locale must not change the language of what is
        // asserted (sudo keeps LANG and LC_*): English, unless a test asks.
        cmd.env_remove("LANG").env_remove("LANGUAGE");
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("LC_") {
                cmd.env_remove(key);
            }
        }
        cmd.env("NO_COLOR", "1");
        // netcheck's state (remembered UPnP device, pinhole record) stays in
        // this lab: labs and the developer's own state never mix.
        if let Some(dir) = self.vars.get("LAB_DIR") {
            cmd.env("XDG_STATE_HOME", std::path::Path::new(dir).join("state"));
        }
        cmd
    }

    /// The netcheck binary in the LAN namespace, as a Command (add env, args, …).
    pub fn lan_cmd<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        self.cmd_in("LAN_NS", NETCHECK, args)
    }

    /// Run netcheck in the LAN namespace and collect its output (30 s limit).
    pub fn lan_exec<S: AsRef<OsStr>>(&self, args: &[S]) -> Output {
        run(&mut self.lan_cmd(args))
    }

    /// Run any program in a lab namespace (e.g. `upnpc`, `curl`, `ping`) and collect its output.
    pub fn exec_in<S: AsRef<OsStr>>(&self, ns_key: &str, program: &str, args: &[S]) -> Output {
        run(&mut self.cmd_in(ns_key, program, args))
    }

    /// Reboots the lab router: miniupnpd stops, every mapping is dropped,
    /// miniupnpd starts again with its NAT-PMP/PCP epoch at 0 (`lab.sh
    /// reboot-router`, which checks the rules are gone before the restart).
    pub fn reboot_router(&self) {
        let out = run(Command::new("bash")
            .arg(lab_script())
            .args(["reboot-router", &self.name]));
        assert!(out.status.success(), "reboot-router failed: {}", show(&out));
    }

    /// MAC address of an interface in a lab namespace, read with `ip -j link show`.
    pub fn link_mac(&self, ns_key: &str, ifname: &str) -> String {
        let out = Command::new("ip")
            .args(["-n", self.ns(ns_key), "-j", "link", "show", ifname])
            .output()
            .expect("run ip -j link show");
        assert!(out.status.success(), "ip -j link show failed: {out:?}");
        let v: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("ip -j link show prints JSON");
        v[0]["address"]
            .as_str()
            .unwrap_or_else(|| panic!("no address in {v}"))
            .to_ascii_lowercase()
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        let res = Command::new("bash")
            .arg(lab_script())
            .args(["down", &self.name])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output();
        match res {
            Ok(o) if o.status.success() => {}
            Ok(o) => eprintln!(
                "warning: lab.sh down {} failed: {}",
                self.name,
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => eprintln!("warning: could not run lab.sh down {}: {e}", self.name),
        }
    }
}

/// A process a test started in the lab; killed (by its own pid) and reaped
/// on drop, also when the test panics.
pub struct LabProcess(pub Child);

impl Drop for LabProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Parse `KEY=VALUE` lines (other lines are ignored).
pub fn parse_vars(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| {
            let (k, v) = l.split_once('=')?;
            let ok = !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            ok.then(|| (k.to_string(), v.to_string()))
        })
        .collect()
}

/// Run with the default 30 s limit; panics when the program cannot start or hangs.
pub fn run(cmd: &mut Command) -> Output {
    run_with_timeout(cmd, DEFAULT_CMD_TIMEOUT).unwrap_or_else(|e| panic!("{e}"))
}

/// Run and also measure the wall time from spawn to exit.
pub fn run_timed(cmd: &mut Command) -> (Output, Duration) {
    let start = Instant::now();
    let out = run(cmd);
    (out, start.elapsed())
}

/// Render an Output for assertion messages.
pub fn show(out: &Output) -> String {
    format!(
        "status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Parse stdout as JSON, with a useful message when it is not.
pub fn json_stdout(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", show(out)))
}
