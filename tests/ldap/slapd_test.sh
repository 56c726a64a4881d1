#!/usr/bin/env bash
# Live AD scans against a real OpenLDAP slapd (tests/ldap/slapd.sh): 20,000 users over LDAPS and
# StartTLS, paging, the Contoso sample served live, errors a consultant meets (wrong password,
# untrusted or mismatched certificate, wrong base, a DC that drops or hangs), --save-ad-ldif,
# and at the end the read-only proof from slapd's own stats log over this whole run.
# usage: slapd_test.sh MIGREADY_BINARY PROJECT_ROOT
BIN=$1
ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/skip.sh"
command -v slapd >/dev/null || [ -x /usr/sbin/slapd ] || skip_or_fail "slapd is not installed"
export PATH=$PATH:/usr/sbin
. "$ROOT/tests/ldap/slapd.sh"
PROXY_PIDS=()
cleanup() {
  for p in "${PROXY_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  slapd_stop
  rm -rf "$WORK"
}
trap cleanup EXIT
NUSERS=20000
slapd_start "$WORK/slapd" "$NUSERS" || { echo "FAIL: slapd did not start"; exit 1; }
unset SOURCE_DATE_EPOCH
export SOURCE_DATE_EPOCH=1764000000
LDAPS="ldaps://127.0.0.1:$LDAPS_PORT"
LDAP="ldap://127.0.0.1:$LDAP_PORT"
FILTER='(objectClass=user)' # slapd does not expand AD's objectCategory=person shorthand
live() { # live ARGS...: a live scan of the example domain, the password from the file
  "$BIN" scan --tls-ca "$CA_PEM" --bind-dn "$SVC_DN" --bind-password-file "$SVC_PW_FILE" \
    --ldap-filter "$FILTER" "$@"
}
json() { /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
# Findings without the AD evidence location (file:line offline, DN live), one JSON per line;
# with "lower", lower-cased (slapd returns DNs as cn=...,ou=... where the LDIF has CN=...,OU=...).
findings() {
  /usr/bin/python3 - "$@" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for f in r["findings"]:
    for e in f.get("evidence", []):
        if e["source"] == "ad":  # a DN under the server, or a line of a file
            e.pop("location", None)
            e.pop("input", None)
    line = json.dumps(f, sort_keys=True)
    print(line.lower() if len(sys.argv) > 2 else line)
PY
}

# --- 1. LDAPS, paged, 20,000 users; saved as LDIF; the saved file scans to the same findings
expect_exit 1 "live scan over LDAPS" -- live --ldap-url "$LDAPS" --ldap-base "$BASE_EXAMPLE" \
  --scope ad --report json="$WORK/live.json" --save-ad-ldif "$WORK/saved.ldf"
expect_grep "complete \(20001 user\(s\) of 20001 entries from 1 naming context\(s\) \(DC=corp,DC=example,DC=test\) in 21 page\(s\)" "$WORK/err" "all users read in pages of 1000"
[ "$(json "$WORK/live.json" "r['sources']['ad']['status']")" = complete ] && ok || bad "ad source complete in the JSON report"
[ "$(grep -c '^dn: ' "$WORK/saved.ldf")" = 20001 ] && ok || bad "--save-ad-ldif wrote every entry"
grep -q $'^changetype: add\r$' "$WORK/saved.ldf" && grep -q '^objectGUID:: ' "$WORK/saved.ldf" && ok || bad "saved LDIF is ldifde style (CRLF, changetype, base64 GUIDs)"
expect_exit 1 "offline scan of the saved LDIF" -- "$BIN" scan --ad-ldif "$WORK/saved.ldf" --scope ad --report json="$WORK/saved.json"
findings "$WORK/live.json" >"$WORK/live.findings"
findings "$WORK/saved.json" >"$WORK/saved.findings"
if [ -s "$WORK/live.findings" ] && cmp -s "$WORK/live.findings" "$WORK/saved.findings"; then ok; else bad "live and saved-LDIF findings differ: $(diff "$WORK/live.findings" "$WORK/saved.findings" | head -5)"; fi
echo "live == saved LDIF: $(wc -l <"$WORK/live.findings") findings"

# --- 1b. the same directory exported by OpenLDAP's ldapsearch, as the README tells people to
# (paged, LF, comments, result trailers, ldif-wrap=no), scans to the same findings
ATTRS="objectClass objectGUID objectSid mS-DS-ConsistencyGuid sAMAccountName userPrincipalName displayName userAccountControl isCriticalSystemObject mail mailNickname proxyAddresses homeMDB msExchMailboxGuid msExchRecipientTypeDetails msExchRemoteRecipientType"
LDAPTLS_CACERT="$CA_PEM" ldapsearch -H "$LDAPS" -x -D "$SVC_DN" -w "$(cat "$SVC_PW_FILE")" -b "$BASE_EXAMPLE" \
  -E pr=1000/noprompt -o ldif-wrap=no "$FILTER" $ATTRS >"$WORK/ldapsearch.ldif" 2>"$WORK/ldapsearch.err" \
  && ok || bad "ldapsearch export: $(head -3 "$WORK/ldapsearch.err")"
grep -q '^result: 0 Success' "$WORK/ldapsearch.ldif" && grep -q '^# search result' "$WORK/ldapsearch.ldif" && ok || bad "ldapsearch wrote its result trailers"
expect_exit 1 "offline scan of the ldapsearch export" -- "$BIN" scan --ad-ldif "$WORK/ldapsearch.ldif" --scope ad --report json="$WORK/ldapsearch.json"
expect_grep "ad +complete \(20001 user" "$WORK/err" "every user read from the ldapsearch export, complete"
findings "$WORK/ldapsearch.json" lower >"$WORK/ldapsearch.findings"
findings "$WORK/live.json" lower >"$WORK/live.lower"
if [ -s "$WORK/live.lower" ] && cmp -s "$WORK/live.lower" "$WORK/ldapsearch.findings"; then ok; else bad "live and ldapsearch findings differ: $(diff "$WORK/live.lower" "$WORK/ldapsearch.findings" | head -5)"; fi
# A size limit (what an unpaged search of AD meets at 1,000): partial, never complete.
LDAPTLS_CACERT="$CA_PEM" ldapsearch -H "$LDAPS" -x -D "$SVC_DN" -w "$(cat "$SVC_PW_FILE")" -b "$BASE_EXAMPLE" \
  -z 50 "$FILTER" $ATTRS >"$WORK/limited.ldif" 2>/dev/null
# (Its 50 users hold blockers already: NOT_READY, and also incomplete.)
expect_exit 1 "an ldapsearch export stopped by a size limit is never READY" -- "$BIN" scan --ad-ldif "$WORK/limited.ldif" --scope ad
expect_grep "also incomplete: Active Directory was read only in part.*result: 4 Size limit exceeded" "$WORK/err" "names the result"

# --- 2. the Contoso sample served by slapd gives the sample's findings
expect_exit 1 "live scan of the Contoso sample" -- live --ldap-url "$LDAPS" --ldap-base "$BASE_CONTOSO" \
  --graph-snapshot "$ROOT/samples/contoso/graph" --adconnect-export "$ROOT/samples/contoso/adconnect" \
  --report json="$WORK/contoso-live.json"
expect_exit 1 "offline scan of the Contoso sample" -- "$BIN" scan --ad-ldif "$ROOT/samples/contoso/ad-users.ldf" \
  --graph-snapshot "$ROOT/samples/contoso/graph" --adconnect-export "$ROOT/samples/contoso/adconnect" \
  --report json="$WORK/contoso-file.json"
findings "$WORK/contoso-live.json" lower >"$WORK/c1"
findings "$WORK/contoso-file.json" lower >"$WORK/c2"
if [ -s "$WORK/c1" ] && cmp -s "$WORK/c1" "$WORK/c2"; then ok; else bad "Contoso live vs file findings differ: $(diff "$WORK/c1" "$WORK/c2" | head -4)"; fi
echo "Contoso live == Contoso LDIF: $(wc -l <"$WORK/c1") findings"

# --- 3. StartTLS, smaller pages, the password from the environment
MIGREADY_BIND_PASSWORD='Scanner!Pass1' expect_exit 1 "StartTLS, password from the environment" -- \
  "$BIN" scan --ldap-url "$LDAP" --starttls --tls-ca "$CA_PEM" --bind-dn "$SVC_DN" --ldap-filter "$FILTER" \
  --ldap-base "$BASE_EXAMPLE" --ldap-page-size 500 --scope ad
expect_grep "20001 user\(s\).* in 41 page\(s\)" "$WORK/err" "page size 500 gives 41 pages"

# --- 4. what the client refuses before sending anything
expect_exit 2 "simple bind on plain ldap:// is refused by migready" -- live --ldap-url "$LDAP" --ldap-base "$BASE_EXAMPLE"
expect_grep "password in clear" "$WORK/err" "says why"
expect_exit 2 "no password on the command line" -- "$BIN" scan --ldap-url "$LDAPS" --bind-dn "$SVC_DN" --bind-password 'Scanner!Pass1'
expect_exit 2 "no password at all" -- env -u MIGREADY_BIND_PASSWORD "$BIN" scan --ldap-url "$LDAPS" --bind-dn "$SVC_DN"
expect_grep "bind-password-file" "$WORK/err" "names the ways to give it"
expect_exit 2 "--ad-ldif and --ldap-url together" -- live --ldap-url "$LDAPS" --ad-ldif "$WORK/saved.ldf"
expect_exit 2 "page size over AD's maximum" -- live --ldap-url "$LDAPS" --ldap-page-size 2000

# --- 5. server-side errors: each a clear message, the source failed, verdict INCOMPLETE (3)
printf 'wrong\n' >"$WORK/wrong-password"
expect_exit 3 "wrong password" -- "$BIN" scan --ldap-url "$LDAPS" --tls-ca "$CA_PEM" --bind-dn "$SVC_DN" \
  --bind-password-file "$WORK/wrong-password" --ldap-base "$BASE_EXAMPLE" --scope ad
expect_grep "invalid credentials.*LDAP result 49" "$WORK/err" "invalid credentials named"
expect_exit 3 "untrusted certificate (system CA store)" -- "$BIN" scan --ldap-url "$LDAPS" --bind-dn "$SVC_DN" \
  --bind-password-file "$SVC_PW_FILE" --ldap-base "$BASE_EXAMPLE" --scope ad
expect_grep "connect: .*(certificate|TLS)" "$WORK/err" "TLS failure named"
LDAPTLS_REQCERT=never expect_exit 3 "LDAPTLS_REQCERT=never does not turn verification off" -- "$BIN" scan \
  --ldap-url "$LDAPS" --bind-dn "$SVC_DN" --bind-password-file "$SVC_PW_FILE" --ldap-base "$BASE_EXAMPLE" --scope ad
expect_exit 3 "host name not in the certificate (127.0.0.2)" -- live --ldap-url "ldaps://127.0.0.2:$LDAPS_PORT" \
  --ldap-base "$BASE_EXAMPLE" --scope ad
expect_exit 1 "--insecure-skip-tls-verify connects, loudly" -- live --ldap-url "ldaps://127.0.0.2:$LDAPS_PORT" \
  --insecure-skip-tls-verify --ldap-base "$BASE_EXAMPLE" --scope ad --report json="$WORK/insecure.json"
expect_grep "WARNING: --insecure-skip-tls-verify" "$WORK/err" "warned on stderr"
grep -q "NOT verified" "$WORK/insecure.json" && ok || bad "the report says TLS was not verified"
expect_exit 3 "base DN that does not exist" -- live --ldap-url "$LDAPS" --ldap-base "OU=Nowhere,$BASE_EXAMPLE" --scope ad
expect_grep "base DN does not exist.*LDAP result 32" "$WORK/err" "no such object named"
expect_exit 3 "invalid filter" -- "$BIN" scan --ldap-url "$LDAPS" --tls-ca "$CA_PEM" --bind-dn "$SVC_DN" \
  --bind-password-file "$SVC_PW_FILE" --ldap-base "$BASE_EXAMPLE" --ldap-filter '(objectClass=user' --scope ad
expect_grep "filter" "$WORK/err" "bad filter named"
expect_exit 3 "forest mode on a server that is not AD" -- live --ldap-url "$LDAPS" --scope ad
expect_grep "not Active Directory.*--ldap-base" "$WORK/err" "says to give --ldap-base"
expect_exit 3 "nobody listening" -- live --ldap-url "ldaps://127.0.0.1:$(free_port)" --ldap-base "$BASE_EXAMPLE" --scope ad
expect_grep "cannot reach the server" "$WORK/err" "unreachable named"

# --- 6. a DC that goes away mid-scan, and one that hangs
start_proxy() { # MODE BYTES -> PROXY_PORT
  /usr/bin/python3 "$ROOT/tests/ldap/fault_proxy.py" "$LDAP_PORT" "$1" "$2" >"$WORK/proxy.port" 2>/dev/null </dev/null &
  PROXY_PIDS+=("$!")
  PROXY_PORT=
  for _ in $(seq 100); do
    PROXY_PORT=$(head -1 "$WORK/proxy.port")
    [ -n "$PROXY_PORT" ] && break
    sleep 0.05
  done
}
start_proxy cut 3000000
# What was read is sound but incomplete: the AD source is partial, its checks run on what was
# read, blockers were found, so the verdict is NOT_READY (exit 1, README: exit codes), and the
# report says the result is also incomplete.
expect_exit 1 "connection lost mid-scan" -- live --ldap-url "ldap://127.0.0.1:$PROXY_PORT" --starttls \
  --ldap-base "$BASE_EXAMPLE" --scope ad --report json="$WORK/cut.json"
expect_grep "connection lost after [1-9][0-9]* entries" "$WORK/err" "says how many entries were read"
[ "$(json "$WORK/cut.json" "r['sources']['ad']['status']")" = partial ] && ok || bad "source partial in the report"
json "$WORK/cut.json" "r['verdictReason']" | grep -q "incomplete: Active Directory was read only in part" && ok || bad "verdict reason says incomplete"
start_proxy cut 2000
expect_exit 3 "connection lost before any entry: INCOMPLETE" -- live --ldap-url "ldap://127.0.0.1:$PROXY_PORT" --starttls \
  --ldap-base "$BASE_EXAMPLE" --scope ad
kill "${PROXY_PIDS[-1]}" 2>/dev/null
start_proxy stall 3000000
start=$(date +%s)
expect_exit 1 "server hangs mid-scan" -- live --ldap-url "ldap://127.0.0.1:$PROXY_PORT" --starttls \
  --ldap-base "$BASE_EXAMPLE" --scope ad --ldap-timeout 2
expect_grep "no answer within 2 s for page" "$WORK/err" "page timeout named"
[ $(($(date +%s) - start)) -lt 20 ] && ok || bad "the page timeout ends the scan in time"
kill "${PROXY_PIDS[-1]}" 2>/dev/null

# A server that accepts the connection and never answers (libldap alone would wait forever).
/usr/bin/python3 -c '
import socket, threading
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8); print(s.getsockname()[1], flush=True)
held = []
while True: held.append(s.accept()[0])' >"$WORK/silent.port" 2>/dev/null </dev/null &
PROXY_PIDS+=("$!")
for _ in $(seq 100); do [ -s "$WORK/silent.port" ] && break; sleep 0.05; done
SILENT=$(cat "$WORK/silent.port")
start=$(date +%s)
expect_exit 3 "a silent server over LDAPS" -- live --ldap-url "ldaps://127.0.0.1:$SILENT" --ldap-base "$BASE_EXAMPLE" --scope ad --connect-timeout 2
expect_grep "connect: no answer within 2 s" "$WORK/err" "connect timeout named"
expect_exit 3 "a silent server with StartTLS" -- live --ldap-url "ldap://127.0.0.1:$SILENT" --starttls --ldap-base "$BASE_EXAMPLE" --scope ad --connect-timeout 2
expect_grep "StartTLS: no answer (in time|within 2 s)" "$WORK/err" "StartTLS timeout named"
[ $(($(date +%s) - start)) -lt 15 ] && ok || bad "both gave up within the connect timeout"

