#!/usr/bin/env bash
# The gate on the command line: --waivers, --baseline, --fail-on-new and `migready diff`, on the
# sample tenant: exit codes, usage errors naming file and line, and every report format read by
# its strict consumer (JSON Schema, xmllint and junitparser, Python's csv).
# usage: gate_test.sh MIGREADY PROJECT_ROOT
BIN=$1
ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
PY=/usr/bin/python3 # Debian's, with jsonschema and junitparser
S=$ROOT/samples/contoso
# The scan's day is fixed, so that the sample's waivers are neither expired nor too far ahead.
export SOURCE_DATE_EPOCH=1796000000 # 2026-11-30
scan() { "$BIN" scan --ad-ldif "$S/ad-users.ldf" --graph-snapshot "$S/graph" --adconnect-export "$S/adconnect" -q "$@"; }
W=$WORK/waivers.yaml

expect_exit 1 "no waivers: NOT_READY" -- scan --report json="$WORK/base.json"
# Each report is made at its own time: a diff orders reports by it (generatedAt).
SOURCE_DATE_EPOCH=1796000060 expect_exit 1 "the sample's waivers: still NOT_READY" -- scan --waivers "$S/waivers.yaml" \
  --report json="$WORK/w.json" --report sarif="$WORK/w.sarif" --report junit="$WORK/w.xml" \
  --report csv="$WORK/w.csv" --report md="$WORK/w.md" --report html="$WORK/w.html"
$PY - "$WORK" "$ROOT/docs/report.schema.json" <<'PY' && ok || bad "waived findings in every format"
import csv, json, sys, jsonschema, junitparser
work, schema = sys.argv[1], json.load(open(sys.argv[2]))
r = json.load(open(f"{work}/w.json"))
jsonschema.validate(r, schema)
waived = [f for f in r["findings"] if f["waiver"]]
assert r["summary"]["waived"] == len(waived) == 45, r["summary"]
assert all(f["waiver"]["owner"] and f["waiver"]["expires"] for f in waived)
assert r["gate"]["waivers"][3]["accepted"] == 0  # the stale entry
assert [f["check"] for f in r["findings"] if f["check"].startswith("GATE")] == ["GATE002"]
s = json.load(open(f"{work}/w.sarif"))
sup = [x for x in s["runs"][0]["results"] if x.get("suppressions")]
assert len(sup) == 45 and sup[0]["suppressions"][0]["kind"] == "external"
assert sup[0]["suppressions"][0]["status"] == "accepted"
# One sentence for a waiver in SARIF, CSV and JUnit: until when, by whom, why.
first = next(f for f in r["findings"] if f["waiver"])
w = first["waiver"]
sentence = f"waived until {w['expires']} by {w['owner']}: {w['reason']}" + (f" (ticket {w['ticket']})" if w["ticket"] else "")
assert sup[0]["suppressions"][0]["justification"] == sentence, (sup[0]["suppressions"][0]["justification"], sentence)
assert not sup[0]["suppressions"][0]["properties"]["location"].startswith("/")  # relative, like every location
rows = list(csv.DictReader(open(f"{work}/w.csv", encoding="utf-8-sig")))
assert sum(1 for x in rows if x["waiver"].startswith("waived until")) == 45
assert sentence in [x["waiver"] for x in rows]
x = junitparser.JUnitXml.fromfile(f"{work}/w.xml")
outs = [c.system_out or "" for s_ in x for c in s_]
assert any("waived (accepted exceptions, not counted)" in o for o in outs), outs
assert any(f"[{sentence}]" in o for o in outs)
md = open(f"{work}/w.md").read()
assert "### Accepted exceptions" in md and "legal-it@contoso.com" in md
html = open(f"{work}/w.html").read()
assert 'id="waivers"' in html and "Accepted exceptions" in html
PY
xmllint --noout "$WORK/w.xml" && ok || bad "JUnit with waivers is not well-formed XML"
# Users are counted from the findings: distinct users by the worst of all their findings (the
# tenant as scanned: waivers change the gate's count, not this one).
for report in base w; do
$PY - "$WORK/$report.json" <<'PY' && ok || bad "users counted from the findings ($report)"
import json, sys
r = json.load(open(sys.argv[1]))
rank = {"info": 0, "warning": 1, "blocker": 2}
def key(s):
    for k, p in (("objectGuid", "guid:"), ("cloudId", "cloud:"), ("configItem", "config:"), ("dn", "dn:")):
        if s[k]:
            return p + s[k]
    return "upn:" + (s["upn"] or "")
