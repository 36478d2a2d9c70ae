#!/usr/bin/env python3
"""A second, independent UPnP Internet Gateway Device for the netcheck lab.

Built on the server side of async-upnp-client (UpnpServer, UpnpServerDevice,
UpnpServerService): SSDP M-SEARCH answers, the device and service
descriptions and SOAP control all come from that library, not from netcheck
and not from miniupnpd. Runs inside the lab's router namespace only.

Its mappings are real: AddPortMapping on the live WAN service installs an
nftables DNAT rule (chain `nat igd_prerouting`) and a forward accept rule
(chain `filter igd_forward`) that tests/lab/lab.sh jumps to, so TCP and UDP
from the lab's internet reach the LAN host. DeletePortMapping and lease
expiry remove them. Both chains are rebuilt in one nft transaction after
every change, and flushed at start and exit (a restart loses every mapping,
as a rebooted router does).

Quirks (--quirks a,b,...), each what some real router does:
  725           AddPortMapping with a lease other than 0 fails with 725
                OnlyPermanentLeasesSupported (many older routers)
  disconnected  GetStatusInfo says Disconnected, GetExternalIPAddress 0.0.0.0,
                yet mappings are installed and forward
  ppp-first     a DSL router: the description lists an unused WANIPConnection
                (Disconnected, 0.0.0.0, mappings go nowhere) before the live
                WANPPPConnection
  ppp           only a WANPPPConnection, no WANIPConnection
  private-wan   GetExternalIPAddress answers 192.168.1.2 (a router behind
                another NAT)
  slow          every SOAP answer comes --slow-ms late
  malformed     every SOAP answer is HTTP 200 with a body that is not XML
  moving        the HTTP port and the control URLs change at every start
                (as miniupnpd's random http_port does)
A port held by another host always answers 718 ConflictInMappingEntry (as
every IGD does); that needs no quirk.

When it is ready (HTTP and SSDP sockets bound) it writes --ready-file:
  URL=<description URL>
  CONTROL=<control URL of the live service>
  PID=<its pid>
"""

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from functools import partial

from aiohttp import web
from async_upnp_client import server as upnp_server
from async_upnp_client.client import UpnpRequester
from async_upnp_client.const import DeviceInfo, ServiceInfo
from async_upnp_client.exceptions import UpnpActionError
from async_upnp_client.server import (
    UpnpServer,
    UpnpServerDevice,
    UpnpServerService,
    callable_action,
    create_state_var,
)

QUIRKS = {"725", "disconnected", "ppp-first", "ppp", "private-wan", "slow", "malformed", "moving"}

p = argparse.ArgumentParser()
p.add_argument("--lan-ip", required=True)
p.add_argument("--wan-if", required=True)
p.add_argument("--wan-ip", required=True, help="the address GetExternalIPAddress reports")
p.add_argument("--port", type=int, default=2189, help="HTTP port (ignored with the moving quirk)")
p.add_argument("--quirks", default="")
p.add_argument("--slow-ms", type=int, default=1500)
p.add_argument("--ready-file", required=True)
p.add_argument("--manufacturer", default="netcheck-lab")
p.add_argument("--model", default="python-igd")
args = p.parse_args()

quirks = {q for q in args.quirks.split(",") if q}
unknown = quirks - QUIRKS
if unknown:
    sys.exit(f"igd.py: unknown quirk(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(QUIRKS))}")
if "ppp" in quirks and "ppp-first" in quirks:
    sys.exit("igd.py: quirks ppp and ppp-first exclude each other")


def log(msg):
    print(f"{time.strftime('%H:%M:%S')} igd: {msg}", flush=True)


# ------------------------------------------------------------------ mappings

NFT_HEAD = """flush chain inet nat igd_prerouting
flush chain inet filter igd_forward
"""


class Entry:
    def __init__(self, proto, ext, client, internal, enabled, desc, lease):
        self.proto, self.ext, self.client, self.internal = proto, ext, client, internal
        self.enabled, self.desc, self.lease = enabled, desc, lease
        self.expires = time.monotonic() + lease if lease else None

    def remaining(self):
        if self.expires is None:
            return 0
        return max(1, int(self.expires - time.monotonic() + 0.999))


