#!/usr/bin/env python3
"""A deliberately broken LDAP server for migready's tests: LDAPv3 over TLS (LDAPS), raw BER,
misbehaving in one way at a time (--mode). It answers a simple bind, the rootDSE, CN=Partitions
(forest mode) and a paged user search; every connection and bind is logged to --log as one JSON
line, so the tests can prove where a password went.

usage: hostile_ldap.py --dir DIR --mode MODE --cert CERT --key KEY [--address A ...]
Writes DIR/port once listening (the same port on every --address).

Modes: normal, bad-guid, bad-uac, same-page, empty-pages, endless, range-repeat, range-endless,
garbage, time-limit, huge-message, big-value, dup-dn, dup-guid, bad-dn, empty-dn, nul-string,
bad-utf8, crossref, crossref-many (200 domains, all on this server), drip."""
import argparse, json, os, socket, ssl, struct, sys, threading, time, uuid

BASE = "DC=hostile,DC=test"
CONFIG = "CN=Configuration," + BASE
PAGED = "1.2.840.113556.1.4.319"


# --- BER -----------------------------------------------------------------------------------------
def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + length(len(content)) + content


def integer(n, tag=0x02):
    return tlv(tag, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True))


def octets(v, tag=0x04):
    return tlv(tag, v if isinstance(v, bytes) else v.encode())


def seq(*parts, tag=0x30):
    return tlv(tag, b"".join(parts))


