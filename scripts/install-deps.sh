#!/usr/bin/env bash
# Installs what migready needs from Debian 12's packages, and only what is missing.
set -euo pipefail
PACKAGES=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-program-options1.81-dev libboost-json1.81-dev
  libldap-dev libsasl2-dev libssl-dev zlib1g-dev libfmt-dev libpugixml-dev catch2
  python3 python3-ldap python3-jsonschema
)
if [ "${1:-}" = "--test" ]; then
  # The tests add: clang for the libFuzzer targets, clang-format for the style check, xmllint and
  # junitparser (strict consumers of the JUnit report), Chromium for the HTML report (driven by
  # playwright-core from npm, installed by tests/browser/run.sh).
  # Live AD tests start real directory servers on loopback: OpenLDAP slapd (with ldap-utils and
  # openssl for its certificates) and a Samba AD DC (samba, samba-ad-dc, ldb-tools; krb5-user
  # and the SASL GSSAPI module for the Kerberos test). `script` (bsdutils) gives the progress
  # test a terminal. The fake Microsoft tenant verifies JWT
  # client assertions with python3-cryptography.
  PACKAGES+=(clang-14 libclang-rt-14-dev clang-format libxml2-utils python3-junitparser chromium
    slapd ldap-utils openssl samba samba-ad-dc ldb-tools krb5-user libsasl2-modules-gssapi-mit
    bsdutils python3-cryptography)
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
