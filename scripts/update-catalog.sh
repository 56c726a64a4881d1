#!/usr/bin/env bash
# Writes the check catalog (`migready checks --markdown`, made from each check's CheckInfo) into
# the README and docs/checks.md, between their "<!-- catalog -->" and "<!-- /catalog -->" lines.
# The test "docs: the catalog matches the checks" fails until this has been run after a change.
#   scripts/update-catalog.sh [MIGREADY_BINARY]      (default build/ci/scanner/cli/migready)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/ci/scanner/cli/migready}
table=$(mktemp)
trap 'rm -f "$table"' EXIT
"$BIN" checks --markdown >"$table"
for doc in "$ROOT/README.md" "$ROOT/docs/checks.md"; do
  python3 - "$doc" "$table" <<'PY'
import sys
doc, table = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
begin, end = "<!-- catalog -->\n", "<!-- /catalog -->"
i, j = text.index(begin) + len(begin), text.index(end)
open(doc, "w").write(text[:i] + table + text[j:])
PY
done
echo "catalog written to README.md and docs/checks.md"