def read_tlv(data, i):
    tag = data[i]
    n = data[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(data[i:i + k], "big")
        i += k
    return tag, data[i:i + n], i + n


def children(content):
    i, out = 0, []
    while i < len(content):
        tag, value, i = read_tlv(content, i)
        out.append((tag, value))
    return out


def result(tag, code=0, text=""):
    return seq(integer(code, 0x0A), octets(""), octets(text), tag=tag)


def entry(dn, attrs):
    """attrs: list of (name, [values as bytes or str])"""
    return seq(octets(dn), seq(*[seq(octets(name), seq(*[octets(v) for v in vals], tag=0x31))
                                 for name, vals in attrs]), tag=0x64)


def message(msgid, op, controls=b""):
    return seq(integer(msgid), op, controls)


def paged_control(cookie):
    value = seq(integer(0), octets(cookie))
    return tlv(0xA0, seq(octets(PAGED), octets(value)))


def guid(n):
    return uuid.UUID(int=n).bytes_le


def user(n, dn=None, **extra):
    attrs = [("objectClass", ["top", "person", "organizationalPerson", "user"]),
             ("objectGUID", [guid(n)]), ("sAMAccountName", [f"user{n}"]),
             ("userPrincipalName", [f"user{n}@hostile.test"]), ("mailNickname", [f"user{n}"]),
             ("msExchMailboxGuid", [guid(1000 + n)]), ("msExchRecipientTypeDetails", ["1"])]
    for k, v in extra.items():
        attrs = [a for a in attrs if a[0] != k] + [(k, v if isinstance(v, list) else [v])]
    return entry(f"CN=User {n},OU=Staff,{BASE}" if dn is None else dn, attrs)


# --- the server ----------------------------------------------------------------------------------
class Conn(threading.Thread):
    def __init__(self, sock, server, address):
        super().__init__(daemon=True)
        self.sock, self.server, self.address = sock, server, address
        self.buf = b""
        self.page = 0

    def log(self, **what):
        with self.server.lock:
            self.server.log.write(json.dumps(dict(address=self.address, **what)) + "\n")
            self.server.log.flush()

    def recv_message(self):
        while True:
            if len(self.buf) >= 2:
                try:
                    tag, value, end = read_tlv(self.buf, 0)
                    if end <= len(self.buf):
                        self.buf = self.buf[end:]
                        return value
                except IndexError:
                    pass
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buf += chunk

    def send(self, data):
        self.sock.sendall(data)

    def run(self):
        self.log(event="connect")
        try:
            while True:
                body = self.recv_message()
                if body is None:
                    return
                parts = children(body)
                msgid = int.from_bytes(parts[0][1], "big")
                tag, op = parts[1]
                controls = parts[2][1] if len(parts) > 2 else b""
                if tag == 0x60:  # bind
                    fields = children(op)
                    self.log(event="bind", dn=fields[1][1].decode(errors="replace"))
                    self.send(message(msgid, result(0x61)))
                elif tag == 0x42:  # unbind
                    return
                elif tag == 0x63:
                    self.search(msgid, children(op), controls)
                elif tag == 0x50:  # abandon
                    continue
                else:
                    self.send(message(msgid, result(0x78, 2, "unsupported")))
        except (OSError, ssl.SSLError, IndexError):
            return
        finally:
            self.log(event="close")
            try:
                self.sock.close()
            except OSError:
                pass

    def cookie_in(self, controls):
        for tag, control in children(controls):
            parts = children(control)
            if parts and parts[0][1].decode() == PAGED:
                value = parts[-1][1]
                _, inner, _ = read_tlv(value, 0)
                fields = children(inner)
                return fields[1][1]
        return None

    def search(self, msgid, fields, controls):
        base = fields[0][1].decode()
        attrs = [v.decode() for _, v in children(fields[7][1])] if len(fields) > 7 else []
        mode = self.server.mode
        done = lambda code=0, text="", ctl=b"": self.send(message(msgid, result(0x65, code, text), ctl))
        out = lambda op: self.send(message(msgid, op))
        if base == "":  # rootDSE
            out(entry("", [("defaultNamingContext", [BASE]), ("configurationNamingContext", [CONFIG]),
                           ("dnsHostName", ["dc1.hostile.test"])]))
            return done()
        if base.startswith("CN=Partitions"):
            out(entry("CN=HOSTILE," + base, [("nCName", [BASE]), ("dnsRoot", ["hostile.test"]),
                                            ("systemFlags", ["3"])]))
            if mode == "crossref":
                # Another domain whose DNS name is another address on this machine.
                out(entry("CN=OTHER," + base, [("nCName", ["DC=other,DC=test"]),
                                              ("dnsRoot", ["127.0.0.2"]), ("systemFlags", ["3"])]))
            if mode == "crossref-many":
                for k in range(200):
                    out(entry(f"CN=D{k}," + base, [("nCName", [f"DC=d{k},DC=test"]),
                                                  ("dnsRoot", ["127.0.0.1"]), ("systemFlags", ["3"])]))
            return done(ctl=paged_control(b"") if self.cookie_in(controls) is not None else b"")
        if any(";range=" in a for a in attrs):  # a ranged read of one entry's values
            asked = [a for a in attrs if ";range=" in a][0]
            low = int(asked.split("range=")[1].split("-")[0])
            if mode == "range-repeat":
                name = "proxyAddresses;range=0-1"
            else:  # range-endless: always two more values, never the last range
                name = f"proxyAddresses;range={low}-{low + 1}"
            out(entry(base, [(name, [f"smtp:a{low}@x.test", f"smtp:b{low}@x.test"])]))
            return done()
        cookie = self.cookie_in(controls)
        self.page += 1
        if mode == "garbage":  # a length no message has
            return self.send(b"\x30\x84\xff\xff\xff\x7fGARBAGE" + os.urandom(64))
        if mode == "garbage-text":  # not BER at all, then the connection closes
            self.send(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n" * 4)
            raise OSError("closed")
        if mode == "time-limit":
            out(user(1))
            return done(3, "the server's time limit")
        if mode == "same-page":
            out(user(1))
            out(user(2))
            return done(ctl=paged_control(b"c1"))
        if mode == "empty-pages":
            return done(ctl=paged_control(f"c{self.page}".encode()))
        if mode == "endless":
            for k in range(100):
                out(user(self.page * 1000 + k))
            return done(ctl=paged_control(f"c{self.page}".encode()))
        if mode == "drip":
            for k in range(1000000):
                out(user(k))
                time.sleep(0.5)
        if mode == "range-repeat" or mode == "range-endless":
            # Too many values for one answer: the first range, and the rest to be asked for.
            out(user(1, **{"proxyAddresses;range=0-1": ["smtp:a@x.test", "smtp:b@x.test"]}))
            return done(ctl=paged_control(b""))
        special = {
            "bad-guid": lambda: user(2, objectGUID=[b"\x01\x02\x03"]),
            "bad-uac": lambda: user(2, userAccountControl=["abc"]),
            "huge-message": lambda: user(2, displayName=["x" * (80 << 20)]),
            "big-value": lambda: user(2, displayName=["y" * (2 << 20)]),
            "dup-dn": lambda: user(1, displayName=["another value"]),
            "dup-guid": lambda: user(1, dn=f"CN=Someone Else,OU=Staff,{BASE}"),
            "bad-dn": lambda: user(2, dn="this is not a DN"),
            "empty-dn": lambda: user(2, dn=""),
            "nul-string": lambda: user(2, sAMAccountName=[b"us\x00er2"]),
            "bad-utf8": lambda: user(2, displayName=[b"\xff\xfe\xfd"]),
        }
        out(user(1))
        if mode in special:
            out(special[mode]())
        out(user(3))
        return done(ctl=paged_control(b""))


class Server:
    def __init__(self, args):
        self.mode = args.mode
        self.lock = threading.Lock()
        self.log = open(os.path.join(args.dir, "ldap.jsonl"), "a")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        self.ctx = ctx
        self.port = None
        self.listeners = []
        for address in args.address:
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((address, self.port or 0))
            self.port = s.getsockname()[1]
            s.listen(16)
            self.listeners.append((address, s))

    def serve(self, address, listener):
        while True:
            sock, _ = listener.accept()
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                tls = self.ctx.wrap_socket(sock, server_side=True)
            except (ssl.SSLError, OSError):
                sock.close()
                continue
            Conn(tls, self, address).start()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--mode", default="normal")
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--address", action="append", default=[])
    args = p.parse_args()
    if not args.address:
        args.address = ["127.0.0.1"]
    server = Server(args)
    for address, listener in server.listeners:
        threading.Thread(target=server.serve, args=(address, listener), daemon=True).start()
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(server.port))
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
