#!/usr/bin/env bash
# Every test: install what is missing, then build and run the suite three ways:
#   1. Release (-O3) with -Werror, all unit and end-to-end tests (ctest), in build/release: the
#      build the README's main command (scripts/demo.sh, run first) made, with the tests added,
#      so the program is compiled once for both
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. each libFuzzer target for FUZZ_SECONDS (default 30) from its seed corpus (scripts/fuzz.sh)
# plus the clang-format check and the README's main command (scripts/demo.sh). .ci/run calls
# this. Exit code non-zero on any failure.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
JOBS=$(nproc)
cd "$ROOT"
# Each stage says how long the one before took: the suite must stay well under 15 minutes on 2 cores.
STAGE_START=$SECONDS
STAGE_NAME=
STAGE_NAMES=()
STAGE_SECONDS=()
stage_end() {
  [ -n "$STAGE_NAME" ] || return 0
  STAGE_NAMES+=("$STAGE_NAME")
  STAGE_SECONDS+=($((SECONDS - STAGE_START)))
  echo "   (${SECONDS}s in all, $((SECONDS - STAGE_START))s for that stage)"
}
stage() {
  stage_end
  STAGE_START=$SECONDS
  STAGE_NAME=$1
  echo "== $1"
}
# Where the time went, at the end, also when a stage failed (its row says so).
stage_table() {
  local code=$? i
  if [ "$code" -ne 0 ] && [ -n "$STAGE_NAME" ]; then
    stage_end
    STAGE_NAMES[-1]+=" (FAILED)"
  fi
  echo "== stage times (2-core target: well under 900 s in all)"
  for i in "${!STAGE_NAMES[@]}"; do
    printf '%6ss  %s\n' "${STAGE_SECONDS[$i]}" "${STAGE_NAMES[$i]}"
  done
  printf '%6ss  %s\n' "$SECONDS" "in all"
}
trap stage_table EXIT

stage "install what is missing (scripts/install-deps.sh --test)"
"$ROOT/scripts/install-deps.sh" --test

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
# Every target of fuzz/targets.txt, one per core at a time, from its corpus (left as it is).
FUZZ_JOBS=$JOBS scripts/fuzz.sh --seconds "$FUZZ_SECONDS" --no-merge
stage_end
STAGE_NAME=
echo "== all test stages passed"