# --- 7. progress on a terminal only; no secret in reports or output
script -qefc "$(printf '%q ' "$BIN" scan --ldap-url "$LDAPS" --tls-ca "$CA_PEM" --bind-dn "$SVC_DN" \
  --bind-password-file "$SVC_PW_FILE" --ldap-filter "$FILTER" --ldap-base "$BASE_EXAMPLE" --scope ad)" \
  /dev/null >"$WORK/tty" 2>&1
expect_grep "AD DC=corp,DC=example,DC=test: 20001 entries, 21 page\(s\)" "$WORK/tty" "progress line on a terminal"
live --ldap-url "$LDAPS" --ldap-base "$BASE_EXAMPLE" --scope ad -q --report json="$WORK/quiet.json" >"$WORK/out" 2>"$WORK/err"
[ ! -s "$WORK/err" ] && ok || bad "no progress when stderr is not a terminal: $(head -c 200 "$WORK/err")"
live --ldap-url "$LDAPS" --ldap-base "$BASE_EXAMPLE" --scope ad --report html="$WORK/r.html" \
  --report sarif="$WORK/r.sarif" --report md="$WORK/r.md" >"$WORK/out" 2>"$WORK/err"
if grep -rqF 'Scanner!Pass1' "$WORK"/*.json "$WORK/r.html" "$WORK/r.sarif" "$WORK/r.md" "$WORK/out" "$WORK/err" "$WORK/tty" "$WORK/saved.ldf"; then
  bad "the bind password appears in a report or in the output"
else ok; fi

# --- 8. read-only, from the server's own log of this whole run
slapd_stop
# Each operation's request line, once per conn/op (SRCH logs more than one line). Answers are
# logged as RESULT / SEARCH RESULT and StartTLS also as STARTTLS: none of those is a request.
ops=$(grep -oE 'conn=[0-9]+ op=[0-9]+ [A-Z]+( oid=[0-9.]+)?' "$SLAPD_LOG" | grep -vE ' (RESULT|SEARCH|STARTTLS)$' |
  sort -u | awk '{print $3, $4}' | sort | uniq -c)
echo "operations slapd saw in this test run:"
echo "$ops"
allowed='^ *[0-9]+ (BIND|SRCH|UNBIND|ABANDON|EXT oid=1\.3\.6\.1\.4\.1\.1466\.20037) ?$'
if echo "$ops" | grep -vqE "$allowed"; then bad "an operation other than bind/search/unbind/abandon/StartTLS: $(echo "$ops" | grep -vE "$allowed")"; else ok; fi
# The proof must have looked at the right log: it holds this run's searches and StartTLS, and
# would show a write (ADD/MOD/DEL/MODRDN/PASSMOD) in the same form.
echo "$ops" | grep -qE ' SRCH' && echo "$ops" | grep -qE 'EXT oid=1.3.6.1.4.1.1466.20037' && ok || bad "the log shows the searches and StartTLS"
finish
