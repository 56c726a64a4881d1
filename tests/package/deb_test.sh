#!/usr/bin/env bash
# The .deb as a CI runner gets it: CPack builds migready_<version>_amd64.deb from this build,
# lintian finds no error in it, it installs with its computed dependencies into a fresh minimal
# Debian 12 root (mmdebstrap --variant=apt, as the fresh-machine check makes), and there
# `migready --version` names the version and git revision, the man page, bash completion, schema
# and sample are in place, a scan of the installed sample says NOT_READY (exit 1) with the reports
# written; then the package is purged and leaves nothing behind.
# usage: deb_test.sh BUILD_DIR PROJECT_ROOT     (as root; downloads Debian packages)
set -u
BUILD=$1
ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/skip.sh"
[ "$(id -u)" -eq 0 ] || skip_or_fail "the .deb test makes a Debian root with mmdebstrap: run as root"
for tool in cpack lintian mmdebstrap dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || skip_or_fail "$tool is not installed (scripts/install-deps.sh --test)"
done
cd "$BUILD" || exit 1
cpack -G DEB -B "$WORK/deb" >"$WORK/cpack.log" 2>&1 || { cat "$WORK/cpack.log"; bad "cpack failed"; finish; exit 1; }
DEB=$(ls "$WORK"/deb/migready_*_amd64.deb 2>/dev/null | head -1)
[ -n "$DEB" ] && ok || { bad "no migready_<version>_amd64.deb"; finish; exit 1; }
VERSION=$(dpkg-deb -f "$DEB" Version)
expect_grep '^migready_[0-9]+\.[0-9]+\.[0-9]+_amd64\.deb$' <(basename "$DEB") "the package's file name"
dpkg-deb -f "$DEB" Depends >"$WORK/depends"
for lib in libldap libssl3 libboost-json libyaml-cpp libpugixml libfmt; do
  expect_grep "$lib" "$WORK/depends" "computed dependency on $lib"
done
lintian --fail-on error "$DEB" >"$WORK/lintian" 2>&1 && ok || bad "lintian: $(cat "$WORK/lintian")"
grep -E "^E: " "$WORK/lintian" && bad "lintian errors"

CHROOT=$WORK/root
cleanup_root() { rm -rf "$CHROOT"; }
trap 'cleanup_root; rm -rf "$WORK"' EXIT
. "$ROOT/scripts/fresh-root.sh"
fresh_root "$CHROOT" \
  --customize-hook="copy-in $DEB /tmp" \
  --customize-hook='chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/'"$(basename "$DEB")" \
  && ok || { bad "the .deb did not install into a fresh Debian 12 root: $(tail -20 "$CHROOT.log")"; finish; exit 1; }
inside() { chroot "$CHROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
expect_exit 0 "migready --version in the fresh root" -- inside migready --version
expect_grep "^migready $VERSION \(git [0-9a-f]{7,}|unknown\)" "$WORK/out" "the version and git revision"
EX=/usr/share/doc/migready/examples/contoso
expect_exit 1 "a scan of the installed sample: NOT_READY" -- inside migready scan --ad-ldif $EX/ad-users.ldf \
  --graph-snapshot $EX/graph --adconnect-export $EX/adconnect --waivers $EX/waivers.yaml -q \
  --report json=/tmp/r.json --report sarif=/tmp/r.sarif
[ -s "$CHROOT/tmp/r.json" ] && [ -s "$CHROOT/tmp/r.sarif" ] && ok || bad "the reports were not written"
/usr/bin/python3 -c "import json,jsonschema; jsonschema.validate(json.load(open('$CHROOT/tmp/r.json')), json.load(open('$CHROOT/usr/share/migready/report.schema.json')))" \
  && ok || bad "the report does not match the installed schema"
for f in /usr/share/man/man1/migready.1.gz /usr/share/bash-completion/completions/migready \
  /usr/share/doc/migready/copyright /usr/share/doc/migready/changelog.gz /usr/share/doc/migready/waivers.md \
  /usr/share/doc/migready/ci.md; do
  [ -s "$CHROOT$f" ] && ok || bad "$f is not installed"
done
zcat "$CHROOT/usr/share/man/man1/migready.1.gz" | grep -qF '\-\-fail\-on\-new' && ok || bad "the man page lacks --fail-on-new"
expect_exit 0 "purge" -- inside dpkg --purge migready
for f in /usr/bin/migready /usr/share/man/man1/migready.1.gz /usr/share/doc/migready /usr/share/migready; do
  [ ! -e "$CHROOT$f" ] && ok || bad "$f is left after the purge"
done
finish
