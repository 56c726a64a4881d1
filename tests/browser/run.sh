#!/usr/bin/env bash
# The HTML report in real headless Chromium. Skipped (exit 77), and saying why, where Debian's
# chromium, node or pdftotext is missing or playwright-core cannot be installed (under CI=true:
# failed); scripts/install-deps.sh --test installs them.
set -u
WRITER=$1
ROOT=$2
BIN=$3
HERE=$(cd "$(dirname "$0")" && pwd)
ARTIFACTS=$ROOT/tests/artifacts
. "$ROOT/tests/skip.sh"
[ -x /usr/bin/chromium ] || skip_or_fail "/usr/bin/chromium not installed"
command -v node >/dev/null || skip_or_fail "node not installed"
command -v npm >/dev/null || skip_or_fail "npm not installed"
command -v pdftotext >/dev/null || skip_or_fail "pdftotext not installed (poppler-utils)"
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --silent) || skip_or_fail "npm ci failed (playwright-core)"
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$ARTIFACTS"
"$WRITER" "$WORK/hostile" --hostile || exit 1
"$WRITER" "$WORK/big" --findings 5000 || exit 1
# The sample tenant with its three waves, as a consultant hands it over, read from absolute paths
# (the evidence must not show them).
S=$ROOT/samples/contoso
SOURCE_DATE_EPOCH=1795683600 "$BIN" scan -q --ad-ldif "$S/ad-users.ldf" --graph-snapshot "$S/graph" \
  --adconnect-export "$S/adconnect" --waves "$S/waves/Wave1-Pilot.csv" --waves "$S/waves/batches.csv" \
  --title "Exchange to Microsoft 365 migration" --customer "Contoso Ltd" \
  --report html="$WORK/sample.html" --report json="$WORK/sample.json"
[ $? -eq 1 ] || { echo "sample scan: expected exit 1 (NOT_READY)"; exit 1; }
node "$HERE/html_report.test.mjs" "$WORK/hostile/report.html" "$WORK/big/report.html" "$ARTIFACTS" \
  "$WORK/sample.html" "$WORK/sample.json" "$S"
