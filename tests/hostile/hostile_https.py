#!/usr/bin/env python3
"""A deliberately broken HTTPS server in the place of Entra ID sign-in and Microsoft Graph, for
migready's tests, misbehaving in one way at a time (--mode). Sign-in and Graph share one origin
(https://127.0.0.1:PORT); a second listener (DIR/other-port) stands for "another port on the
same host" and records whether anything ever reached it. Every request (and, with its
Authorization header, whether a token came along) is logged to DIR/https.jsonl.

usage: hostile_https.py --dir DIR --mode MODE --cert CERT --key KEY
Modes: normal, next-self, next-cycle, next-other-port, gzip-bomb, huge-body, silent,
retry-after-huge, retry-after-date, expires-huge, expires-negative, token-huge, token-bad-chars,
dup-keys, slow-users (a first page, then the next one after an hour), exo-next-self (Exchange Online's InvokeCommand answers with a next link to itself)."""
import argparse, json, os, socket, ssl, threading, time, zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

TENANT = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
USER = {"id": "11111111-2222-4333-8444-555555555555", "userPrincipalName": "a@hostile.test",
        "displayName": "A", "onPremisesSyncEnabled": True, "onPremisesImmutableId": "BpazOkLGm0iEtljAONPvOQ=="}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def record(self):
        s = self.server
        with s.lock:
            s.log.write(json.dumps({"listener": s.name, "method": self.command, "path": self.path,
                                    "bearer": (self.headers.get("Authorization") or "").startswith("Bearer ")}) + "\n")
            s.log.flush()

    def send_json(self, status, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def base(self):
        return f"https://127.0.0.1:{self.server.server_address[1]}"

    def do_POST(self):
        self.record()
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        mode = self.server.mode
        if "/InvokeCommand" in self.path:
            if mode == "exo-next-self":
                return self.send_json(200, {"value": [], "@odata.nextLink": self.base() + self.path})
            return self.send_json(200, {"value": []})
        if mode == "silent":
            time.sleep(3600)
        token = {"token_type": "Bearer", "expires_in": 3599, "access_token": "eyJ0eXAiOiJKV1QifQ.e30.sig"}
        if mode == "expires-huge":
            token["expires_in"] = 9223372036854775807
        if mode == "expires-negative":
            token["expires_in"] = -9223372036854775807
        if mode == "token-huge":
            token["access_token"] = "A" * (1 << 20)
        if mode == "token-bad-chars":
            token["access_token"] = "abc\r\nX-Injected: yes"
        if mode == "retry-after-huge" and self.server.counter("token") == 1:
            return self.send_json(429, {"error": "throttled"}, [("Retry-After", "9223372036854775807")])
        self.send_json(200, token)

    def do_GET(self):
        self.record()
        s = self.server
        mode = s.mode
        path = urlsplit(self.path).path
        if s.name == "other":
            return self.send_json(200, {"value": [USER]})
        if path.endswith("/organization"):
            return self.send_json(200, {"value": [{"id": TENANT, "displayName": "Hostile",
                                                   "onPremisesSyncEnabled": True,
                                                   "onPremisesLastSyncDateTime": "2026-11-30T00:00:00Z"}]})
        if path.endswith("/onPremisesSynchronization"):
            return self.send_json(403, {"error": {"code": "Authorization_RequestDenied", "message": "no"}})
        if "deletedItems" in path:
            return self.send_json(200, {"value": []})
        if not path.endswith("/users"):
            return self.send_json(404, {"error": {"code": "NotFound", "message": path}})
        # /users: the misbehaviour
        if mode == "next-self":
            return self.send_json(200, {"value": [USER], "@odata.nextLink": self.base() + self.path})
        if mode == "next-cycle":
            other = "/v1.0/users?$skiptoken=B" if "skiptoken=A" in self.path or "skiptoken" not in self.path else "/v1.0/users?$skiptoken=A"
            return self.send_json(200, {"value": [USER], "@odata.nextLink": self.base() + other})
        if mode == "next-other-port":
            return self.send_json(200, {"value": [USER], "@odata.nextLink":
                                        f"https://127.0.0.1:{s.other_port}/v1.0/users?$skiptoken=X"})
        if mode == "gzip-bomb":
            body = s.bomb()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if mode == "huge-body":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(2 << 30))
            self.end_headers()
            chunk = b" " * (1 << 20)
            try:
                for _ in range(80):
                    self.wfile.write(chunk)
            except OSError:
                pass
            return
        if mode == "retry-after-date" and s.counter("users") == 1:
            return self.send_json(503, {"error": {"code": "ServiceUnavailable", "message": "later"}},
                                  [("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")])
        if mode == "slow-users":
            if "skiptoken" in self.path:
                time.sleep(3600)
            return self.send_json(200, {"value": [USER], "@odata.nextLink": self.base() + "/v1.0/users?$skiptoken=2"})
        if mode == "dup-keys":
            return self.send_json(200, b'{"value": [' + json.dumps(USER).encode() + b'], "value": []}')
        self.send_json(200, {"value": [USER]})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, name, args, log, lock):
        super().__init__(("127.0.0.1", 0), Handler)
        self.name, self.mode, self.log, self.lock = name, args.mode, log, lock
        self.counts = {}
        self.other_port = 0
        self._bomb = None
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        self.socket = ctx.wrap_socket(self.socket, server_side=True)

    def counter(self, what):
        with self.lock:
            self.counts[what] = self.counts.get(what, 0) + 1
            return self.counts[what]

    def bomb(self):
        # About 1 MB on the wire, 1 GiB once inflated.
        if self._bomb is None:
            z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            chunk = b" " * (1 << 20)
            parts = [z.compress(b'{"value": [], "padding": "')]
            for _ in range(1024):
                parts.append(z.compress(chunk))
            parts.append(z.compress(b'"}'))
            parts.append(z.flush())
            self._bomb = b"".join(parts)
        return self._bomb


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--mode", default="normal")
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    args = p.parse_args()
    lock = threading.Lock()
    log = open(os.path.join(args.dir, "https.jsonl"), "a")
    main_server = Server("main", args, log, lock)
    other = Server("other", args, log, lock)
    main_server.other_port = other.server_address[1]
    for s in (main_server, other):
        threading.Thread(target=s.serve_forever, daemon=True).start()
    with open(os.path.join(args.dir, "other-port"), "w") as f:
        f.write(str(other.server_address[1]))
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(main_server.server_address[1]))
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
