#!/usr/bin/env bash
# scripts/new-check.sh adds a working check: in a copy of the tree, one check per group is
# scaffolded, compiled against the built libraries with the project's warnings, registered in the
# catalog, and its generated tests (one case that fires, one that does not) pass. Refusals too.
# usage: new_check_test.sh BUILD_DIR PROJECT_ROOT
BUILD=$1
ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
TREE=$WORK/tree
mkdir -p "$TREE"
(cd "$ROOT" && cp -r checks scanner reporters scripts tests .clang-format "$TREE/")
export MIGREADY_ROOT=$TREE
for spec in "AD099 ad Mailboxes without a UPN" "CLOUD099 cloud Disabled synced users" \
  "SYNC099 sync Exports without an AD connector"; do
  read -r id group title <<<"$spec"
  expect_exit 0 "new-check.sh $id" -- bash "$TREE/scripts/new-check.sh" "$id" "$group" "$title"
done
for f in checks/ad/MailboxesWithoutAUpnCheck checks/cloud/DisabledSyncedUsersCheck \
  checks/sync/ExportsWithoutAnAdConnectorCheck; do
  [ -s "$TREE/$f.h" ] && [ -s "$TREE/$f.cpp" ] && ok || bad "$f.{h,cpp} not written"
done
expect_grep 'add<MailboxesWithoutAUpnCheck>\(list\); +// AD099' "$TREE/checks/AllChecks.cpp" "AD099 registered"
# Catalog order: AD099 after AD004 and before CLOUD001; SYNC099 last.
if awk '/\/\/ AD004/{a=NR} /\/\/ AD099/{b=NR} /\/\/ CLOUD001/{c=NR} /\/\/ SYNC099/{d=NR} /\/\/ SYNC003/{e=NR} END{exit !(a<b && b<c && e<d)}' "$TREE/checks/AllChecks.cpp"; then ok; else bad "catalog order: $(grep -n '// [A-Z]*[0-9]' "$TREE/checks/AllChecks.cpp")"; fi
expect_grep 'cloud/DisabledSyncedUsersCheck.cpp' "$TREE/checks/CMakeLists.txt" "registered in checks/CMakeLists.txt"
expect_grep 'unit/checks/ExportsWithoutAnAdConnectorCheckTest.cpp' "$TREE/tests/CMakeLists.txt" "test registered"
if command -v clang-format >/dev/null; then
  if (cd "$TREE" && clang-format --dry-run --Werror checks/AllChecks.cpp checks/*/*Check.* tests/unit/checks/*.cpp) 2>"$WORK/fmt"; then ok; else bad "generated code is not formatted: $(head -5 "$WORK/fmt")"; fi
fi
# Refusals: a taken id, a group that does not match the id, an unknown group.
expect_exit 2 "a taken id" -- bash "$TREE/scripts/new-check.sh" AD001 ad "Again"
expect_grep "AD001 is taken" "$WORK/err" "a taken id"
expect_exit 2 "id and group disagree" -- bash "$TREE/scripts/new-check.sh" AD100 cloud "Wrong"
expect_exit 2 "an unknown group" -- bash "$TREE/scripts/new-check.sh" AD100 mail "Wrong"

# Compile what changed against the built libraries, with the project's warnings, and run the
# generated tests.
FLAGS=(-std=c++20 -O0 -Wall -Wextra -Werror -I"$TREE" -DMIGREADY_VERSION=\"0\"
  -DMIGREADY_FIXTURES=\""$ROOT/tests/fixtures"\" -DMIGREADY_SHARED_SAMPLES=\""$ROOT/../shared/samples"\")
SOURCES=(checks/AllChecks.cpp checks/ad/MailboxesWithoutAUpnCheck.cpp checks/cloud/DisabledSyncedUsersCheck.cpp
  checks/sync/ExportsWithoutAnAdConnectorCheck.cpp tests/unit/main.cpp
  tests/unit/checks/MailboxesWithoutAUpnCheckTest.cpp tests/unit/checks/DisabledSyncedUsersCheckTest.cpp
  tests/unit/checks/ExportsWithoutAnAdConnectorCheckTest.cpp)
mkdir -p "$WORK/obj"
export WORK TREE
printf '%s\n' "${SOURCES[@]}" | xargs -P "$(nproc)" -I{} sh -c \
  'c++ "$@" -c "$TREE/{}" -o "$WORK/obj/$(echo {} | tr / _).o" 2>>"$WORK/compile.log"' _ "${FLAGS[@]}"
if [ "$(ls "$WORK/obj" | wc -l)" -eq "${#SOURCES[@]}" ]; then ok; else bad "compile: $(head -30 "$WORK/compile.log")"; fi
expect_exit 0 "link" -- c++ -o "$WORK/checks_test" "$WORK"/obj/*.o "$BUILD/checks/libmigready_checks.a" \
  "$BUILD/scanner/cli/libmigready_cli.a" "$BUILD/scanner/model/libmigready_model.a" -lfmt -lcrypto
expect_exit 0 "the generated tests pass" -- "$WORK/checks_test" "[AD099],[CLOUD099],[SYNC099]"
expect_grep "All tests passed \(.* in 9 test cases\)" "$WORK/out" "nine generated cases ran"
finish
