#!/usr/bin/env bash
# The main job: install what is missing, build, and scan the sample tenant, writing the report.
#   scripts/demo.sh            -> build/release/, report in samples-report.json
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/scripts/install-deps.sh"
cmake -S "$ROOT" -B "$ROOT/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMIGREADY_TESTS=OFF >/dev/null
ninja -C "$ROOT/build/release" migready
cd "$ROOT"
set +e
./build/release/scanner/cli/migready scan --ad-ldif samples/contoso/ad-users.ldf \
  --graph-snapshot samples/contoso/graph --adconnect-export samples/contoso/adconnect \
  --report json=samples-report.json
code=$?
set -e
echo "exit code $code (1 = NOT_READY, as expected for the sample tenant); report: samples-report.json"
[ "$code" -eq 1 ]
