#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, build/fuzz) and runs every target of fuzz/targets.txt
# from its corpus in fuzz/corpus/<corpus>, one after the other (FUZZ_JOBS at a time), for a time
# each. Prints each target's executions; exit code 1 when a target crashed, timed out or ran out
# of memory (its input is kept in build/fuzz/artifacts/, its log in build/fuzz/<target>.log).
#
#   scripts/fuzz.sh MINUTES      a campaign (a scheduled job): MINUTES per target; the inputs that
#                                reach new code are merged back into fuzz/corpus/<corpus>
#                                (-merge=1) for the next run to start from: commit them
#   scripts/fuzz.sh --seconds N --no-merge
#                                what scripts/test.sh runs in CI (N=30; the corpus left as it is)
#
# Environment: FUZZ_JOBS (default 1) targets at once; each is single-threaded.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
usage() { echo "usage: scripts/fuzz.sh MINUTES | --seconds N [--no-merge]" >&2; exit 2; }
SECONDS_EACH=
MERGE=1
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) [ $# -ge 2 ] || usage; SECONDS_EACH=$2; shift 2 ;;
    --no-merge) MERGE=0; shift ;;
    [0-9]*) SECONDS_EACH=$(($1 * 60)); shift ;;
    *) usage ;;
  esac
done
[[ "$SECONDS_EACH" =~ ^[0-9]+$ ]] && [ "$SECONDS_EACH" -gt 0 ] || usage
cd "$ROOT"
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMIGREADY_FUZZ=ON -DMIGREADY_TESTS=OFF >/dev/null
mapfile -t TARGETS < <(grep -vE '^(#|$)' fuzz/targets.txt)
# shellcheck disable=SC2046
ninja -C build/fuzz -j "$(nproc)" $(for t in "${TARGETS[@]}"; do echo "${t#*:}"; done)
mkdir -p build/fuzz/artifacts

fuzz_one() { # CORPUS:TARGET -> 0 when it ran its time without a crash
  local corpus=${1%%:*} fuzzer=${1#*:} work log
  work=$(mktemp -d)
  log=build/fuzz/$fuzzer.log
  # New inputs go to $work; the kept corpus is read, and grows only by the merge below.
  if ./build/fuzz/fuzz/"$fuzzer" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$fuzzer-" \
      "$work" "fuzz/corpus/$corpus" >"$log" 2>&1; then
    local runs added=""
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo "?")
    if [ "$MERGE" -eq 1 ]; then
      local before after
      before=$(find "fuzz/corpus/$corpus" -type f | wc -l)
      ./build/fuzz/fuzz/"$fuzzer" -merge=1 "fuzz/corpus/$corpus" "$work" >>"$log" 2>&1
      after=$(find "fuzz/corpus/$corpus" -type f | wc -l)
      added=", $((after - before)) new input(s) merged into fuzz/corpus/$corpus"
    fi
    echo "fuzz: $fuzzer: $runs executions in ${SECONDS_EACH}s, no crash$added"
    rm -rf "$work"
  else
    echo "fuzz: $fuzzer FAILED: see $log and build/fuzz/artifacts/$fuzzer-*"
    tail -30 "$log"
    rm -rf "$work"
    return 1
  fi
}
export -f fuzz_one
export SECONDS_EACH MERGE
printf '%s\n' "${TARGETS[@]}" | xargs -P "${FUZZ_JOBS:-1}" -I{} bash -c 'fuzz_one "$1"' _ {}
