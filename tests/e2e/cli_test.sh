#!/usr/bin/env bash
# The CLI as a user types it: help, catalog, exit codes, reports, config file, bad input.
. "$(dirname "$0")/lib.sh"
BIN=$1
ROOT=$2
cd "$ROOT" || exit 1
S=samples/contoso
C=tests/fixtures/clean

expect_exit 0 "--help" -- "$BIN" --help
expect_grep "migready scan" "$WORK/out" "--help lists scan"
expect_exit 2 "no arguments is a usage error" -- "$BIN"
expect_exit 0 "--version" -- "$BIN" --version
expect_grep "^migready [0-9]+\.[0-9]+\.[0-9]+ \(git ([0-9a-f]{7,}|unknown)\)$" "$WORK/out" "--version prints the version and the git revision"
expect_exit 0 "scan --help" -- "$BIN" scan --help
expect_grep "--fail-on" "$WORK/out" "scan --help lists --fail-on"
expect_exit 0 "checks" -- "$BIN" checks
[ "$(wc -l <"$WORK/out")" -eq 23 ] && ok || bad "checks lists 23 checks"
expect_grep "^CLOUD002 +blocker +graph" "$WORK/out" "checks shows severity and needs"
expect_exit 0 "explain" -- "$BIN" explain cloud001
expect_grep "hard-delete|permanently" "$WORK/out" "explain prints the doc"
expect_exit 2 "explain unknown" -- "$BIN" explain AD999
expect_grep "no check \"AD999\"" "$WORK/err" "explain names the unknown id"
expect_exit 2 "unknown command" -- "$BIN" frobnicate
expect_exit 2 "scan without inputs" -- "$BIN" scan
expect_exit 2 "bad --fail-on" -- "$BIN" scan --ad-ldif $C/users.ldf --fail-on fatal
expect_grep "fail-on: \"fatal\"" "$WORK/err" "bad --fail-on is named"
expect_exit 2 "bad --scope" -- "$BIN" scan --ad-ldif $C/users.ldf --scope ad,ldap
expect_exit 2 "unknown report format" -- "$BIN" scan --ad-ldif $C/users.ldf --report pdf=x.pdf
expect_exit 2 "unwritable report path" -- "$BIN" scan --ad-ldif $C/users.ldf --report json=/nonexistent/dir/r.json
expect_grep "the folder /nonexistent/dir does not exist" "$WORK/err" "unwritable path is named"
expect_exit 2 "unknown option" -- "$BIN" scan --ad-ldif $C/users.ldf --password hunter2

# Verdicts and exit codes.
expect_exit 1 "sample tenant is NOT_READY" -- "$BIN" scan --ad-ldif $S/ad-users.ldf --graph-snapshot $S/graph --scope ad,graph
expect_grep "NOT_READY" "$WORK/err" "summary on stderr"
expect_exit 0 "clean tenant is READY" -- "$BIN" scan --ad-ldif $C/users.ldf --graph-snapshot $C/graph --scope ad,graph
expect_exit 3 "clean tenant with default scope is INCOMPLETE (no AD Connect export)" -- "$BIN" scan --ad-ldif $C/users.ldf --graph-snapshot $C/graph
expect_exit 3 "graph in scope but not given" -- "$BIN" scan --ad-ldif $C/users.ldf --scope ad,graph
expect_exit 1 "--fail-on info turns info findings into NOT_READY" -- "$BIN" scan --ad-ldif $C/users.ldf --scope ad --fail-on info
expect_exit 0 "clean tenant with its AD Connect export, default scope, is READY" -- "$BIN" scan --ad-ldif $C/users.ldf --graph-snapshot $C/graph --adconnect-export $C/adconnect
expect_exit 3 "an empty folder as the export: failed source, never READY" -- "$BIN" scan --ad-ldif $C/users.ldf --graph-snapshot $C/graph --adconnect-export "$WORK"
expect_grep "Connectors: missing" "$WORK/err" "missing Connectors/ is named"
# A failed export decides nothing: the checks that need it did not run (never "pass").
mkdir "$WORK/empty-export"
"$BIN" scan -q --ad-ldif $C/users.ldf --graph-snapshot $C/graph --adconnect-export "$WORK/empty-export" --report json="$WORK/failed-export.json"
python3 - "$WORK/failed-export.json" <<'PY' && ok || bad "checks needing a failed export are not_run with the reason"
import json, sys
r = json.load(open(sys.argv[1]))
checks = {c["id"]: c for c in r["checks"]}
for cid in ("AD003", "SYNC001", "SYNC002", "SYNC003"):
    assert checks[cid]["status"] == "not_run", (cid, checks[cid])
    assert checks[cid]["reason"] == "needs the sync source, which failed", checks[cid]
