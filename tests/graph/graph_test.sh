#!/usr/bin/env bash
# Live Entra ID / Graph / Exchange Online collection against tests/graph/fake_tenant.py, a
# protocol-faithful local HTTPS stand-in (Microsoft's cloud cannot be reached from here) that
# serves the Contoso sample tenant: certificate (PS256/RS256) and secret sign-in with the JWT
# verified by the server, device code, paging, throttling and faults, gzip, a CONNECT proxy
# with Basic auth, NO_PROXY, TLS verification, --save-graph-snapshot, Get-MailUser and CLOUD005.
# At the end the server's own request log proves what was sent.
# usage: graph_test.sh MIGREADY_BINARY PROJECT_ROOT
BIN=$1
ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/skip.sh"
/usr/bin/python3 -c 'import cryptography' 2>/dev/null || skip_or_fail "python3-cryptography is not installed"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
export SOURCE_DATE_EPOCH=$(date -d 2026-11-26T09:00:00Z +%s) # the sample's capture time
unset HTTPS_PROXY https_proxy NO_PROXY no_proxy MIGREADY_CLIENT_SECRET
TENANT=6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b
CLIENT=0a1b2c3d-1111-4222-8333-444455556666
SAMPLE=$ROOT/samples/contoso
bash "$ROOT/tests/graph/make_pki.sh" "$WORK/pki"

