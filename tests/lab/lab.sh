#!/usr/bin/env bash
# netcheck home-network test lab: network namespaces, a router running
# miniupnpd behind nftables NAT, and an "internet" with IP-echo servers and a
# STUN server (coturn). Everything lives inside namespaces this script creates;
# nothing is sent to the real network.
#
#   tests/lab/lab.sh up NAME [options]   build a lab, print KEY=VALUE lines
#   tests/lab/lab.sh down NAME           remove it (idempotent, never fails)
#   tests/lab/lab.sh down-all            remove every lab recorded under $NETCHECK_LAB_ROOT
#   tests/lab/lab.sh env NAME            print the KEY=VALUE lines of a running lab again
#   tests/lab/lab.sh exec NAME ROLE CMD… run CMD in NAME-ROLE (ROLE: lan lan2 rtr isp inet)
#   tests/lab/lab.sh reboot-router NAME  stop miniupnpd, drop every mapping (its nftables
#                                        chains, as a reboot does), start it again: its
#                                        NAT-PMP/PCP epoch starts from 0
#   tests/lab/lab.sh igd-restart NAME    restart the python IGD (a router reboot: mappings
#                                        gone; with quirk "moving" a new port and control URL);
#                                        prints the new UPNP_URL= and IGD_CONTROL=
#
# Options of `up`:
#   --topology home|cgnat    (default home)
#   --upnp yes|no            UPnP IGD in miniupnpd (default yes)
#   --natpmp yes|no          NAT-PMP + PCP in miniupnpd (default yes)
#   --second-host            add NAME-lan2 (192.168.99.50) on the same LAN
#   --secure-mode yes|no     miniupnpd secure_mode: UPnP maps only to the asking host (default yes)
#   --manufacturer STR       miniupnpd manufacturer_name (default netcheck-lab)
#   --model STR              miniupnpd model_name (default lab-router)
#   --router-mac MAC         MAC of the router's LAN bridge (default 02:6e:63:00:00:01)
#   --ipv6                   dual stack (see below)
#   --nat-mode MODE          how the router's (and in cgnat, the ISP's) NAT maps and filters UDP:
#                            masq (default: endpoint-independent mapping, address-and-port-dependent
#                            filtering), random (masquerade random,fully-random: address-and-port-
#                            dependent mapping), fullcone (endpoint-independent mapping and filtering),
#                            addr-dep (endpoint-independent mapping, address-dependent filtering)
#   --loss PCT               the router drops PCT % of forwarded packets at random (nftables numgen)
#   --igd miniupnpd|python   who answers UPnP IGD (default miniupnpd). python: the second,
#                            independent IGD tests/lab/igd/igd.py (async-upnp-client) on
#                            192.168.99.1:2189 with real nftables mappings; miniupnpd then
#                            runs with UPnP off (NAT-PMP/PCP as --natpmp says). Needs the
#                            venv of tests/lab/igd/setup.sh ($NETCHECK_LAB_VENV).
#   --igd-quirks LIST        quirks of the python IGD, comma-separated: 725 disconnected
#                            ppp-first ppp private-wan slow malformed moving (see igd.py)
#
# Topology "home" (the guide's example):
#
#   NAME-lan  eth0 192.168.99.123/24 ──┐
#   NAME-lan2 eth0 192.168.99.50/24  ──┤ (lan0, lan1 enslaved to br0)
#   NAME-rtr  br0 192.168.99.1/24, wan0 111.222.33.123/24 — miniupnpd, nftables NAT
#   NAME-inet eth0 111.222.33.1/24 + 111.222.33.2 — echo servers :8080-8083,
#             coturn STUN :3478/:3479 on both addresses (RFC 5780 NAT behaviour tests on),
#             HTTPS echo :8443 (good certificate), :8444 (wrong host), :8445 (expired),
#             all signed by a throwaway test CA made with openssl per lab (TEST_CA)
#
# Topology "cgnat": the router's WAN is 100.64.0.2/24 behind NAME-isp
# (cgn0 100.64.0.1/24, up0 111.222.33.200/24), which masquerades towards
# NAME-inet. miniupnpd 2.3.1 treats 100.64.0.0/10 as reserved: it starts, logs
# "Reserved / private IP address 100.64.0.2 on ext interface wan0: Port forwarding
# is impossible", and still answers: SSDP discovery works, upnpc calls the IGD
# "not connected?", GetExternalIPAddress returns an empty string, AddPortMapping
# fails with 501 (Action Failed), and NAT-PMP answers result code 3 (Network
# Failure) — what a router behind carrier-grade NAT does (seen with 2.3.1).
#
# --ipv6 (dual stack, home topology): the LAN host also has a stable global
# address 2111:222:99::123/64 (flag mngtmpaddr, so with use_tempaddr=2 the
# kernel derives a real privacy address from it, which source selection then
# prefers — LAN_TEMP6), and a ULA fd00:99::123/64. The router routes IPv6
# without NAT (br0 2111:222:99::1, wan0 2111:222:33::123); its forward chain
# drops unsolicited inbound IPv6 like a home router; miniupnpd opens pinholes
# (IGDv2 WANIPv6FirewallControl and PCP over IPv6). The internet namespace
# has 2111:222:33::1 with the echo servers :8080/:8081, and coturn on IPv6 too,
# on 2111:222:33::1 and ::2 (two addresses of the family: RFC 5780 over IPv6).
#
# Exit codes: 0 ok, 1 the lab could not be built, 2 usage, 3 not root / no netns.

set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
LAB_ROOT=${NETCHECK_LAB_ROOT:-/tmp/netcheck-lab}
READY_TIMEOUT_MS=${NETCHECK_LAB_TIMEOUT_MS:-20000}
ROLES=(lan lan2 rtr isp inet)

