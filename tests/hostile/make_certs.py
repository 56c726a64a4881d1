#!/usr/bin/env python3
"""Certificates for the hostile servers: a test CA (ca.pem) and server certificates signed by it:
good (127.0.0.1-3), expired, one naming another address, one not yet valid; and one that is
self-signed (an issuer nobody trusts).  usage: make_certs.py DIR"""
import datetime, ipaddress, os, sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

out = sys.argv[1]
now = datetime.datetime.now(datetime.timezone.utc)
day = datetime.timedelta(days=1)


def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def write(name, cert, k):
    with open(os.path.join(out, name + ".pem"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(os.path.join(out, name + ".key"), "wb") as f:
        f.write(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()))


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


ca_key = key()
ca = (x509.CertificateBuilder().subject_name(name("migready hostile test CA")).issuer_name(name("migready hostile test CA"))
      .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
      .not_valid_before(now - day).not_valid_after(now + 2 * day)
      .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
      .sign(ca_key, hashes.SHA256()))
write("ca", ca, ca_key)


def server(file, ips, before, after, issuer=ca, issuer_key=ca_key):
    k = key()
    builder = (x509.CertificateBuilder().subject_name(name("hostile")).public_key(k.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(before).not_valid_after(after)
               .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(i)) for i in ips]),
                              critical=False))
    if issuer is None:  # self-signed
        cert = builder.issuer_name(name("hostile")).sign(k, hashes.SHA256())
    else:
        cert = builder.issuer_name(issuer.subject).sign(issuer_key, hashes.SHA256())
    write(file, cert, k)


loopback = ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
server("good", loopback, now - day, now + 2 * day)
server("expired", loopback, now - 10 * day, now - 2 * day)
server("notyet", loopback, now + 2 * day, now + 10 * day)
server("otherhost", ["10.9.9.9"], now - day, now + 2 * day)
server("selfsigned", loopback, now - day, now + 2 * day, issuer=None)