worst, anyf, per_check, unwaived_blocker = {}, set(), {}, set()
for f in r["findings"]:
    s = f["subject"]
    if s["configItem"] or s["kind"] == "tenant" or not (s["dn"] or s["upn"] or s["objectGuid"] or s["cloudId"]):
        continue
    k = key(s)
    anyf.add(k)
    per_check.setdefault(f["check"], set()).add(k)
    worst[k] = max(worst.get(k, -1), rank[f["severity"]])
    if f["severity"] == "blocker" and not f["waiver"]:
        unwaived_blocker.add(k)
u = r["summary"]["users"]
assert u["total"] == len(anyf), (u, len(anyf))
assert u["blocked"] == sum(1 for v in worst.values() if v == 2) == 133, u
assert u["warned"] == sum(1 for v in worst.values() if v == 1), u
assert u["blockedWaived"] == sum(1 for k, v in worst.items() if v == 2 and k not in unwaived_blocker), u
for c in r["checks"]:
    assert c["users"] == len(per_check.get(c["id"], ())), c
assert r["readiness"]["status"] == "NOT_READY"
assert r["readiness"]["reason"].startswith("133 user(s) blocked, 374 blocker finding(s)"), r["readiness"]
if not r["gate"]["waiverFile"]:
    assert r["verdictReason"].startswith("133 user(s) blocked, 374 finding(s)"), r["verdictReason"]
else:  # the gate counts the users that are not waived
    assert r["gate"]["counted"]["users"] == len(unwaived_blocker), (r["gate"], len(unwaived_blocker))
    assert r["verdictReason"].startswith(f"{len(unwaived_blocker)} user(s) blocked"), r["verdictReason"]
PY
done

# Waive every blocker of the sample, one by one (a pattern above every synced user is refused):
# READY, and the reason says how many were waived.
$PY - "$WORK/base.json" "$W" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
entries = "".join(f"""  - check: {f['check']}
    fingerprint: {f['fingerprint']}
    reason: test
    owner: the test
    expires: 2027-06-30
""" for f in r["findings"] if f["severity"] == "blocker")
open(sys.argv[2], "w").write("waivers:\n" + entries)
PY
expect_exit 0 "every blocker waived: READY" -- scan --waivers "$W" --report json="$WORK/ready.json"
expect_grep '"verdictReason": "no finding at or above blocker \([0-9]+ more waived\)' "$WORK/ready.json" "READY says how many were waived"
expect_exit 1 "waived blockers do not count, but --fail-on warning still fails" -- scan --waivers "$W" --fail-on warning
# Expired: the day after the expiry date.
SOURCE_DATE_EPOCH=1814400000 expect_exit 1 "expired waivers fail the gate again" -- scan --waivers "$W" --report json="$WORK/expired.json"
expect_grep '"check": "GATE001"|"check":"GATE001"' "$WORK/expired.json" "GATE001 for the expired waivers"

# Usage errors name the file and line.
printf 'waivers:\n  - check: AD001\n    upn: x\n    owner: me\n    expires: 2027-01-01\n' >"$WORK/bad.yaml"
expect_exit 2 "a waiver without reason" -- scan --waivers "$WORK/bad.yaml"
expect_grep "bad.yaml:2: reason is missing" "$WORK/err" "the missing reason, with its line"
printf 'waivers:\n  - check: AD001\n    upn: x\n    reason: r\n    owner: me\n    expires: 2099-01-01\n' >"$WORK/bad.yaml"
expect_exit 2 "a waiver too far ahead" -- scan --waivers "$WORK/bad.yaml"
expect_grep "bad.yaml:6: expires: 2099-01-01 is more than 366 days ahead" "$WORK/err" "too far ahead, with its line"
expect_exit 2 "a waiver file that does not exist" -- scan --waivers "$WORK/none.yaml"
expect_grep "none.yaml: cannot open" "$WORK/err" "the missing file named"
expect_exit 2 "a report written over the waiver file" -- scan --waivers "$W" --report json="$W"

