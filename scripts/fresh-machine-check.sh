#!/usr/bin/env bash
# Proves the README's two commands on a machine that has nothing but a minimal Debian 12: makes
# such a root with mmdebstrap (--variant=apt), clones this repository into it with ../shared
# beside it, and inside a chroot runs scripts/demo.sh, then `CI=true bash .ci/run`. Cleans up
# even on failure, and prints the last test-count line. Not part of .ci/run: it downloads the
# packages and takes long (about as long as CI, plus the installs).
#   scripts/fresh-machine-check.sh [WORKDIR]     (as root; WORKDIR defaults to a new temp folder)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(cd "$ROOT/../shared" 2>/dev/null && pwd || true)
[ "$(id -u)" -eq 0 ] || { echo "fresh-machine-check: run as root (chroot, mounts)"; exit 2; }
[ -n "$SHARED" ] || { echo "fresh-machine-check: ../shared is not beside the repository"; exit 2; }
command -v mmdebstrap >/dev/null || apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
WORKDIR=${1:-$(mktemp -d /var/tmp/migready-fresh.XXXXXX)}
# The cleanup removes WORKDIR whole: never a folder that holds anything already.
mkdir -p "$WORKDIR"
[ -z "$(ls -A "$WORKDIR")" ] || { echo "fresh-machine-check: $WORKDIR is not empty: give a new or empty folder"; exit 2; }
CHROOT=$WORKDIR/root
LOG=$WORKDIR/run.log
MOUNTS=()
cleanup() {
  local code=$?
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[$i]}" 2>/dev/null || true; done
  # Servers a test left behind inside the root would keep files open.
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$CHROOT" ] && kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORKDIR"
  exit "$code"
}
trap cleanup EXIT INT TERM

echo "== a minimal Debian 12 root in $CHROOT (mmdebstrap --variant=apt, this machine's apt sources)"
. "$ROOT/scripts/fresh-root.sh"
fresh_root "$CHROOT" --include=ca-certificates,git || { tail -20 "$CHROOT.log"; exit 1; }

echo "== the repository (as committed) and ../shared"
mkdir -p "$CHROOT/work"
git clone -q "$ROOT" "$CHROOT/work/main"
cp -a "$SHARED" "$CHROOT/work/shared"

for m in proc sys dev dev/pts; do
  mkdir -p "$CHROOT/$m"
  mount --bind "/$m" "$CHROOT/$m"
  MOUNTS+=("$CHROOT/$m")
done
mount -t tmpfs tmpfs "$CHROOT/dev/shm"
MOUNTS+=("$CHROOT/dev/shm")
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
# The machine's network setup, which every machine of this workplace has and no install step of
# the project provides: its local CA certificates (a TLS-inspecting egress), npm's global
# configuration, and the variables that point tools at them or at a proxy. Nothing else of this machine goes in.
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
  cp /usr/local/share/ca-certificates/*.crt "$CHROOT/usr/local/share/ca-certificates/"
  chroot "$CHROOT" update-ca-certificates >/dev/null 2>&1
fi
# npm's global configuration (its CA file, a registry mirror where the machine has one), which
# the browser tests' npm install reads.
[ -f /etc/npmrc ] && cp /etc/npmrc "$CHROOT/etc/npmrc"
NETWORK_ENV=()
for v in NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR http_proxy https_proxy HTTP_PROXY HTTPS_PROXY no_proxy NO_PROXY; do
  [ -n "${!v:-}" ] && NETWORK_ENV+=("$v=${!v}")
done

inside() { chroot "$CHROOT" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "${NETWORK_ENV[@]}" "$@"; }
echo "== scripts/demo.sh (the README's first command)"
start=$(date +%s)
set +e
inside bash -c 'cd /work/main && bash scripts/demo.sh' >"$LOG.demo" 2>&1
code=$?
set -e
tail -3 "$LOG.demo"
echo "demo: exit $code in $(($(date +%s) - start)) s"
[ "$code" -eq 0 ] || { tail -40 "$LOG.demo"; exit 1; }
echo "== CI=true bash .ci/run (the README's second command)"
start=$(date +%s)
set +e
inside bash -c 'cd /work/main && CI=true bash .ci/run' >"$LOG" 2>&1
code=$?
set -e
echo "ci: exit $code in $(($(date +%s) - start)) s"
grep -E "tests passed|tests failed|== all test stages passed|FAILED|fuzz:" "$LOG" | tail -12
# Where CI's time went (scripts/test.sh's table), kept here: the log goes with WORKDIR.
sed -n '/^== stage times/,$p' "$LOG"
echo "fresh-machine-check: $(grep -E '[0-9]+% tests passed' "$LOG" | tail -1)"
# A failed test names its failed assertions (FAIL: ...) anywhere in the log: show them all.
[ "$code" -eq 0 ] || { grep -E "^FAIL|FAIL:" "$LOG" | head -40; tail -40 "$LOG"; exit 1; }
echo "fresh-machine-check: passed"
