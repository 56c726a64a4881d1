#!/usr/bin/env bash
# Benchmark: a full live scan (AD over LDAPS from slapd + Entra ID from the local fake tenant,
# 100 ms added per Graph page) against the AD part alone and the Graph part alone, same run.
# Prints the three wall times, full / max(AD, Graph) and peak RSS.
#   bench/live_scan.sh [USERS]     (default 200000: that many users on both sides)
# Target (issue #6): full <= 1.1x max(AD, Graph), i.e. the two are read concurrently.
set -euo pipefail
USERS=${1:-200000}
PAGE_DELAY=${PAGE_DELAY:-0.1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/common.sh"
. "$ROOT/tests/ldap/slapd.sh"
DIR=$(mktemp -d)
TENANT_PID=
trap 'slapd_stop; [ -n "$TENANT_PID" ] && kill "$TENANT_PID"; rm -rf "$DIR"' EXIT
slapd_start "$DIR/slapd" "$USERS"
bash "$ROOT/tests/graph/make_pki.sh" "$DIR/tenant"
/usr/bin/python3 "$ROOT/tests/graph/fake_tenant.py" --dir "$DIR/tenant" --generate "$USERS" \
  --page-delay "$PAGE_DELAY" >"$DIR/tenant.log" 2>&1 &
TENANT_PID=$!
for _ in $(seq 600); do [ -s "$DIR/tenant/port" ] && break; sleep 0.1; done
PORT=$(cat "$DIR/tenant/port")
AD=(--ldap-url "ldaps://127.0.0.1:$LDAPS_PORT" --tls-ca "$CA_PEM" --bind-dn "$SVC_DN"
  --bind-password-file "$SVC_PW_FILE" --ldap-base "$BASE_EXAMPLE" --ldap-filter '(objectClass=user)')
# Both servers' certificates come from different test CAs: one bundle for the run.
cat "$CA_PEM" "$DIR/tenant/ca.pem" >"$DIR/cas.pem"
AD[3]=$DIR/cas.pem
GRAPH=(--tenant 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b --client-id 0a1b2c3d-1111-4222-8333-444455556666
  --client-cert "$DIR/tenant/client-cert.pem" --client-key "$DIR/tenant/client-key.pem"
  --login-url "https://127.0.0.1:$PORT" --graph-url "https://127.0.0.2:$PORT")
run() { # NAME ARGS... -> seconds, and peak RSS (KiB) in $DIR/NAME.rss
  local name=$1 s e
  shift
  s=$(date +%s.%N)
  /usr/bin/time -f %M -o "$DIR/$name.rss" "$BIN" scan "$@" -q --report json="$DIR/$name.json" || [ $? -le 1 ]
  e=$(date +%s.%N)
  grep -q '"status": "failed"' "$DIR/$name.json" && { echo "$name: a source failed"; exit 1; }
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }'
}
T_AD=$(run ad "${AD[@]}" --scope ad)
T_GRAPH=$(run graph "${AD[@]:2:2}" "${GRAPH[@]}" --scope graph)
T_FULL=$(run full "${AD[@]}" "${GRAPH[@]}" --scope ad,graph)
mib() { echo $(($(tail -1 "$DIR/$1.rss") / 1024)); }
echo "users:   $USERS in slapd and $USERS in the fake tenant (Graph pages of 999, +${PAGE_DELAY}s each; synced and licensed series)"
echo "AD:      ${T_AD} s   (peak RSS $(mib ad) MiB)"
echo "Graph:   ${T_GRAPH} s   (peak RSS $(mib graph) MiB)"
echo "full:    ${T_FULL} s   (peak RSS $(mib full) MiB)"
echo "ratio:   $(awk -v f="$T_FULL" -v a="$T_AD" -v g="$T_GRAPH" 'BEGIN { m = a > g ? a : g; printf "%.2f", f / m }')x max(AD, Graph) (target <= 1.1x)"