# --- Issue 22: a waiver file is strict, and bounded -------------------------------------------
# Each case: the file, what the error must say (with the file and line).
strict() { # DESCRIPTION PATTERN < FILE CONTENT (a redirection: a pipe would run it in a subshell, uncounted)
  cat >"$WORK/strict.yaml"
  expect_exit 2 "$1" -- scan --waivers "$WORK/strict.yaml"
  expect_grep "$2" "$WORK/err" "$1: the error"
}
tail_of() { printf '    reason: r\n    owner: me\n    expires: 2027-01-01\n'; }
strict "a second dn in one waiver (it widened the waiver)" 'strict.yaml:4: duplicate key "dn" \(first at line 3\)' < <({ printf 'waivers:\n  - check: AD001\n    dn: OU=Leavers,OU=Contoso,DC=corp,DC=contoso,DC=com\n    dn: OU=Contoso,DC=corp,DC=contoso,DC=com\n'; tail_of; })
strict "a second check in one waiver" 'strict.yaml:4: duplicate key "check"' < <({ printf 'waivers:\n  - check: AD001\n    upn: ubecker@contoso.com\n    check: [CLOUD001]\n'; tail_of; })
strict 'a second upn "*" in one waiver' 'strict.yaml:4: duplicate key "upn"' < <({ printf 'waivers:\n  - check: CLOUD002\n    upn: ubecker@contoso.com\n    upn: "*"\n'; tail_of; })
strict "a second waivers: list" 'strict.yaml:7: duplicate key "waivers" \(first at line 1\)' < <({ printf 'waivers:\n  - check: CLOUD002\n    upn: ubecker@contoso.com\n'; tail_of; printf 'waivers:\n  - check: AD001\n    upn: x@contoso.com\n'; tail_of; })
strict "a second YAML document" 'strict.yaml:7: a second YAML document' < <({ printf 'waivers:\n  - check: CLOUD002\n    upn: ubecker@contoso.com\n'; tail_of; printf -- '---\nwaivers:\n  - check: AD001\n    upn: x@contoso.com\n'; tail_of; })
strict "a reason of spaces" 'strict.yaml:4: reason: empty' < <(printf 'waivers:\n  - check: CLOUD002\n    upn: ubecker@contoso.com\n    reason: "   "\n    owner: me\n    expires: 2027-01-01\n')
strict "an owner of a tab" 'strict.yaml:5: owner: empty' < <(printf 'waivers:\n  - check: CLOUD002\n    upn: ubecker@contoso.com\n    reason: r\n    owner: "\t"\n    expires: 2027-01-01\n')
strict "a reason of no-break and ideographic spaces" 'strict.yaml:4: reason: empty' < <(printf 'waivers:\n  - check: CLOUD002\n    upn: ubecker@contoso.com\n    reason: "\xc2\xa0\xe3\x80\x80"\n    owner: me\n    expires: 2027-01-01\n')
strict "an owner of a zero-width space" 'strict.yaml:5: owner: empty' < <(printf 'waivers:\n  - check: CLOUD002\n    upn: ubecker@contoso.com\n    reason: r\n    owner: "\xe2\x80\x8b"\n    expires: 2027-01-01\n')
strict "a NUL in a upn (it matched as *)" 'strict.yaml:3: upn: holds a control character \(U\+0000\)' < <({ printf 'waivers:\n  - check: [AD001, CLOUD001, CLOUD002]\n    upn: "*\\0ubecker@contoso.com"\n'; tail_of; })
for every in '"*"' '"*@*"' '"?*"' '"*@*.*"'; do
  strict "upn $every covers every user" "strict.yaml:3: upn: .* matches every user" < <({ printf 'waivers:\n  - check: AD001\n    upn: %s\n' "$every"; tail_of; })