log() { echo "lab.sh: $*" >&2; }

die() {
    log "error: $*"
    exit 1
}

usage_error() {
    log "usage error: $*"
    log "usage: lab.sh up NAME [--topology home|cgnat] [--upnp yes|no] [--natpmp yes|no] [--second-host] [--secure-mode yes|no] [--manufacturer S] [--model S] [--router-mac MAC] [--igd miniupnpd|python] [--igd-quirks LIST] [--nat-mode masq|random|fullcone|addr-dep] [--loss PCT] [--ipv6]"
    log "       lab.sh down NAME | down-all | env NAME | exec NAME ROLE CMD... | reboot-router NAME | igd-restart NAME"
    exit 2
}

# Loud error for "this machine cannot run the lab": exit 3.
fatal_env() {
    {
        echo
        echo "########################################################################"
        echo "##  netcheck test lab cannot run: $*"
        echo "##"
        echo "##  The lab builds network namespaces (ip netns), veth pairs, nftables"
        echo "##  rules and runs miniupnpd + coturn inside them. It needs:"
        echo "##    * root (or CAP_NET_ADMIN + CAP_SYS_ADMIN), and a kernel with netns"
        echo "##    * Debian packages: miniupnpd-nftables miniupnpc natpmpc coturn"
        echo "##      nftables iproute2 iputils-ping python3 curl openssl"
        echo "##  Run the whole suite with scripts/test as root: it installs them."
        echo "########################################################################"
        echo
    } >&2
    exit 3
}

check_name() {
    [[ $# -ge 1 && -n $1 ]] || usage_error "missing lab NAME"
    [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$ ]] || usage_error "bad lab NAME '$1' (letters, digits, _ . -; at most 40)"
}

need_root() {
    if [[ $(id -u) -ne 0 ]]; then
        fatal_env "not running as root (uid $(id -u))"
    fi
    command -v ip >/dev/null 2>&1 || fatal_env "'ip' (iproute2) not found"
}

need_cmds() {
    local c missing=()
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || missing+=("$c")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        fatal_env "missing commands: ${missing[*]}"
    fi
}

now_ms() { date +%s%3N; }

ns_exists() { [[ -e /run/netns/$1 ]]; }

# ---------------------------------------------------------------- down

# Kill one pid, but only if it still runs inside one of this lab's namespaces
# (protects against pid reuse after a crash).
kill_lab_pid() {
    local name=$1 pid=$2 ns
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    ns=$(ip netns identify "$pid" 2>/dev/null || true)
    case "$ns" in
        "$name"-*) kill -TERM "$pid" 2>/dev/null || true ;;
        *) ;;
    esac
}

lab_down() {
    local name=$1 dir="$LAB_ROOT/$1" f pid role ns pids deadline
    if [[ -d $dir ]]; then
        for f in "$dir"/*.pid; do
            [[ -f $f ]] || continue
            pid=$(cat "$f" 2>/dev/null || true)
            kill_lab_pid "$name" "$pid"
        done
    fi
    # Anything still running inside our namespaces (children, strays).
    for role in "${ROLES[@]}"; do
        ns="$name-$role"
        ns_exists "$ns" || continue
        pids=$(ip netns pids "$ns" 2>/dev/null || true)
        for pid in $pids; do
            kill -TERM "$pid" 2>/dev/null || true
        done
    done
    deadline=$(($(now_ms) + 2000))
    for role in "${ROLES[@]}"; do
        ns="$name-$role"
        ns_exists "$ns" || continue
        while [[ -n $(ip netns pids "$ns" 2>/dev/null || true) && $(now_ms) -lt $deadline ]]; do
            sleep 0.05
        done
        pids=$(ip netns pids "$ns" 2>/dev/null || true)
        for pid in $pids; do
            kill -KILL "$pid" 2>/dev/null || true
        done
        ip netns del "$ns" 2>/dev/null || true
    done
    for role in "${ROLES[@]}"; do
        rm -rf "/etc/netns/$name-$role" 2>/dev/null || true
    done
    rmdir /etc/netns 2>/dev/null || true
    rm -rf "$dir" 2>/dev/null || true
}

cmd_down() {
    check_name "$@"
    need_root
    lab_down "$1"
    return 0
}

cmd_down_all() {
    need_root
    local d
    [[ -d $LAB_ROOT ]] || return 0
    for d in "$LAB_ROOT"/*/; do
        [[ -d $d ]] || continue
        d=${d%/}
        log "removing lab ${d##*/}"
        lab_down "${d##*/}"
    done
    return 0
}

cmd_env() {
    check_name "$@"
    local f="$LAB_ROOT/$1/env"
    [[ -f $f ]] || die "no running lab named '$1'"
    cat "$f"
}

