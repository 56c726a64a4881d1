#!/usr/bin/env bash
# Entra Cloud Sync end to end (docs/cloud-sync.md): the real 2020 Graph answer in ../shared, and
# 2025-shape schemas made here from tests/fixtures/cloudsync/schema-2025.json the way
# administrators change them (OU scope, container filter, group filter, a removed mapping, a
# Constant, ObjectAddOnly, a disabled user mapping), saved the ways they are saved (the PUT body,
# PowerShell's UTF-16LE with BOM and CRLF, a truncated file), two domains, and both tools at once
# with Connect's pilot rules and staging mode. Each run is checked user by user.
# usage: cloudsync_test.sh MIGREADY_BINARY PROJECT_ROOT
BIN=$1
ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
F=$ROOT/tests/fixtures/cloudsync
SHARED=$ROOT/../shared/samples/cloud-sync-schema-2020/schema.json
export SOURCE_DATE_EPOCH=1795683600
PY=/usr/bin/python3

# variant NAME PYTHON: writes $WORK/NAME.json, the fixture edited by PYTHON (d is the document;
# users(d, cls) the object mapping of a class, guid(d, cls) its MSExchMailboxGuid mapping).
variant() {
  $PY - "$F/schema-2025.json" "$WORK/$1.json" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rule = d["synchronizationRules"][0]
def users(d, cls="user"):
    return next(m for m in d["synchronizationRules"][0]["objectMappings"] if m["sourceObjectName"] == cls)
def guid(d, cls="user"):
    return next(a for a in users(d, cls)["attributeMappings"] if a["targetAttributeName"] == "MSExchMailboxGuid")
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"), indent=2, sort_keys=True)
PY
}
# scan NAME [options]: an offline scan of the EMEA domain (AD and the sync configuration).
scan() {
  local name=$1
  shift
  "$BIN" scan -q --ad-ldif "$F/emea.ldf" --scope ad,sync --report json="$WORK/$name.report.json" "$@" \
    >"$WORK/out" 2>"$WORK/err"
  echo $? >"$WORK/$name.exit"
}
# users NAME CHECK SEVERITY: the sAMAccountNames (first RDN) of CHECK's findings of SEVERITY.
users() {
  $PY - "$WORK/$1.report.json" "$2" "$3" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
names = sorted(f["subject"]["dn"].split(",")[0][3:].split()[0].lower() for f in r["findings"]
               if f["check"] == sys.argv[2] and f["severity"] == sys.argv[3] and f["subject"]["dn"])
print(" ".join(names))
PY
}
expect_users() { # NAME CHECK SEVERITY "EXPECTED USERS"
  local got
  got=$(users "$1" "$2" "$3")
  [ "$got" = "$4" ] && ok || bad "$1: $2 $3 users are \"$got\", expected \"$4\""
}
# expect_sent NAME "EXPECTED USERS": AD001's blockers that a sync tool sends (or may send) now; the
# others are users it leaves out now but may have synced before (out of a Cloud Sync job's scope,
# or a mapping removed): blockers too, as nothing shows the cloud clean
expect_sent() {
  local got
  got=$($PY - "$WORK/$1.report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join(sorted(f["subject"]["dn"].split(",")[0][3:].split()[0].lower() for f in r["findings"]
      if f["check"] == "AD001" and f["severity"] == "blocker" and "(excluded now, synced before)" not in f["message"])))
PY
)
  [ "$got" = "$2" ] && ok || bad "$1: AD001 blockers sent now are \"$got\", expected \"$2\""
}
json() { $PY -c "import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
message_of() { # NAME CHECK USER: the message of that user's finding
  $PY - "$WORK/$1.report.json" "$2" "$3" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(next(f["message"] for f in r["findings"] if f["check"] == sys.argv[2] and f["subject"]["dn"]
           and f["subject"]["dn"].lower().startswith("cn=" + sys.argv[3])))
PY
}
validate() { # NAME: the report matches docs/report.schema.json
  $PY - "$WORK/$1.report.json" "$ROOT/docs/report.schema.json" <<'PY' && ok || bad "$1: the report does not match its JSON schema"
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[2]))).validate(json.load(open(sys.argv[1])))
PY
}