done
strict "a domain root dn covers every object" 'strict.yaml:3: dn: "DC=corp,DC=contoso,DC=com" is a domain root' < <({ printf 'waivers:\n  - check: AD001\n    dn: DC=corp,DC=contoso,DC=com\n'; tail_of; })
# A pattern is judged against the users scanned too: every one of the sample's UPNs ends in "com",
# (the file alone cannot tell; it waived all 131 AD001 findings).
strict 'upn "*com" matches every user scanned' 'strict.yaml:2: upn: "\*com" matches every one of the [0-9]+ synced users scanned that it could match' < <({ printf 'waivers:\n  - check: AD001\n    upn: "*com"\n'; tail_of; })
strict 'upn "*o*" matches every user scanned' 'strict.yaml:2: upn: "\*o\*" matches every one of the [0-9]+ synced users' < <({ printf 'waivers:\n  - check: [AD001, CLOUD001]\n    upn: "*o*"\n'; tail_of; })
# Judged against the users the sync concerns: the built-in accounts of CN=Users it never exports
# and the cloud-only users do not narrow a pattern that names every synced user (these waived
# all 131 AD001 findings).
strict 'dn OU=Contoso holds every synced user' 'strict.yaml:2: dn: "OU=Contoso,DC=corp,DC=contoso,DC=com" matches every one of the' < <({ printf 'waivers:\n  - check: [AD001, CLOUD001]\n    dn: OU=Contoso,DC=corp,DC=contoso,DC=com\n'; tail_of; })
strict 'upn "*@contoso.com" matches every synced user' 'strict.yaml:2: upn: "\*@contoso.com" matches every one of the' < <({ printf 'waivers:\n  - check: AD001\n    upn: "*@contoso.com"\n'; tail_of; })
printf 'waivers:\n  - check: AD001\n    upn: "*com"\n    reason: r\n    owner: me\n    expires: 2026-11-01\n' >"$WORK/expired-all.yaml"
expect_exit 1 "an expired waiver for every user is not refused (it accepts nothing)" -- scan --waivers "$WORK/expired-all.yaml"
printf 'waivers:\n  - check: AD001\n    upn: "*@contoso.com"\n    dn: OU=Leavers,OU=Contoso,DC=corp,DC=contoso,DC=com\n' >"$WORK/narrow.yaml"; tail_of >>"$WORK/narrow.yaml"
expect_exit 1 "a broad upn narrowed by a dn is a waiver" -- scan --waivers "$WORK/narrow.yaml"
strict 'a cloudId that is no object id ("*" matched nothing, silently)' 'strict.yaml:3: cloudId: "\*" is not an Entra ID object id' < <({ printf 'waivers:\n  - check: CLOUD002\n    cloudId: "*"\n'; tail_of; })
strict "a form feed in the file" 'strict.yaml:4: a control character \(U\+000C\)' < <({ printf 'waivers:\n  - check: CLOUD002\n    upn: ubecker@contoso.com\n\f'; tail_of; })
strict "Latin-1 bytes, not UTF-8" 'strict.yaml:4: not UTF-8 text' < <({ printf 'waivers:\n  - check: CLOUD002\n    upn: ubecker@contoso.com\n    reason: caf\xe9\n'; printf '    owner: me\n    expires: 2027-01-01\n'; })
strict "a reason of 1,001 characters" 'strict.yaml:4: reason: longer than 1000 characters' < <({ printf 'waivers:\n  - check: CLOUD002\n    upn: ubecker@contoso.com\n    reason: %s\n' "$(head -c 1001 /dev/zero | tr '\0' r)"; printf '    owner: me\n    expires: 2027-01-01\n'; })
strict "10,001 waivers" 'strict.yaml:10002: more than 10000 waivers' < <($PY -c "import sys; sys.stdout.write('waivers:\n' + '- {check: AD001, upn: a@x, reason: r, owner: o, expires: 2027-01-01}\n' * 10001)")
strict "a waiver file over 1 MiB" 'strict.yaml: larger than the 1 MiB a waiver file may hold' < <({ printf 'waivers:\n'; head -c 1100000 /dev/zero | tr '\0' '#'; printf '\n'; })
mkdir -p "$WORK/waivers.d"
expect_exit 2 "a folder as the waiver file" -- scan --waivers "$WORK/waivers.d"
expect_grep "waivers.d: is a folder, not a file" "$WORK/err" "the folder named as one"
# Carriage returns alone end lines: the first line is a comment, the waiver after it is read.
printf '# legal hold\rwaivers:\r  - check: CLOUD002\r    upn: ubecker@contoso.com\r    reason: r\r    owner: me\r    expires: 2027-01-01\r' >"$WORK/cr.yaml"
expect_exit 1 "a waiver file with CR line ends" -- scan --waivers "$WORK/cr.yaml" --report json="$WORK/cr.json"
$PY -c "import json,sys; r=json.load(open(sys.argv[1])); w=r['gate']['waivers']; assert len(w)==1 and w[0]['accepted']==1 and w[0]['location'].endswith('cr.yaml:3'), w" "$WORK/cr.json" && ok || bad "the CR-only waiver file reads as its one waiver"
# Bounded: a file of half a million values takes memory of its own size, not hundreds of times it.
$PY -c "import sys; sys.stdout.write('x: [' + ','.join(['a'] * 500000) + ']\n')" >"$WORK/wide.yaml"
rss=$(peak_rss_kib "$BIN" scan -q --ad-ldif "$S/ad-users.ldf" --scope ad --waivers "$WORK/wide.yaml")
grep -q 'wide.yaml:1: unknown key "x" at the top' "$WORK/err" && ok || bad "the wide file's error: $(cat "$WORK/err")"
sanitized "$BIN" || { [ "$rss" -lt 200000 ] && ok || bad "a 1 MB waiver file took $rss KiB"; }