class Table:
    """One WAN connection service's port-mapping table. `live`: its
    mappings are installed in nftables; a dead service (an unused
    WANIPConnection on a DSL router) only remembers them."""

    def __init__(self, name, live):
        self.name, self.live = name, live
        self.entries = {}  # (proto, ext) -> Entry
        self.timers = {}

    def sync(self):
        if not self.live:
            return
        lines = [NFT_HEAD]
        for e in self.entries.values():
            if not e.enabled:
                continue
            p = e.proto.lower()
            lines.append(
                f'add rule inet nat igd_prerouting iifname "{args.wan_if}" {p} dport {e.ext} '
                f"dnat ip to {e.client}:{e.internal}\n"
            )
            lines.append(
                f'add rule inet filter igd_forward iifname "{args.wan_if}" ip daddr {e.client} '
                f"{p} dport {e.internal} ct status dnat accept\n"
            )
        nft("".join(lines))

    def put(self, e):
        key = (e.proto, e.ext)
        self.entries[key] = e
        if key in self.timers:
            self.timers.pop(key).cancel()
        if e.lease:
            self.timers[key] = asyncio.get_running_loop().call_later(e.lease, self.expire, key)
        self.sync()

    def expire(self, key):
        self.timers.pop(key, None)
        e = self.entries.pop(key, None)
        if e:
            log(f"{self.name}: lease of {key[0]} {key[1]} ran out")
            self.sync()

    def delete(self, key):
        if key in self.timers:
            self.timers.pop(key).cancel()
        del self.entries[key]
        self.sync()


def nft(script):
    r = subprocess.run(["nft", "-f", "-"], input=script, text=True, capture_output=True)
    if r.returncode != 0:
        log(f"nft failed ({r.returncode}): {r.stderr.strip()}\n{script}")
        raise UpnpActionError(error_code=501, error_desc="ActionFailed")


# ------------------------------------------------------------------ services

def token():
    return "%08x" % random.getrandbits(32)


BOOT = token() if "moving" in quirks else "fixed"

STATE_VARS = {
    "ConnectionType": create_state_var("string", default="IP_Routed"),
    "PossibleConnectionTypes": create_state_var("string", default="IP_Routed"),
    "ConnectionStatus": create_state_var("string", default="Connected"),
    "Uptime": create_state_var("ui4", default="0"),
    "LastConnectionError": create_state_var("string", default="ERROR_NONE"),
    "ExternalIPAddress": create_state_var("string", default=""),
    "PortMappingNumberOfEntries": create_state_var("ui2", default="0"),
    "PortMappingEnabled": create_state_var("boolean", default="1"),
    "PortMappingLeaseDuration": create_state_var("ui4", default="0"),
    "RemoteHost": create_state_var("string", default=""),
    "ExternalPort": create_state_var("ui2", default="0"),
    "InternalPort": create_state_var("ui2", default="0"),
    "PortMappingProtocol": create_state_var("string", allowed=["TCP", "UDP"], default="TCP"),
    "InternalClient": create_state_var("string", default=""),
    "PortMappingDescription": create_state_var("string", default=""),
}

START = time.monotonic()