# --- 1. the real 2020 Graph answer: OU scope as an ENDS_WITH clause, no inetOrgPerson mapping
if [ -f "$SHARED" ]; then
  "$BIN" scan -q --ad-ldif "$F/mydomain.ldf" --cloud-sync-schema "$SHARED" --scope ad,sync \
    --report json="$WORK/real.report.json" --report sarif="$WORK/real.sarif" >/dev/null 2>&1
  [ $? -eq 1 ] && ok || bad "the real 2020 schema: NOT_READY"
  expect_users real AD001 blocker "anna bert cleo dora gus hana ivo" # out of scope too: synced before?
  expect_sent real "anna bert ivo"
  expect_users real AD003 warning "cleo dora gus hana"
  [ "$(json "$WORK/real.report.json" "r['sync']['tools'][0]['shape']")" = "Graph GET response" ] && ok || bad "the 2020 answer is a GET response"
  expect_grep 'MSExchMailboxGuid <- \[msExchMailboxGuid\], Always' "$WORK/real.report.json" "the deciding mapping named"
  expect_grep 'maps no inetOrgPerson objects' "$WORK/real.report.json" "2020: no inetOrgPerson mapping"
  expect_grep 'ENDS_WITH \\"OU=Cloud,DC=mydomain,DC=tld\\"\] fails' "$WORK/real.report.json" "the OU clause decides"
  $PY - "$WORK/real.sarif" <<'PY' && ok || bad "SARIF points into the schema with a JSON pointer"
import json, sys
s = json.load(open(sys.argv[1]))
run = s["runs"][0]
assert "CLOUDSYNCSCHEMA" in run["originalUriBaseIds"], run["originalUriBaseIds"].keys()
locs = [l for r in run["results"] if r["ruleId"] == "SYNC001" for l in r["locations"]]
art = [l["physicalLocation"]["artifactLocation"] for l in locs]
assert any(a == {"uri": "schema.json", "uriBaseId": "CLOUDSYNCSCHEMA"} for a in art), art
ptrs = [l.get("properties", {}).get("jsonPointer") for l in locs]
assert "/synchronizationRules/0/objectMappings/0/attributeMappings/73" in ptrs, ptrs
PY
  validate real
else
  echo "cloudsync_test.sh: ../shared absent: the real 2020 schema is not scanned here"
fi

# --- 2. the 2025 PUT body as it is: users and inetOrgPersons alike; the default exclusions
scan put --cloud-sync-schema "emea.fabrikam.com=$F/schema-2025.json" --report md="$WORK/put.md"
[ "$(cat "$WORK/put.exit")" = 1 ] && ok || bad "PUT body: NOT_READY"
expect_users put AD001 blocker "anna bert cleo dora gus hana ivo" # out of scope too: synced before?
expect_sent put "anna bert cleo gus hana ivo"
expect_users put AD003 warning "dora" # adminDescription User_...
expect_users put AD004 info "erik"
[ "$(json "$WORK/put.report.json" "r['sync']['tools'][0]['shape'] + ' ' + r['sync']['tools'][0]['domain']")" = "PUT body emea.fabrikam.com" ] && ok || bad "PUT body read for emea.fabrikam.com"
expect_grep "\| Cloud Sync \| .*schema-2025.json \| emea.fabrikam.com \| complete" "$WORK/put.md" "Markdown lists the sync tool"
validate put