# Baseline and new findings only.
expect_exit 2 "--fail-on-new without --baseline" -- scan --fail-on-new
SOURCE_DATE_EPOCH=1796000120 expect_exit 0 "unchanged tenant, new findings only: READY" -- scan --baseline "$WORK/base.json" --fail-on-new --report json="$WORK/same.json" --report sarif="$WORK/same.sarif" --report junit="$WORK/same.xml" \
  --report html="$WORK/same.html" --report md="$WORK/same.md" --report users-csv="$WORK/same-users.csv"
# The gate passes; the report still states the tenant as scanned (issue 22).
$PY - "$WORK" <<'PY' && ok || bad "a passing gate is not a fact about the tenant"
import csv, json, sys
w = sys.argv[1]
r = json.load(open(f"{w}/same.json"))
assert r["verdict"] == "READY" and r["readiness"]["status"] == "NOT_READY", (r["verdict"], r["readiness"])
assert r["summary"]["users"]["blocked"] == 133
html, md = open(f"{w}/same.html").read(), open(f"{w}/same.md").read()
for text in (html, md):
    assert "nothing in what was scanned blocks it" not in text and "Ready: nothing found" not in text
    assert "0 user(s) blocked" not in text.replace("<b>", "").replace("</b>", "").replace("**", "")
    assert "133 of the 267 on-premises users scanned are blocked" in text
assert "Gate decision (fails at blocker; new findings only, against the baseline base.json): READY, exit code 0" in html
assert md.startswith("## migready: NOT_READY (gate decision: READY)"), md[:80]
users = list(csv.DictReader(open(f"{w}/same-users.csv", encoding="utf-8-sig")))
assert sum(x["status"] == "blocked" for x in users) == 133 and not any(x["status"] == "not counted" for x in users)
assert {x["gate"] for x in users} == {"unchanged since the baseline"}, {x["gate"] for x in users}
PY
expect_grep '"new": 0' "$WORK/same.json" "nothing new"
expect_grep '<property name="migready.new" value="0" />' "$WORK/same.xml" "JUnit carries the baseline counts"
expect_grep '<property name="migready.mode" value="new findings only" />' "$WORK/same.xml" "JUnit says the gate's mode"
expect_grep 'new findings only' "$WORK/same.json" "the verdict says the mode"
$PY -c "
import json,sys; s=json.load(open('$WORK/same.sarif'))
st={r.get('baselineState') for r in s['runs'][0]['results']}
sys.exit(0 if st=={'unchanged'} else 1)" && ok || bad "SARIF baselineState unchanged on every result"
# The gate compares what counts (issue 22): a baseline made while the sample's waivers held, then
# a scan after three of them expired (2027-01-31, 2027-02-28, 2027-03-31): the findings they
# accepted count again, as new, and fail the new-findings-only gate of docs/ci.md's recipes.
expect_exit 1 "the baseline, with the waivers valid" -- scan --waivers "$S/waivers.yaml" --report json="$WORK/base-waived.json"
LATER=$(date -d 2027-04-01T09:00:00Z +%s)
SOURCE_DATE_EPOCH=$LATER expect_exit 1 "expired waivers fail the new-findings-only gate" -- scan --waivers "$S/waivers.yaml" \
  --baseline "$WORK/base-waived.json" --fail-on-new --report json="$WORK/after.json"
