#!/usr/bin/env bash
# Benchmark: a live AD scan (LDAPS, paged 1000, --scope ad, JSON report written) of a slapd
# directory of USERS generated users, beside `ldapsearch -E pr=1000/noprompt` with the same
# filter and attributes (output to /dev/null) in the same run. Prints both times, the ratio and
# peak RSS.   bench/live_ldap.sh [USERS]   (default 100000)
# Target (issue #5): migready <= 1.15x ldapsearch.
set -euo pipefail
USERS=${1:-100000}
RUNS=${RUNS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/common.sh"
. "$ROOT/tests/ldap/slapd.sh"
DIR=$(mktemp -d)
trap 'slapd_stop; rm -rf "$DIR"' EXIT
start=$(date +%s.%N)
slapd_start "$DIR" "$USERS"
echo "slapd with $USERS users ready in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
URL="ldaps://127.0.0.1:$LDAPS_PORT"
FILTER='(objectClass=user)'
# The attributes migready asks for (scanner/ad/AdEntryMapper.cpp).
ATTRS=(objectClass objectGUID mS-DS-ConsistencyGuid msExchMailboxGuid objectSid
  msExchRecipientTypeDetails msExchRemoteRecipientType userAccountControl homeMDB mailNickname
  sAMAccountName userPrincipalName proxyAddresses isCriticalSystemObject displayName)

best() { # best wall time of RUNS runs of "$@"; peak RSS (KiB) of the last run in $DIR/rss
  local b="" s e t
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N)
    /usr/bin/time -f %M -o "$DIR/rss" "$@" >/dev/null 2>"$DIR/stderr" || [ $? -eq 1 ]
    e=$(date +%s.%N)
    t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
    b=$(awk -v a="$b" -v t="$t" 'BEGIN { print (a == "" || t < a) ? t : a }')
  done
  echo "$b"
}
# ldapsearch -y takes the password file byte for byte: without the trailing newline
printf '%s' "$(cat "$SVC_PW_FILE")" >"$DIR/pw"
LDAPSEARCH=$(LDAPTLS_CACERT=$CA_PEM best ldapsearch -LLL -x -H "$URL" -D "$SVC_DN" -y "$DIR/pw" \
  -b "$BASE_EXAMPLE" -E pr=1000/noprompt "$FILTER" "${ATTRS[@]}")
LDAPSEARCH_RSS=$(tail -1 "$DIR/rss")
MIGREADY=$(best "$BIN" scan --ldap-url "$URL" --tls-ca "$CA_PEM" --bind-dn "$SVC_DN" \
  --bind-password-file "$SVC_PW_FILE" --ldap-base "$BASE_EXAMPLE" --ldap-filter "$FILTER" --scope ad \
  -q --report json="$DIR/report.json")
MIGREADY_RSS=$(tail -1 "$DIR/rss")
grep -q '"status": "complete"' "$DIR/report.json" || { echo "the scan did not complete"; cat "$DIR/stderr"; exit 1; }
echo "users:        $USERS (+1 service account), pages of 1000, LDAPS, best of $RUNS"
echo "ldapsearch:   ${LDAPSEARCH} s  (peak RSS $((LDAPSEARCH_RSS / 1024)) MiB)"
echo "migready:     ${MIGREADY} s  (peak RSS $((MIGREADY_RSS / 1024)) MiB, $(awk -v r="$MIGREADY_RSS" -v u="$USERS" 'BEGIN { printf "%.0f", r * 1024 / u }') bytes/user; scan + checks + JSON report)"
echo "ratio:        $(awk -v m="$MIGREADY" -v l="$LDAPSEARCH" 'BEGIN { printf "%.2f", m / l }')x ldapsearch (target <= 1.15x)"
