#!/usr/bin/env bash
# docs/ci.md's two recipes, run as written: the shell steps of the GitHub Actions workflow and of
# the GitLab CI job are taken out of the page (so that page and test cannot drift apart) and run
# in a repository laid out as the page says, against samples/contoso, with the .deb of this build
# (CPack) standing in for the release download. It shows:
#   - --fail-on-new passes on an unchanged tenant and fails when a new blocker appears;
#   - the exit code changes as waivers are added;
#   - an expired waiver fails the gate again (GATE001 says so);
# and that every file the upload steps name was written, and read by its consumer.
# usage: ci_recipes_test.sh BUILD_DIR PROJECT_ROOT
set -u
BUILD=$1
ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/skip.sh"
PY=/usr/bin/python3
for tool in cpack dpkg-deb; do
  command -v "$tool" >/dev/null || skip_or_fail "$tool is not installed (scripts/install-deps.sh --test)"
done
$PY -c "import yaml, junitparser, jsonschema" 2>/dev/null || skip_or_fail "python3-yaml, python3-junitparser or python3-jsonschema is missing"

(cd "$BUILD" && cpack -G DEB -B "$WORK/deb" >"$WORK/cpack.log" 2>&1) || { cat "$WORK/cpack.log"; exit 1; }
DEB=$(ls "$WORK"/deb/migready_*_amd64.deb | head -1)
VERSION=$(dpkg-deb -f "$DEB" Version)

# The recipes' shell steps, one script per recipe, with the variables they set.
$PY - "$ROOT/docs/ci.md" "$WORK" <<'PY' || { echo "FAIL: docs/ci.md has no runnable recipes"; exit 1; }
import re, sys, yaml
text = open(sys.argv[1]).read()
work = sys.argv[2]
recipes = dict(re.findall(r"<!-- recipe: (\w+) -->\s*```yaml\n(.*?)```", text, re.S))
assert set(recipes) == {"github", "gitlab"}, recipes.keys()
gh = yaml.safe_load(recipes["github"])
job = gh["jobs"]["readiness"]
env = job.get("env", {})
steps = job["steps"]
runs = [s["run"] for s in steps if "run" in s]
uses = {s["uses"].split("@")[0]: s.get("with", {}) for s in steps if "uses" in s}
assert len(runs) == 2, runs
for name in ("github/codeql-action/upload-sarif", "actions/upload-artifact", "mikepenz/action-junit-report"):
    assert name in uses, name
# Steps after the scan run even when it fails.
after = steps[[i for i, s in enumerate(steps) if "run" in s][-1] + 1:]
assert all(s.get("if") == "always()" for s in after), after
with open(f"{work}/github.sh", "w") as f:
    for k, v in env.items():
        f.write(f"export {k}={v!r}\n")
    for r in runs:  # each step in its own bash -e, as the runner does
        f.write("bash -e <<'STEP'\n" + r + "STEP\n")
with open(f"{work}/github.files", "w") as f:
    f.write(uses["github/codeql-action/upload-sarif"]["sarif_file"] + "\n")
    f.write(uses["mikepenz/action-junit-report"]["report_paths"] + "\n")
    f.write(uses["actions/upload-artifact"]["path"])
gl = yaml.safe_load(recipes["gitlab"])["migready"]
with open(f"{work}/gitlab.sh", "w") as f:
    f.write("set -e\n")
    for k, v in gl.get("variables", {}).items():
        f.write(f"export {k}={v!r}\n")
    for line in gl["before_script"] + gl["script"]:
        f.write(line + "\n")
with open(f"{work}/gitlab.files", "w") as f:
    f.write(gl["artifacts"]["reports"]["junit"] + "\n")
    f.write("\n".join(gl["artifacts"]["paths"]) + "\n")
assert gl["artifacts"]["when"] == "always"
PY

# Stand-ins for the network: curl hands over the .deb of this build, apt-get installs a .deb by
# unpacking it (its dependencies are this machine's), and installs nothing else.
SHIMS=$WORK/shims
PREFIX=$WORK/installed
mkdir -p "$SHIMS" "$PREFIX"
cat >"$SHIMS/curl" <<SH
#!/bin/bash
out=""; url=""
while [ \$# -gt 0 ]; do
  case "\$1" in -*o) out=\$2; shift ;; -*) ;; *) url=\$1 ;; esac; shift
done
case "\$url" in *"/migready_${VERSION}_amd64.deb") cp "$DEB" "\$out" ;; *) echo "curl stand-in: \$url is not the release" >&2; exit 22 ;; esac
SH
cat >"$SHIMS/apt-get" <<SH
#!/bin/bash
for a in "\$@"; do
  case "\$a" in *.deb) dpkg-deb -x "\$a" "$PREFIX" && ln -sf "$PREFIX/usr/bin/migready" "$SHIMS/migready" ;; esac
done
exit 0
SH
chmod +x "$SHIMS/curl" "$SHIMS/apt-get"