# --- 3. OU scope (the 2020 way, in the 2025 shape), container filter, group filter
variant ou 'users(d)["scope"]["inputFilterGroups"][0]["clauses"].append({"operatorName": "ENDS_WITH", "sourceOperandName": "distinguishedName", "targetOperand": {"values": ["OU=Cloud,OU=EMEA,DC=emea,DC=fabrikam,DC=com"]}})'
scan ou --cloud-sync-schema "emea.fabrikam.com=$WORK/ou.json"
expect_users ou AD001 blocker "anna bert cleo dora gus hana ivo" # out of scope too: synced before?
expect_sent ou "anna bert cleo ivo" # cleo: the inetOrgPerson mapping has no OU clause
variant container 'rule["containerFilter"] = {"includedContainers": ["OU=Cloud,OU=EMEA,DC=emea,DC=fabrikam,DC=com"]}'
scan container --cloud-sync-schema "emea.fabrikam.com=$WORK/container.json"
expect_users container AD001 blocker "anna bert cleo dora gus hana ivo" # out of scope too: synced before?
expect_sent container "anna bert cleo ivo"
expect_users container AD003 warning "dora gus hana"
expect_grep 'outside the Cloud Sync job.s scope .*the container filter includes only OU=Cloud' "$WORK/container.report.json" "AD003 names the container filter"
variant group 'rule["groupFilter"] = {"includedGroups": ["CN=CloudSync Pilot,OU=Groups,DC=emea,DC=fabrikam,DC=com"]}'
scan group --cloud-sync-schema "emea.fabrikam.com=$WORK/group.json"
expect_users group AD001 blocker "anna bert cleo dora gus hana ivo" # out of scope too: synced before?
expect_sent group "anna cleo hana" # ivo is in a group inside the pilot group: nested, out
expect_grep 'not a direct member of CN=CloudSync Pilot' "$WORK/group.report.json" "the group filter's reason"

# --- 4. the mapping changed: removed, Constant, ObjectAddOnly; the user mapping disabled
variant removed 'for c in ("user", "inetOrgPerson"): users(d, c)["attributeMappings"].remove(guid(d, c))'
scan removed --cloud-sync-schema "emea.fabrikam.com=$WORK/removed.json"
expect_users removed AD001 blocker "anna bert cleo dora gus hana ivo" # out of scope too: synced before?
expect_sent removed "" # excluded now, synced before
[[ "$(message_of removed AD001 anna)" == *"no longer sends it"*"clears nothing it sent before"* ]] && ok || bad "removed: excluded now, synced before"
[ "$(json "$WORK/removed.report.json" "sorted({f['severity'] for f in r['findings'] if f['check']=='SYNC001'})")" = "['info']" ] && ok || bad "removed: SYNC001 says it is kept out"
variant constant 'guid(d)["source"] = {"expression": "\"00000000-0000-0000-0000-0000000000aa\"", "name": "00000000-0000-0000-0000-0000000000aa", "type": "Constant", "parameters": []}'
scan constant --cloud-sync-schema "emea.fabrikam.com=$WORK/constant.json"
expect_users constant AD001 blocker "anna bert cleo dora gus hana ivo" # out of scope too: synced before?
expect_sent constant "anna bert cleo gus hana ivo"
[[ "$(message_of constant AD001 anna)" == *"writes that constant"* ]] && ok || bad "constant: named"
variant emptyconst 'guid(d)["source"] = {"expression": "\"\"", "name": "", "type": "Constant", "parameters": []}'
scan emptyconst --cloud-sync-schema "emea.fabrikam.com=$WORK/emptyconst.json"
[[ "$(message_of emptyconst AD001 anna)" == *"whether it reaches Entra ID is unknown"*"empty constant"* ]] && ok || bad "an empty constant: unknown, not reaches"
variant addonly 'guid(d)["flowType"] = "ObjectAddOnly"'
scan addonly --cloud-sync-schema "emea.fabrikam.com=$WORK/addonly.json"
[[ "$(message_of addonly AD001 anna)" == *"is unknown"*"created the cloud user"* ]] && ok || bad "ObjectAddOnly: unknown, why"
# a harmless mapping of the same target before the real one, a second object mapping for users
# and a second rule: every one counts, the worst decides (the first used to)
variant dupnone 'users(d)["attributeMappings"].insert(0, {"targetAttributeName": "MSExchMailboxGuid", "source": None, "flowType": "Always"}); d["synchronizationRules"].insert(0, json.loads(json.dumps(rule))); [m.update(enabled=False) for m in d["synchronizationRules"][0]["objectMappings"]]; d["synchronizationRules"][1]["objectMappings"].insert(0, dict(users(d), sourceObjectName="User", attributeMappings=[]))'
scan dupnone --cloud-sync-schema "emea.fabrikam.com=$WORK/dupnone.json"
expect_users dupnone AD001 blocker "anna bert cleo dora gus hana ivo" # out of scope too: synced before?
expect_sent dupnone "anna bert cleo gus hana ivo"
[[ "$(message_of dupnone AD001 anna)" == *"reaches Entra ID"*"2 mappings to MSExchMailboxGuid"* ]] && ok || bad "duplicates: the mapping that sends it decides"
[ "$(json "$WORK/dupnone.report.json" "sorted({f['severity'] for f in r['findings'] if f['check']=='SYNC001'})")" = "['blocker']" ] && ok || bad "duplicates: SYNC001 counts every user as exported"
variant disabled 'users(d)["enabled"] = False'
scan disabled --cloud-sync-schema "emea.fabrikam.com=$WORK/disabled.json" --report plan="$WORK/disabled-plan"
expect_users disabled AD001 blocker "anna bert cleo dora gus hana ivo" # out of scope too: synced before?
expect_sent disabled "cleo"
[[ "$(message_of disabled AD001 anna)" == *"object mapping is disabled"* ]] && ok || bad "disabled: named"
[[ "$(message_of disabled AD001 cleo)" == *"reaches Entra ID"* ]] && ok || bad "disabled user mapping: inetOrgPersons still flow"

