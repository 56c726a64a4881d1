#!/usr/bin/env bash
# Every test: install what is missing, then build and run the suite three ways:
#   1. Release (-O3) with -Werror, all unit and end-to-end tests (ctest), in build/release: the
#      build the README's main command (scripts/demo.sh, run first) made, with the tests added,
#      so the program is compiled once for both
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
# Each stage says how long the one before took: the suite must stay well under 15 minutes on 2 cores.
STAGE_START=$SECONDS
stage() {
  echo "   (${SECONDS}s in all, $((SECONDS - STAGE_START))s for that stage)"
  STAGE_START=$SECONDS
  echo "== $1"
}

stage "format check (clang-format, .clang-format)"
mapfile -t sources < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find scanner checks reporters tests fuzz -name '*.cpp' -o -name '*.h')
clang-format --dry-run --Werror "${sources[@]}"

stage "the README's main command (scripts/demo.sh: Release build, scan of samples/contoso)"
bash scripts/demo.sh

stage "build and test (the demo's Release build, with the tests)"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DMIGREADY_TESTS=ON >/dev/null
ninja -C build/release -j "$JOBS"
ctest --test-dir build/release --output-on-failure -j "$JOBS"

# The tests of what a consumer reads (SARIF Multitool, Chromium, the docs) run in the stage above
# only: the same writers run under the sanitizers in the golden, hostile and end-to-end tests.
stage "build and test with ASan + UBSan"
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMIGREADY_SANITIZE=ON >/dev/null
ninja -C build/asan -j "$JOBS"
LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan --output-on-failure -j "$JOBS"

stage "fuzz each parser for ${FUZZ_SECONDS}s"
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMIGREADY_FUZZ=ON -DMIGREADY_TESTS=OFF >/dev/null
FUZZERS="ldif:ldif_fuzzer graph:graph_snapshot_fuzzer adconnect:adconnect_fuzzer http:http_answer_fuzzer
  token:token_answer_fuzzer invoke:invoke_command_fuzzer ldapentry:ldap_entry_fuzzer
  cloudsync:cloudsync_schema_fuzzer scoperegex:scope_regex_fuzzer"
# shellcheck disable=SC2086
ninja -C build/fuzz -j "$JOBS" $(for t in $FUZZERS; do echo "${t#*:}"; done)
# One fuzzer per core at a time: each is single-threaded.
fuzz_one() { # CORPUS:TARGET -> 0 when it ran its time without a crash
  local corpus=${1%%:*} fuzzer=${1#*:} work
  work=$(mktemp -d)
  if ./build/fuzz/fuzz/"$fuzzer" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="build/fuzz/$fuzzer-" "$work" "fuzz/corpus/$corpus" >"build/fuzz/$fuzzer.log" 2>&1; then
    echo "fuzz: $fuzzer: $(grep -Eo 'Done [0-9]+ runs' "build/fuzz/$fuzzer.log"), no crash"
    rm -rf "$work"
  else
    echo "fuzz: $fuzzer FAILED, see build/fuzz/$fuzzer.log and build/fuzz/$fuzzer-*"
    tail -30 "build/fuzz/$fuzzer.log"
    rm -rf "$work"
    return 1
  fi
}
export -f fuzz_one
export FUZZ_SECONDS
fuzz_failed=0
# shellcheck disable=SC2086
printf '%s\n' $FUZZERS | xargs -P "$JOBS" -I{} bash -c 'fuzz_one "$1"' _ {} || fuzz_failed=1
[ "$fuzz_failed" -eq 0 ]
stage "all test stages passed"