today=$(date -u +%F)
soon=$(date -u -d "+30 days" +%F)
yesterday=$(date -u -d "-1 day" +%F)

# A repository as docs/ci.md lays it out.
make_repo() { # DIR
  mkdir -p "$1/migready/inputs"
  cp -r "$ROOT/samples/contoso/ad-users.ldf" "$ROOT/samples/contoso/graph" "$ROOT/samples/contoso/adconnect" "$1/migready/inputs/"
  : >"$1/migready/waivers.yaml"
}
run_recipe() { # RECIPE REPO -> exit code of the recipe
  (cd "$2" && PATH="$SHIMS:$PATH" bash "$WORK/$1.sh") >"$WORK/$1.out" 2>&1
}
# The repository's baseline: made once with the command docs/ci.md gives.
BASE=$WORK/base
make_repo "$BASE"
cmd=$(sed -n '/^Make the first baseline/,/^```$/p' "$ROOT/docs/ci.md" | sed -n '/^```sh/,/^```$/p' | sed '1d;$d')
(cd "$BASE" && PATH="$SHIMS:$PATH" bash -c "apt-get install '$DEB' && $cmd") >"$WORK/base.out" 2>&1
[ -s "$BASE/migready/baseline.json" ] && ok || bad "docs/ci.md's baseline command wrote no baseline: $(cat "$WORK/base.out")"
# The same baseline with one blocker missing: that blocker is "new" to the gate.
$PY - "$BASE/migready/baseline.json" "$WORK/older.json" "$WORK/newblocker" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
i = next(i for i, f in enumerate(r["findings"]) if f["check"] == "AD001")
open(sys.argv[3], "w").write(r["findings"][i]["subject"]["objectGuid"])
del r["findings"][i]
json.dump(r, open(sys.argv[2], "w"))
PY
NEWGUID=$(cat "$WORK/newblocker")

for recipe in github gitlab; do
  R=$WORK/repo-$recipe
  rm -rf "$R" "$PREFIX"/* "$SHIMS/migready"
  make_repo "$R"
  cp "$BASE/migready/baseline.json" "$R/migready/baseline.json"
  run_recipe $recipe "$R"
  code=$?
  [ "$code" -eq 0 ] && ok || bad "$recipe: unchanged tenant with --fail-on-new: exit $code, expected 0: $(tail -5 "$WORK/$recipe.out")"
  grep -q "^migready $VERSION (git " "$WORK/$recipe.out" && ok || bad "$recipe: migready --version not shown"
  # Every file the upload steps name was written and is read by its consumer.
  for f in $(cat "$WORK/$recipe.files"); do
    [ -s "$R/$f" ] && ok || bad "$recipe: $f, which the recipe uploads, was not written"
  done
  $PY -c "
import json, sys, jsonschema, junitparser
jsonschema.validate(json.load(open('$R/migready.json')), json.load(open('$ROOT/docs/report.schema.json')))
junitparser.JUnitXml.fromfile('$R/migready.xml')
s = json.load(open('$R/migready.sarif')); assert s['version'] == '2.1.0'
" && ok || bad "$recipe: the reports are not read by their consumers"

  cp "$WORK/older.json" "$R/migready/baseline.json"
  run_recipe $recipe "$R"
  code=$?
  [ "$code" -eq 1 ] && ok || bad "$recipe: a new blocker: exit $code, expected 1"
  grep -q '"verdictReason": "1 user(s) blocked, 1 new finding(s) at or above blocker' "$R/migready.json" && ok || bad "$recipe: the verdict does not name the one new blocker"

  cat >"$R/migready/waivers.yaml" <<YAML
waivers:
  - check: [AD001, CLOUD001, CLOUD005]
    objectGuid: $NEWGUID
    reason: moved to the next wave by the project board
    owner: migration-pm@contoso.com
    expires: $soon
    ticket: MIG-7
YAML
  run_recipe $recipe "$R"
  code=$?
  [ "$code" -eq 0 ] && ok || bad "$recipe: the new blocker waived: exit $code, expected 0: $(tail -3 "$WORK/$recipe.out")"
  grep -q '"owner":"migration-pm@contoso.com"' "$R/migready.json" && ok || bad "$recipe: the waived finding does not carry its waiver"
  grep -q '"suppressions":\[{"kind":"external","status":"accepted"' "$R/migready.sarif" && ok || bad "$recipe: SARIF does not mark the waived finding as an accepted suppression"

  sed -i "s/expires: $soon/expires: $yesterday/" "$R/migready/waivers.yaml"
  run_recipe $recipe "$R"
  code=$?
  [ "$code" -eq 1 ] && ok || bad "$recipe: the waiver expired: exit $code, expected 1"
  grep -q "waiver expired on $yesterday, owner migration-pm@contoso.com" "$R/migready.json" && ok || bad "$recipe: no GATE001 finding for the expired waiver"
done
[ "$today" != "" ] && ok
finish
