#!/usr/bin/env bash
# The HTML report in real headless Chromium. Skipped (exit 77), and saying why, where Debian's
# chromium or node is missing or playwright-core cannot be installed (under CI=true: failed);
# scripts/test.sh installs all three.
set -u
WRITER=$1
ROOT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
ARTIFACTS=$ROOT/tests/artifacts
. "$ROOT/tests/skip.sh"
[ -x /usr/bin/chromium ] || skip_or_fail "/usr/bin/chromium not installed"
command -v node >/dev/null || skip_or_fail "node not installed"
command -v npm >/dev/null || skip_or_fail "npm not installed"
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --silent) || skip_or_fail "npm ci failed (playwright-core)"
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$ARTIFACTS"
"$WRITER" "$WORK/hostile" --hostile || exit 1
"$WRITER" "$WORK/big" --findings 5000 || exit 1
node "$HERE/html_report.test.mjs" "$WORK/hostile/report.html" "$WORK/big/report.html" "$ARTIFACTS"
