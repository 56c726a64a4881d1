#!/usr/bin/env bash
# Every reporter on a fixed report: the output equals the golden file, and on a report full of
# hostile directory strings every output still parses with a strict parser.
# Regenerate the golden files after an intended change: UPDATE_GOLDEN=1 bash tests/e2e/reporters_test.sh WRITER ROOT
. "$(dirname "$0")/lib.sh"
WRITER=$1
ROOT=$2
GOLDEN=$ROOT/tests/golden/reporters
PY=/usr/bin/python3

"$WRITER" "$WORK/fixed" || bad "write_reports failed"
for f in report.json report.html report.xml report.sarif report.csv report.md users.csv waves.csv; do
  [ "${UPDATE_GOLDEN:-}" = 1 ] && cp "$WORK/fixed/$f" "$GOLDEN/$f"
  if cmp -s "$GOLDEN/$f" "$WORK/fixed/$f"; then ok; else bad "$f differs from the golden file: $(diff "$GOLDEN/$f" "$WORK/fixed/$f" | head -10)"; fi
done

"$WRITER" "$WORK/hostile" --hostile || bad "write_reports --hostile failed"
H=$WORK/hostile
# JUnit: well-formed XML 1.0 (xmllint), and read by a real consumer (junitparser).
xmllint --noout "$H/report.xml" 2>"$WORK/xerr" && ok || bad "JUnit is not well-formed XML: $(head -3 "$WORK/xerr")"
$PY - "$H/report.xml" <<'PYEOF' && ok || bad "junitparser rejects or miscounts the JUnit report"
import sys
from junitparser import JUnitXml, Failure, Skipped, Error
xml = JUnitXml.fromfile(sys.argv[1])
suites = {s.name: s for s in xml}
assert set(suites) == {"sources", "AD", "CLOUD"}, suites.keys()
assert suites["sources"].failures == 1 and suites["sources"].tests == 3          # graph partial; adconnect skipped
assert suites["AD"].tests == 3 and suites["AD"].failures == 1 and suites["AD"].skipped == 1
assert suites["CLOUD"].errors == 1 and suites["CLOUD"].failures == 1
failed = [c for s in xml for c in s if any(isinstance(r, Failure) for r in c.result)]
assert any(c.name.startswith("AD001") for c in failed)
assert all(len(str(c.time).split(".")[-1]) <= 3 for s in xml for c in s)
PYEOF
# JSON and SARIF: strict JSON (no NaN, valid UTF-8), schema, SARIF required fields.
$PY - "$H/report.json" "$ROOT/docs/report.schema.json" <<'PYEOF' && ok || bad "hostile JSON report is invalid"
import json, sys, jsonschema
text = open(sys.argv[1], encoding="utf-8", errors="strict").read()
doc = json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
jsonschema.Draft202012Validator(json.load(open(sys.argv[2]))).validate(doc)
assert "</script>" in doc["findings"][0]["subject"]["displayName"]
assert "\ufffd" in doc["findings"][0]["subject"]["displayName"]
PYEOF
$PY - "$H/report.sarif" <<'PYEOF' && ok || bad "hostile SARIF report is invalid or lacks required fields"
import json, sys
doc = json.loads(open(sys.argv[1], encoding="utf-8", errors="strict").read())
assert doc["version"] == "2.1.0" and "$schema" in doc
run = doc["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] == "migready" and driver["rules"]
ids = [r["id"] for r in driver["rules"]]
for r in driver["rules"]:
    assert r["shortDescription"]["text"] and r["help"]["text"]
for res in run["results"]:
    assert res["ruleId"] in ids and res["message"]["text"] and res["level"] in ("error", "warning", "note")
    assert res["partialFingerprints"]["migready/v1"]
    assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    for loc in res["locations"]:
        assert loc["physicalLocation"]["artifactLocation"]["uri"]
assert any(loc["physicalLocation"].get("region", {}).get("startLine") == 12 for res in run["results"] for loc in res["locations"])
PYEOF
# CSV: UTF-8 with BOM, RFC 4180 (csv module), one row per finding, no cell that starts a formula.
$PY - "$H/report.csv" "$H/report.json" <<'PYEOF' && ok || bad "hostile CSV report is invalid or injectable"
import csv, json, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf")
rows = list(csv.reader(raw.decode("utf-8-sig", errors="strict").splitlines(keepends=True) and __import__("io").StringIO(raw.decode("utf-8-sig"), newline="")))
header, body = rows[0], rows[1:]
assert header[0] == "check" and len(body) == len(json.load(open(sys.argv[2]))["findings"])
assert all(len(r) == len(header) for r in body)
assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for r in body for cell in r)
assert any(cell.startswith("'=HYPERLINK") for r in body for cell in r)
PYEOF
# users-csv: the same rules, one row per user of the findings (Python's csv), hostile names kept.
$PY - "$H/users.csv" "$H/report.json" <<'PYEOF' && ok || bad "hostile users CSV is invalid or injectable"
import csv, io, json, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf")
rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig", errors="strict"), newline="")))
header, body = rows[0], rows[1:]
assert header[:3] == ["display_name", "upn", "dn"] and "wave" in header and "status" in header
r = json.load(open(sys.argv[2]))
users = {f["subject"]["objectGuid"] or f["subject"]["cloudId"] or f["subject"]["dn"] or f["subject"]["upn"]
         for f in r["findings"] if not f["subject"]["configItem"] and f["subject"]["kind"] != "tenant"}
assert len(body) == len(users) == r["summary"]["users"]["total"], (len(body), len(users))
assert all(len(x) == len(header) for x in body)
assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for x in body for cell in x)
assert any("<img src=x" in cell for x in body for cell in x)
PYEOF
# HTML: valid UTF-8; the data block cannot close its <script>; no raw hostile markup outside it.
$PY - "$H/report.html" <<'PYEOF' && ok || bad "hostile HTML report is unsafe"
import re, sys
html = open(sys.argv[1], encoding="utf-8", errors="strict").read()
assert html.count("</script>") == 2, html.count("</script>")   # the data block and the code
assert "<img src=x" not in html and "window.__xss=2</script>" not in html
data = re.search(r'<script type="application/json" id="migready-data">(.*?)</script>', html, re.S).group(1)
import json
rows = json.loads(data)["rows"]
assert any("</script>" in str(r) for r in rows)
PYEOF
# Markdown: directory strings cannot add links, images or raw HTML.
grep -q '\[l\](http' "$H/report.md" && bad "Markdown lets a link through" || ok
grep -qE '(^|[^\\])<img' "$H/report.md" && bad "Markdown lets HTML through" || ok
finish