class WanConnection(UpnpServerService):
    """WANIPConnection:1 / WANPPPConnection:1 port mapping, from its table."""

    TABLE: Table
    CONNECTED: bool
    ADDRESS: str

    def fault(self, code, desc):
        log(f"{self.TABLE.name}: answering {code} {desc}")
        return UpnpActionError(error_code=code, error_desc=desc)

    @callable_action(
        name="GetStatusInfo",
        in_args={},
        out_args={
            "NewConnectionStatus": "ConnectionStatus",
            "NewLastConnectionError": "LastConnectionError",
            "NewUptime": "Uptime",
        },
    )
    async def get_status_info(self):
        return {
            "NewConnectionStatus": "Connected" if self.CONNECTED else "Disconnected",
            "NewLastConnectionError": "ERROR_NONE",
            "NewUptime": int(time.monotonic() - START) if self.CONNECTED else 0,
        }

    @callable_action(
        name="GetConnectionTypeInfo",
        in_args={},
        out_args={
            "NewConnectionType": "ConnectionType",
            "NewPossibleConnectionTypes": "PossibleConnectionTypes",
        },
    )
    async def get_connection_type_info(self):
        return {"NewConnectionType": "IP_Routed", "NewPossibleConnectionTypes": "IP_Routed"}

    @callable_action(
        name="GetExternalIPAddress",
        in_args={},
        out_args={"NewExternalIPAddress": "ExternalIPAddress"},
    )
    async def get_external_ip_address(self):
        return {"NewExternalIPAddress": self.ADDRESS}

    @callable_action(
        name="AddPortMapping",
        in_args={
            "NewRemoteHost": "RemoteHost",
            "NewExternalPort": "ExternalPort",
            "NewProtocol": "PortMappingProtocol",
            "NewInternalPort": "InternalPort",
            "NewInternalClient": "InternalClient",
            "NewEnabled": "PortMappingEnabled",
            "NewPortMappingDescription": "PortMappingDescription",
            "NewLeaseDuration": "PortMappingLeaseDuration",
        },
        out_args={},
    )
    async def add_port_mapping(
        self,
        NewRemoteHost: str,
        NewExternalPort: int,
        NewProtocol: str,
        NewInternalPort: int,
        NewInternalClient: str,
        NewEnabled: bool,
        NewPortMappingDescription: str,
        NewLeaseDuration: int,
    ):
        if NewExternalPort == 0 or NewInternalPort == 0:
            raise self.fault(716, "WildCardNotPermittedInExtPort")
        try:
            socket.inet_aton(NewInternalClient)
        except OSError:
            raise self.fault(402, "Invalid Args")
        if "725" in quirks and NewLeaseDuration != 0:
            raise self.fault(725, "OnlyPermanentLeasesSupported")
        held = self.TABLE.entries.get((NewProtocol, NewExternalPort))
        if held is not None and held.client != NewInternalClient:
            raise self.fault(718, "ConflictInMappingEntry")
        e = Entry(
            NewProtocol,
            NewExternalPort,
            NewInternalClient,
            NewInternalPort,
            NewEnabled,
            NewPortMappingDescription,
            NewLeaseDuration,
        )
        self.TABLE.put(e)
        log(
            f"{self.TABLE.name}: mapped {NewProtocol} {NewExternalPort} -> "
            f"{NewInternalClient}:{NewInternalPort} lease {NewLeaseDuration}"
        )
        return {}

    @callable_action(
        name="DeletePortMapping",
        in_args={
            "NewRemoteHost": "RemoteHost",
            "NewExternalPort": "ExternalPort",
            "NewProtocol": "PortMappingProtocol",
        },
        out_args={},
    )
    async def delete_port_mapping(self, NewRemoteHost: str, NewExternalPort: int, NewProtocol: str):
        key = (NewProtocol, NewExternalPort)
        if key not in self.TABLE.entries:
            raise self.fault(714, "NoSuchEntryInArray")
        self.TABLE.delete(key)
        log(f"{self.TABLE.name}: deleted {NewProtocol} {NewExternalPort}")
        return {}

    @callable_action(
        name="GetSpecificPortMappingEntry",
        in_args={
            "NewRemoteHost": "RemoteHost",
            "NewExternalPort": "ExternalPort",
            "NewProtocol": "PortMappingProtocol",
        },
        out_args={
            "NewInternalPort": "InternalPort",
            "NewInternalClient": "InternalClient",
            "NewEnabled": "PortMappingEnabled",
            "NewPortMappingDescription": "PortMappingDescription",
            "NewLeaseDuration": "PortMappingLeaseDuration",
        },
    )
    async def get_specific_port_mapping_entry(self, NewRemoteHost: str, NewExternalPort: int, NewProtocol: str):
        e = self.TABLE.entries.get((NewProtocol, NewExternalPort))
        if e is None:
            raise self.fault(714, "NoSuchEntryInArray")
        return {
            "NewInternalPort": e.internal,
            "NewInternalClient": e.client,
            "NewEnabled": e.enabled,
            "NewPortMappingDescription": e.desc,
            "NewLeaseDuration": e.remaining(),
        }

    @callable_action(
        name="GetGenericPortMappingEntry",
        in_args={"NewPortMappingIndex": "PortMappingNumberOfEntries"},
        out_args={
            "NewRemoteHost": "RemoteHost",
            "NewExternalPort": "ExternalPort",
            "NewProtocol": "PortMappingProtocol",
            "NewInternalPort": "InternalPort",
            "NewInternalClient": "InternalClient",
            "NewEnabled": "PortMappingEnabled",
            "NewPortMappingDescription": "PortMappingDescription",
            "NewLeaseDuration": "PortMappingLeaseDuration",
        },
    )
    async def get_generic_port_mapping_entry(self, NewPortMappingIndex: int):
        entries = list(self.TABLE.entries.values())
        if NewPortMappingIndex >= len(entries):
            raise self.fault(713, "SpecifiedArrayIndexInvalid")
        e = entries[NewPortMappingIndex]
        return {
            "NewRemoteHost": "",
            "NewExternalPort": e.ext,
            "NewProtocol": e.proto,
            "NewInternalPort": e.internal,
            "NewInternalClient": e.client,
            "NewEnabled": e.enabled,
            "NewPortMappingDescription": e.desc,
            "NewLeaseDuration": e.remaining(),
        }


