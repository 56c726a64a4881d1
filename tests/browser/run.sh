#!/usr/bin/env bash
# The HTML report in real headless Chromium. Skipped (exit 77), and saying why, where Debian's
# chromium or node is missing or playwright-core cannot be installed; scripts/test.sh installs
# all three, so CI runs it.
set -u
WRITER=$1
ROOT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
ARTIFACTS=$ROOT/tests/artifacts
[ -x /usr/bin/chromium ] || { echo "skipped: /usr/bin/chromium not installed"; exit 77; }
command -v node >/dev/null || { echo "skipped: node not installed"; exit 77; }
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --silent) || { echo "skipped: npm ci failed (playwright-core)"; exit 77; }
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$ARTIFACTS"
"$WRITER" "$WORK/hostile" --hostile || exit 1
"$WRITER" "$WORK/big" --findings 5000 || exit 1
node "$HERE/html_report.test.mjs" "$WORK/hostile/report.html" "$WORK/big/report.html" "$ARTIFACTS"
