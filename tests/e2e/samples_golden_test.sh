#!/usr/bin/env bash
# The offline scan of samples/contoso gives exactly the committed report. Regenerate the golden
# file after an intended change with: UPDATE_GOLDEN=1 bash tests/e2e/samples_golden_test.sh BIN ROOT
. "$(dirname "$0")/lib.sh"
BIN=$1
ROOT=$2
cd "$ROOT" || exit 1
GOLDEN=tests/e2e/golden/contoso-report.json
export SOURCE_DATE_EPOCH=1795683600 # 2026-11-26T09:00:00Z, the sample's capture time
expect_exit 1 "sample scan" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf \
  --graph-snapshot samples/contoso/graph --adconnect-export samples/contoso/adconnect \
  --report json="$WORK/report.json"
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then cp "$WORK/report.json" "$GOLDEN"; fi
if diff -u "$GOLDEN" "$WORK/report.json" >"$WORK/diff"; then ok; else bad "report differs from $GOLDEN: $(head -40 "$WORK/diff")"; fi
# A second run gives the same bytes (deterministic order, stable fingerprints).
"$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --graph-snapshot samples/contoso/graph \
  --adconnect-export samples/contoso/adconnect --report json="$WORK/again.json"
cmp -s "$WORK/report.json" "$WORK/again.json" && ok || bad "two runs differ"
finish
