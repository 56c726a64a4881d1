# Sourced by the test scripts that need a tool or server from Debian's packages.
# skip_or_fail REASON: outside CI, the test is skipped (exit 77, ctest shows it and the reason).
# Under CI=true a missing tool is a missing install step: the test fails instead, so that a green
# CI never hides a test that did not run.
skip_or_fail() {
  if [ "${CI:-}" = true ]; then
    echo "FAIL: $1 (CI=true: a test that cannot run fails; scripts/install-deps.sh --test installs the tools)"
    exit 1
  fi
  echo "skipped: $1"
  exit 77
}