assert r["verdict"] == "INCOMPLETE"
PY
cp -r $C/adconnect "$WORK/x1"
printf '<synchronizationRule>\n  <id>{1}</id>\n  <name>broken</name\n</synchronizationRule>\n' >"$WORK/x1/SynchronizationRules/SynchronizationRule_{1}.xml"
expect_exit 3 "malformed rule XML" -- "$BIN" scan --ad-ldif $C/users.ldf --graph-snapshot $C/graph --adconnect-export "$WORK/x1"
expect_grep "SynchronizationRule_\{1\}.xml:[0-9]+:[0-9]+: malformed XML" "$WORK/err" "XML error names file:line:col"

# Reports: json to stdout, several at once, quiet.
expect_exit 0 "json to stdout" -- "$BIN" scan -q --ad-ldif $C/users.ldf --scope ad --report json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["verdict"]=="READY"' "$WORK/out" && ok || bad "stdout json parses"
[ ! -s "$WORK/err" ] && ok || bad "-q keeps stderr empty"
expect_exit 1 "two reports" -- "$BIN" scan --ad-ldif $S/ad-users.ldf --graph-snapshot $S/graph --scope ad,graph --report json="$WORK/a.json" --report json="$WORK/b.json"
cmp -s "$WORK/a.json" "$WORK/b.json" && ok || bad "both reports are the same"

# --config: INI with the long option names.
cat >"$WORK/migready.ini" <<INI
ad-ldif = $C/users.ldf
graph-snapshot = $C/graph
scope = ad,graph
fail-on = blocker
INI
expect_exit 0 "--config" -- "$BIN" scan --config "$WORK/migready.ini"
expect_exit 2 "--config missing file" -- "$BIN" scan --config "$WORK/none.ini"
printf 'no-such-key = 1\n' >"$WORK/bad.ini"
expect_exit 2 "--config unknown key" -- "$BIN" scan --config "$WORK/bad.ini" --ad-ldif $C/users.ldf

# Issue 22: a switch in the config file means its value; a value keeps '#'; mistakes name the line.
"$BIN" scan -q --ad-ldif $S/ad-users.ldf --scope ad --report json="$WORK/base.json"
printf 'ad-ldif = %s\nscope = ad\nbaseline = %s\nfail-on-new = false\n' $S/ad-users.ldf "$WORK/base.json" >"$WORK/off.ini"
expect_exit 1 "fail-on-new = false leaves it off (NOT_READY)" -- "$BIN" scan --config "$WORK/off.ini"
expect_grep "NOT_READY" "$WORK/err" "the summary says NOT_READY"
sed 's/fail-on-new = false/fail-on-new = YES/' "$WORK/off.ini" >"$WORK/on.ini"
expect_exit 0 "fail-on-new = YES turns it on (READY: nothing new)" -- "$BIN" scan --config "$WORK/on.ini"
printf 'ad-ldif = %s\nscope = ad\nquiet = off\n' $S/ad-users.ldf >"$WORK/loud.ini"
expect_exit 1 "quiet = off" -- "$BIN" scan --config "$WORK/loud.ini"
expect_grep "^migready: NOT_READY" "$WORK/err" "quiet = off prints the summary"
# config_refused NAME DESCRIPTION PATTERN <<<LINES: the file's lines after ad-ldif and scope
config_refused() {
  { printf 'ad-ldif = %s\nscope = ad\n' $S/ad-users.ldf; cat; } >"$WORK/$1"
  expect_exit 2 "$2" -- "$BIN" scan --config "$WORK/$1"
  expect_grep "$3" "$WORK/err" "$2: the error"
}
config_refused two.ini "quiet = 2" "two.ini:3: quiet = 2: a switch is true or false" <<<'quiet = 2'
printf 'insecure-skip-tls-verify = false\nconnect-timeout = 2\n' >"$WORK/tls.ini"
MIGREADY_BIND_PASSWORD=x expect_exit 3 "insecure-skip-tls-verify = false keeps TLS checked" -- "$BIN" scan --config "$WORK/tls.ini" \
  --ldap-url ldaps://127.0.0.1:1 --bind-dn x@example.com --scope ad