start_tenant() { # NAME [fake_tenant.py options...] -> sets PORT, DIR
  DIR=$WORK/$1
  shift
  mkdir -p "$DIR"
  cp "$WORK/pki"/* "$DIR/"
  /usr/bin/python3 "$ROOT/tests/graph/fake_tenant.py" --dir "$DIR" --snapshot "$SAMPLE/graph" "$@" \
    >"$DIR/server.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 100); do [ -s "$DIR/port" ] && break; sleep 0.05; done
  PORT=$(cat "$DIR/port")
}
# A scan as a consultant types it, with the test endpoints and the test CA.
scan() {
  "$BIN" scan --ad-ldif "$SAMPLE/ad-users.ldf" --adconnect-export "$SAMPLE/adconnect" \
    --tenant "$TENANT" --client-id "$CLIENT" --login-url "https://127.0.0.1:$PORT" \
    --graph-url "https://127.0.0.2:$PORT" --exchange-url "https://127.0.0.3:$PORT" \
    --tls-ca "$DIR/ca.pem" "$@"
}
# Graph alone (--scope graph): a Graph failure then decides the verdict (INCOMPLETE, exit 3).
scan_graph() {
  "$BIN" scan --tenant "$TENANT" --client-id "$CLIENT" --login-url "https://127.0.0.1:$PORT" \
    --graph-url "https://127.0.0.2:$PORT" --exchange-url "https://127.0.0.3:$PORT" \
    --tls-ca "$DIR/ca.pem" --scope graph "$@"
}
cert=(--client-cert "$WORK/pki/client-cert.pem" --client-key "$WORK/pki/client-key.pem")
json() { /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
findings() { /usr/bin/python3 -c "
import json,sys
for f in json.load(open(sys.argv[1]))['findings']:
    if len(sys.argv) > 2: [(e.pop('location',None), e.pop('input',None)) for e in f['evidence'] if e['source']=='graph']
    print(json.dumps(f,sort_keys=True))" "$@"; }

# --- 1. certificate (PS256, x5t#S256) sign-in; live == its saved snapshot, byte for byte
start_tenant main
expect_exit 1 "live scan, certificate app registration" -- scan "${cert[@]}" \
  --save-graph-snapshot "$WORK/saved" --report json="$WORK/live.json"
[ "$(json "$WORK/live.json" "r['sources']['graph']['status']")" = complete ] && ok || bad "graph source complete: $(cat "$WORK/err" | head -3)"
expect_grep "onPremisesSynchronization not collected \(HTTP 403" "$WORK/err" "the app-only 403 is reported, not fatal"
[ -s "$WORK/saved/manifest.json" ] && [ -s "$WORK/saved/users/page-001.json" ] && ok || bad "--save-graph-snapshot wrote the layout"
expect_exit 1 "offline scan of the saved snapshot" -- "$BIN" scan --ad-ldif "$SAMPLE/ad-users.ldf" \
  --adconnect-export "$SAMPLE/adconnect" --graph-snapshot "$WORK/saved" --report json="$WORK/saved.json"
findings "$WORK/live.json" >"$WORK/a"
findings "$WORK/saved.json" >"$WORK/b"
[ -s "$WORK/a" ] && cmp -s "$WORK/a" "$WORK/b" && ok || bad "live and saved-snapshot findings differ"
echo "live == saved snapshot: $(wc -l <"$WORK/a") findings"
findings "$WORK/live.json" strip >"$WORK/a"

# --- 2. RS256 (x5t), a client secret from a file and from the environment
expect_exit 1 "certificate with RS256" -- scan "${cert[@]}" --jwt-alg RS256 --scope graph,ad,adconnect
expect_exit 1 "client secret from a file" -- scan --client-secret-file "$WORK/pki/client-secret"
MIGREADY_CLIENT_SECRET=$(cat "$WORK/pki/client-secret") expect_exit 1 "client secret from the environment" -- scan
printf 'wrong\n' >"$WORK/wrong-secret"
expect_exit 3 "wrong client secret" -- scan_graph --client-secret-file "$WORK/wrong-secret"
expect_grep "invalid_client: AADSTS7000215: Invalid client secret provided.*trace id" "$WORK/err" "Entra ID's error named with its trace id"
# A failed sign-in reads nothing and saves nothing, and the report says just that.
expect_exit 3 "wrong secret with --exchange-online and --save-graph-snapshot" -- scan_graph \
  --client-secret-file "$WORK/wrong-secret" --exchange-online --save-graph-snapshot "$WORK/never"
expect_grep "Exchange Online \(Get-MailUser\) was not read" "$WORK/err" "says Exchange Online was not read"
expect_grep "nothing saved to $WORK/never" "$WORK/err" "says nothing was saved"
grep -q "read through Exchange Online\|; saved to $WORK/never" "$WORK/err" && bad "claims Exchange Online data was read or saved" || ok
[ ! -e "$WORK/never" ] && ok || bad "an empty snapshot folder was left behind"
ls -A "$WORK" | grep -q '\.never\.partial-' && bad "the staging folder was left behind" || ok
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=other" -keyout "$WORK/other-key.pem" -out "$WORK/other-cert.pem" 2>/dev/null
expect_exit 3 "a certificate the app does not have" -- scan_graph --client-cert "$WORK/other-cert.pem" --client-key "$WORK/other-key.pem"
expect_grep "x5t#S256 does not match" "$WORK/err" "assertion refused by the server"
expect_exit 3 "a key that is not the certificate's" -- scan_graph --client-cert "$WORK/pki/client-cert.pem" --client-key "$WORK/other-key.pem"
expect_grep "does not belong to" "$WORK/err" "mismatched key named"
expect_exit 2 "no secret on the command line" -- scan --client-secret 'x'
expect_exit 2 "no credential at all" -- scan
expect_exit 2 "--graph-snapshot and --tenant together" -- scan "${cert[@]}" --graph-snapshot "$SAMPLE/graph"
expect_exit 2 "unknown cloud" -- scan "${cert[@]}" --cloud mars

# --- 3. device code (delegated): the code on stderr, polling until signed in
expect_exit 1 "device code sign-in" -- scan --device-code
expect_grep "migready: To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKE-1234" "$WORK/err" "the code and URL printed"

# --- 4. throttling and faults on the users pages: all survived, nothing lost
start_tenant faults --faults '{"throttle_users_page": 1, "unavailable_users_page": 2, "truncate_users_page": 3, "malformed_users_page": 4, "slow_users_page": 5, "expire_token_after": 2}'
expect_exit 1 "429, 503, truncated, malformed and slow pages, expired token" -- scan "${cert[@]}" --graph-timeout 2 \
  --report json="$WORK/faults.json"
[ "$(json "$WORK/faults.json" "r['sources']['graph']['status']")" = complete ] && ok || bad "complete after the faults: $(head -c 600 "$WORK/err")"
expect_grep "5 retry\(ies\)" "$WORK/err" "five retries counted (429, 503, truncated, malformed, slow)"
findings "$WORK/faults.json" strip >"$WORK/c"
cmp -s "$WORK/c" "$WORK/a" && ok || bad "findings after faults differ from the clean run"
[ "$(grep -c '"path": "/[^"]*/oauth2/v2.0/token"' "$DIR/requests.jsonl")" -ge 2 ] && ok || bad "the expired token was renewed"

