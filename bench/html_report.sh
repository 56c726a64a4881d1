#!/usr/bin/env bash
# Benchmark: the HTML report with 100,000 findings: file size, bytes per finding, and the time to
# first render in headless Chromium (best of 3). Targets (issue #4): < 3 s, < 250 bytes/finding.
#   bench/html_report.sh [FINDINGS]     (needs the build of tests/tools/write_reports, chromium, node)
set -euo pipefail
N=${1:-100000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WRITER=${WRITER:-$ROOT/build/release/tests/write_reports}
[ -x "$WRITER" ] || WRITER=$ROOT/build/ci/tests/write_reports
[ -x "$WRITER" ] || WRITER=$ROOT/build/tests/write_reports
OUT=$ROOT/bench/out/html
mkdir -p "$OUT"
[ -d "$ROOT/tests/browser/node_modules/playwright-core" ] || (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund --silent)
"$WRITER" "$OUT" --findings "$N"
FINDINGS=$((N + 5))
BYTES=$(stat -c %s "$OUT/report.html")
MS=$(node "$ROOT/bench/html_report.mjs" "$OUT/report.html")
awk -v n="$FINDINGS" -v b="$BYTES" -v ms="$MS" 'BEGIN {
  printf "HTML report: %d findings, %.1f MB, %.0f bytes per finding (target < 250)\n", n, b / 1e6, b / n
  printf "first render in headless Chromium: %.2f s (target < 3 s)\n", ms / 1000
}'
