#!/usr/bin/env bash
# The remediation package (--report plan=DIR): on the sample tenant, every user to hard-delete
# once, every synced user of the containers with the collateral flagged, the counts in README.md,
# the HTML and Markdown plans pointing to the files; and on hostile names (write_reports
# --hostile), CSVs that Python's csv reads with every value in its own cell and no formula, and
# a PowerShell script in which no name can end a comment or a string and every command line is
# commented out.
# usage: plan_test.sh MIGREADY WRITE_REPORTS PROJECT_ROOT
BIN=$1
WRITER=$2
ROOT=$3
. "$ROOT/tests/e2e/lib.sh"
PY=/usr/bin/python3
cd "$ROOT" || exit 1
export SOURCE_DATE_EPOCH=1796000000
mkdir -p "$WORK/reports"
expect_exit 1 "the sample with a plan folder" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf \
  --graph-snapshot samples/contoso/graph --adconnect-export samples/contoso/adconnect \
  --report plan="$WORK/plan" --report json="$WORK/reports/r.json" --report html="$WORK/reports/r.html" --report md="$WORK/reports/r.md"
$PY - "$WORK/plan" "$WORK/reports/r.json" <<'PY' && ok || bad "the sample's package"
import csv, json, sys, re
d, r = sys.argv[1], json.load(open(sys.argv[2]))
hard = list(csv.DictReader(open(f"{d}/hard-delete.csv", encoding="utf-8-sig")))
ids = [x["cloud_id"] for x in hard]
assert len(ids) == len(set(ids)) == 127, len(ids)  # 124 synced + 3 in the recycle bin, each once
want = {f["subject"]["cloudId"] for f in r["findings"] if f["check"] in ("CLOUD001", "CLOUD005", "CLOUD002")}
assert set(ids) <= want and all(x["why"] for x in hard), "every listed user has a finding that says why"
scope = list(csv.DictReader(open(f"{d}/scope-change.csv", encoding="utf-8-sig")))
users = [x for x in scope if x["cloud_id"]]
assert sum(1 for x in users if x["has_finding"] == "no") == 34, "the collateral"
assert len({x["container"] for x in scope}) == 6
readme = open(f"{d}/README.md").read()
assert "synced users in them without a finding (collateral): 34" in readme
assert "users to hard-delete after leaving scope: 124" in readme
ps1 = open(f"{d}/remediate.ps1", encoding="utf-8-sig").read()
assert len(re.findall(r"^# Remove-MgDirectoryDeletedItem -DirectoryObjectId '[0-9a-f-]{36}'$", ps1, re.M)) == 127
assert "-Precedence 99 " in ps1 and "AuthoritativeNull" in ps1
PY
$PY - "$WORK/plan" <<'PY' && ok || bad "without waivers every row is an action"
import csv, sys
hard = list(csv.DictReader(open(f"{sys.argv[1]}/hard-delete.csv", encoding="utf-8-sig")))
assert {x["action"] for x in hard} == {"hard-delete"} and not any(x["waiver_reason"] for x in hard)
scope = list(csv.DictReader(open(f"{sys.argv[1]}/scope-change.csv", encoding="utf-8-sig")))
users = [x for x in scope if x["cloud_id"]]
ids = {x["cloud_id"] for x in hard}
assert all((x["hard_delete"] == "yes") == (x["cloud_id"] in ids) for x in users)
readme = open(f"{sys.argv[1]}/README.md").read()
assert "/plan/" not in readme and "users left out because a waiver protects them (accepted exceptions, never deleted): 0" in readme
PY
# The package follows the gate: with the sample's waivers, no waived user is an action anywhere
# (CSV rows to act on, the script, README's steps and counts, the HTML and Markdown plans).
expect_exit 1 "the sample with waivers and a plan" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf \
  --graph-snapshot samples/contoso/graph --adconnect-export samples/contoso/adconnect \
  --waivers samples/contoso/waivers.yaml --report plan="$WORK/wplan" --report json="$WORK/reports/w.json" \
  --report html="$WORK/reports/w.html" --report md="$WORK/reports/w.md"
