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
"$BIN" scan -q --ad-ldif "$WORK/bad.ldf" --graph-snapshot "$WORK/missing" --report json="$WORK/failed.json"
validate "$WORK/failed.json"
finish
