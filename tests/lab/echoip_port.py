#!/usr/bin/env python3
"""An echoip-compatible port checker for the netcheck lab (the API that
ifconfig.co serves): GET /port/N connects back to the caller's address on
port N and answers {"ip": ..., "port": N, "reachable": true|false}.
GET / answers the caller's address as text.

Like echoip it connects only to the address the request came from (no
header is believed) with a short timeout. --mode lie always answers
"reachable": false without connecting, to play a lying vantage.
Lab use only; it binds the address it is given.
"""

import argparse
import json
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self):
        # No reverse DNS lookup of the bind address (no resolver in the lab).
        socket.socket.bind(self.socket, self.server_address)
        self.server_name, self.server_port = self.server_address[:2]


def make_handler(mode, timeout):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):
            pass

        def answer(self, status, body, ctype="application/json"):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            ip = self.client_address[0]
            if self.path == "/":
                return self.answer(200, ip + "\n", "text/plain")
            parts = self.path.split("/")
            if len(parts) != 3 or parts[1] != "port" or not parts[2].isdigit():
                return self.answer(404, json.dumps({"error": "404 page not found"}))
            port = int(parts[2])
            if not 1 <= port <= 65535:
                return self.answer(400, json.dumps({"error": "invalid port"}))
            reachable = False
            if mode == "honest":
                try:
                    with socket.create_connection((ip, port), timeout=timeout):
                        reachable = True
                except OSError:
                    reachable = False
            self.answer(200, json.dumps({"ip": ip, "port": port, "reachable": reachable}))

    return Handler


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bind", default="0.0.0.0")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--mode", choices=["honest", "lie"], default="honest")
    p.add_argument("--timeout", type=float, default=1.0)
    a = p.parse_args()
    Server((a.bind, a.port), make_handler(a.mode, a.timeout)).serve_forever()


if __name__ == "__main__":
    main()