grep -q "insecure-skip-tls-verify" "$WORK/err" && bad "TLS verification was turned off: $(head -c 300 "$WORK/err")" || ok
printf 'ad-ldif = %s\nscope = ad\ncustomer = Release #2\ntitle = "  Readiness ; phase 1  "\n' $S/ad-users.ldf >"$WORK/hash.ini"
expect_exit 1 "a value with # and a quoted value" -- "$BIN" scan -q --config "$WORK/hash.ini" --report json="$WORK/hash.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["customer"]=="Release #2" and d["title"]=="  Readiness ; phase 1  ", (d["customer"], d["title"])' "$WORK/hash.json" && ok || bad "the config file's values kept whole"
printf 'ad-ldif = %s\rscope = ad\rquiet = true\r' $S/ad-users.ldf >"$WORK/cr.ini"
expect_exit 1 "a config file with CR line ends" -- "$BIN" scan --config "$WORK/cr.ini"
[ ! -s "$WORK/err" ] && ok || bad "the CR-only config file was misread: $(head -c 300 "$WORK/err")"
config_refused section.ini "a section header" "section.ini:3: a section header" <<<'[scan]'
config_refused noeq.ini "a line without =" "noeq.ini:3: not a key = value line" <<<"ad-ldif $S/ad-users.ldf"
config_refused twice.ini "a key given twice" "twice.ini:3: scope is given twice \(first at line 2\)" <<<'scope = ad,graph'
printf 'ad-ldif = %s\nad-ldif = %s\nscope = ad\nquiet = 1\n' $S/ad-users.ldf $C/users.ldf >"$WORK/repeat.ini"
expect_exit 1 "a repeatable key given twice" -- "$BIN" scan --config "$WORK/repeat.ini"
# The same file twice is read twice (every user and finding counted twice): refused, with its line.
printf 'ad-ldif = %s\nad-ldif = ./%s\nscope = ad\n' $S/ad-users.ldf $S/ad-users.ldf >"$WORK/same.ini"
expect_exit 2 "the same file twice for one key" -- "$BIN" scan --config "$WORK/same.ini"
expect_grep "same.ini:2: --ad-ldif ./$S/ad-users.ldf: given twice \(also as $S/ad-users.ldf\)" "$WORK/err" "the second one is named, with its line"
expect_exit 2 "the same wave file twice on the command line" -- "$BIN" scan --ad-ldif $S/ad-users.ldf --scope ad --waves $S/waves/batches.csv --waves $S/waves/batches.csv
expect_grep "^migready: --waves $S/waves/batches.csv: given twice \(the same path\)" "$WORK/err" "the wave file given twice is named"
# An option on the command line takes nothing from the file, a repeatable one neither: the file's
# wave file is not read a second time.
printf 'waves = %s\nad-ldif = %s\n' $S/waves/batches.csv $S/ad-users.ldf >"$WORK/wv.ini"
expect_exit 1 "the command line's --waves and --ad-ldif replace the file's" -- "$BIN" scan -q --config "$WORK/wv.ini" --scope ad --ad-ldif $S/ad-users.ldf --waves $S/waves/batches.csv --report json="$WORK/wv.json"
expect_grep '"rows": 7,' "$WORK/wv.json" "Wave2-Sales has its 7 rows once"
grep -q '"rows": 14,' "$WORK/wv.json" && bad "Wave2-Sales counted its rows twice" || ok
config_refused dcs.ini "ldap-bind-discovered-dcs in the config file without --ldap-url" "ldap-bind-discovered-dcs needs --ldap-url" <<<'ldap-bind-discovered-dcs = true'
config_refused maxtime.ini "ldap-max-time in the config file without --ldap-url" "ldap-max-time needs --ldap-url" <<<'ldap-max-time = 600'
expect_exit 2 "--ldap-bind-discovered-dcs without --ldap-url" -- "$BIN" scan --ad-ldif $C/users.ldf --ldap-bind-discovered-dcs
expect_exit 2 "--ldap-max-time without --ldap-url" -- "$BIN" scan --ad-ldif $C/users.ldf --ldap-max-time 60