cmd_exec() {
    [[ $# -ge 3 ]] || usage_error "exec NAME ROLE CMD..."
    check_name "$1"
    need_root
    local ns="$1-$2"
    shift 2
    ns_exists "$ns" || die "no namespace $ns"
    exec ip netns exec "$ns" "$@"
}

cmd_reboot_router() {
    check_name "$@"
    need_root
    NAME=$1
    DIR="$LAB_ROOT/$NAME"
    local rtr="$NAME-rtr" pid deadline chain
    [[ -f $DIR/miniupnpd.pid && -f $DIR/miniupnpd.conf ]] || die "lab '$NAME' runs no miniupnpd"
    pid=$(cat "$DIR/miniupnpd.pid")
    kill_lab_pid "$NAME" "$pid"
    deadline=$(($(now_ms) + 5000))
    while kill -0 "$pid" 2>/dev/null; do
        [[ $(now_ms) -lt $deadline ]] || die "miniupnpd (pid $pid) did not stop"
        sleep 0.05
    done
    # miniupnpd leaves its rules in place when it stops (and adopts them when
    # it starts); a reboot loses them.
    nsx "$rtr" nft flush chain inet filter miniupnpd
    nsx "$rtr" nft flush chain inet nat prerouting_miniupnpd
    nsx "$rtr" nft flush chain inet nat postrouting_miniupnpd
    for chain in "filter miniupnpd" "nat prerouting_miniupnpd" "nat postrouting_miniupnpd"; do
        # shellcheck disable=SC2086
        if nsx "$rtr" nft list chain inet $chain | grep -q dport; then
            die "chain $chain still holds rules after the flush"
        fi
    done
    mv "$DIR/miniupnpd.log" "$DIR/miniupnpd.log.$(now_ms)"
    start_daemon "$rtr" miniupnpd miniupnpd -f "$DIR/miniupnpd.conf" -P "$DIR/miniupnpd.own-pid" -d
    DEADLINE=$(($(now_ms) + READY_TIMEOUT_MS))
    if grep -q '^enable_upnp=yes' "$DIR/miniupnpd.conf"; then wait_listen "$rtr" tcp 5555 miniupnpd; fi
    if grep -q '^enable_natpmp=yes' "$DIR/miniupnpd.conf"; then wait_listen "$rtr" udp 5351 miniupnpd; fi
    log "router of lab '$NAME' rebooted (miniupnpd pid $(cat "$DIR/miniupnpd.pid"))"
}

# ---------------------------------------------------------------- up

# Globals set by cmd_up.
NAME='' DIR='' UP_DONE=0

nsx() {
    local ns=$1
    shift
    ip netns exec "$ns" "$@"
}

# start_daemon NS LOGNAME CMD...: background, stdin/stdout/stderr detached from
# the caller (a test harness reading our stdout must see EOF), pid recorded.
start_daemon() {
    local ns=$1 tag=$2
    shift 2
    ip netns exec "$ns" "$@" </dev/null >"$DIR/$tag.log" 2>&1 &
    echo "$!" >"$DIR/$tag.pid"
}

# wait_listen NS tcp|udp PORT TAG: poll ss until PORT listens (deadline shared by all waits).
wait_listen() {
    local ns=$1 proto=$2 port=$3 tag=$4 fam=${5:-} flag pid
    [[ $proto == tcp ]] && flag=-Hltn$fam || flag=-Hlun$fam
    flag=${flag/-6/6}
    pid=$(cat "$DIR/$tag.pid")
    while :; do
        if [[ -n $(nsx "$ns" ss "$flag" "sport = :$port" 2>/dev/null) ]]; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            log "daemon '$tag' (pid $pid) in $ns exited before listening on $proto/$port; its log:"
            sed 's/^/    /' "$DIR/$tag.log" >&2 || true
            return 1
        fi
        if [[ $(now_ms) -gt $DEADLINE ]]; then
            log "timeout: '$tag' in $ns not listening on $proto/$port after ${READY_TIMEOUT_MS} ms; its log:"
            sed 's/^/    /' "$DIR/$tag.log" >&2 || true
            return 1
        fi
        sleep 0.05
    done
}

on_up_exit() {
    local rc=$?
    if [[ $UP_DONE -ne 1 && -n $NAME ]]; then
        log "lab '$NAME' not brought up (exit $rc); tearing down"
        lab_down "$NAME" || true
        if [[ $rc -eq 0 ]]; then rc=1; fi
    fi
    exit "$rc"
}

add_ns() {
    local ns=$1
    if ! ip netns add "$ns" 2>"$DIR/netns-add.err"; then
        fatal_env "'ip netns add $ns' failed: $(cat "$DIR/netns-add.err")"
    fi
    nsx "$ns" ip link set lo up
    # No duplicate address detection: addresses are usable at once.
    nsx "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 >/dev/null 2>&1 || true
}

write_router_nft() {
    local lan_if=$1 wan_if=$2 mode=${3:-masq} dnat_accept=''
    # Inbound flows the NAT mode's learned map sends in are new to the firewall.
    if [[ $mode == fullcone || $mode == addr-dep ]]; then dnat_accept='ct status dnat accept'; fi
    cat <<EOF
table inet filter {
    chain input {
        type filter hook input priority 0;
        policy accept;
        ct state established,related accept
        meta l4proto ipv6-icmp accept
        iifname "$wan_if" drop
    }
    chain forward {
        type filter hook forward priority 0;
        policy drop;
        ct state established,related accept
        iifname "$lan_if" accept
        $dnat_accept
        jump miniupnpd
        jump igd_forward
    }
    chain miniupnpd {
    }
    chain igd_forward {
    }
}
table inet nat {
    chain prerouting {
        type nat hook prerouting priority -100;
        policy accept;
        jump prerouting_miniupnpd
        jump igd_prerouting
    }
    chain postrouting {
        type nat hook postrouting priority 100;
        policy accept;
        jump postrouting_miniupnpd
        meta nfproto ipv4 oifname "$wan_if" masquerade$(masq_flags "$mode")
    }
    chain prerouting_miniupnpd {
    }
    chain postrouting_miniupnpd {
    }
    chain igd_prerouting {
    }
}
EOF
}

# write_natmode_nft WAN_IF MODE: the rules that give MODE its filtering (fullcone,
# addr-dep): postrouting learns each new UDP flow's external port (masquerade keeps
# the source port when it is free) in a map with a timeout, prerouting sends
# inbound UDP to the learned host — from anyone (fullcone) or only from the
# addresses that host has sent to (addr-dep).
write_natmode_nft() {
    local wan_if=$1 mode=$2
    [[ $mode == fullcone || $mode == addr-dep ]] || return 0
    local key='udp sport' value='ip saddr . udp sport' type='inet_service' lookup='udp dport'
    if [[ $mode == addr-dep ]]; then
        key='udp sport . ip daddr' type='inet_service . ipv4_addr' lookup='udp dport . ip saddr'
    fi
    cat <<EOF
table ip netcheck_natmode {
    map learned {
        type $type : ipv4_addr . inet_service
        flags dynamic,timeout
        timeout 2m
    }
    chain pre {
        type nat hook prerouting priority -110;
        policy accept;
        iifname "$wan_if" meta l4proto udp dnat ip to $lookup map @learned
    }
    chain post {
        type nat hook postrouting priority 90;
        policy accept;
        oifname "$wan_if" meta l4proto udp update @learned { $key : $value }
    }
}
EOF
}

# write_loss_nft PCT: drop PCT % of forwarded packets, both directions.
write_loss_nft() {
    cat <<EOF
table inet netcheck_loss {
    chain lossy {
        type filter hook forward priority -5;
        policy accept;
        numgen random mod 100 < $1 drop
    }
}
EOF
}

# masquerade flags of a NAT mode.
masq_flags() {
    if [[ $1 == random ]]; then echo ' random,fully-random'; fi
}

write_isp_nft() {
    local mode=${1:-masq}
    cat <<EOF
table inet cgnat {
    chain input {
        type filter hook input priority 0;
        policy accept;
        ct state established,related accept
        iifname "up0" drop
    }
    chain postrouting {
        type nat hook postrouting priority 100;
        policy accept;
        ip saddr 100.64.0.0/10 oifname "up0" masquerade$(masq_flags "$mode")
    }
}
EOF
}

write_miniupnpd_conf() {
    local upnp=$1 natpmp=$2 manufacturer=$3 model=$4 ipv6=${5:-0} secure=${6:-yes} uuid
    uuid=$(cat /proc/sys/kernel/random/uuid)
    cat <<EOF
# written by tests/lab/lab.sh for lab $NAME
ext_ifname=wan0
listening_ip=br0
http_port=5555
enable_upnp=$upnp
enable_natpmp=$natpmp
secure_mode=$secure
# Uptime (and so the NAT-PMP/PCP epoch) counts from the daemon's start, so
# reboot-router resets it as a real reboot does.
system_uptime=no
notify_interval=60
clean_ruleset_interval=600
uuid=$uuid
serial=NC0000001
model_number=1
friendly_name=$manufacturer $model
manufacturer_name=$manufacturer
manufacturer_url=http://192.168.99.1/
model_name=$model
model_description=$model (netcheck test lab)
model_url=http://192.168.99.1/
presentation_url=http://192.168.99.1/
upnp_table_name=filter
upnp_nat_table_name=nat
upnp_forward_chain=miniupnpd
upnp_nat_chain=prerouting_miniupnpd
upnp_nat_postrouting_chain=postrouting_miniupnpd
# PCP grants at least min_lifetime (default 120 s); 1 s lets tests hold
# short leases across several renewals.
min_lifetime=1
allow 1024-65535 192.168.99.0/24 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
EOF
    if [[ $ipv6 -eq 1 ]]; then
        echo "ipv6_disable=no"
        echo "ext_ifname6=wan0"
    fi
}

# Dual stack: addresses (nodad: usable at once), routes, forwarding.
setup_ipv6() {
    local lan=$1 rtr=$2 inet=$3
    nsx "$lan" sysctl -qw net.ipv6.conf.eth0.use_tempaddr=2 >/dev/null
    # Stable global address; mngtmpaddr makes it the template of a privacy address.
    nsx "$lan" ip -6 addr add 2111:222:99::123/64 dev eth0 mngtmpaddr nodad
    nsx "$lan" ip -6 addr add fd00:99::123/64 dev eth0 nodad
    nsx "$lan" ip -6 route add default via 2111:222:99::1 dev eth0
    nsx "$rtr" ip -6 addr add 2111:222:99::1/64 dev br0 nodad
    nsx "$rtr" ip -6 addr add fd00:99::1/64 dev br0 nodad
    nsx "$rtr" ip -6 addr add 2111:222:33::123/64 dev wan0 nodad
    nsx "$rtr" ip -6 route add default via 2111:222:33::1 dev wan0
    nsx "$rtr" sysctl -qw net.ipv6.conf.all.forwarding=1 >/dev/null
    nsx "$inet" ip -6 addr add 2111:222:33::1/64 dev eth0 nodad
    nsx "$inet" ip -6 addr add 2111:222:33::2/64 dev eth0 nodad
    nsx "$inet" ip -6 route add 2111:222:99::/64 via 2111:222:33::123 dev eth0
}

# Poll for the kernel's privacy address (flag "temporary") on the LAN host; print it.
wait_temp6() {
    local ns=$1 addr
    while :; do
        addr=$(nsx "$ns" ip -6 -o addr show dev eth0 scope global temporary 2>/dev/null |
            awk '{ split($4, a, "/"); print a[1]; exit }')
        if [[ -n $addr ]]; then
            echo "$addr"
            return 0
        fi
        [[ $(now_ms) -le $DEADLINE ]] || return 1
        sleep 0.05
    done
}

# ---------------------------------------------------------------- python IGD

IGD_VENV=${NETCHECK_LAB_VENV:-/opt/netcheck-lab-venv}

need_igd_python() {
    "$IGD_VENV/bin/python3" -c 'import async_upnp_client.server, aiohttp' >/dev/null 2>&1 ||
        fatal_env "the python IGD's packages are missing: run tests/lab/igd/setup.sh (venv $IGD_VENV)"
}

# start_igd: start tests/lab/igd/igd.py in the router namespace with the
# arguments recorded in $DIR/igd.args, wait (polling) for its ready file and
# its HTTP and SSDP sockets. Its real pid is in $DIR/igd.pid.
start_igd() {
    local wan_ip quirks manufacturer model port
    { read -r wan_ip; read -r quirks; read -r manufacturer; read -r model; } <"$DIR/igd.args"
    rm -f "$DIR/igd.ready"
    start_daemon "$NAME-rtr" igd "$IGD_VENV/bin/python3" -u "$SCRIPT_DIR/igd/igd.py" \
        --lan-ip 192.168.99.1 --wan-if wan0 --wan-ip "$wan_ip" --quirks "$quirks" \
        --manufacturer "$manufacturer" --model "$model" --ready-file "$DIR/igd.ready"
    local pid
    pid=$(cat "$DIR/igd.pid")
    until [[ -f $DIR/igd.ready ]]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "the python IGD (pid $pid) exited before it was ready; its log:"
            sed 's/^/    /' "$DIR/igd.log" >&2 || true
            return 1
        fi
        if [[ $(now_ms) -gt $DEADLINE ]]; then
            log "timeout: the python IGD (pid $pid) not ready after ${READY_TIMEOUT_MS} ms; its log:"
            sed 's/^/    /' "$DIR/igd.log" >&2 || true
            return 1
        fi
        sleep 0.05
    done
    port=$(sed -n 's|^URL=http://[0-9.]*:\([0-9]*\)/.*|\1|p' "$DIR/igd.ready")
    wait_listen "$NAME-rtr" tcp "$port" igd
    wait_listen "$NAME-rtr" udp 1900 igd
}

igd_env() {
    sed -n 's/^URL=/UPNP_URL=/p; s/^CONTROL=/IGD_CONTROL=/p' "$DIR/igd.ready"
    echo "IGD_PID=$(cat "$DIR/igd.pid")"
}

cmd_igd_restart() {
    check_name "$@"
    need_root
    NAME=$1
    DIR="$LAB_ROOT/$NAME"
    [[ -f $DIR/igd.args ]] || die "lab '$NAME' runs no python IGD"
    local pid deadline
    pid=$(cat "$DIR/igd.pid")
    kill_lab_pid "$NAME" "$pid"
    deadline=$(($(now_ms) + 5000))
    while kill -0 "$pid" 2>/dev/null; do
        [[ $(now_ms) -lt $deadline ]] || die "the python IGD (pid $pid) did not stop"
        sleep 0.05
    done
    DEADLINE=$(($(now_ms) + READY_TIMEOUT_MS))
    mv -f "$DIR/igd.log" "$DIR/igd.log.old" 2>/dev/null || true
    start_igd || die "the python IGD did not come back"
    local env
    env=$(grep -v '^UPNP_URL=\|^IGD_CONTROL=\|^IGD_PID=' "$DIR/env")
    { echo "$env"; igd_env; } >"$DIR/env"
    igd_env
}

# A throwaway test CA (made fresh for every lab, key never leaves $DIR/tls)
# and three server certificates signed by it: "good" for the echo server's
# address 111.222.33.1 (IP SAN), "wrong-host" for another name and address,
# "expired" for the right address but already past its validity.
make_test_ca() {
    local tls=$1 ip=$2
    mkdir -p "$tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
        -subj "/CN=netcheck lab test CA $NAME" -keyout "$tls/ca.key" -out "$tls/ca.pem" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        2>"$tls/openssl.log"
    local leaf san days
    for leaf in good wrong-host expired; do
        case $leaf in
            good) san="IP:$ip" days=2 ;;
            wrong-host) san="DNS:wrong.lab.invalid,IP:111.222.33.99" days=2 ;;
            expired) san="IP:$ip" days=0 ;; # dates set below
        esac
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$leaf" \
            -keyout "$tls/$leaf.key" -out "$tls/$leaf.csr" 2>>"$tls/openssl.log"
        printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$san" >"$tls/$leaf.ext"
        if [[ $leaf == expired ]]; then
            # Valid only on 2020-01-01, so expired from the start. (`x509 -days 0`
            # gives notAfter == now, still valid within that second: on a quiet
            # machine the first probe came in time to be accepted.)
            mkdir -p "$tls/ca-db"
            : >"$tls/ca-db/index.txt"
            echo 1000 >"$tls/ca-db/serial"
            printf '[ca]\ndefault_ca = lab\n[lab]\ndatabase = %s\nnew_certs_dir = %s\nserial = %s\ndefault_md = sha256\npolicy = any\n[any]\ncommonName = supplied\n' \
                "$tls/ca-db/index.txt" "$tls/ca-db" "$tls/ca-db/serial" >"$tls/ca.cnf"
            openssl ca -batch -config "$tls/ca.cnf" -cert "$tls/ca.pem" -keyfile "$tls/ca.key" \
                -in "$tls/$leaf.csr" -out "$tls/$leaf.pem" -notext -extfile "$tls/$leaf.ext" \
                -startdate 20200101000000Z -enddate 20200102000000Z 2>>"$tls/openssl.log"
        else
            openssl x509 -req -in "$tls/$leaf.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
                -CAcreateserial -days "$days" -extfile "$tls/$leaf.ext" -out "$tls/$leaf.pem" \
                2>>"$tls/openssl.log"
        fi
    done
    mkdir -p "$tls/ca-dir"
    cp "$tls/ca.pem" "$tls/ca-dir/netcheck-lab-ca.pem"
}