start_tenant throttled --faults '{"always_throttle": true}'
start=$(date +%s)
expect_exit 3 "throttled beyond the retry budget" -- scan_graph "${cert[@]}" --graph-max-wait 3 --report json="$WORK/throttled.json"
[ $(($(date +%s) - start)) -lt 30 ] && ok || bad "the retry budget bounds the wait"
expect_grep "gave up after [0-9]+ retries .*no time left for the whole live read" "$WORK/err" "the budget named"
[ "$(json "$WORK/throttled.json" "r['verdict']")" = INCOMPLETE ] && ok || bad "INCOMPLETE when Graph could not be read"

start_tenant nodeleted --faults '{"forbid_deleted": true}'
expect_exit 1 "deleted users refused (403)" -- scan "${cert[@]}" --report json="$WORK/nodeleted.json"
[ "$(json "$WORK/nodeleted.json" "r['sources']['graph']['status']")" = partial ] && ok || bad "partial without the recycle bin"
expect_grep "Authorization_RequestDenied.*request-id" "$WORK/err" "the request id kept for support"

# --- 5. TLS: verified by default; a CONNECT proxy with Basic auth; NO_PROXY
DIR=$WORK/main
PORT=$(cat "$DIR/port")
expect_exit 3 "the test CA is not trusted without --tls-ca" -- "$BIN" scan --tenant "$TENANT" --client-id "$CLIENT" "${cert[@]}" \
  --login-url "https://127.0.0.1:$PORT" --graph-url "https://127.0.0.2:$PORT" --scope graph
expect_grep "unable to get local issuer certificate.*issued by a CA this machine does not trust.*--tls-ca" "$WORK/err" "TLS failure explained"
/usr/bin/python3 "$ROOT/tests/graph/connect_proxy.py" "$WORK" proxyuser 'p@ss:word' >/dev/null 2>&1 &
PIDS+=("$!")
for _ in $(seq 100); do [ -s "$WORK/proxy-port" ] && break; sleep 0.05; done
PROXY_PORT=$(cat "$WORK/proxy-port")
HTTPS_PROXY="http://proxyuser:p%40ss%3Aword@127.0.0.1:$PROXY_PORT" expect_exit 1 "through a CONNECT proxy with Basic auth" -- \
  scan "${cert[@]}" --report json="$WORK/proxied.json"
findings "$WORK/proxied.json" strip >"$WORK/d"
cmp -s "$WORK/d" "$WORK/a" && ok || bad "findings through the proxy differ"
grep -q '"target": "127.0.0.1:'"$PORT"'", "auth": true' "$WORK/proxy.jsonl" && grep -q '"target": "127.0.0.2:'"$PORT"'", "auth": true' "$WORK/proxy.jsonl" && ok || bad "sign-in and Graph went through the proxy"
https_proxy="http://proxyuser:wrong@127.0.0.1:$PROXY_PORT" expect_exit 3 "wrong proxy password" -- scan_graph "${cert[@]}"
expect_grep "refused CONNECT .*407" "$WORK/err" "proxy authentication failure named"
: >"$WORK/proxy.jsonl"
HTTPS_PROXY="http://proxyuser:p%40ss%3Aword@127.0.0.1:$PROXY_PORT" NO_PROXY="127.0.0.2,example.com" expect_exit 1 "NO_PROXY bypasses Graph" -- scan "${cert[@]}"
! grep -q '127.0.0.2' "$WORK/proxy.jsonl" && grep -q '127.0.0.1' "$WORK/proxy.jsonl" && ok || bad "NO_PROXY honoured"
grep -q '"method": "CONNECT"' "$WORK/proxy.jsonl" && ! grep -v '"method": "CONNECT"' "$WORK/proxy.jsonl" | grep -q . && ok || bad "only CONNECT reached the proxy"

# --- 6. Exchange Online: Get-MailUser through InvokeCommand (pages of 50), CLOUD005
start_tenant exo --faults '{"exo_page_size": 50}'
expect_exit 1 "--exchange-online" -- scan "${cert[@]}" --exchange-online --save-graph-snapshot "$WORK/exo" \
  --report json="$WORK/exo.json"
