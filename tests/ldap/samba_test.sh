#!/usr/bin/env bash
# Live scans against a real Samba AD DC (tests/ldap/samba.sh), typed as a consultant would:
# forest mode from the rootDSE and CN=Partitions, user@domain and DOMAIN\user binds over LDAPS
# and StartTLS, AD's own objectCategory=person filter, server-made objectGUIDs, continuation
# references left alone, range retrieval, the Global Catalog, Kerberos (GSSAPI with the DC's
# KDC), and the errors a DC gives.
# Skipped (exit 77, with the reason) where a Samba DC cannot run: not root, not installed, or
# the LDAP ports taken; under CI=true that fails instead.
# usage: samba_test.sh MIGREADY_BINARY PROJECT_ROOT
BIN=$1
ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/ldap/samba.sh"
. "$ROOT/tests/skip.sh"
why=$(samba_unavailable)
[ -z "$why" ] || skip_or_fail "$why"
trap 'samba_stop; rm -rf "$WORK"' EXIT
NUSERS=${NUSERS:-3000}
start=$(date +%s)
samba_start "$WORK/dc" "$NUSERS" || { echo "FAIL: the Samba AD DC did not start"; exit 1; }
echo "Samba AD DC with $NUSERS users up in $(($(date +%s) - start)) s"
export SOURCE_DATE_EPOCH=1764000000
json() { /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
dc() { LDAPTLS_CACERT=$SAMBA_CA ldapsearch -LLL -o ldif-wrap=no -x -H ldaps://127.0.0.1 -D "$SAMBA_SVC_UPN" -w "$SAMBA_SVC_PW" "$@"; }
# What ldapsearch sees with AD's user filter: the numbers migready must match.
want_users=$(dc -b "$SAMBA_BASE" -E pr=1000/noprompt '(&(objectCategory=person)(objectClass=user))' dn | grep -c '^dn: ')
want_addresses=$(dc -b "$SAMBA_BASE" -E pr=1000/noprompt '(&(objectCategory=person)(objectClass=user))' proxyAddresses | grep -c '^proxyAddresses: ')
echo "ldapsearch: $want_users users, $want_addresses proxyAddresses values"

# --- 1. forest mode, exactly as typed on a project: LDAPS, UPN bind, the DC's CA
expect_exit 1 "forest scan over LDAPS with a UPN bind" -- "$BIN" scan --ldap-url ldaps://127.0.0.1:636 \
  --tls-ca "$SAMBA_CA" --bind-dn "$SAMBA_SVC_UPN" --bind-password-file "$SAMBA_SVC_PW_FILE" --scope ad \
  --report json="$WORK/forest.json" --save-ad-ldif "$WORK/forest.ldf"
expect_grep "complete \($want_users user\(s\) of $want_users entries from 1 naming context\(s\) \(DC=corp,DC=example,DC=test\)" "$WORK/err" "every user of the domain found through CN=Partitions"
expect_grep "[1-9][0-9]* reference\(s\) not followed" "$WORK/err" "the DC's continuation references counted, not chased"
[ "$(json "$WORK/forest.json" "sum(1 for f in r['findings'] if f['check']=='AD001' and len(f['subject']['objectGuid'] or '')==36)")" -gt 0 ] && ok || bad "findings carry the DC's own objectGUIDs"
expect_exit 1 "the saved LDIF scans offline" -- "$BIN" scan --ad-ldif "$WORK/forest.ldf" --scope ad --report json="$WORK/saved.json"
strip() { /usr/bin/python3 -c "
import json,sys
for f in json.load(open(sys.argv[1]))['findings']:
    [(e.pop('location',None), e.pop('input',None)) for e in f['evidence'] if e['source']=='ad']
    print(json.dumps(f,sort_keys=True))" "$1"; }
strip "$WORK/forest.json" >"$WORK/a"
strip "$WORK/saved.json" >"$WORK/b"
[ -s "$WORK/a" ] && cmp -s "$WORK/a" "$WORK/b" && ok || bad "live and saved-LDIF findings differ"
echo "live == saved LDIF: $(wc -l <"$WORK/a") findings"

# --- 2. DOMAIN\user over StartTLS; proxyAddresses read in ranges of 500
expect_exit 1 "StartTLS, DOMAIN\\user, ranged proxyAddresses" -- "$BIN" scan --ldap-url ldap://127.0.0.1 --starttls \
  --tls-ca "$SAMBA_CA" --bind-dn 'CORP\svc-scanner' --bind-password-file "$SAMBA_SVC_PW_FILE" \
  --ldap-base "$SAMBA_BASE" --ldap-value-range 500 --scope ad --save-ad-ldif "$WORK/ranged.ldf"
expect_grep "complete \($want_users user\(s\).* [1-9][0-9]* ranged value read\(s\)" "$WORK/err" "ranged values read"
[ "$(grep -c '^proxyAddresses: ' "$WORK/ranged.ldf")" = "$want_addresses" ] && ok || bad "every proxyAddresses value read through ranges ($(grep -c '^proxyAddresses: ' "$WORK/ranged.ldf") of $want_addresses)"

# --- 3. the Global Catalog: read, but partial (no mS-DS-ConsistencyGuid there)
expect_exit 1 "Global Catalog over LDAPS (3269)" -- "$BIN" scan --ldap-url ldaps://127.0.0.1:3269 --tls-ca "$SAMBA_CA" \
  --bind-dn "$SAMBA_SVC_UPN" --bind-password-file "$SAMBA_SVC_PW_FILE" --scope ad --report json="$WORK/gc.json"
[ "$(json "$WORK/gc.json" "r['sources']['ad']['status']")" = partial ] && ok || bad "a GC read is partial"
expect_grep "Global Catalog port.*mS-DS-ConsistencyGuid" "$WORK/err" "says why"

# --- 4. what the DC refuses, and how migready says so
LDAPTLS_CACERT=$SAMBA_CA ldapsearch -x -H ldap://127.0.0.1 -D "$SAMBA_SVC_UPN" -w "$SAMBA_SVC_PW" -b '' -s base >"$WORK/plain" 2>&1
expect_grep "Strong\(er\) authentication required" "$WORK/plain" "the DC refuses a plain simple bind, as a hardened AD does"
expect_exit 2 "migready never tries one" -- "$BIN" scan --ldap-url ldap://127.0.0.1 --bind-dn "$SAMBA_SVC_UPN" \
  --bind-password-file "$SAMBA_SVC_PW_FILE"
printf 'wrong\n' >"$WORK/wrong"
expect_exit 3 "wrong password" -- "$BIN" scan --ldap-url ldaps://127.0.0.1 --tls-ca "$SAMBA_CA" \
  --bind-dn "$SAMBA_SVC_UPN" --bind-password-file "$WORK/wrong" --scope ad
expect_grep "invalid credentials.*AD says: wrong password or unknown account.*data 52e" "$WORK/err" "AD's reason decoded"
expect_exit 3 "certificate not trusted (system store)" -- "$BIN" scan --ldap-url ldaps://127.0.0.1 \
  --bind-dn "$SAMBA_SVC_UPN" --bind-password-file "$SAMBA_SVC_PW_FILE" --scope ad
expect_grep "TLS handshake failed.*--tls-ca" "$WORK/err" "TLS failure explained"
# --- 5. Kerberos (SASL GSSAPI) from the caller's ticket cache: over plain LDAP the SASL layer
# signs and seals. Inside TLS migready turns the layer off, as AD requires; Samba 4.17 instead
# insists on it ("Sign or Seal are required"), so there the bind is refused, with that reason.
export KRB5CCNAME=FILE:$WORK/ticket
printf '%s\n' "$SAMBA_SVC_PW" | kinit "svc-scanner@$SAMBA_REALM" >"$WORK/kinit" 2>&1 && ok || bad "kinit against the DC's KDC: $(cat "$WORK/kinit")"
expect_exit 1 "GSSAPI bind over plain LDAP (sign and seal)" -- "$BIN" scan --ldap-url ldap://127.0.0.1 --bind-mech gssapi --scope ad
expect_grep "complete \($want_users user" "$WORK/err" "every user read with a Kerberos bind, SASL-protected"
expect_exit 3 "GSSAPI over LDAPS: Samba wants a SASL layer inside TLS, AD refuses one" -- "$BIN" scan \
  --ldap-url ldaps://127.0.0.1 --tls-ca "$SAMBA_CA" --bind-mech gssapi --scope ad
expect_grep "Sign or Seal are required" "$WORK/err" "the DC's reason passed on"
KRB5CCNAME=FILE:$WORK/no-ticket expect_exit 3 "GSSAPI without a Kerberos ticket" -- "$BIN" scan \
  --ldap-url ldaps://127.0.0.1 --tls-ca "$SAMBA_CA" --bind-mech gssapi --scope ad
expect_grep "SASL GSSAPI bind \(needs a Kerberos ticket" "$WORK/err" "GSSAPI failure explained"
finish
