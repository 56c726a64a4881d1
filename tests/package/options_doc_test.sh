#!/usr/bin/env bash
# Every option of `migready scan --help` and `migready diff --help` is in the man page and in the
# bash completion, and both name no option the program does not have: they cannot drift apart.
# usage: options_doc_test.sh MIGREADY PROJECT_ROOT
BIN=$1
ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
MAN=$ROOT/packaging/migready.1
COMPLETION=$ROOT/packaging/migready.bash-completion
options() { "$BIN" "$1" --help | grep -oE '^  (-[a-z] \[ )?--[a-z][a-z0-9-]+' | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u; }
# The man page writes a dash as \-.
man_text=$(sed 's/\\-/-/g' "$MAN")
for cmd in scan diff; do
  for o in $(options $cmd); do
    grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" <<<"$man_text" && ok || bad "migready.1 lacks $cmd $o"
    grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" "$COMPLETION" && ok || bad "the bash completion lacks $cmd $o"
  done
done
all=$( (options scan; options diff) | sort -u)
for o in $(grep -oE -- '--[a-z][a-z0-9-]+' "$COMPLETION" | sort -u); do
  [ "$o" = "--version" ] || [ "$o" = "--markdown" ] && continue # top level, checks
  grep -qx -- "$o" <<<"$all" && ok || bad "the bash completion offers $o, which migready does not have"
done
for o in $(grep -oE -- '--[a-z][a-z0-9-]+' <<<"$man_text" | sort -u); do
  [ "$o" = "--version" ] || [ "$o" = "--markdown" ] && continue
  grep -qx -- "$o" <<<"$all" && ok || bad "migready.1 names $o, which migready does not have"
done
. "$ROOT/tests/skip.sh"
[ -f /usr/share/bash-completion/bash_completion ] || skip_or_fail "bash-completion is not installed"
# The completion script loads in bash and completes a subcommand and an option.
bash -c ". /usr/share/bash-completion/bash_completion; . '$COMPLETION'
COMP_WORDS=(migready sc); COMP_CWORD=1; COMP_LINE='migready sc'; COMP_POINT=11; _migready
[ \"\${COMPREPLY[*]}\" = scan ] || exit 1
COMP_WORDS=(migready scan --fail-on-); COMP_CWORD=2; COMP_LINE='migready scan --fail-on-'; COMP_POINT=25; _migready
[ \"\${COMPREPLY[*]}\" = --fail-on-new ] || exit 1" && ok || bad "the bash completion does not complete scan and --fail-on-new"
finish
