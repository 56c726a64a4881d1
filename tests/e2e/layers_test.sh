#!/usr/bin/env bash
# The walls between the libraries (scripts/check-layers.py): the tree keeps them, and the
# script does see a crossing (a check that includes a source, a reporter that includes a check,
# the command line reached from below, a flag named in a reporter).
# usage: layers_test.sh PROJECT_ROOT
ROOT=$1
. "$ROOT/tests/e2e/lib.sh"
expect_exit 0 "the tree keeps its walls" -- python3 "$ROOT/scripts/check-layers.py" "$ROOT"
expect_grep "0 problem\(s\)" "$WORK/out" "the tree keeps its walls"

mkdir -p "$WORK/tree/scanner/cli"
cp -r "$ROOT/scanner" "$ROOT/checks" "$ROOT/reporters" "$WORK/tree/"
sed -i '1a #include "scanner/ad/ldap/LdapConnection.h"' "$WORK/tree/checks/ad/RemoteMailboxCheck.cpp"
sed -i '1a #include "checks/Check.h"' "$WORK/tree/reporters/CsvReporter.cpp"
sed -i '1a #include "scanner/cli/Flags.h"' "$WORK/tree/scanner/scan/Scan.cpp"
sed -i '1a // see --ldap-timeout' "$WORK/tree/reporters/JsonReporter.cpp"
expect_exit 1 "crossings are found" -- python3 "$ROOT/scripts/check-layers.py" "$WORK/tree"
expect_grep "checks/ad/RemoteMailboxCheck.cpp:2: checks includes scanner/ad/ldap/LdapConnection.h \(ldap\)" "$WORK/out" "a check that includes a source"
expect_grep "reporters/CsvReporter.cpp:2: reporters includes checks/Check.h \(checks\)" "$WORK/out" "a reporter that includes a check"
expect_grep "scanner/scan/Scan.cpp:2: scan includes scanner/cli/Flags.h \(cli\)" "$WORK/out" "the command line reached from below"
expect_grep "reporters/JsonReporter.cpp:2: names the flag --ldap-timeout" "$WORK/out" "a flag below the command line"
expect_grep "4 problem\(s\)" "$WORK/out" "exactly those"
finish
