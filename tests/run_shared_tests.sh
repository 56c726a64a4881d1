#!/usr/bin/env bash
# Runs the unit tests that need the real public samples in ../shared; "skipped" without them.
TESTS=$1
SAMPLES=$2
. "$(dirname "$0")/skip.sh"
[ -d "$SAMPLES/adconnect-export-contoso" ] || skip_or_fail "../shared not present ($SAMPLES)"
exec "$TESTS" "[shared]"
