#!/usr/bin/env bash
# Report files written whole or not at all, inputs never written, and a command line that refuses
# what it cannot do without echoing secrets: the built binary, exit codes, file contents and
# checksums (issue 11, C and D).
. "$(dirname "$0")/lib.sh"
BIN=$1
ROOT=$2
cd "$ROOT" || exit 1
S=samples/contoso
C=tests/fixtures/clean
export SOURCE_DATE_EPOCH=1795683600
sum() { sha256sum "$1" | cut -d' ' -f1; }
scan_clean() { "$BIN" scan -q --ad-ldif $C/users.ldf --scope ad "$@"; }

# --- C. a failure never empties an earlier report ----------------------------------------------
printf 'the previous report\n' >"$WORK/prev.json"
before=$(sum "$WORK/prev.json")
expect_exit 2 "a missing report folder is refused before the scan" -- scan_clean --report json="$WORK/prev.json" --report html=/missing/x.html
expect_grep "html=/missing/x.html: the folder /missing does not exist" "$WORK/err" "names the folder"
[ "$(sum "$WORK/prev.json")" = "$before" ] && ok || bad "prev.json was changed by a refused run"

printf 'keep me\n' >"$WORK/keep.md"
before=$(sum "$WORK/keep.md")
expect_exit 2 "a write that fails (/dev/full) replaces nothing" -- scan_clean --report json=/dev/full --report md="$WORK/keep.md"
expect_grep "No space left on device" "$WORK/err" "gives the system's reason"
[ "$(sum "$WORK/keep.md")" = "$before" ] && ok || bad "keep.md was changed although another report failed"
ls -A "$WORK" | grep -q '\.migready-' && bad "a temporary file was left behind: $(ls -A "$WORK")" || ok

mkdir "$WORK/ro" && chmod 555 "$WORK/ro"
if [ "$(id -u)" -ne 0 ]; then
  expect_exit 2 "a folder without write permission is refused before the scan" -- scan_clean --report json="$WORK/ro/r.json"
  expect_grep "cannot write in .*ro: Permission denied" "$WORK/err" "names the reason"
fi
chmod 755 "$WORK/ro"
expect_exit 2 "a folder as the report path" -- scan_clean --report json="$WORK/ro"
expect_grep "is a folder" "$WORK/err" "says so"

# A report that is written appears whole, with the umask's permissions, and no temporary file.
expect_exit 0 "a report is written" -- scan_clean --report json="$WORK/ok.json" --report csv="$WORK/ok.csv"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/ok.json" && ok || bad "the report is not whole JSON"
[ "$(stat -c %a "$WORK/ok.json")" = "$(printf '%o' $((0666 & ~$(umask))))" ] && ok || bad "report permissions follow the umask: $(stat -c %a "$WORK/ok.json")"
ls -A "$WORK" | grep -q '\.migready-' && bad "temporary file left after a good run" || ok

# --- C. interrupted: no report appears, the temporary files go, exit 130 / 143 -----------------
# The JSON report is written to its temporary file first; then the run waits to open a named
# pipe nobody reads (the second report), which is where it is interrupted.
for sig in INT TERM; do
  rm -f "$WORK/interrupted.json"
  mkfifo "$WORK/pipe.$sig"
  "$BIN" scan -q --ad-ldif $S/ad-users.ldf --scope ad --report json="$WORK/interrupted.json" \
    --report md="$WORK/pipe.$sig" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do ls -A "$WORK" | grep -q '^\.interrupted\.json\.migready-' && break; sleep 0.05; done
  ls -A "$WORK" | grep -q '^\.interrupted\.json\.migready-' && ok || bad "SIG$sig: the report's temporary file was not there while writing"
  kill -s "$sig" "$pid"
  wait "$pid"
  code=$?
  want=$([ "$sig" = INT ] && echo 130 || echo 143)
  [ "$code" -eq "$want" ] && ok || bad "SIG$sig: exit $code, expected $want"
  [ ! -e "$WORK/interrupted.json" ] && ok || bad "SIG$sig: a report appeared although the run was interrupted"
  ls -A "$WORK" | grep -q '\.migready-' && bad "SIG$sig: temporary file left: $(ls -A "$WORK" | grep migready)" || ok
  rm -f "$WORK/pipe.$sig"
