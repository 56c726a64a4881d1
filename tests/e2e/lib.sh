# Shared by the e2e scripts: a tiny assertion library that counts and reports.
set -u
PASS=0
FAIL=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*" >&2; }

# expect_exit CODE DESCRIPTION -- COMMAND...: runs COMMAND, stdout/stderr to $WORK/out, $WORK/err
expect_exit() {
  local want=$1 what=$2
  shift 3
  "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, expected $want; stderr: $(head -c 600 "$WORK/err")"; fi
}
expect_grep() { # PATTERN FILE DESCRIPTION
  if grep -qE -- "$1" "$2"; then ok; else bad "$3: /$1/ not in $2: $(head -c 400 "$2")"; fi
}
# Whether BINARY was built with AddressSanitizer: memory is judged in the build without sanitizers
# (ASan's shadow memory and quarantine add hundreds of MiB by design).
sanitized() { grep -qa __asan_init "$1"; }
# peak_rss_kib COMMAND...: runs COMMAND (its stderr to $WORK/err) and prints its peak resident
# memory in KiB (python3's getrusage: no other tool needed).
peak_rss_kib() {
  python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=open(sys.argv[1], "w"))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$WORK/err" "$@"
}
finish() {
  echo "$(basename "$0"): $PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ]
}