def wan_service(kind, live):
    """A WANIPConnection or WANPPPConnection service class; `live` is the
    one that is connected and forwards."""
    short = "IPConn" if kind == "WANIPConnection" else "PPPConn"
    prefix = f"/ctl/{BOOT}" if "moving" in quirks else "/ctl"
    table = Table(kind, live)
    if live and "disconnected" not in quirks:
        connected = True
        address = "192.168.1.2" if "private-wan" in quirks else args.wan_ip
    else:
        connected = False
        address = "0.0.0.0"
    return type(
        kind,
        (WanConnection,),
        {
            "SERVICE_DEFINITION": ServiceInfo(
                service_id=f"urn:upnp-org:serviceId:{kind}1",
                service_type=f"urn:schemas-upnp-org:service:{kind}:1",
                control_url=f"{prefix}/{short}",
                event_sub_url=f"/evt/{short}",
                scpd_url=f"/{short}.xml",
                xml=ET.Element("server_service"),
            ),
            "STATE_VARIABLE_DEFINITIONS": STATE_VARS,
            "TABLE": table,
            "CONNECTED": connected,
            "ADDRESS": address,
        },
    )


if "ppp" in quirks:
    CONNECTION_SERVICES = [wan_service("WANPPPConnection", live=True)]
elif "ppp-first" in quirks:
    CONNECTION_SERVICES = [wan_service("WANIPConnection", live=False), wan_service("WANPPPConnection", live=True)]
else:
    CONNECTION_SERVICES = [wan_service("WANIPConnection", live=True)]
LIVE = next(s for s in CONNECTION_SERVICES if s.TABLE.live)

UDN = "uuid:6e630000-0000-4000-8000-" + "%012x" % random.getrandbits(48)


def device_info(device_type, name, udn_suffix):
    return DeviceInfo(
        device_type=f"urn:schemas-upnp-org:device:{device_type}:1",
        friendly_name=f"{args.manufacturer} {args.model} {name}",
        manufacturer=args.manufacturer,
        manufacturer_url="http://192.168.99.1/",
        model_description=f"{args.model} (netcheck test lab, python IGD)",
        model_name=args.model,
        model_number="1",
        model_url="http://192.168.99.1/",
        serial_number="NC0000002",
        udn=UDN + udn_suffix,
        upc=None,
        presentation_url="http://192.168.99.1/",
        url="/rootDesc.xml",
        icons=[],
        xml=ET.Element("server_device"),
    )


class WanConnectionDevice(UpnpServerDevice):
    DEVICE_DEFINITION = device_info("WANConnectionDevice", "WAN connection", "")._replace(udn=UDN[:-1] + "2")
    EMBEDDED_DEVICES = []
    SERVICES = CONNECTION_SERVICES


class CommonInterfaceConfig(UpnpServerService):
    """WANCommonInterfaceConfig:1 (miniupnpc recognises an IGD by it)."""

    SERVICE_DEFINITION = ServiceInfo(
        service_id="urn:upnp-org:serviceId:WANCommonIFC1",
        service_type="urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1",
        control_url="/ctl/CmnIfCfg",
        event_sub_url="/evt/CmnIfCfg",
        scpd_url="/WANCfg.xml",
        xml=ET.Element("server_service"),
    )
    STATE_VARIABLE_DEFINITIONS = {
        "WANAccessType": create_state_var("string", default="Ethernet"),
        "Layer1UpstreamMaxBitRate": create_state_var("ui4", default="100000000"),
        "Layer1DownstreamMaxBitRate": create_state_var("ui4", default="100000000"),
        "PhysicalLinkStatus": create_state_var("string", default="Up"),
        "TotalBytesSent": create_state_var("ui4", default="0"),
        "TotalBytesReceived": create_state_var("ui4", default="0"),
        "TotalPacketsSent": create_state_var("ui4", default="0"),
        "TotalPacketsReceived": create_state_var("ui4", default="0"),
    }

    @callable_action(
        name="GetCommonLinkProperties",
        in_args={},
        out_args={
            "NewWANAccessType": "WANAccessType",
            "NewLayer1UpstreamMaxBitRate": "Layer1UpstreamMaxBitRate",
            "NewLayer1DownstreamMaxBitRate": "Layer1DownstreamMaxBitRate",
            "NewPhysicalLinkStatus": "PhysicalLinkStatus",
        },
    )
    async def get_common_link_properties(self):
        return {
            "NewWANAccessType": "DSL" if "ppp-first" in quirks or "ppp" in quirks else "Ethernet",
            "NewLayer1UpstreamMaxBitRate": 100000000,
            "NewLayer1DownstreamMaxBitRate": 100000000,
            "NewPhysicalLinkStatus": "Up",
        }

    @callable_action(name="GetTotalBytesSent", in_args={}, out_args={"NewTotalBytesSent": "TotalBytesSent"})
    async def get_total_bytes_sent(self):
        return {"NewTotalBytesSent": 0}

    @callable_action(
        name="GetTotalBytesReceived", in_args={}, out_args={"NewTotalBytesReceived": "TotalBytesReceived"}
    )
    async def get_total_bytes_received(self):
        return {"NewTotalBytesReceived": 0}

    @callable_action(
        name="GetTotalPacketsSent", in_args={}, out_args={"NewTotalPacketsSent": "TotalPacketsSent"}
    )
    async def get_total_packets_sent(self):
        return {"NewTotalPacketsSent": 0}

    @callable_action(
        name="GetTotalPacketsReceived",
        in_args={},
        out_args={"NewTotalPacketsReceived": "TotalPacketsReceived"},
    )
    async def get_total_packets_received(self):
        return {"NewTotalPacketsReceived": 0}


