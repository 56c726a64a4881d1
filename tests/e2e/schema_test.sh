#!/usr/bin/env bash
# Every report the scan writes validates against docs/report.schema.json (Debian's
# python3-jsonschema), including failed and empty ones.
. "$(dirname "$0")/lib.sh"
BIN=$1
ROOT=$2
cd "$ROOT" || exit 1
validate() {
  if /usr/bin/python3 - "$1" docs/report.schema.json <<'PY' 2>"$WORK/verr"; then ok; else bad "$1 does not match the schema: $(tail -5 "$WORK/verr")"; fi
import json, sys, jsonschema
report, schema = (json.load(open(p)) for p in sys.argv[1:3])
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(report)
PY
}
"$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --graph-snapshot samples/contoso/graph --adconnect-export samples/contoso/adconnect --report json="$WORK/sample.json"
validate "$WORK/sample.json"
"$BIN" scan -q --ad-ldif tests/fixtures/clean/users.ldf --scope ad --report json="$WORK/clean.json"
validate "$WORK/clean.json"
printf 'garbage\n' >"$WORK/bad.ldf"
mkdir -p "$WORK/nopages" # a folder without Graph pages: a failed source (a missing one is a usage error)
"$BIN" scan -q --ad-ldif "$WORK/bad.ldf" --graph-snapshot "$WORK/nopages" --report json="$WORK/failed.json"
validate "$WORK/failed.json"
# More findings than one block of the JSON writer (4096, written on two threads): the blocks join
# into one valid document, every finding once, in the scan's order.
/usr/bin/python3 samples/generate_contoso.py --bulk 40000 --ldif "$WORK/bulk.ldf" >/dev/null
"$BIN" scan -q --ad-ldif "$WORK/bulk.ldf" --scope ad --report json="$WORK/bulk.json" --report csv="$WORK/bulk.csv"
validate "$WORK/bulk.json"
if /usr/bin/python3 - "$WORK/bulk.json" "$WORK/bulk.csv" <<'PY' 2>"$WORK/verr"; then ok; else bad "the findings of a large report: $(tail -3 "$WORK/verr")"; fi
import csv, json, sys
r = json.load(open(sys.argv[1]))
findings = r["findings"]
assert len(findings) > 2 * 4096, len(findings)
assert len(findings) == r["summary"]["findings"]
prints = [f["fingerprint"] for f in findings]
assert len(set(prints)) == len(prints), "a finding written twice"
# The same findings, in the same order, as the CSV writer (one pass, no blocks) wrote them.
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
assert [row["fingerprint"] for row in rows] == prints, "order differs from the CSV report"
PY
finish
