#!/usr/bin/env bash
# Installs what migready needs from Debian 12's packages, and only what is missing.
set -euo pipefail
PACKAGES=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-program-options1.81-dev libboost-json1.81-dev
  libldap-dev libsasl2-dev libssl-dev zlib1g-dev libfmt-dev libpugixml-dev libyaml-cpp-dev catch2
  python3 python3-ldap python3-jsonschema
)
if [ "${1:-}" = "--test" ]; then
  # The tests add: git (the format check lists the tracked files), clang for the libFuzzer
  # targets, clang-format for the style check, xmllint and junitparser (strict consumers of the
  # JUnit report), Chromium for the HTML report, driven by playwright-core, which
  # tests/browser/run.sh installs with Debian's nodejs and npm.
  # Live AD tests start real directory servers on loopback: OpenLDAP slapd (with ldap-utils and
  # openssl for its certificates) and a Samba AD DC (samba, samba-ad-dc, samba-ad-provision for
  # the AD schema files (only a Recommends of samba-ad-dc, and recommends are not installed
  # here), ldb-tools; krb5-user and the SASL GSSAPI module for the Kerberos test). `script`
  # (bsdutils) gives the progress test a terminal. The fake Microsoft tenant verifies JWT client
  # assertions with python3-cryptography. The package test builds the .deb (dpkg-dev computes its
  # dependencies), checks it with lintian and installs it into a fresh root made by mmdebstrap;
  # bash-completion loads the completion script; python3-yaml reads docs/ci.md's recipes;
  # poppler-utils' pdftotext reads the HTML report's PDF back (every row printed).
  PACKAGES+=(git clang-14 libclang-rt-14-dev clang-format libxml2-utils python3-junitparser
    chromium slapd ldap-utils openssl samba samba-ad-dc samba-ad-provision ldb-tools
    krb5-user libsasl2-modules-gssapi-mit bsdutils python3-cryptography
    dpkg-dev lintian mmdebstrap bash-completion python3-yaml poppler-utils)
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm for the browser test: Debian's nodejs and npm, unless a Node.js with its own
# npm is already there (NodeSource's nodejs bundles npm and conflicts with Debian's).
if [ "${1:-}" = "--test" ] && ! { command -v node >/dev/null && command -v npm >/dev/null; }; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
