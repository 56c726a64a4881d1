#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that breaks the server's side of a connection on purpose.

usage: fault_proxy.py TARGET_PORT MODE AFTER_BYTES
  MODE cut:   close both sides once AFTER_BYTES have come from the server (a DC that goes away
              mid-scan)
  MODE stall: stop forwarding from the server after AFTER_BYTES but keep the connection open
              (a DC that hangs)
Prints the port it listens on, then serves until killed. TLS passes through untouched."""
import socket
import sys
import threading

target_port, mode, after = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])


def pump(src, dst, limit):
    sent = 0
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if limit is not None and sent + len(data) >= limit:
                dst.sendall(data[: limit - sent])
                if mode == "cut":
                    break
                threading.Event().wait()  # stall: hold the connection, forward nothing more
            dst.sendall(data)
            sent += len(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


def serve(client):
    server = socket.create_connection(("127.0.0.1", target_port))
    threading.Thread(target=pump, args=(client, server, None), daemon=True).start()
    threading.Thread(target=pump, args=(server, client, after), daemon=True).start()


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
print(listener.getsockname()[1], flush=True)
while True:
    conn, _ = listener.accept()
    serve(conn)