done

# --- C. a report never lands on an input ---------------------------------------------------------
cp $C/users.ldf "$WORK/mine.ldf"
before=$(sum "$WORK/mine.ldf")
expect_exit 2 "the report over its own LDIF input" -- "$BIN" scan --ad-ldif "$WORK/mine.ldf" --scope ad --report html="$WORK/mine.ldf"
expect_grep "would write over the input given with --ad-ldif" "$WORK/err" "says which input"
ln -s "$WORK/mine.ldf" "$WORK/link.ldf"
expect_exit 2 "the same through a symbolic link" -- "$BIN" scan --ad-ldif "$WORK/mine.ldf" --scope ad --report json="$WORK/link.ldf"
ln "$WORK/mine.ldf" "$WORK/hard.ldf"
expect_exit 2 "the same through a hard link" -- "$BIN" scan --ad-ldif "$WORK/hard.ldf" --scope ad --report json="$WORK/mine.ldf"
cp -r $C/graph "$WORK/g"
expect_exit 2 "a report inside the Graph snapshot folder" -- "$BIN" scan --graph-snapshot "$WORK/g" --scope graph --report json="$WORK/g/users/page-001.json"
expect_exit 2 "a report inside the export folder" -- "$BIN" scan --adconnect-export $C/adconnect --scope adconnect --report json=$C/adconnect/report.json
printf 'ad-ldif = %s\nscope = ad\n' "$WORK/mine.ldf" >"$WORK/m.ini"
expect_exit 2 "a report over the --config file" -- "$BIN" scan --config "$WORK/m.ini" --report json="$WORK/m.ini"
expect_exit 2 "--save-ad-ldif over the input" -- "$BIN" scan --ad-ldif "$WORK/mine.ldf" --scope ad --save-ad-ldif "$WORK/mine.ldf"
[ "$(sum "$WORK/mine.ldf")" = "$before" ] && ok || bad "the input LDIF was changed"
[ -z "$(ls $C/adconnect | grep report)" ] && ok || bad "a report was written into the export folder"

# --- C. the same path twice, two reports to stdout ----------------------------------------------
expect_exit 2 "the same path twice" -- scan_clean --report json="$WORK/x.json" --report md="$WORK/./x.json"
expect_grep "are the same file" "$WORK/err" "says so"
expect_exit 2 "two reports to standard output" -- scan_clean --report json --report md
expect_grep "both write to standard output" "$WORK/err" "says so"

# --- C. two scans writing one path at once leave one whole report --------------------------------
"$BIN" scan -q --ad-ldif $S/ad-users.ldf --scope ad --fail-on blocker --report json="$WORK/a.json"
"$BIN" scan -q --ad-ldif $S/ad-users.ldf --scope ad --fail-on info --report json="$WORK/b.json"
for round in 1 2 3; do
  "$BIN" scan -q --ad-ldif $S/ad-users.ldf --scope ad --fail-on blocker --report json="$WORK/same.json" &
  p1=$!
  "$BIN" scan -q --ad-ldif $S/ad-users.ldf --scope ad --fail-on info --report json="$WORK/same.json" &
  p2=$!
  wait $p1 $p2
  if cmp -s "$WORK/same.json" "$WORK/a.json" || cmp -s "$WORK/same.json" "$WORK/b.json"; then ok; else bad "round $round: two concurrent scans left a mixed file"; fi
done