# Bad input: a clear error naming file and line, source failed, INCOMPLETE, no crash.
printf 'dn: CN=A,DC=x\nobjectClass: user\nsAMAccountName: a\nmsExchMailboxGuid:: AAEC\n\n' >"$WORK/short-guid.ldf"
expect_exit 3 "wrong-length GUID" -- "$BIN" scan --ad-ldif "$WORK/short-guid.ldf" --scope ad --report json="$WORK/r.json"
expect_grep "short-guid.ldf:4: msExchMailboxGuid is 3 bytes" "$WORK/err" "GUID error names file:line"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["sources"]["ad"]["status"]=="failed"; assert d["verdict"]=="INCOMPLETE"' "$WORK/r.json" && ok || bad "failed source in the report"
head -c 2000 /dev/urandom >"$WORK/garbage.ldf"
expect_exit 3 "binary garbage LDIF" -- "$BIN" scan --ad-ldif "$WORK/garbage.ldf" --scope ad
head -c 300 $S/ad-users.ldf >"$WORK/truncated.ldf"
expect_exit 3 "truncated LDIF" -- "$BIN" scan --ad-ldif "$WORK/truncated.ldf" --scope ad
# A path given that is not there is a usage error naming it, for every input option (a mistyped
# --ad-ldif was a failed source: exit 1 or 3 by what the other sources found); a source that
# fails while it is read stays a failed source (above: garbage, truncated).
expect_exit 2 "missing LDIF" -- "$BIN" scan --ad-ldif "$WORK/nope.ldf" --scope ad
expect_grep "^migready: --ad-ldif $WORK/nope.ldf: cannot open: no such file" "$WORK/err" "missing file named"
expect_exit 2 "missing LDIF beside a source with blockers" -- "$BIN" scan --ad-ldif "$WORK/nope.ldf" --graph-snapshot $S/graph --scope ad,graph
expect_exit 2 "missing graph folder" -- "$BIN" scan --graph-snapshot "$WORK/nograph" --scope graph
expect_grep "^migready: --graph-snapshot $WORK/nograph: cannot open: no such folder" "$WORK/err" "missing folder named"
expect_exit 2 "missing AD Connect export" -- "$BIN" scan --ad-ldif $S/ad-users.ldf --adconnect-export "$WORK/noexport"
expect_grep "^migready: --adconnect-export $WORK/noexport: cannot open: no such folder" "$WORK/err" "missing export named"
for option in --waivers --baseline --waves; do
  expect_exit 2 "missing $option file" -- "$BIN" scan --ad-ldif $S/ad-users.ldf --scope ad $option "$WORK/none"
  expect_grep "^migready: $option $WORK/none: cannot open: no such file" "$WORK/err" "missing $option file named"
done
mkdir -p "$WORK/emptygraph"
expect_exit 3 "an empty graph folder is a failed source, not a usage error" -- "$BIN" scan --graph-snapshot "$WORK/emptygraph" --scope graph
cp -r $C/graph "$WORK/g1"
head -c 200 $C/graph/users/page-001.json >"$WORK/g1/users/page-001.json"
expect_exit 3 "truncated Graph page" -- "$BIN" scan --graph-snapshot "$WORK/g1" --scope graph
expect_grep "g1/users/page-001.json:[0-9]+:[0-9]+: malformed JSON" "$WORK/err" "JSON error names file:line:col"
# The cover: --title and --customer, in the HTML (escaped), Markdown and JSON; one line each.
expect_exit 1 "title and customer" -- "$BIN" scan -q --ad-ldif $S/ad-users.ldf --scope ad \
  --title 'Migration <b>2027</b>' --customer "O'Brien & Co" --report html="$WORK/t.html" --report json="$WORK/t.json" --report md="$WORK/t.md"
expect_grep '<p class="cover">Migration &lt;b&gt;2027&lt;/b&gt; · prepared for O&#39;Brien &amp; Co</p>' "$WORK/t.html" "the cover, escaped"
expect_grep "<title>Migration &lt;b&gt;2027&lt;/b&gt; — migready" "$WORK/t.html" "the page title"
expect_grep '^\*\*Migration \\<b\\>2027\\</b\\> · prepared for O.Brien & Co\*\*$' "$WORK/t.md" "Markdown, escaped"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["title"]=="Migration <b>2027</b>" and d["customer"]=="O'"'"'Brien & Co"' "$WORK/t.json" && ok || bad "JSON title and customer"
expect_exit 2 "a title of two lines" -- "$BIN" scan -q --ad-ldif $S/ad-users.ldf --scope ad --title $'a\nb'
expect_grep "^migready: --title: one line of text" "$WORK/err" "the title's line break refused"
expect_exit 2 "a customer name of 201 characters" -- "$BIN" scan -q --ad-ldif $S/ad-users.ldf --scope ad --customer "$(printf 'x%.0s' $(seq 201))"
expect_grep "^migready: --customer: give 1 to 200 characters" "$WORK/err" "the long name refused"
printf 'title = Readiness assessment\ncustomer = Fabrikam\n' >"$WORK/cover.ini"
expect_exit 1 "title and customer from --config" -- "$BIN" scan -q --ad-ldif $S/ad-users.ldf --scope ad --config "$WORK/cover.ini" --report html="$WORK/c.html"
expect_grep '<p class="cover">Readiness assessment · prepared for Fabrikam</p>' "$WORK/c.html" "the cover from the config file"
rm -rf "$WORK/pkg"
expect_exit 1 "the customer alone, in the remediation package" -- "$BIN" scan -q --ad-ldif $S/ad-users.ldf --scope ad --customer Fabrikam --report plan="$WORK/pkg" --report md="$WORK/c.md"
expect_grep '^\*\*Prepared for Fabrikam\*\*$' "$WORK/pkg/README.md" "the package's README names the customer"
expect_grep '^\*\*Prepared for Fabrikam\*\*$' "$WORK/c.md" "so does the Markdown"
finish