$PY - "$WORK/wplan" "$WORK/reports/w.json" "$WORK/reports/w.html" "$WORK/reports/w.md" <<'PY' && ok || bad "waived users are never an action"
import csv, json, re, sys
d, r = sys.argv[1], json.load(open(sys.argv[2]))
html, md = open(sys.argv[3]).read(), open(sys.argv[4]).read()
# The users any waiver protects for a deleting check (CLOUD001, CLOUD005, CLOUD002).
protected = {f["subject"]["cloudId"] for f in r["findings"] if f["waiver"] and f["check"] in ("CLOUD001", "CLOUD005", "CLOUD002")}
assert len(protected) == 13, len(protected)
hard = list(csv.DictReader(open(f"{d}/hard-delete.csv", encoding="utf-8-sig")))
act = [x for x in hard if x["action"] == "hard-delete"]
kept = [x for x in hard if x["action"] == "keep (waived)"]
assert len(act) + len(kept) == len(hard)
assert not {x["cloud_id"] for x in act} & protected, "a waived user is an action"
assert {x["cloud_id"] for x in kept} == protected
assert all(x["waiver_reason"] and x["waiver_owner"] and x["waiver_expires"] for x in kept)
assert hard[: len(act)] == act, "the rows to act on come first, the kept ones apart after them"
ps1 = open(f"{d}/remediate.ps1", encoding="utf-8-sig").read()
for cid in protected:
    assert cid not in ps1, cid
assert len(re.findall(r"^# Remove-MgDirectoryDeletedItem", ps1, re.M)) == len(act)
readme = open(f"{d}/README.md").read()
assert f"users to hard-delete after leaving scope: {sum(1 for x in act if x['step'].startswith('out of scope'))}" in readme
assert "users left out because a waiver protects them (accepted exceptions, never deleted): 13" in readme
assert "Leavers on legal hold" in readme
# Each waiver's users sit under the count of users a waiver left out, not under another count.
counts = readme.split("## Counts")[1].splitlines()
at = next(i for i, l in enumerate(counts) if l.startswith("- users left out because a waiver protects"))
nested = [l for l in counts[at + 1:] if l.startswith("  - ")]
assert nested and all(l.startswith("  - ") for l in counts[at + 1 : at + 1 + len(nested)]), counts
assert counts[at + 1 + len(nested)].startswith("- containers to take out of scope"), counts
scope = list(csv.DictReader(open(f"{d}/scope-change.csv", encoding="utf-8-sig")))
for x in scope:
    if x["cloud_id"] in protected:
        assert x["hard_delete"] == "no (waived)" and x["waiver_owner"], x
# The HTML and Markdown plans name the kept users apart and never as an action.
for text in (html, md):
    assert "Leave the 13 user(s) that waivers protect as they are" in text
    assert "Uwe Becker" not in text.split("Leave the 13 user(s)")[0].split("Remediation plan")[-1], "a waived user in a deleting step"
PY
# A package made without Entra ID says so, and prints no count as a fact.
expect_exit 1 "a plan without Entra ID" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf \
  --adconnect-export samples/contoso/adconnect --scope ad,adconnect --report plan="$WORK/noplan" --report md="$WORK/reports/no.md"
$PY - "$WORK/noplan" "$WORK/reports/no.md" <<'PY' && ok || bad "the package says Entra ID was not read"
import sys
readme = open(f"{sys.argv[1]}/README.md").read()
assert "users to hard-delete after leaving scope: not known (Entra ID was not read)" in readme, readme
assert "users already in Deleted users: not known (Entra ID was not read)" in readme
assert "Entra ID was not read" in readme and "--graph-snapshot or --tenant" in readme
ps1 = open(f"{sys.argv[1]}/remediate.ps1", encoding="utf-8-sig").read()
assert "not known (Entra ID was not read)" in ps1
assert "Entra ID was not read" in open(sys.argv[2]).read()
# Every count stands on Entra ID: none is a fact without it (containers: 0 was printed as one).
for line in readme.split("## Counts")[1].splitlines():
    if line.startswith("- "):
        assert line.endswith("not known (Entra ID was not read)"), line
PY
# Entra ID read in part: every count is a lower bound ("containers to take out of scope: 2" of 4).
cp -r samples/contoso/graph "$WORK/graph-part" && rm -r "$WORK/graph-part/deletedUsers"
expect_exit 1 "a plan with Entra ID read in part" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf \
  --graph-snapshot "$WORK/graph-part" --adconnect-export samples/contoso/adconnect --report plan="$WORK/partplan"
$PY - "$WORK/partplan" <<'PY' && ok || bad "the package's counts are lower bounds"
import sys
readme = open(f"{sys.argv[1]}/README.md").read()
counts = [l for l in readme.split("## Counts")[1].splitlines() if l.startswith("- ")]
assert counts and all(" at least " in l and l.endswith("(Entra ID was read only in part)") for l in counts), counts
ps1 = open(f"{sys.argv[1]}/remediate.ps1", encoding="utf-8-sig").read()
assert "# They hold at least " in ps1, [l for l in ps1.splitlines() if "They hold" in l]
PY
# A link that would climb out and name folders on the way names only the package's folder.
mkdir -p "$WORK/deep/x"
expect_exit 1 "a package far from the report" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad \
  --report plan="$WORK/deep/x/far" --report md="$WORK/reports/far.md"