# --- D. usage errors -------------------------------------------------------------------------------
expect_exit 2 "a stray positional argument" -- "$BIN" scan --ad-ldif $C/users.ldf --scope ad "$WORK/b.ldf"
expect_grep "belongs to no option" "$WORK/err" "says so"
expect_exit 2 "an empty --scope" -- "$BIN" scan --ad-ldif $C/users.ldf --scope ""
expect_exit 2 "--scope of commas only" -- "$BIN" scan --ad-ldif $C/users.ldf --scope ,,
expect_exit 2 "--ldap-page-size without --ldap-url" -- scan_clean --ldap-page-size 500
expect_grep "ldap-page-size needs --ldap-url" "$WORK/err" "names both"
expect_exit 2 "--jwt-alg without --client-cert" -- scan_clean --jwt-alg RS256
expect_exit 2 "--insecure-skip-tls-verify with Graph only" -- "$BIN" scan --tenant t --client-id c --device-code --insecure-skip-tls-verify
expect_grep "insecure-skip-tls-verify needs --ldap-url" "$WORK/err" "it is an LDAP option"
expect_exit 2 "--graph-max-wait without --tenant" -- scan_clean --graph-max-wait 5
expect_exit 2 "--tls-ca without a live source" -- scan_clean --tls-ca $C/users.ldf
printf 'ad-ldif = %s\nconfig = %s\n' $C/users.ldf "$WORK/other.ini" >"$WORK/nested.ini"
expect_exit 2 "a config key inside a config file" -- "$BIN" scan --config "$WORK/nested.ini"
expect_grep "cannot name another one" "$WORK/err" "says why"
expect_exit 0 "--help" -- "$BIN" --help
expect_grep "migready scan --help" "$WORK/out" "--help points to the scan's options"
expect_grep "migready checks" "$WORK/out" "--help lists the commands"

# --- Issue 22: a folder where a file is expected, and a file where a folder is --------------------
mkdir -p "$WORK/adir"
for option in --ad-ldif --waivers --baseline --waves --config; do
  expect_exit 2 "$option with a folder" -- "$BIN" scan --scope ad --ad-ldif $C/users.ldf "$option" "$WORK/adir"
  expect_grep "^migready: $option $WORK/adir: is a folder, not a file" "$WORK/err" "$option: says it is a folder"
done
expect_exit 2 "--tls-ca with a folder" -- "$BIN" scan --ldap-url ldaps://dc --bind-dn x --tls-ca "$WORK/adir"
expect_grep "tls-ca $WORK/adir: is a folder, not a file" "$WORK/err" "--tls-ca: says it is a folder"
expect_exit 2 "--bind-password-file with a folder" -- "$BIN" scan --ldap-url ldaps://dc --bind-dn x --bind-password-file "$WORK/adir"
expect_grep "bind-password-file $WORK/adir: is a folder, not a file" "$WORK/err" "--bind-password-file: says it is a folder"
for option in --graph-snapshot --adconnect-export; do
  expect_exit 2 "$option with a file" -- "$BIN" scan --scope ad --ad-ldif $C/users.ldf "$option" $C/users.ldf
  expect_grep "$option $C/users.ldf: is a file, not a folder" "$WORK/err" "$option: says it is a file"
done
expect_exit 2 "diff with a folder" -- "$BIN" diff "$WORK/adir" "$WORK/ok.json"
expect_grep "adir: is a folder, not a file" "$WORK/err" "diff: says it is a folder"
# plan=DIR/ as tab completion writes it: the new folder is made.
rm -rf "$WORK/pkg"
expect_exit 1 "--report plan=DIR/ with a trailing slash" -- "$BIN" scan -q --ad-ldif $S/ad-users.ldf --scope ad --report plan="$WORK/pkg/" --report md="$WORK/pkg.md"
[ -f "$WORK/pkg/README.md" ] && [ -f "$WORK/pkg/hard-delete.csv" ] && ok || bad "plan=DIR/ made no package: $(ls -A "$WORK")"
grep -q 'pkg/README.md' "$WORK/pkg.md" && ! grep -q 'pkg//' "$WORK/pkg.md" && ok || bad "the Markdown points to the package without a double slash: $(grep -o 'pkg/[^) ]*' "$WORK/pkg.md" | head -3)"

# --- D. a secret never appears in any output -------------------------------------------------------
expect_exit 2 "an unknown option with a secret as its value" -- "$BIN" scan --ad-ldif $C/users.ldf --bind-password=Hunter2Secret
expect_grep "unknown option --bind-password" "$WORK/err" "names the option"
grep -q Hunter2Secret "$WORK/err" "$WORK/out" && bad "the secret was echoed" || ok
HTTPS_PROXY='http://user:S3cretProxyPw@[::1' expect_exit 2 "a malformed proxy URL with a password" -- \
  "$BIN" scan --tenant t --client-id c --device-code --scope graph
expect_grep "HTTPS_PROXY" "$WORK/err" "names the variable"
grep -q S3cretProxyPw "$WORK/err" "$WORK/out" && bad "the proxy password was echoed" || ok
finish
