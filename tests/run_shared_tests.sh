#!/usr/bin/env bash
# Runs the unit tests that need the real public samples in ../shared; "skipped" without them.
TESTS=$1
SAMPLES=$2
if [ ! -d "$SAMPLES/adconnect-export-contoso" ]; then
  echo "skipped: ../shared not present ($SAMPLES)"
  exit 77
fi
exec "$TESTS" "[shared]"