[ "$(json "$WORK/exo.json" "[c['status'] for c in r['checks'] if c['id']=='CLOUD005'][0]")" = fail ] && ok || bad "CLOUD005 fails on the sample's synced MailUsers"
[ "$(json "$WORK/exo.json" "sum(1 for f in r['findings'] if f['check']=='CLOUD005')")" -gt 0 ] && ok || bad "CLOUD005 findings"
[ -s "$WORK/exo/exchange/mailUsers/page-003.json" ] && ok || bad "mail user pages followed and saved"
expect_grep "unofficial admin API" "$WORK/err" "the report says which endpoint Exchange Online was read from"
"$BIN" scan --ad-ldif "$SAMPLE/ad-users.ldf" --adconnect-export "$SAMPLE/adconnect" --graph-snapshot "$WORK/exo" \
  --report json="$WORK/exo-saved.json" -q
findings "$WORK/exo.json" >"$WORK/e1"
findings "$WORK/exo-saved.json" >"$WORK/e2"
cmp -s "$WORK/e1" "$WORK/e2" && ok || bad "Exchange Online live and saved differ"
# and the same findings as the sample's own saved pages and Get-MailUser answer (locations aside)
"$BIN" scan --ad-ldif "$SAMPLE/ad-users.ldf" --adconnect-export "$SAMPLE/adconnect" --graph-snapshot "$SAMPLE/graph" \
  --report json="$WORK/sample.json" -q
findings "$WORK/exo.json" strip >"$WORK/e1"
findings "$WORK/sample.json" strip >"$WORK/e2"
cmp -s "$WORK/e1" "$WORK/e2" && ok || bad "live findings differ from the sample snapshot's: $(diff "$WORK/e1" "$WORK/e2" | head -3)"

# --- 7. progress on a terminal
script -qefc "$(printf '%q ' "$BIN" scan --tenant "$TENANT" --client-id "$CLIENT" "${cert[@]}" --login-url "https://127.0.0.1:$PORT" \
  --graph-url "https://127.0.0.2:$PORT" --tls-ca "$DIR/ca.pem" --scope graph)" /dev/null >"$WORK/tty" 2>&1
expect_grep "Graph deletedUsers: [0-9]+ page\(s\), [0-9]+ object\(s\)" "$WORK/tty" "Graph progress on a terminal"

# --- 8. Entra Cloud Sync: the configuration's service principal, its jobs and the provisioning job's
# schema read live (beta) for corp.contoso.com; saved; the same findings offline; without
# Synchronization.Read.All the permission is named and the jobs count as not read
start_tenant cloudsync --cloud-sync "corp.contoso.com=$ROOT/tests/fixtures/cloudsync/schema-2025.json"
scan_cs() { # live, Cloud Sync only (no AD Connect export)
  "$BIN" scan --ad-ldif "$SAMPLE/ad-users.ldf" --tenant "$TENANT" --client-id "$CLIENT" "${cert[@]}" \
    --login-url "https://127.0.0.1:$PORT" --graph-url "https://127.0.0.2:$PORT" --tls-ca "$DIR/ca.pem" "$@"
}
expect_exit 1 "live: Cloud Sync read from the tenant" -- scan_cs --save-graph-snapshot "$WORK/cs-saved" \
  --report json="$WORK/cs-live.json"
json "$WORK/cs-live.json" "(r['sources']['sync']['status'], [(t['tool'], t['fromTenant'], t['domain'], t['job']['status']) for t in r['sync']['tools']], len(r['sync']['tenantJobs']))" >"$WORK/cs-facts"
grep -qF "('complete', [('cloudsync', True, 'corp.contoso.com', 'Active')], 2)" "$WORK/cs-facts" && ok || bad "the tenant's Cloud Sync job and schema: $(cat "$WORK/cs-facts")"
[ "$(json "$WORK/cs-live.json" "sum(1 for f in r['findings'] if f['check']=='AD001' and f['severity']=='blocker' and any(e['source']=='cloudsync' for e in f['evidence']))")" -gt 0 ] && ok || bad "AD001 decided by the tenant's Cloud Sync schema"
[ "$(json "$WORK/cs-live.json" "[c['status'] for c in r['checks'] if c['id']=='SYNC005'][0]")" = pass ] && ok || bad "SYNC005: the job is covered by its own schema"
[ -s "$WORK/cs-saved/synchronization/servicePrincipals/page-001.json" ] && ls "$WORK/cs-saved/synchronization/schemas/"AD2AADProvisioning.*.json >/dev/null 2>&1 && ok || bad "--save-graph-snapshot keeps the Cloud Sync pages"
expect_exit 1 "offline: the saved snapshot's Cloud Sync job" -- "$BIN" scan --ad-ldif "$SAMPLE/ad-users.ldf" \
  --graph-snapshot "$WORK/cs-saved" --report json="$WORK/cs-saved.json"