link_mac() {
    nsx "$1" cat "/sys/class/net/$2/address"
}

cmd_up() {
    local topology=home upnp=yes natpmp=yes second=0 manufacturer=netcheck-lab model=lab-router
    local router_mac=02:6e:63:00:00:01 igd=miniupnpd igd_quirks='' nat_mode=masq loss=0 ipv6=0 secure=yes
    check_name "$@"
    NAME=$1
    shift
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --topology) [[ $# -ge 2 ]] || usage_error "$1 needs a value"; topology=$2; shift 2 ;;
            --upnp) [[ $# -ge 2 ]] || usage_error "$1 needs a value"; upnp=$2; shift 2 ;;
            --natpmp) [[ $# -ge 2 ]] || usage_error "$1 needs a value"; natpmp=$2; shift 2 ;;
            --second-host) second=1; shift ;;
            --secure-mode) [[ $# -ge 2 ]] || usage_error "$1 needs a value"; secure=$2; shift 2 ;;
            --manufacturer) [[ $# -ge 2 ]] || usage_error "$1 needs a value"; manufacturer=$2; shift 2 ;;
            --model) [[ $# -ge 2 ]] || usage_error "$1 needs a value"; model=$2; shift 2 ;;
            --router-mac) [[ $# -ge 2 ]] || usage_error "$1 needs a value"; router_mac=$2; shift 2 ;;
            --nat-mode) [[ $# -ge 2 ]] || usage_error "$1 needs a value"; nat_mode=$2; shift 2 ;;
            --loss) [[ $# -ge 2 ]] || usage_error "$1 needs a value"; loss=$2; shift 2 ;;
            --igd) [[ $# -ge 2 ]] || usage_error "$1 needs a value"; igd=$2; shift 2 ;;
            --igd-quirks) [[ $# -ge 2 ]] || usage_error "$1 needs a value"; igd_quirks=$2; shift 2 ;;
            --ipv6) ipv6=1; shift ;;
            *) usage_error "unknown option '$1'" ;;
        esac
    done
    [[ $topology == home || $topology == cgnat ]] || usage_error "--topology must be home or cgnat"
    [[ $upnp == yes || $upnp == no ]] || usage_error "--upnp must be yes or no"
    [[ $natpmp == yes || $natpmp == no ]] || usage_error "--natpmp must be yes or no"
    [[ $secure == yes || $secure == no ]] || usage_error "--secure-mode must be yes or no"
    [[ $ipv6 -eq 0 || $topology == home ]] || usage_error "--ipv6 needs --topology home"
    [[ $nat_mode =~ ^(masq|random|fullcone|addr-dep)$ ]] || usage_error "--nat-mode must be masq, random, fullcone or addr-dep"
    [[ $loss =~ ^[0-9]{1,2}$ ]] || usage_error "--loss must be a whole percentage below 100"
    [[ $router_mac =~ ^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$ ]] || usage_error "bad --router-mac"
    [[ $manufacturer != *$'\n'* && $model != *$'\n'* ]] || usage_error "values must be one line"
    [[ $igd == miniupnpd || $igd == python ]] || usage_error "--igd must be miniupnpd or python"
    [[ $igd_quirks =~ ^[a-z0-9,-]*$ ]] || usage_error "bad --igd-quirks '$igd_quirks'"
    [[ -z $igd_quirks || $igd == python ]] || usage_error "--igd-quirks needs --igd python"
    # The python IGD answers UPnP; miniupnpd keeps NAT-PMP/PCP only.
    local mini_upnp=$upnp
    [[ $igd == python ]] && mini_upnp=no

    need_root
    local run_miniupnpd=0
    [[ $mini_upnp == yes || $natpmp == yes ]] && run_miniupnpd=1
    need_cmds nft ss python3 turnserver sysctl openssl
    if [[ $igd == python ]]; then need_igd_python; fi
    if [[ $run_miniupnpd -eq 1 ]]; then need_cmds miniupnpd; fi

    # A stale lab of the same name (crashed test run) is removed first.
    lab_down "$NAME"
    DIR="$LAB_ROOT/$NAME"
    mkdir -p "$DIR"
    trap on_up_exit EXIT
    DEADLINE=$(($(now_ms) + READY_TIMEOUT_MS))

    local LAN="$NAME-lan" LAN2="$NAME-lan2" RTR="$NAME-rtr" ISP="$NAME-isp" INET="$NAME-inet"
    local wan_ip wan_gw public_ip

    add_ns "$LAN"
    add_ns "$RTR"
    add_ns "$INET"
    if [[ $second -eq 1 ]]; then add_ns "$LAN2"; fi
    if [[ $topology == cgnat ]]; then add_ns "$ISP"; fi

    # --- LAN: bridge br0 in the router, one veth per host
    nsx "$RTR" ip link add br0 address "$router_mac" type bridge mcast_snooping 0
    ip link add eth0 netns "$LAN" type veth peer name lan0 netns "$RTR"
    nsx "$RTR" ip link set lan0 master br0
    nsx "$RTR" ip link set lan0 up
    if [[ $second -eq 1 ]]; then
        ip link add eth0 netns "$LAN2" type veth peer name lan1 netns "$RTR"
        nsx "$RTR" ip link set lan1 master br0
        nsx "$RTR" ip link set lan1 up
    fi
    nsx "$RTR" ip addr add 192.168.99.1/24 dev br0
    nsx "$RTR" ip link set br0 up
    # Bridged LAN-to-LAN frames must not go through the router's IP firewall.
    nsx "$RTR" sysctl -qw net.bridge.bridge-nf-call-iptables=0 >/dev/null 2>&1 || true

    nsx "$LAN" ip addr add 192.168.99.123/24 dev eth0
    nsx "$LAN" ip link set eth0 up
    nsx "$LAN" ip route add default via 192.168.99.1
    if [[ $second -eq 1 ]]; then
        nsx "$LAN2" ip addr add 192.168.99.50/24 dev eth0
        nsx "$LAN2" ip link set eth0 up
        nsx "$LAN2" ip route add default via 192.168.99.1
    fi
    # DNS as a home router hands it out (ip netns exec bind-mounts this file).
    local role
    for role in lan lan2; do
        if [[ $role == lan2 && $second -ne 1 ]]; then continue; fi
        mkdir -p "/etc/netns/$NAME-$role"
        echo "nameserver 192.168.99.1" >"/etc/netns/$NAME-$role/resolv.conf"
    done

    # --- WAN side
    if [[ $topology == home ]]; then
        wan_ip=111.222.33.123 wan_gw=111.222.33.1 public_ip=111.222.33.123
        ip link add wan0 netns "$RTR" type veth peer name eth0 netns "$INET"
    else
        wan_ip=100.64.0.2 wan_gw=100.64.0.1 public_ip=111.222.33.200
        ip link add wan0 netns "$RTR" type veth peer name cgn0 netns "$ISP"
        ip link add up0 netns "$ISP" type veth peer name eth0 netns "$INET"
        nsx "$ISP" ip addr add 100.64.0.1/24 dev cgn0
        nsx "$ISP" ip addr add 111.222.33.200/24 dev up0
        nsx "$ISP" ip link set cgn0 up
        nsx "$ISP" ip link set up0 up
        nsx "$ISP" ip route add default via 111.222.33.1
        nsx "$ISP" sysctl -qw net.ipv4.ip_forward=1
        write_isp_nft "$nat_mode" >"$DIR/isp.nft"
        write_natmode_nft up0 "$nat_mode" >>"$DIR/isp.nft"
        nsx "$ISP" nft -f "$DIR/isp.nft"
    fi
    nsx "$RTR" ip addr add "$wan_ip/24" dev wan0
    nsx "$RTR" ip link set wan0 up
    nsx "$RTR" ip route add default via "$wan_gw"
    nsx "$RTR" sysctl -qw net.ipv4.ip_forward=1
    write_router_nft br0 wan0 "$nat_mode" >"$DIR/router.nft"
    write_natmode_nft wan0 "$nat_mode" >>"$DIR/router.nft"
    if [[ $loss -gt 0 ]]; then write_loss_nft "$loss" >>"$DIR/router.nft"; fi
    nsx "$RTR" nft -f "$DIR/router.nft"

    nsx "$INET" ip addr add 111.222.33.1/24 dev eth0
    nsx "$INET" ip addr add 111.222.33.2/24 dev eth0
    nsx "$INET" ip link set eth0 up
    local temp6=''
    if [[ $ipv6 -eq 1 ]]; then
        setup_ipv6 "$LAN" "$RTR" "$INET"
        temp6=$(wait_temp6 "$LAN") || die "the kernel made no temporary IPv6 address on $LAN"
    fi

    # --- daemons
    if [[ $run_miniupnpd -eq 1 ]]; then
        write_miniupnpd_conf "$mini_upnp" "$natpmp" "$manufacturer" "$model" "$ipv6" "$secure" >"$DIR/miniupnpd.conf"
        start_daemon "$RTR" miniupnpd miniupnpd -f "$DIR/miniupnpd.conf" -P "$DIR/miniupnpd.own-pid" -d
    fi
    local echo_py="$SCRIPT_DIR/echo_server.py"
    start_daemon "$INET" echo-text python3 -u "$echo_py" --bind 111.222.33.1 --port 8080 --mode text
    start_daemon "$INET" echo-json python3 -u "$echo_py" --bind 111.222.33.1 --port 8081 --mode json
    start_daemon "$INET" echo-slow python3 -u "$echo_py" --bind 111.222.33.1 --port 8082 --mode slow --delay 6
    start_daemon "$INET" echo-silent python3 -u "$echo_py" --bind 111.222.33.1 --port 8083 --mode silent
    make_test_ca "$DIR/tls" 111.222.33.1
    local leaf tls_port=8443
    for leaf in good wrong-host expired; do
        start_daemon "$INET" "echo-tls-$leaf" python3 -u "$echo_py" --bind 111.222.33.1 --port "$tls_port" \
            --mode text --tls-cert "$DIR/tls/$leaf.pem" --tls-key "$DIR/tls/$leaf.key"
        tls_port=$((tls_port + 1))
    done
    local stun6=()
    if [[ $ipv6 -eq 1 ]]; then
        start_daemon "$INET" echo6-text python3 -u "$echo_py" --bind 2111:222:33::1 --port 8080 --mode text
        start_daemon "$INET" echo6-json python3 -u "$echo_py" --bind 2111:222:33::1 --port 8081 --mode json
        stun6=(--listening-ip 2111:222:33::1 --listening-ip 2111:222:33::2)
    fi
    # coturn as a plain STUN server: -n = no config file, no CLI, no TLS/DTLS
    # listeners (no certificates), logs into the lab directory only.
    start_daemon "$INET" turnserver turnserver -n --stun-only --no-cli --no-tls --no-dtls \
        --listening-ip 111.222.33.1 --listening-ip 111.222.33.2 "${stun6[@]}" --listening-port 3478 \
        --log-file "$DIR/turnserver-own.log" --simple-log --no-stdout-log \
        --pidfile "$DIR/turnserver.own-pid" --userdb "$DIR/turndb"

    wait_listen "$INET" tcp 8080 echo-text
    wait_listen "$INET" tcp 8081 echo-json
    wait_listen "$INET" tcp 8082 echo-slow
    wait_listen "$INET" tcp 8083 echo-silent
    wait_listen "$INET" tcp 8443 echo-tls-good
    wait_listen "$INET" tcp 8444 echo-tls-wrong-host
    wait_listen "$INET" tcp 8445 echo-tls-expired
    wait_listen "$INET" udp 3478 turnserver
    wait_listen "$INET" udp 3479 turnserver
    if [[ $ipv6 -eq 1 ]]; then
        wait_listen "$INET" tcp 8080 echo6-text -6
        wait_listen "$INET" tcp 8081 echo6-json -6
        wait_listen "$INET" udp 3478 turnserver -6
        wait_listen "$INET" udp 3479 turnserver -6
        if [[ $mini_upnp == yes ]]; then wait_listen "$RTR" tcp 5555 miniupnpd -6; fi
    fi
    if [[ $run_miniupnpd -eq 1 ]]; then
        if [[ $mini_upnp == yes ]]; then wait_listen "$RTR" tcp 5555 miniupnpd; fi
        if [[ $natpmp == yes ]]; then wait_listen "$RTR" udp 5351 miniupnpd; fi
    fi
    if [[ $igd == python && $upnp == yes ]]; then
        printf '%s\n' "$wan_ip" "$igd_quirks" "$manufacturer" "$model" >"$DIR/igd.args"
        start_igd
    fi

    {
        echo "LAB=$NAME"
        echo "LAB_DIR=$DIR"
        echo "TOPOLOGY=$topology"
        echo "LAN_NS=$LAN"
        echo "LAN_IF=eth0"
        echo "LAN_IP=192.168.99.123"
        echo "LAN_PREFIX=24"
        echo "LAN_MAC=$(link_mac "$LAN" eth0)"
        echo "LAN_DNS=192.168.99.1"
        if [[ $second -eq 1 ]]; then
            echo "LAN2_NS=$LAN2"
            echo "LAN2_IP=192.168.99.50"
            echo "LAN2_MAC=$(link_mac "$LAN2" eth0)"
        fi
        echo "RTR_NS=$RTR"
        echo "RTR_LAN_IF=br0"
        echo "RTR_LAN_IP=192.168.99.1"
        echo "RTR_LAN_MAC=$(link_mac "$RTR" br0)"
        echo "RTR_WAN_IF=wan0"
        echo "RTR_WAN_IP=$wan_ip"
        echo "GATEWAY=192.168.99.1"
        if [[ $topology == cgnat ]]; then
            echo "ISP_NS=$ISP"
            echo "ISP_IP=100.64.0.1"
            echo "ISP_PUBLIC_IP=111.222.33.200"
        fi
        echo "INET_NS=$INET"
        echo "INET_IP=111.222.33.1"
        echo "PUBLIC_IP=$public_ip"
        echo "UPNP=$upnp"
        echo "NATPMP=$natpmp"
        echo "IGD=$igd"
        if [[ $upnp == yes && $igd == miniupnpd ]]; then
            echo "UPNP_URL=http://192.168.99.1:5555/rootDesc.xml"
        fi
        if [[ $upnp == yes && $igd == python ]]; then
            echo "IGD_QUIRKS=$igd_quirks"
            igd_env
        fi
        if [[ $natpmp == yes ]]; then
            echo "NATPMP_ADDR=192.168.99.1:5351"
        fi
        echo "MANUFACTURER=$manufacturer"
        echo "MODEL=$model"
        echo "ECHO_FAST=http://111.222.33.1:8080/"
        echo "ECHO_JSON=http://111.222.33.1:8081/"
        echo "ECHO_SLOW=http://111.222.33.1:8082/"
        echo "ECHO_SILENT=http://111.222.33.1:8083/"
        echo "STUN=stun:111.222.33.1:3478"
        echo "STUN_ALT=stun:111.222.33.2:3479"
        echo "NAT_MODE=$nat_mode"
        echo "LOSS=$loss"
        echo "TEST_CA=$DIR/tls/ca.pem"
        echo "TEST_CA_DIR=$DIR/tls/ca-dir"
        echo "ECHO_HTTPS=https://111.222.33.1:8443/"
        echo "ECHO_HTTPS_WRONG_HOST=https://111.222.33.1:8444/"
        echo "ECHO_HTTPS_EXPIRED=https://111.222.33.1:8445/"
        echo "IPV6=$([[ $ipv6 -eq 1 ]] && echo yes || echo no)"
        if [[ $ipv6 -eq 1 ]]; then
            echo "LAN_IP6=2111:222:99::123"
            echo "LAN_ULA6=fd00:99::123"
            echo "LAN_TEMP6=$temp6"
            echo "LAN_PREFIX6=64"
            echo "RTR_LAN_IP6=2111:222:99::1"
            echo "RTR_WAN_IP6=2111:222:33::123"
            echo "INET_IP6=2111:222:33::1"
            echo "ECHO6_FAST=http://[2111:222:33::1]:8080/"
            echo "ECHO6_JSON=http://[2111:222:33::1]:8081/"
            echo "STUN6=stun:[2111:222:33::1]:3478"
            echo "STUN6_ALT=stun:[2111:222:33::2]:3479"
        fi
    } >"$DIR/env"
    UP_DONE=1
    cat "$DIR/env"
}

main() {
    [[ $# -ge 1 ]] || usage_error "missing command"
    local cmd=$1
    shift
    case "$cmd" in
        up) cmd_up "$@" ;;
        down) cmd_down "$@" ;;
        down-all) cmd_down_all ;;
        env) cmd_env "$@" ;;
        exec) cmd_exec "$@" ;;
        reboot-router) cmd_reboot_router "$@" ;;
        igd-restart) cmd_igd_restart "$@" ;;
        -h | --help | help) sed -n '2,72p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) usage_error "unknown command '$cmd'" ;;
    esac
}

main "$@"