class WanDevice(UpnpServerDevice):
    DEVICE_DEFINITION = device_info("WANDevice", "WAN", "")._replace(udn=UDN[:-1] + "1")
    EMBEDDED_DEVICES = [WanConnectionDevice]
    SERVICES = [CommonInterfaceConfig]


class Gateway(UpnpServerDevice):
    DEVICE_DEFINITION = device_info("InternetGatewayDevice", "router", "")
    EMBEDDED_DEVICES = [WanDevice]
    SERVICES = []


# ------------------------------------------------------------------ HTTP quirks

@web.middleware
async def soap_quirks(request, handler):
    if request.method != "POST":
        return await handler(request)
    if "slow" in quirks:
        await asyncio.sleep(args.slow_ms / 1000)
    if "malformed" in quirks:
        return web.Response(status=200, content_type="text/xml", text="<s:Envelope><s:Body><u:Garbage")
    return await handler(request)


async def gone(request):
    """A POST to a control URL this boot does not have (the router moved it)."""
    log(f"POST to unknown control URL {request.path}: 404")
    return web.Response(status=404, text="no such control URL")


class QuirkyServer(UpnpServer):
    """UpnpServer with the quirks middleware in its aiohttp application (the
    routes are the library's own handlers)."""

    async def _async_start_http_server(self):
        app = web.Application(middlewares=[soap_quirks])
        app.router.add_get(self._device.device_url, partial(upnp_server.to_xml, self._device))
        for service in self._device.all_services:
            d = service.SERVICE_DEFINITION
            app.router.add_get(d.scpd_url, partial(upnp_server.to_xml, service))
            app.router.add_post(d.control_url, partial(upnp_server.action_handler, service))
        app.router.add_post("/{tail:.*}", gone)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self.source[0], self.http_port, reuse_address=True)
        await self._site.start()


def free_port():
    s = socket.socket()
    s.bind((args.lan_ip, 0))
    port = s.getsockname()[1]
    s.close()
    return port


async def main():
    nft(NFT_HEAD)
    port = free_port() if "moving" in quirks else args.port
    srv = QuirkyServer(
        Gateway,
        source=(args.lan_ip, 0),
        http_port=port,
        boot_id=int(time.time()) & 0x7FFFFFFF,
        options={},
    )
    await srv.async_start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    url = f"http://{args.lan_ip}:{port}/rootDesc.xml"
    control = f"http://{args.lan_ip}:{port}{LIVE.SERVICE_DEFINITION.control_url}"
    tmp = args.ready_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"URL={url}\nCONTROL={control}\nPID={os.getpid()}\n")
    os.replace(tmp, args.ready_file)
    log(f"ready: {url} quirks {sorted(quirks) or 'none'}; live service {LIVE.TABLE.name} at {control}")
    await stop.wait()
    log("stopping: mappings removed")
    try:
        nft(NFT_HEAD)
    except UpnpActionError:
        pass
    try:
        await asyncio.wait_for(srv.async_stop(), 2)
    except Exception:
        pass


asyncio.run(main())
