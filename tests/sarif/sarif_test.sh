#!/usr/bin/env bash
# migready's SARIF checked by its real consumer: Microsoft's SARIF Multitool (npm
# @microsoft/sarif-multitool-linux, pinned in package.json), `validate --rule-kind "Sarif;Gh"`:
# the SARIF 2.1.0 schema, the spec's rules and GitHub code scanning's ingestion rules. Validated:
# the sample tenant's SARIF, the same with --sarif-absolute-base, a SARIF full of hostile strings
# and one of 5,000 findings. Any error fails, and any warning but one: SARIF2017 ("no region")
# on a location in Microsoft Graph pages, which are kept as Microsoft sent them (mostly one line
# per page), so a line would say nothing; the JSON pointer in the location says where the object
# is. Besides the validator: no absolute or local path unless asked for, every location relative
# to its input, versioned fingerprints, executionSuccessful false when a source is partial.
# usage: sarif_test.sh MIGREADY_BINARY WRITE_REPORTS_BINARY PROJECT_ROOT
BIN=$1
WRITER=$2
ROOT=$3
HERE=$ROOT/tests/sarif
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/skip.sh"
command -v npm >/dev/null || skip_or_fail "npm not installed"
TOOL=$HERE/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -e "$TOOL" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --silent) || skip_or_fail "npm ci failed (@microsoft/sarif-multitool-linux)"
fi
chmod u+x "$TOOL" # its postinstall does this, where npm runs install scripts
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 # this machine has no ICU
cd "$ROOT" || exit 1

SAMPLE=(scan -q --ad-ldif samples/contoso/ad-users.ldf --graph-snapshot samples/contoso/graph
  --adconnect-export samples/contoso/adconnect)
"$BIN" "${SAMPLE[@]}" --report sarif="$WORK/sample.sarif"
"$BIN" "${SAMPLE[@]}" --report sarif="$WORK/absolute.sarif" --sarif-absolute-base
# The gate's SARIF: the sample's waivers (suppressions; GATE002's evidence in the waiver file) and
# a baseline with one finding more than now (baselineState, and an absent result).
"$BIN" "${SAMPLE[@]}" --report json="$WORK/base.json"
/usr/bin/python3 - "$WORK/base.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
gone = dict(r["findings"][0], fingerprint="f" * 32)
gone["subject"] = dict(gone["subject"], objectGuid=None, dn="CN=Gone,OU=Sales,OU=Contoso,DC=corp,DC=contoso,DC=com")
r["findings"].append(gone)
json.dump(r, open(sys.argv[1], "w"))
PY
SOURCE_DATE_EPOCH=1796000000 "$BIN" "${SAMPLE[@]}" --waivers samples/contoso/waivers.yaml \
  --waves samples/contoso/waves/Wave1-Pilot.csv --waves samples/contoso/waves/batches.csv \
  --baseline "$WORK/base.json" --report sarif="$WORK/gated.sarif"
# Cloud Sync: locations in the job schema are JSON pointers, as in Graph pages.
"$BIN" scan -q --ad-ldif tests/fixtures/cloudsync/emea.ldf --scope ad,sync \
  --cloud-sync-schema emea.fabrikam.com=tests/fixtures/cloudsync/schema-2025.json --report sarif="$WORK/cloudsync.sarif"
"$WRITER" "$WORK/hostile" --hostile || exit 1
"$WRITER" "$WORK/big" --findings 5000 || exit 1
cp "$WORK/hostile/report.sarif" "$WORK/hostile.sarif"
cp "$WORK/big/report.sarif" "$WORK/big.sarif"

for name in sample absolute hostile big gated cloudsync; do
  rm -f "$WORK/$name.validation.sarif"
  if ! "$TOOL" validate "$WORK/$name.sarif" -o "$WORK/$name.validation.sarif" --rule-kind "Sarif;Gh" \
    --level "Error;Warning" >"$WORK/$name.log" 2>&1 || [ ! -s "$WORK/$name.validation.sarif" ]; then
    bad "$name: the Multitool did not run: $(tail -5 "$WORK/$name.log")"
    continue
  fi
  if /usr/bin/python3 - "$WORK/$name.sarif" "$WORK/$name.validation.sarif" <<'PY' >"$WORK/$name.verdict" 2>&1; then ok; else bad "$name: $(head -c 1500 "$WORK/$name.verdict")"; fi
import json, re, sys
sarif = json.load(open(sys.argv[1], encoding="utf-8-sig"))
validation = json.load(open(sys.argv[2], encoding="utf-8-sig"))
results = validation["runs"][0].get("results", [])
allowed, problems = 0, []
for r in results:
    level = r.get("level", "warning")
    args = r.get("message", {}).get("arguments", [""])
    where = args[0] if args else ""
    if r["ruleId"] == "SARIF2017":
        m = re.match(r"runs\[0\]\.results\[(\d+)\]\.locations\[(\d+)\]", where)
        if m:
            loc = sarif["runs"][0]["results"][int(m[1])]["locations"][int(m[2])]
            base = loc["physicalLocation"]["artifactLocation"].get("uriBaseId")
            if base in ("GRAPHSNAPSHOT", "GRAPHLIVE", "CLOUDSYNCSCHEMA") and "jsonPointer" in loc.get("properties", {}):
                allowed += 1
                continue
    problems.append(f"{r['ruleId']} ({level}) at {where}")