findings "$WORK/cs-live.json" strip >"$WORK/f1"
findings "$WORK/cs-saved.json" strip >"$WORK/f2"
cmp -s "$WORK/f1" "$WORK/f2" && ok || bad "live and saved Cloud Sync findings differ: $(diff "$WORK/f1" "$WORK/f2" | head -3)"
start_tenant nosync --cloud-sync "corp.contoso.com=$ROOT/tests/fixtures/cloudsync/schema-2025.json" --faults '{"forbid_synchronization": true}'
expect_exit 1 "live: no Synchronization.Read.All" -- scan_cs --adconnect-export "$SAMPLE/adconnect" --report json="$WORK/cs-denied.json"
expect_grep "Cloud Sync jobs not read: HTTP 403: the app needs the Synchronization.Read.All application permission" "$WORK/err" "the missing permission named"
[ "$(json "$WORK/cs-denied.json" "[c['reason'] for c in r['checks'] if c['id']=='SYNC005'][0]")" != "" ] && ok || bad "SYNC005 did not run, and says why"
expect_grep "Synchronization.Read.All" "$WORK/cs-denied.json" "the report names the permission"
[ "$(json "$WORK/cs-denied.json" "r['sources']['graph']['status']")" = complete ] && ok || bad "the Graph source is not the worse for it"
[ "$(json "$WORK/cs-denied.json" "r['sync']['tenantJobs']")" = None ] && ok || bad "the tenant's jobs are not read"

# --- 9. what the services saw: only what the read-only policy allows
/usr/bin/python3 - "$WORK"/*/requests.jsonl >"$WORK/audit" <<'PY'
import json, re, sys, collections
seen, bad, ids = collections.Counter(), [], set()
for path in sys.argv[1:]:
    for line in open(path):
        r = json.loads(line)
        key = (r["service"], r["method"])
        seen[key] += 1
        ok = (r["service"] == "graph" and r["method"] == "GET" and
              (r["path"].startswith("/v1.0/") or r["path"].startswith("/beta/servicePrincipals"))) or \
             (r["service"] == "login" and r["method"] == "POST" and re.fullmatch(r"/[^/]+/oauth2/v2\.0/(token|devicecode)", r["path"])) or \
             (r["service"] == "exchange" and r["method"] == "POST" and re.fullmatch(r"/adminapi/beta/[^/]+/InvokeCommand", r["path"])
              and json.loads(r["body"])["CmdletInput"]["CmdletName"] == "Get-MailUser" and r["x-cmdletname"] == "Get-MailUser")
        if not ok:
            bad.append(line.strip())
        if r["client-request-id"] in ids:
            bad.append("client-request-id reused: " + line.strip())
        ids.add(r["client-request-id"])
        if r["service"] != "login" and r["authorization"] != "Bearer":
            bad.append("no bearer token: " + line.strip())
        if r["accept-encoding"] != "gzip":
            bad.append("no Accept-Encoding: gzip: " + line.strip())
for (service, method), n in sorted(seen.items()):
    print(f"{n:6d} {method:5s} {service}")
for b in bad:
    print("NOT ALLOWED:", b)
PY
cat "$WORK/audit"
! grep -q "NOT ALLOWED" "$WORK/audit" && grep -q "GET   graph" "$WORK/audit" && grep -q "POST  exchange" "$WORK/audit" && ok || bad "requests outside the read-only policy"
# The Cloud Sync reads among them: the configurations, the jobs and the schema, each a GET.
grep -h '"/beta/servicePrincipals/[^"]*/synchronization/jobs/[^"]*/schema"' "$WORK"/cloudsync/requests.jsonl | grep -q '"method": "GET"' &&
  grep -h '"path": "/beta/servicePrincipals"' "$WORK"/cloudsync/requests.jsonl | grep -q "applicationTemplateId" &&
  ! grep -h '"/beta/' "$WORK"/*/requests.jsonl | grep -vq '"method": "GET"' && ok || bad "Cloud Sync read with GET only"
finish