$PY - "$WORK/base-waived.json" "$WORK/after.json" <<'PY' && ok || bad "findings no longer waived are new"
import json, sys
before, after = (json.load(open(p)) for p in sys.argv[1:3])
was = {f["fingerprint"]: f for f in before["findings"]}
again = [f for f in after["findings"] if f["fingerprint"] in was and was[f["fingerprint"]]["waiver"] and not f["waiver"]]
assert len(again) > 20, len(again)
assert all(f["baselineState"] == "new" and f["gate"] == "counted" for f in again)
assert after["verdict"] == "NOT_READY" and after["verdictReason"].endswith("not counted)"), after["verdictReason"]
assert after["gate"]["counted"]["findings"] == sum(1 for f in again if f["severity"] == "blocker")
PY
expect_exit 1 "diff: the findings no longer waived are new" -- "$BIN" diff "$WORK/base-waived.json" "$WORK/after.json" -q --report json="$WORK/d-after.json"
expect_grep '"gateFailed": ?true' "$WORK/d-after.json" "the diff fails on them"
# A baseline where one blocker was not yet there: that blocker is new.
$PY - "$WORK/base.json" "$WORK/older.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
i = next(i for i, f in enumerate(r["findings"]) if f["check"] == "AD001")
del r["findings"][i]
r["generatedAt"] = "2026-11-29T00:53:20Z"  # a day before
json.dump(r, open(sys.argv[2], "w"))
PY
expect_exit 1 "a new blocker fails the new-findings-only gate" -- scan --baseline "$WORK/older.json" --fail-on-new --report json="$WORK/new.json"
expect_grep '"verdictReason": "1 user\(s\) blocked, 1 new finding\(s\) at or above blocker' "$WORK/new.json" "one new blocker"
# A baseline that lost a finding which is now gone: resolved, as SARIF absent.
$PY - "$WORK/base.json" "$WORK/more.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f = dict(r["findings"][0]); f["fingerprint"] = "f" * 32; f["subject"] = dict(f["subject"], dn="CN=Gone,OU=Sales,OU=Contoso,DC=corp,DC=contoso,DC=com", objectGuid=None)
r["findings"].append(f)
json.dump(r, open(sys.argv[2], "w"))
PY
expect_exit 1 "a baseline with a finding that is gone" -- scan --baseline "$WORK/more.json" --report json="$WORK/res.json" --report sarif="$WORK/res.sarif" --report html="$WORK/res.html"
expect_grep '"resolved": 1' "$WORK/res.json" "one resolved"
expect_grep '"baselineState":"absent"' "$WORK/res.sarif" "SARIF absent result"
expect_grep 'Resolved since the baseline' "$WORK/res.html" "HTML lists the resolved"
$PY -c "import json,jsonschema; jsonschema.validate(json.load(open('$WORK/res.json')), json.load(open('$ROOT/docs/report.schema.json')))" && ok || bad "report with a baseline matches the schema"
sed 's/"tenantId": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"/"tenantId": "00000000-0000-0000-0000-000000000001"/' "$WORK/base.json" >"$WORK/other.json"
expect_exit 2 "a baseline of another tenant" -- scan --baseline "$WORK/other.json"
expect_grep "a baseline must be of the same tenant" "$WORK/err" "other tenant named"
# --- Issue 22: the baseline is read as strictly as every other input ----------------------------
printf '\xef\xbb\xbf' | cat - "$WORK/base.json" >"$WORK/bom.json"
expect_exit 0 "a baseline saved with a UTF-8 byte-order mark" -- scan --baseline "$WORK/bom.json" --fail-on-new
mangle() { # SOURCE TARGET PYTHON-EXPRESSION-ON-r (then written back as JSON text)
  $PY - "$1" "$2" "$3" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
exec(sys.argv[3])
open(sys.argv[2], "w").write(r if isinstance(r, str) else json.dumps(r))
PY
}
strict_baseline() { # DESCRIPTION PYTHON PATTERN
  mangle "$WORK/base.json" "$WORK/mangled.json" "$2"
  expect_exit 2 "$1" -- scan --baseline "$WORK/mangled.json"
  expect_grep "$3" "$WORK/err" "$1: the error"
}
strict_baseline "a duplicate key" 'r = json.dumps(r).replace("\"verdict\":", "\"verdict\": \"READY\", \"verdict\":", 1)' 'mangled.json:1:[0-9]+: malformed JSON: duplicate key "verdict"'
strict_baseline "a schemaVersion that is not 1.N" 'r["schemaVersion"] = "1.x"' 'mangled.json: /schemaVersion: "1.x" is not 1.N'
strict_baseline "an unknown source status" 'r["sources"]["ad"]["status"] = "partiall"' 'mangled.json: /sources/ad/status: "partiall" is not one of'
strict_baseline "an unknown check status" 'r["checks"][2]["status"] = "skipped"' 'mangled.json: /checks/2/status: "skipped" is not one of'
strict_baseline "an unknown baselineState" 'r["findings"][5]["baselineState"] = "newish"' 'mangled.json: /findings/5/baselineState: "newish"'
strict_baseline "a generatedAt that is not a time" 'r["generatedAt"] = "last Tuesday"' 'mangled.json: /generatedAt: "last Tuesday" is not a UTC time'
strict_baseline "a severity that is not one" 'r["findings"][12]["severity"] = "fatal"' 'mangled.json: /findings/12/severity: "fatal" is not blocker, warning or info'
expect_exit 2 "a folder as the baseline" -- scan --baseline "$WORK/waivers.d"
expect_grep "waivers.d: is a folder, not a file" "$WORK/err" "the folder named as one"
echo '{"schemaVersion": "1.1", "tool": {"name": "migready"}' >"$WORK/broken.json"
expect_exit 2 "a malformed baseline" -- scan --baseline "$WORK/broken.json"
expect_grep "broken.json:[0-9]+:[0-9]+: malformed JSON" "$WORK/err" "malformed baseline named with line and column"

