#!/usr/bin/env python3
"""A hostile UPnP device for the lab (tests/hostile_peers.rs).

Runs inside a lab namespace only (a second LAN host). It answers every SSDP
M-SEARCH -- multicast on 239.255.255.250:1900 joined on --iface-ip, and
unicast to port 1900 -- from --reply-from with LOCATION --location, and can
serve a hostile device description over HTTP on --http (IP:PORT):

  huge   an endless description (no Content-Length), until the client leaves
  bomb   a "billion laughs" entity-expansion document
  slow   the headers, then one byte per second

Every M-SEARCH and every HTTP request is logged to --log, one line each
("SSDP <peer>", "HTTP <peer> <request line>"), after a first line "READY".
It exits by itself after --lifetime seconds.
"""

import argparse
import socket
import struct
import sys
import threading
import time

p = argparse.ArgumentParser()
p.add_argument("--iface-ip", required=True)
p.add_argument("--reply-from", required=True)
p.add_argument("--location", required=True)
p.add_argument("--http", default=None)
p.add_argument("--mode", default="huge", choices=["huge", "bomb", "slow"])
p.add_argument("--log", required=True)
p.add_argument("--lifetime", type=float, default=60)
args = p.parse_args()

log_lock = threading.Lock()
log_file = open(args.log, "a", buffering=1)


def log(line):
    with log_lock:
        log_file.write(line + "\n")
        log_file.flush()


END = time.time() + args.lifetime

REPLY = (
    "HTTP/1.1 200 OK\r\n"
    "CACHE-CONTROL: max-age=120\r\n"
    "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
    "USN: uuid:00000000-0000-0000-0000-000000000bad::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
    "EXT:\r\n"
    "SERVER: Hostile/1.0 UPnP/1.1 Fake/1.0\r\n"
    f"LOCATION: {args.location}\r\n"
    "\r\n"
).encode()

BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE root [\n<!ENTITY l0 "lol">\n'
    + "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">\n' for i in range(1, 10))
    + ']>\n<root xmlns="urn:schemas-upnp-org:device-1-0"><device>'
    "<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
    "<manufacturer>&l9;</manufacturer><friendlyName>&l9;</friendlyName>"
    "</device></root>\n"
).encode()


def ssdp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", 1900))
    mreq = socket.inet_aton("239.255.255.250") + socket.inet_aton(args.iface_ip)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
    s.settimeout(0.5)
    out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    out.bind((args.reply_from, 0))
    return s, out


def serve_ssdp(s, out):
    while time.time() < END:
        try:
            data, peer = s.recvfrom(2048)
        except socket.timeout:
            continue
        if data.startswith(b"M-SEARCH"):
            log(f"SSDP {peer[0]}")
            try:
                out.sendto(REPLY, peer)
            except OSError as e:
                log(f"SSDP-SEND-ERROR {e}")


def handle(conn, peer):
    conn.settimeout(5)
    try:
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                break
            head += chunk
        first = head.split(b"\r\n", 1)[0].decode("latin-1")
        log(f"HTTP {peer[0]} {first}")
        if args.mode == "bomb":
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n"
                b"Connection: close\r\n\r\n" % len(BOMB) + BOMB)
        elif args.mode == "huge":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n<root>")
            block = b"<x>" + b"A" * 65536 + b"</x>"
            sent = 0
            while time.time() < END and sent < 200 * 1024 * 1024:
                conn.sendall(block)
                sent += len(block)
        elif args.mode == "slow":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n")
            while time.time() < END:
                conn.sendall(b"<")
                time.sleep(1)
    except OSError:
        pass
    finally:
        conn.close()


def serve_http(srv):
    srv.settimeout(0.5)
    while time.time() < END:
        try:
            conn, peer = srv.accept()
        except socket.timeout:
            continue
        threading.Thread(target=handle, args=(conn, peer), daemon=True).start()


s, out = ssdp()
threads = [threading.Thread(target=serve_ssdp, args=(s, out), daemon=True)]
if args.http:
    host, port = args.http.rsplit(":", 1)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, int(port)))
    srv.listen(16)
    threads.append(threading.Thread(target=serve_http, args=(srv,), daemon=True))
for t in threads:
    t.start()
log("READY")
while time.time() < END:
    time.sleep(0.2)
sys.exit(0)
