#!/usr/bin/env python3
"""IP-echo HTTP server for the netcheck test lab ("what is my IP" service).

Python standard library only. One process serves one port in one mode:

  --mode text            body = client IP + "\\n" (text/plain)
  --mode json            body = {"ip": "<client ip>"} (application/json)
  --mode slow --delay N  answers like "text", but only after N seconds
  --mode silent          accepts TCP connections, reads, never answers,
                         keeps them open until the client gives up

  --tls-cert FILE --tls-key FILE   serve HTTPS instead of HTTP (the lab's
                         throwaway test CA signs the certificates)

It runs inside the lab's "internet" namespace and only ever answers the
clients that connect to it.
"""

import argparse
import json
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def client_ip(address):
    host = address[0]
    if host.startswith("::ffff:"):
        host = host[len("::ffff:"):]
    return host


def make_handler(mode, delay):
    class Handler(BaseHTTPRequestHandler):
        server_version = "netcheck-lab-echo/1"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def _answer(self, send_body):
            if mode == "slow":
                time.sleep(delay)
            ip = client_ip(self.client_address)
            if mode == "json":
                payload = json.dumps({"ip": ip}).encode()
                ctype = "application/json"
            else:
                payload = (ip + "\n").encode()
                ctype = "text/plain; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if send_body:
                try:
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        def do_GET(self):  # noqa: N802 (stdlib naming)
            self._answer(True)

        def do_HEAD(self):  # noqa: N802
            self._answer(False)

        def log_message(self, fmt, *args):
            sys.stderr.write(
                "%s %s %s\n"
                % (time.strftime("%H:%M:%S"), self.client_address[0], fmt % args)
            )

    return Handler


def family_of(bind):
    return socket.AF_INET6 if ":" in bind else socket.AF_INET


def serve_silent(bind, port):
    """Accept, read whatever comes, never answer; hold every connection open."""
    listener = socket.socket(family_of(bind), socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((bind, port))
    listener.listen(128)

    def hold(conn):
        try:
            while conn.recv(4096):
                pass
        except OSError:
            pass
        finally:
            conn.close()

    while True:
        conn, addr = listener.accept()
        sys.stderr.write("%s %s silent accept\n" % (time.strftime("%H:%M:%S"), addr[0]))
        threading.Thread(target=hold, args=(conn,), daemon=True).start()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument(
        "--mode", choices=["text", "json", "slow", "silent"], default="text"
    )
    parser.add_argument("--delay", type=float, default=2.0, help="seconds (slow mode)")
    parser.add_argument("--tls-cert", help="PEM certificate chain: serve HTTPS")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    args = parser.parse_args()

    sys.stderr.write(
        "echo_server mode=%s listening on %s:%d\n" % (args.mode, args.bind, args.port)
    )
    sys.stderr.flush()

    if args.mode == "silent":
        serve_silent(args.bind, args.port)
        return

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True
        address_family = family_of(args.bind)

    server = Server(
        (args.bind, args.port), make_handler(args.mode, args.delay)
    )
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        # The handshake runs in the handler's thread (first read), so a client
        # that never finishes it cannot stall accept().
        server.socket = context.wrap_socket(
            server.socket, server_side=True, do_handshake_on_connect=False
        )
    server.serve_forever()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