expect_grep '\(far/README\.md\)' "$WORK/reports/far.md" "linked by its own name"
expect_grep 'href="\.\./plan/hard-delete\.csv"' "$WORK/reports/r.html" "the HTML plan links the package"
expect_grep '\(\.\./plan/scope-change\.csv\)' "$WORK/reports/r.md" "the Markdown plan links the package"
expect_grep "34 synced user\(s\) without a finding" "$WORK/reports/r.html" "step 2 states the collateral"
expect_exit 2 "a plan folder that is not empty" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad --report plan="$WORK/plan"
expect_grep "exists and is not an empty folder" "$WORK/err" "the refusal says why"
expect_exit 2 "plan without a folder" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad --report plan
[ -z "$(ls -A "$WORK" | grep partial)" ] && ok || bad "a temporary folder was left"

"$WRITER" "$WORK/hostile" --hostile || exit 1
$PY - "$WORK/hostile/plan" <<'PY' && ok || bad "the package with hostile names"
import csv, re, sys
d = sys.argv[1]
for name, width in (("hard-delete.csv", 10), ("scope-change.csv", 10)):
    raw = open(f"{d}/{name}", "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), name
    rows = list(csv.reader(open(f"{d}/{name}", encoding="utf-8-sig", newline="")))
    assert all(len(row) == width for row in rows), (name, [len(r) for r in rows])
    assert all(not cell or cell[0] not in "=+-@\t\r" for row in rows for cell in row), name
    assert any("window.__xss" in cell for row in rows for cell in row), "the hostile name is kept, as text"
raw = open(f"{d}/remediate.ps1", "rb").read()
assert raw.startswith(b"\xef\xbb\xbf")
text = raw[3:].decode("utf-8")
# Nothing PowerShell would take as a line break inside a line.
assert "\r" not in text and "\u2028" not in text and "\u2029" not in text and "\x85" not in text
QUOTES = "'\u2018\u2019\u201a\u201b"
def single_quoted(s, i):
    """PowerShell's single-quoted string at s[i]: (value, index after it)."""
    assert s[i] in QUOTES
    i += 1
    out = ""
    while True:
        c = s[i]
        if c in QUOTES:
            if i + 1 < len(s) and s[i + 1] in QUOTES:
                out += s[i + 1]; i += 2; continue
            return out, i + 1
        out += c; i += 1
code = [l for l in text.split("\n") if l.strip() and not l.startswith("#")]
assert code == ["Set-StrictMode -Version Latest", "$ErrorActionPreference = 'Stop'"], code
ids = 0
for line in text.split("\n"):
    m = re.match(r"# Remove-MgDirectoryDeletedItem -DirectoryObjectId (.*)$", line)
    if not m:
        continue
    value, end = single_quoted(line, m.start(1))
    assert end == len(line) and re.fullmatch(r"[0-9a-f-]{36}", value), line
    ids += 1
assert ids == 3, ids  # the id that is not a GUID is not a command
assert "# (not a command: the object id x'; Remove-Item" in text
# The user a waiver protects: a row apart, with the waiver, and no command for it.
hard = list(csv.DictReader(open(f"{d}/hard-delete.csv", encoding="utf-8-sig", newline="")))
kept = [x for x in hard if x["action"] != "hard-delete"]
assert [x["action"] for x in kept] == ["keep (waived)"] and kept[0]["waiver_expires"] == "2027-03-31", kept
assert hard.index(kept[0]) == len(hard) - 1, "the kept rows come after the rows to act on"
assert kept[0]["cloud_id"] not in text.replace("# Left out", ""), "no line of the script names the kept user's id"
PY
# Cloud Sync the only sync tool: no step of the script names Azure AD Connect, its server or its
# connector; each step says what Cloud Sync does instead.
F=$ROOT/tests/fixtures/cloudsync
expect_exit 1 "a Cloud Sync tenant's plan" -- "$BIN" scan -q --ad-ldif "$F/mydomain.ldf" \
  --cloud-sync-schema "$F/schema-2025.json" --scope ad,sync --report plan="$WORK/csplan"
$PY - "$WORK/csplan/remediate.ps1" <<'PY' && ok || bad "a Cloud Sync plan names Azure AD Connect"
import re, sys
ps1 = open(sys.argv[1], encoding="utf-8-sig").read()
for word in ("Azure AD Connect", "Start-ADSyncSyncCycle", "AD connector", "ADSync"):
    assert word not in ps1, word
assert "# Step 1, Cloud Sync: remove the MSExchMailboxGuid attribute mapping" in ps1
assert "the Cloud Sync configuration's scope" in ps1 and "Cloud Sync's next provisioning cycle" in ps1
PY
finish