# --- 5. saved other ways: PowerShell's UTF-16LE with BOM and CRLF (the GET answer); truncated
$PY - "$F/schema-2025.json" "$WORK/powershell.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d = {"@odata.context": "https://graph.microsoft.com/beta/$metadata#servicePrincipals('x')/synchronization/jobs('y')/schema",
     "id": "AD2AADProvisioning.0123456789abcdef0123456789abcdef.5f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", **d}
text = json.dumps(d, indent=4).replace("\n", "\r\n")
open(sys.argv[2], "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))
PY
scan powershell --cloud-sync-schema "emea.fabrikam.com=$WORK/powershell.json"
expect_users powershell AD001 blocker "anna bert cleo dora gus hana ivo" # out of scope too: synced before?
expect_sent powershell "anna bert cleo gus hana ivo"
[ "$(json "$WORK/powershell.report.json" "r['sync']['tools'][0]['shape']")" = "Graph GET response" ] && ok || bad "the PowerShell file is the GET answer"
fp() { $PY -c "import json,sys; print(sorted(f['fingerprint'] for f in json.load(open(sys.argv[1]))['findings'] if f['check']=='AD001'))" "$1"; }
[ "$(fp "$WORK/powershell.report.json")" = "$(fp "$WORK/put.report.json")" ] && ok || bad "the same users, whatever the file's form"
# Microsoft Graph PowerShell's schema object, as the README's export and the remediation
# package's remediate.ps1 save it (ConvertTo-Json | Out-File): PascalCase member names, an
# AdditionalProperties object on each, @odata.context in the root's
$PY - "$F/schema-2025.json" "$WORK/sdk.json" <<'PY'
import json, sys
def pascal(v):
    if isinstance(v, list): return [pascal(x) for x in v]
    if not isinstance(v, dict): return v
    out = {(k[0].upper() + k[1:] if k and k[0] != "@" else k): pascal(x) for k, x in v.items()}
    out["AdditionalProperties"] = {}
    return out
d = pascal(json.load(open(sys.argv[1])))
d["AdditionalProperties"] = {"@odata.context": "https://graph.microsoft.com/beta/$metadata#x"}
d["Id"] = "AD2AADProvisioning.0123456789abcdef0123456789abcdef.5f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
text = json.dumps(d, indent=4).replace("\n", "\r\n")
open(sys.argv[2], "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))
PY
scan sdk --cloud-sync-schema "emea.fabrikam.com=$WORK/sdk.json"
[ "$(cat "$WORK/sdk.exit")" = 1 ] && [ "$(json "$WORK/sdk.report.json" "r['sync']['tools'][0]['status']")" = complete ] && ok || bad "PowerShell SDK object: read (exit $(cat "$WORK/sdk.exit"))"
[ "$(fp "$WORK/sdk.report.json")" = "$(fp "$WORK/put.report.json")" ] && ok || bad "PowerShell SDK object: the same users as the PUT body"
expect_grep 'sdk.json#/SynchronizationRules/0/ObjectMappings/3/AttributeMappings/7' "$WORK/sdk.report.json" "the pointer as the file spells it"
head -c 12000 "$F/schema-2025.json" >"$WORK/truncated.json"
scan truncated --cloud-sync-schema "emea.fabrikam.com=$WORK/truncated.json"
[ "$(cat "$WORK/truncated.exit")" = 1 ] && ok || bad "truncated: NOT_READY (blockers remain)"
[ "$(json "$WORK/truncated.report.json" "r['sources']['sync']['status']")" = failed ] && ok || bad "truncated: the sync source failed"
expect_grep 'truncated.json:[0-9]+:[0-9]+: malformed JSON' "$WORK/truncated.report.json" "the error names file, line and column"
expect_users truncated AD001 blocker "anna bert cleo dora gus hana ivo" # nothing taken as safe
expect_grep 'also incomplete: the sync configuration was not read \(reading it failed\)' "$WORK/truncated.report.json" "the verdict says the configuration failed"

# --- 6. two domains: one schema each; a schema without a domain is then a usage error
variant apac 'rule["groupFilter"] = {"includedGroups": ["CN=CloudSync Pilot,OU=Groups,DC=apac,DC=fabrikam,DC=com"]}'
"$BIN" scan -q --ad-ldif "$F/emea.ldf" --ad-ldif "$F/apac.ldf" --scope ad,sync \
  --cloud-sync-schema "emea.fabrikam.com=$F/schema-2025.json" --cloud-sync-schema "APAC.fabrikam.com=$WORK/apac.json" \
  --report json="$WORK/two.report.json" >/dev/null 2>&1
$PY - "$WORK/two.report.json" <<'PY' && ok || bad "two domains: each user judged by its domain's schema"
import json, sys
r = json.load(open(sys.argv[1]))
blocked = sorted(f["subject"]["dn"].split(",")[0][3:].split()[0].lower() + "@" + f["subject"]["dn"].split("DC=")[1].rstrip(",")
                 for f in r["findings"] if f["check"] == "AD001" and f["severity"] == "blocker"
                 and "(excluded now, synced before)" not in f["message"])
assert blocked == ["anna@apac", "anna@emea", "bert@emea", "cleo@apac", "cleo@emea", "gus@emea", "hana@apac",
                   "hana@emea", "ivo@emea"], blocked
assert [t["domain"] for t in r["sync"]["tools"]] == ["emea.fabrikam.com", "apac.fabrikam.com"]
PY
expect_exit 2 "a schema without a domain and two AD domains" -- "$BIN" scan --ad-ldif "$F/emea.ldf" --ad-ldif "$F/apac.ldf" \
  --cloud-sync-schema "$F/schema-2025.json" --scope ad,sync
expect_grep "2 domains \(apac.fabrikam.com, emea.fabrikam.com\): name the domain each schema serves \(DOMAIN=FILE\)" "$WORK/err" "the domains named"
expect_exit 1 "one domain of the two without a schema: unknown, a blocker" -- "$BIN" scan -q --ad-ldif "$F/emea.ldf" --ad-ldif "$F/apac.ldf" \
  --cloud-sync-schema "emea.fabrikam.com=$F/schema-2025.json" --scope ad,sync --report json="$WORK/half.report.json"
[[ "$(message_of half AD001 ivan 2>/dev/null || $PY -c "import json,sys; print([f['message'] for f in json.load(open(sys.argv[1]))['findings'] if f['check']=='AD001' and 'apac' in f['subject']['dn']][0])" "$WORK/half.report.json")" == *"(apac.fabrikam.com) is served by no sync configuration"* ]] && ok || bad "the uncovered domain is named"

# --cloud-sync-schema [DOMAIN=]FILE: the text before the first '=' is a domain's DNS name, or
# holds a '/' (then the whole text is a path); anything else, an empty domain or file, and a file
# that is not there are usage errors naming what was given, on the command line and in --config
for spec in "a=$F/schema-2025.json" "=$F/schema-2025.json" "emea_fabrikam.com=$F/schema-2025.json" \
  "-emea.fabrikam.com=$F/schema-2025.json" "emea.fabrikam.com=" "emea.fabrikam.com=$WORK/absent.json" "$WORK/absent.json"; do
  expect_exit 2 "--cloud-sync-schema $spec" -- "$BIN" scan -q --ad-ldif "$F/emea.ldf" --scope ad,sync --cloud-sync-schema "$spec"
done
expect_exit 2 "a=FILE" -- "$BIN" scan -q --ad-ldif "$F/emea.ldf" --scope ad,sync --cloud-sync-schema "a=b/s.json"
expect_grep "\"a\" before '=' is not a domain's DNS name" "$WORK/err" "a=b/s.json: the rule said"
expect_exit 2 "=FILE" -- "$BIN" scan -q --ad-ldif "$F/emea.ldf" --scope ad,sync --cloud-sync-schema "=$F/schema-2025.json"
expect_grep "the domain before '=' is empty" "$WORK/err" "=FILE: an empty domain"
expect_exit 2 "a schema file that is not there" -- "$BIN" scan -q --ad-ldif "$F/emea.ldf" --scope ad,sync --cloud-sync-schema "emea.fabrikam.com=$WORK/absent.json"
expect_grep "cloud-sync-schema $WORK/absent.json: cannot open" "$WORK/err" "the missing file named"
printf 'ad-ldif = %s\ncloud-sync-schema = a=b/s.json\nscope = ad,sync\n' "$F/emea.ldf" >"$WORK/cs.conf"
expect_exit 2 "--config: the same rule" -- "$BIN" scan -q --config "$WORK/cs.conf"
expect_grep "\"a\" before '=' is not a domain's DNS name" "$WORK/err" "--config: the rule said"
cp "$F/schema-2025.json" "$WORK/x=y.json"
"$BIN" scan -q --ad-ldif "$F/emea.ldf" --scope ad,sync --cloud-sync-schema "$WORK/x=y.json" --report json="$WORK/eqpath.report.json" >/dev/null 2>&1
[ $? -eq 1 ] && [ "$(json "$WORK/eqpath.report.json" "r['sync']['tools'][0]['domain']")" = None ] && ok || bad "a path whose name holds '=' is a file"
"$BIN" scan -q --ad-ldif "$F/emea.ldf" --scope ad,sync --cloud-sync-schema "EMEA.fabrikam.com.=$F/schema-2025.json" --report json="$WORK/dot.report.json" >/dev/null 2>&1
[ "$(json "$WORK/dot.report.json" "r['sync']['tools'][0]['domain']")" = "emea.fabrikam.com" ] && ok || bad "a domain with a final dot"

# --- 6b. a saved tenant's schema must be its job's: synchronization/schemas/<job id>.json whose
# own id names another job is an error naming both (it was taken silently)
JOB=AD2AADProvisioning.0123456789abcdef0123456789abcdef.5f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b
OTHER=AD2AADProvisioning.fedcba9876543210fedcba9876543210.11111111-2222-4333-8444-555555555555
cp -r "$ROOT/tests/fixtures/clean/graph" "$WORK/tenant"
mkdir -p "$WORK/tenant/synchronization/servicePrincipals" "$WORK/tenant/synchronization/jobs/sp-emea" "$WORK/tenant/synchronization/schemas"
echo '{"value": [{"id": "sp-emea", "appId": "a1", "displayName": "emea.fabrikam.com", "applicationTemplateId": "1a4721b3-e57f-4451-ae87-ef078703ec94", "servicePrincipalNames": []}]}' \
  >"$WORK/tenant/synchronization/servicePrincipals/page-001.json"
echo "{\"value\": [{\"id\": \"$JOB\", \"templateId\": \"AD2AADProvisioning\", \"schedule\": {\"interval\": \"PT2M\", \"state\": \"Active\"}, \"status\": {\"code\": \"Active\"}, \"synchronizationJobSettings\": [{\"name\": \"DomainFQDN\", \"value\": \"emea.fabrikam.com\"}]}]}" \
  >"$WORK/tenant/synchronization/jobs/sp-emea/page-001.json"
saved() { # ID: the fixture saved as the job's schema, with that id
  $PY -c "import json,sys; d=json.load(open(sys.argv[1])); d['id']=d['provisioningTaskIdentifier']=sys.argv[2]; json.dump(d, open(sys.argv[3], 'w'))" \
    "$F/schema-2025.json" "$1" "$WORK/tenant/synchronization/schemas/$JOB.json"
}
saved "$JOB"
scan tenantok --graph-snapshot "$WORK/tenant"
[ "$(json "$WORK/tenantok.report.json" "r['sync']['tools'][0]['status']")" = complete ] && ok || bad "a saved tenant's schema with its job's id is read"
saved "$OTHER"
scan tenantmix --graph-snapshot "$WORK/tenant"
[ "$(json "$WORK/tenantmix.report.json" "r['sync']['tools'][0]['status']")" = failed ] && ok || bad "a saved schema of another job: failed"
expect_grep "schemas/$JOB.json#/id: the schema's id is \\\\\"$OTHER\\\\\", but it was saved as the schema of job $JOB" "$WORK/tenantmix.report.json" "the mismatch names both ids"
expect_users tenantmix AD001 blocker "anna bert cleo dora gus hana ivo" # nothing taken as safe

# --- 7. both tools: Connect exports the EMEA users too (SYNC004); the pilot rules and staging mode
# say who exports
cp -r "$ROOT/tests/fixtures/clean/adconnect" "$WORK/connect"
rm "$WORK/connect/SynchronizationRules/SynchronizationRule_{1a2b3c4d-0000-4000-8000-000000000090}.xml"
sed -i 's/DC=fabrikam,DC=com/DC=emea,DC=fabrikam,DC=com/g; s/OU=Staff,DC=emea/OU=EMEA,DC=emea/g' "$WORK/connect/Connectors/"*.xml
scan both --adconnect-export "$WORK/connect" --cloud-sync-schema "emea.fabrikam.com=$F/schema-2025.json" --report plan="$WORK/both-plan"
expect_users both SYNC004 warning "anna bert cleo erik fay gus hana ivo" # every user, mailbox or not
[[ "$(message_of both AD001 anna)" == *"also in scope of Cloud Sync, which sends it too"* ]] && ok || bad "both tools: named in AD001"
[ "$(json "$WORK/both.report.json" "sorted(f['subject']['kind'] for f in r['findings'] if f['check']=='SYNC001')")" = "['cloudsync_mapping', 'cloudsync_mapping', 'sync_rule']" ] && ok || bad "both tools: SYNC001 names each tool's deciding rule or mapping"
[ "$(json "$WORK/both.report.json" "[t['tool'] for t in r['sync']['tools']]")" = "['connect', 'cloudsync']" ] && ok || bad "both tools listed"
expect_grep "Cloud Sync: remove the MSExchMailboxGuid attribute mapping" "$WORK/both-plan/remediate.ps1" "the package's script has the Cloud Sync step"
expect_grep "AuthoritativeNull" "$WORK/both-plan/remediate.ps1" "... and Connect's"
cat >"$WORK/connect/SynchronizationRules/SynchronizationRule_{1a2b3c4d-0000-4000-8000-0000000000a1}.xml" <<'XML'
<synchronizationRule>
  <id>{1a2b3c4d-0000-4000-8000-0000000000a1}</id>
  <name>In from AD - Cloud Sync pilot</name>
  <immutable-tag></immutable-tag>
  <direction>Inbound</direction>
  <disabled>False</disabled>
  <connector>{0D1C2B3A-4F5E-4071-8293-A4B5C6D7E8F9}</connector>
  <sourceObjectType>user</sourceObjectType>
  <targetObjectType>person</targetObjectType>
  <linkType>Join</linkType>
  <precedence>50</precedence>
  <attribute-mappings><mapping><dest>cloudNoFlow</dest><expression>True</expression></mapping></attribute-mappings>
  <synchronizationCriteria><conditions><scope><csAttribute>dn</csAttribute><csOperator>ENDSWITH</csOperator>
    <csValue>OU=Cloud,OU=EMEA,DC=emea,DC=fabrikam,DC=com</csValue></scope></conditions></synchronizationCriteria>
</synchronizationRule>
XML
cat >"$WORK/connect/SynchronizationRules/SynchronizationRule_{1a2b3c4d-0000-4000-8000-0000000000a2}.xml" <<'XML'
<synchronizationRule>
  <id>{1a2b3c4d-0000-4000-8000-0000000000a2}</id>
  <name>Out to AAD - Cloud Sync pilot</name>
  <immutable-tag></immutable-tag>
  <direction>Outbound</direction>
  <disabled>False</disabled>
  <connector>{b891884f-051e-4a83-95af-2544101c9083}</connector>
  <sourceObjectType>person</sourceObjectType>
  <targetObjectType>user</targetObjectType>
  <linkType>JoinNoFlow</linkType>
  <precedence>51</precedence>
  <synchronizationCriteria><conditions><scope><csAttribute>cloudNoFlow</csAttribute><csOperator>EQUAL</csOperator>
    <csValue>True</csValue></scope></conditions></synchronizationCriteria>
</synchronizationRule>
XML
scan pilot --adconnect-export "$WORK/connect" --cloud-sync-schema "emea.fabrikam.com=$F/schema-2025.json"
expect_users pilot SYNC004 warning "gus hana" # the Cloud OU is Cloud Sync's alone (fay: no mailbox, dora excluded)
[[ "$(message_of pilot AD001 anna)" != *"also in scope"* ]] && ok || bad "pilot: anna is Cloud Sync's alone"
sed -i 's/>False</>True</' "$WORK/connect/GlobalSettings/MV.xml"
scan staging --adconnect-export "$WORK/connect" --cloud-sync-schema "emea.fabrikam.com=$F/schema-2025.json"
expect_users staging SYNC004 warning "" # Connect in staging mode exports nothing
expect_users staging AD001 blocker "anna bert cleo dora gus hana ivo" # out of scope too: synced before?
expect_sent staging "anna bert cleo gus hana ivo"
expect_users staging SYNC003 warning "" # (the staging warning is about the export, no user)
validate staging

# --- 8. the scope word: sync, and adconnect as the same; a 1.2 report read back as baseline and diff
"$BIN" scan -q --ad-ldif "$F/emea.ldf" --cloud-sync-schema "emea.fabrikam.com=$F/schema-2025.json" \
  --scope ad,adconnect --report json="$WORK/synonym.report.json" >/dev/null 2>&1
[ "$(json "$WORK/synonym.report.json" "r['scope']")" = "['ad', 'sync']" ] && ok || bad "--scope adconnect means sync"
$PY - "$WORK/put.report.json" "$WORK/old.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["schemaVersion"] = "1.2"
r["generatedAt"] = "2026-11-01T09:00:00Z"  # made before the 2.0 one: a diff orders by it
r["sources"] = {"ad": r["sources"]["ad"], "graph": r["sources"]["graph"], "adconnect": r["sources"]["sync"]}
r["scope"] = ["ad", "adconnect"]
del r["sync"]
json.dump(r, open(sys.argv[2], "w"))
PY
expect_exit 0 "a 1.2 report as the baseline, new findings only: none" -- "$BIN" scan -q --ad-ldif "$F/emea.ldf" --scope ad,sync \
  --cloud-sync-schema "emea.fabrikam.com=$F/schema-2025.json" --baseline "$WORK/old.json" --fail-on-new --report json="$WORK/new.json"
[ "$(json "$WORK/new.json" "r['summary']['new']")" = 0 ] && ok || bad "nothing new against the 1.2 baseline"
expect_exit 0 "migready diff of a 1.2 and a 2.0 report" -- "$BIN" diff "$WORK/old.json" "$WORK/put.report.json" --report json="$WORK/diff.json"
finish
