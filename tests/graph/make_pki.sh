#!/usr/bin/env bash
# Test PKI for tests/graph/fake_tenant.py: a CA, the services' certificate (127.0.0.1-3), the
# app registration's certificate and key (the JWT client assertion is signed with it) and a
# client secret. usage: make_pki.sh DIR
set -euo pipefail
D=$1
mkdir -p "$D"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=migready fake tenant CA" \
  -keyout "$D/ca.key" -out "$D/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=fake tenant" -keyout "$D/server-key.pem" \
  -out "$D/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,IP:127.0.0.2,IP:127.0.0.3\n' >"$D/san.ext"
openssl x509 -req -in "$D/server.csr" -CA "$D/ca.pem" -CAkey "$D/ca.key" -CAcreateserial -days 2 \
  -extfile "$D/san.ext" -out "$D/server-cert.pem" 2>/dev/null
# The app registration's credential: a self-signed certificate, as New-SelfSignedCertificate
# makes for app-only authentication.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=migready-scanner-app" \
  -keyout "$D/client-key.pem" -out "$D/client-cert.pem" 2>/dev/null
printf '%s\n' 'Xy8Q~fake.Secret_with~special+chars/=' >"$D/client-secret"
chmod 600 "$D"/*.key "$D"/*-key.pem "$D/client-secret"
