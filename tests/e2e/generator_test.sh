#!/usr/bin/env bash
# samples/contoso is exactly what samples/generate_contoso.py writes.
. "$(dirname "$0")/lib.sh"
ROOT=$1
python3 "$ROOT/samples/generate_contoso.py" --out "$WORK" || bad "generator failed"
if diff -r "$ROOT/samples/contoso" "$WORK/contoso" >"$WORK/diff"; then ok; else bad "samples/contoso is stale: $(head -20 "$WORK/diff")"; fi
finish
