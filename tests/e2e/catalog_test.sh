#!/usr/bin/env bash
# The check catalog is kept once, in the checks' CheckInfos: the tables in the README and
# docs/checks.md are what `migready checks --markdown` prints (scripts/update-catalog.sh), and
# every check has a unit test case that names it and a page docs/checks/ID.md with its explain text.
# usage: catalog_test.sh MIGREADY_BINARY PROJECT_ROOT
BIN=$1
ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
expect_exit 0 "migready checks --markdown" -- "$BIN" checks --markdown
cp "$WORK/out" "$WORK/table"
for doc in README.md docs/checks.md; do
  python3 - "$ROOT/$doc" >"$WORK/block" <<'PY'
import sys
text = open(sys.argv[1]).read()
begin, end = "<!-- catalog -->\n", "<!-- /catalog -->"
print(text[text.index(begin) + len(begin):text.index(end)], end="")
PY
  if cmp -s "$WORK/table" "$WORK/block"; then ok; else
    bad "$doc: the catalog table differs from the checks' own (run scripts/update-catalog.sh): $(diff "$WORK/table" "$WORK/block" | head -6)"
  fi
done
# Every check in the catalog is listed by `migready checks` and explained by `migready explain`.
for id in $(awk -F' \\| ' 'NR > 2 { sub(/^\| /, "", $1); print $1 }' "$WORK/table"); do
  expect_exit 0 "explain $id" -- "$BIN" explain "$id"
  expect_grep "^$id \(" "$WORK/out" "explain $id"
  if grep -rqsE "TEST_CASE\(\"[^\"]*\b$id\b" "$ROOT/tests/unit"; then ok; else bad "$id: no unit test case names it (tests/unit)"; fi
  # Its page in the docs (the SARIF rule's helpUri) is its explain text.
  if tail -n +2 "$ROOT/docs/checks/$id.md" 2>/dev/null | cmp -s - "$WORK/out"; then ok; else
    bad "docs/checks/$id.md differs from \`migready explain $id\` (run scripts/update-catalog.sh)"
  fi
done
finish