# diff
expect_exit 0 "diff: nothing new" -- "$BIN" diff "$WORK/base.json" "$WORK/w.json" -q --report json="$WORK/d.json" --report md="$WORK/d.md" --report html="$WORK/d.html"
$PY - "$WORK/d.json" <<'PY' && ok || bad "diff JSON: counts per check and per user"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["gateFailed"] is False
assert d["scans"][0]["users"]["blocked"] == 133, d["scans"][0]["users"]
assert d["scans"][1]["users"]["blocked"] == 133  # the tenant as scanned: waivers change the gate
assert d["scans"][1]["waived"] == 45
assert sum(c["unchanged"] for c in d["checks"]) == 533
assert any(u["nowWaived"] for u in d["users"])
PY
expect_grep "Blocked users per scan" "$WORK/d.html" "diff HTML chart"
expect_grep "^\| AD001 \| 0 \| 0 \| 131 \|" "$WORK/d.md" "diff Markdown per check"
expect_exit 1 "diff: a new blocker" -- "$BIN" diff "$WORK/older.json" "$WORK/base.json" -q
$PY - "$WORK/w.json" "$WORK/w-older.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
i = next(i for i, f in enumerate(r["findings"]) if f["waiver"] and f["severity"] == "blocker")
del r["findings"][i]
r["generatedAt"] = "2026-11-29T00:53:20Z"
json.dump(r, open(sys.argv[2], "w"))
PY
expect_exit 0 "diff: a new blocker that is waived does not fail" -- "$BIN" diff "$WORK/w-older.json" "$WORK/w.json" -q
expect_exit 0 "diff: three reports, trend" -- "$BIN" diff "$WORK/older.json" "$WORK/base.json" "$WORK/same.json" --report md
expect_grep "same.json" "$WORK/out" "the trend lists every scan"
# --- Issue 22: diff orders its reports by the time they were made, and reads them strictly --------
expect_exit 1 "diff: newer first is compared oldest first" -- "$BIN" diff "$WORK/base.json" "$WORK/older.json" --report json="$WORK/swapped.json"
$PY -c "import json,sys; d=json.load(open(sys.argv[1])); assert [s['file'].rsplit('/',1)[-1] for s in d['scans']] == ['older.json','base.json'], d['scans']; assert d['gateFailed']" "$WORK/swapped.json" && ok || bad "diff put the older report first"
expect_grep "compared oldest first, by the time each report was made" "$WORK/err" "diff says it reordered"
cp "$WORK/base.json" "$WORK/base-copy.json"
expect_exit 2 "diff: two reports made at the same second" -- "$BIN" diff "$WORK/base.json" "$WORK/base-copy.json"
expect_grep "were both made at 2026-11-30T00:53:20Z" "$WORK/err" "the same time named"
mangle "$WORK/base.json" "$WORK/upper.json" 'r["tenantId"] = r["tenantId"].upper(); r["generatedAt"] = "2026-12-01T00:00:00Z"'
expect_exit 0 "diff: a tenant id in upper case is the same tenant" -- "$BIN" diff "$WORK/base.json" "$WORK/upper.json" -q
expect_exit 1 "diff: a report with a byte-order mark (and the new blocker)" -- "$BIN" diff "$WORK/older.json" "$WORK/bom.json" -q
expect_exit 2 "diff: a folder" -- "$BIN" diff "$WORK/base.json" "$WORK/waivers.d"
expect_grep "waivers.d: is a folder, not a file" "$WORK/err" "diff names the folder"
expect_exit 2 "diff: one report" -- "$BIN" diff "$WORK/base.json"
expect_exit 2 "diff: another tenant" -- "$BIN" diff "$WORK/base.json" "$WORK/other.json"
expect_exit 2 "diff: a malformed report" -- "$BIN" diff "$WORK/base.json" "$WORK/broken.json"
expect_exit 2 "diff: an unknown format" -- "$BIN" diff "$WORK/base.json" "$WORK/w.json" --report sarif
# A baseline made with --wave: the other waves' findings did not count then, so they are new now
# (it made every other wave's blockers "unchanged": READY with 135 users blocked).
WV=(--waves "$S/waves/Wave1-Pilot.csv" --waves "$S/waves/batches.csv")
SOURCE_DATE_EPOCH=1795900000 expect_exit 1 "a baseline of the pilot wave" -- scan "${WV[@]}" --wave Wave1-Pilot --report json="$WORK/bwave.json"
expect_exit 1 "the whole tenant against a one-wave baseline: NOT_READY" -- scan "${WV[@]}" --baseline "$WORK/bwave.json" --fail-on-new --report json="$WORK/awave.json"
$PY - "$WORK/bwave.json" "$WORK/awave.json" <<'PY' && ok || bad "another wave's findings are new against a one-wave baseline"
import json, sys
b, a = (json.load(open(p)) for p in sys.argv[1:3])
other = {f["fingerprint"] for f in b["findings"] if f["gate"] == "another wave"}
assert other, "the baseline has findings of other waves"
now = {f["fingerprint"]: f for f in a["findings"]}
assert all(now[x]["baselineState"] == "new" for x in other if x in now)
assert a["verdict"] == "NOT_READY", a["verdict"]
PY
# diff states the tenant, and each scan's own gate apart: a scan gated on new findings only is
# READY on a tenant of 133 blocked users ("Verdict READY (was NOT_READY)" read as the tenant's).
expect_exit 0 "diff: an unchanged tenant, the newer scan gated on new findings only" -- "$BIN" diff "$WORK/base.json" "$WORK/same.json" -q --report md="$WORK/d-same.md" --report json="$WORK/d-same.json"
expect_grep "The tenant as scanned: NOT.?_READY \(was NOT.?_READY\); that scan's own gate decided READY \(was NOT.?_READY\)" "$WORK/d-same.md" "diff: the tenant, then the scan's gate"
expect_grep "^\| scan \| generated \| tenant \| its gate \| .* \| Active Directory \| Entra ID \| the sync configuration \|" "$WORK/d-same.md" "diff: columns in words"
# diff fails closed: a newest scan that read Entra ID only in part proves no new finding (exit 3).
cp -r "$S/graph" "$WORK/graph-cut" && rm -r "$WORK/graph-cut/deletedUsers"
SOURCE_DATE_EPOCH=1796000300 expect_exit 1 "a scan with Entra ID read in part" -- "$BIN" scan --ad-ldif "$S/ad-users.ldf" --graph-snapshot "$WORK/graph-cut" --adconnect-export "$S/adconnect" -q --report json="$WORK/cut.json"
expect_exit 3 "diff: the newest scan read Entra ID in part: INCOMPLETE" -- "$BIN" diff "$WORK/base.json" "$WORK/cut.json" --report json="$WORK/d-cut.json" --report md="$WORK/d-cut.md"
expect_grep "INCOMPLETE: .*cut.json: Entra ID was read only in part" "$WORK/err" "diff says why on standard error"
expect_grep "^## migready diff: incomplete: the newest scan did not read everything" "$WORK/d-cut.md" "diff's headline"
$PY -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['incomplete'] and not d['gateFailed'] and d['schemaVersion'] == '1.1', d['incomplete']" "$WORK/d-cut.json" && ok || bad "diff JSON: incomplete"
# A report that names no tenant is not known to be of this one (another tenant's report with its
# tenantId taken out was a baseline, and diffed, without a word).
$PY -c "import json,sys; r=json.load(open(sys.argv[1])); r['tenantId']=None; json.dump(r, open(sys.argv[2],'w'))" "$WORK/base.json" "$WORK/notenant.json"
expect_exit 2 "a baseline that names no tenant" -- scan --baseline "$WORK/notenant.json" --fail-on-new
expect_grep "that report names no tenant, this scan is of tenant" "$WORK/err" "the baseline's missing tenant named"
expect_exit 2 "diff: a report that names no tenant beside one that does" -- "$BIN" diff "$WORK/notenant.json" "$WORK/w.json"
expect_grep "names tenant .* and .*notenant.json names none" "$WORK/err" "diff names the report without a tenant"
finish