if problems:
    print(f"{len(problems)} error(s) or warning(s) from the Multitool:", *problems[:15], sep="\n  ")
    sys.exit(1)
print(f"valid; {allowed} SARIF2017 on Graph page locations (allowed)")
PY
done

# Our own checks of what the validator cannot know.
/usr/bin/python3 - "$WORK" "$ROOT" <<'PY' >"$WORK/own.log" 2>&1 && ok || bad "$(cat "$WORK/own.log")"
import json, os, sys
work, root = sys.argv[1], os.path.abspath(sys.argv[2])
load = lambda n: json.load(open(os.path.join(work, n + ".sarif")))
sample, absolute, big = load("sample"), load("absolute"), load("big")
text = json.dumps(sample)
assert root not in text and "file://" not in text, "a local path in the default SARIF"
run = sample["runs"][0]
assert set(run["originalUriBaseIds"]) == {"ADEXPORT", "GRAPHSNAPSHOT", "ADCONNECTEXPORT"}, run["originalUriBaseIds"]
assert all("uri" not in b for b in run["originalUriBaseIds"].values())
for r in run["results"]:
    assert r["partialFingerprints"]["migready/v1"], r
    for loc in r["locations"]:
        a = loc["physicalLocation"]["artifactLocation"]
        assert a["uriBaseId"] in run["originalUriBaseIds"] and not a["uri"].startswith("/"), a
        assert "{" not in a["uri"] and " " not in a["uri"], a
        if a["uriBaseId"] == "ADEXPORT":
            reg = loc["physicalLocation"]["region"]
            assert reg["startLine"] >= 1 and reg["endLine"] > reg["startLine"], loc
        if a["uriBaseId"] == "ADCONNECTEXPORT":
            assert loc["physicalLocation"]["region"]["startLine"] > 1, loc
driver = run["tool"]["driver"]
assert driver["informationUri"].startswith("https://") and driver["semanticVersion"]
assert all(rule["helpUri"].endswith("/docs/checks/" + rule["id"] + ".md") for rule in driver["rules"])
assert run["invocations"][0]["executionSuccessful"] is True
# Every check of the sample ran; in the fixed report a check did not run, and that is said, with
# its rule, and the partial source too.
# Without a waiver file, wave files and Cloud Sync only the gate's, the wave checks and the two
# that need Cloud Sync (SYNC004: both tools, SYNC005: the tenant's jobs) did not run; nor DIR003,
# as the sample's Graph pages were saved without onPremisesProvisioningErrors.
assert all(n["message"]["text"].startswith(("GATE00", "WAVE00", "SYNC004", "SYNC005", "DIR003")) for n in run["invocations"][0]["toolExecutionNotifications"])
cs = load("cloudsync")["runs"][0]
assert "CLOUDSYNCSCHEMA" in cs["originalUriBaseIds"], cs["originalUriBaseIds"]
pointers = [loc.get("properties", {}).get("jsonPointer") for r in cs["results"] if r["ruleId"] == "AD001"
            for loc in r["locations"] if loc["physicalLocation"]["artifactLocation"]["uriBaseId"] == "CLOUDSYNCSCHEMA"]
assert pointers and all(p.startswith("/synchronizationRules/0/objectMappings/") for p in pointers), pointers
gated = load("gated")["runs"][0]
assert all(n["message"]["text"].startswith(("SYNC004", "SYNC005", "DIR003")) for n in gated["invocations"][0]["toolExecutionNotifications"])
waived = [r for r in gated["results"] if r.get("suppressions")]
assert len(waived) == 45 and all(r["suppressions"][0]["status"] == "accepted" for r in waived)
states = [r.get("baselineState") for r in gated["results"]]
assert states.count("absent") == 1 and states.count("new") == 1 + 5, set(states)  # GATE002 and WAVE001-004
assert "WAIVERS" in gated["originalUriBaseIds"] and "WAVES" in gated["originalUriBaseIds"]
row = [r for r in gated["results"] if r["ruleId"] == "WAVE001"][0]["locations"][0]["physicalLocation"]
assert row["artifactLocation"] == {"uri": "batches.csv", "uriBaseId": "WAVES"} and row["region"]["startLine"] == 11, row
stale = [r for r in gated["results"] if r["ruleId"] == "GATE002"][0]
loc = stale["locations"][0]["physicalLocation"]
assert loc["artifactLocation"] == {"uri": "waivers.yaml", "uriBaseId": "WAIVERS"} and loc["region"]["startLine"] > 1, loc
notes = big["runs"][0]["invocations"][0]["toolExecutionNotifications"]
assert any(" did not run: " in n["message"]["text"] and "associatedRule" in n for n in notes), notes
assert any(n["level"] == "error" and "Entra ID was read only in part" in n["message"]["text"] for n in notes), notes
bases = absolute["runs"][0]["originalUriBaseIds"]
assert bases["ADEXPORT"]["uri"] == "file://" + root.replace(" ", "%20") + "/samples/contoso/", bases
assert bases["ADCONNECTEXPORT"]["uri"].endswith("/samples/contoso/adconnect/"), bases
# The report with a partial source did not run successfully.
assert big["runs"][0]["invocations"][0]["executionSuccessful"] is False
assert len(big["runs"][0]["results"]) >= 5000
print("ok")
PY
for name in sample absolute hostile big gated cloudsync; do
  [ -s "$WORK/$name.verdict" ] && echo "$name: $(cat "$WORK/$name.verdict")"
done
finish
