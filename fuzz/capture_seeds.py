#!/usr/bin/env python3
"""Capture the seed corpus (fuzz/corpus/<target>/) from real peers in the lab.

Run it inside the LAN namespace of a running lab (tests/lab/lab.sh):

    tests/lab/lab.sh up seeds
    tests/lab/lab.sh exec seeds lan python3 fuzz/capture_seeds.py fuzz/corpus
    tests/lab/lab.sh down seeds

It asks miniupnpd (NAT-PMP, PCP, UPnP), coturn (STUN) and the kernel
(rtnetlink) and writes each answer as one file. The RFC 5769 STUN vectors and
a few hand-written bodies are added as well. Everything stays in the lab.
"""

import os
import socket
import struct
import sys
import urllib.request

GATEWAY = "192.168.99.1"
LAN_IP = "192.168.99.123"
STUN = ("111.222.33.1", 3478)
UPNP = "http://192.168.99.1:5555"
OUT = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus"


def save(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    print(f"{target}/{name}: {len(data)} bytes")


def udp(addr, payload, timeout=2.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    s.connect(addr)
    s.send(payload)
    try:
        return s.recv(2048)
    finally:
        s.close()


# --- NAT-PMP (RFC 6886) and PCP (RFC 6887) from miniupnpd
pmp = (GATEWAY, 5351)
save("natpmp_response", "external-address", udp(pmp, bytes([0, 0])))
save("natpmp_response", "map-tcp-5000",
     udp(pmp, struct.pack(">BBHHHI", 0, 2, 0, 5000, 5000, 3600)))
save("natpmp_response", "map-udp-5001",
     udp(pmp, struct.pack(">BBHHHI", 0, 1, 0, 5001, 5001, 3600)))
save("natpmp_response", "unmap-tcp-5000",
     udp(pmp, struct.pack(">BBHHHI", 0, 2, 0, 5000, 0, 0)))
save("natpmp_response", "unsupported-opcode", udp(pmp, bytes([0, 9])))


def pcp_map(nonce, proto, port, lifetime, client=LAN_IP):
    client6 = b"\0" * 10 + b"\xff\xff" + socket.inet_aton(client)
    return (bytes([2, 1, 0, 0]) + struct.pack(">I", lifetime) + client6 + nonce
            + bytes([proto, 0, 0, 0]) + struct.pack(">HH", port, port)
            + b"\0" * 10 + b"\xff\xff" + b"\0" * 4)


nonce = bytes(range(1, 13))
save("pcp_response", "map-tcp-5002", udp(pmp, pcp_map(nonce, 6, 5002, 3600)))
save("pcp_response", "map-udp-5003", udp(pmp, pcp_map(nonce, 17, 5003, 3600)))
save("pcp_response", "delete-tcp-5002", udp(pmp, pcp_map(nonce, 6, 5002, 0)))
save("pcp_response", "address-mismatch",
     udp(pmp, pcp_map(nonce, 6, 5004, 3600, client="192.168.99.77")))
# A PCP answer is also what a NAT-PMP client may get back, and the other way round.
save("natpmp_response", "pcp-answer", udp(pmp, pcp_map(nonce, 6, 5005, 60)))
save("pcp_response", "natpmp-answer", udp(pmp, bytes([0, 0])))

# --- SSDP: miniupnpd's answers to a multicast and a unicast M-SEARCH
for name, dest in [("multicast", ("239.255.255.250", 1900)), ("unicast", (GATEWAY, 1900))]:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(4)
    s.bind((LAN_IP, 0))
    s.sendto(("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n"
              "MX: 1\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n\r\n").encode(), dest)
    save("ssdp_reply", "miniupnpd-" + name, s.recv(2048))
    s.close()

# --- STUN Binding response from coturn
tid = b"netcheck-sd!"
save("stun_response", "coturn-binding",
     udp(STUN, struct.pack(">HHI", 1, 0, 0x2112A442) + tid))

# RFC 5769 section 2.2 and 2.3 sample responses.
save("stun_response", "rfc5769-ipv4", bytes.fromhex(
    "0101003c2112a442b7e7a701bc34d686fa87dfae"
    "8022000b7465737420766563746f7220"
    "002000080001a147e112a643"
    "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
    "80280004c07d4c96"))
save("stun_response", "rfc5769-ipv6", bytes.fromhex(
    "010100482112a442b7e7a701bc34d686fa87dfae"
    "8022000b7465737420766563746f7220"
    "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9"
    "00080014a382954e4be67bf11784c97c8292c275bfe3ed41"
    "80280004c8fb0b4c"))

# --- UPnP XML from miniupnpd
desc = urllib.request.urlopen(UPNP + "/rootDesc.xml", timeout=3).read()
save("upnp_xml", "rootDesc.xml", desc)


def soap(action, body, service="urn:schemas-upnp-org:service:WANIPConnection:2"):
    envelope = (
        '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
        's:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>'
        f'<u:{action} xmlns:u="{service}">{body}</u:{action}></s:Body></s:Envelope>')
    req = urllib.request.Request(
        UPNP + "/ctl/IPConn", data=envelope.encode(), method="POST",
        headers={"SOAPAction": f'"{service}#{action}"', "Content-Type": "text/xml"})
    try:
        return urllib.request.urlopen(req, timeout=3).read()
    except urllib.error.HTTPError as e:  # SOAP faults come as HTTP 500
        return e.read()


for service in ("urn:schemas-upnp-org:service:WANIPConnection:2",
                "urn:schemas-upnp-org:service:WANIPConnection:1"):
    add = soap("AddPortMapping",
               "<NewRemoteHost></NewRemoteHost><NewExternalPort>5006</NewExternalPort>"
               "<NewProtocol>TCP</NewProtocol><NewInternalPort>5006</NewInternalPort>"
               f"<NewInternalClient>{LAN_IP}</NewInternalClient><NewEnabled>1</NewEnabled>"
               "<NewPortMappingDescription>netcheck 5006</NewPortMappingDescription>"
               "<NewLeaseDuration>3600</NewLeaseDuration>", service)
    if b"Fault" not in add:
        break
entry = soap("GetSpecificPortMappingEntry",
             "<NewRemoteHost></NewRemoteHost><NewExternalPort>5006</NewExternalPort>"
             "<NewProtocol>TCP</NewProtocol>", service)
save("upnp_xml", "specific-entry.xml", entry)
save("upnp_xml", "fault-714.xml", soap(
    "GetSpecificPortMappingEntry",
    "<NewRemoteHost></NewRemoteHost><NewExternalPort>5999</NewExternalPort>"
    "<NewProtocol>TCP</NewProtocol>", service))
soap("DeletePortMapping",
     "<NewRemoteHost></NewRemoteHost><NewExternalPort>5006</NewExternalPort>"
     "<NewProtocol>TCP</NewProtocol>", service)
save("upnp_xml", "entity-bomb.xml",
     b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
     b"<root><device><manufacturer>&b;&amp;&lt;x&gt;</manufacturer></device></root>")

# --- rtnetlink RTM_GETADDR dump (this namespace: lo and eth0)
NLMSG_DONE, RTM_GETADDR = 3, 22
nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
nl.settimeout(2)
req = struct.pack("=IHHII", 24, RTM_GETADDR, 0x301, 1, 0) + bytes([socket.AF_INET]) + b"\0" * 7
nl.send(req)
dump = b""
while True:
    chunk = nl.recv(65536)
    dump += chunk
    if struct.unpack_from("=H", chunk, 4)[0] == NLMSG_DONE or len(dump) > 60000:
        break
save("netlink", "getaddr-dump", dump)

# --- echo bodies (what real echo services answer, and near misses)
for name, body in [
    ("text", b"111.222.33.123\n"),
    ("json", b'{"ip":"111.222.33.123"}'),
    ("json-more", b'{"ip": "2400:cb00::1", "country": "KR"}'),
    ("ipv6", b"2400:cb00::1\r\n"),
    ("mapped", b"::ffff:111.222.33.123"),
    ("bom", "\ufeff1.2.3.4".encode()),
    ("html", b"<!doctype html><html><body>Your IP is 1.2.3.4</body></html>"),
]:
    save("echo_body", name, body)
