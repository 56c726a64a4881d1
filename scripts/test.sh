#!/usr/bin/env bash
# Every test: install what is missing, then build and run the suite three ways:
#   1. RelWithDebInfo with -Werror, all unit and end-to-end tests (ctest)
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. each libFuzzer target for FUZZ_SECONDS (default 30) from its seed corpus
# plus the clang-format check and the README's main command (scripts/demo.sh). .ci/run calls
# this. Exit code non-zero on any failure.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
JOBS=$(nproc)
"$ROOT/scripts/install-deps.sh" --test
cd "$ROOT"

echo "== format check (clang-format, .clang-format)"
mapfile -t sources < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find scanner checks reporters tests fuzz -name '*.cpp' -o -name '*.h')
clang-format --dry-run --Werror "${sources[@]}"

echo "== the README's main command (scripts/demo.sh: Release build, scan of samples/contoso)"
bash scripts/demo.sh

echo "== build and test"
cmake -S . -B build/ci -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build/ci -j "$JOBS"
ctest --test-dir build/ci --output-on-failure -j "$JOBS"

echo "== build and test with ASan + UBSan"
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMIGREADY_SANITIZE=ON >/dev/null
ninja -C build/asan -j "$JOBS"
LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan --output-on-failure -j "$JOBS"

echo "== fuzz each parser for ${FUZZ_SECONDS}s"
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMIGREADY_FUZZ=ON -DMIGREADY_TESTS=OFF >/dev/null
FUZZERS="ldif:ldif_fuzzer graph:graph_snapshot_fuzzer adconnect:adconnect_fuzzer http:http_answer_fuzzer
  token:token_answer_fuzzer invoke:invoke_command_fuzzer ldapentry:ldap_entry_fuzzer"
# shellcheck disable=SC2086
ninja -C build/fuzz -j "$JOBS" $(for t in $FUZZERS; do echo "${t#*:}"; done)
fuzz_failed=0
for target in $FUZZERS; do
  corpus=${target%%:*}
  fuzzer=${target#*:}
  work=$(mktemp -d)
  if ./build/fuzz/fuzz/"$fuzzer" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="build/fuzz/$fuzzer-" "$work" "fuzz/corpus/$corpus" >"build/fuzz/$fuzzer.log" 2>&1; then
    echo "fuzz: $fuzzer: $(grep -Eo 'Done [0-9]+ runs' "build/fuzz/$fuzzer.log"), no crash"
  else
    echo "fuzz: $fuzzer FAILED, see build/fuzz/$fuzzer.log and build/fuzz/$fuzzer-*"
    tail -30 "build/fuzz/$fuzzer.log"
    fuzz_failed=1
  fi
  rm -rf "$work"
done
[ "$fuzz_failed" -eq 0 ]
echo "== all test stages passed"
