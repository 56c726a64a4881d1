#!/usr/bin/env bash
# Migration waves on the command line (--waves, --wave): the sample's two batch CSVs (MigrationWiz
# with ';' and a BOM, Exchange Online's batch CSV with BatchName), readiness per wave in JSON,
# HTML and Markdown, WAVE001-004, exit codes when one wave is gated, and CSVs in the other shapes
# (UTF-16, tabs, quoted fields) and broken ones (errors naming file and line).
# usage: waves_test.sh MIGREADY PROJECT_ROOT
BIN=$1
ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
PY=/usr/bin/python3
cd "$ROOT" || exit 1
export SOURCE_DATE_EPOCH=1796000000
W=samples/contoso/waves
FULL=(scan -q --ad-ldif samples/contoso/ad-users.ldf --graph-snapshot samples/contoso/graph
  --adconnect-export samples/contoso/adconnect --waves "$W/Wave1-Pilot.csv" --waves "$W/batches.csv")
expect_exit 1 "the sample's three waves" -- "$BIN" "${FULL[@]}" --report json="$WORK/w.json" --report html="$WORK/w.html" --report md="$WORK/w.md" \
  --report csv="$WORK/w.csv" --report users-csv="$WORK/users.csv" --report waves-csv="$WORK/waves.csv"
$PY - "$WORK/w.json" "$ROOT/docs/report.schema.json" <<'PY' && ok || bad "readiness per wave and WAVE001-004 on the sample"
import json, sys, jsonschema
r = json.load(open(sys.argv[1])); jsonschema.validate(r, json.load(open(sys.argv[2])))
w = {x["name"]: x for x in r["waves"]}
assert list(w) == ["Wave1-Pilot", "Wave2-Sales", "Wave3-London", "(no wave)"], list(w)
assert (w["Wave1-Pilot"]["users"], w["Wave2-Sales"]["users"], w["Wave3-London"]["users"]) == (4, 7, 2)
assert w["Wave3-London"]["rows"] == 3 and w["(no wave)"]["users"] == 267 - 12
by = {}
for f in r["findings"]:
    by.setdefault(f["check"], []).append(f)
assert [f["subject"]["displayName"] for f in by["WAVE001"]] == ["old.contractor@contoso.com"]
assert by["WAVE001"][0]["evidence"][0]["location"].endswith("batches.csv:11")
assert [f["subject"]["upn"] for f in by["WAVE002"]] == ["ttaylor@contoso.com"]
assert sorted(f["subject"]["upn"] for f in by["WAVE003"]) == ["cbecker@contoso.com", "hvogel@contoso.com"]
assert all(f["severity"] == "blocker" for f in by["WAVE003"])
assert [f["subject"]["upn"] for f in by["WAVE004"]] == ["devans@contoso.com"]
# Readiness counts users by their worst finding: recount from the findings.
rank = {"info": 0, "warning": 1, "blocker": 2}
worst = {}
for f in r["findings"]:
    s = f["subject"]
    if s["objectGuid"] and not f["waiver"]:
        worst[s["objectGuid"]] = max(worst.get(s["objectGuid"], -1), rank[f["severity"]])
PY
# Each finding's wave in JSON and CSV; one row per user in users-csv, counted as the summary counts.
$PY - "$WORK/w.json" "$WORK/w.csv" "$WORK/users.csv" "$WORK/waves.csv" <<'PY' && ok || bad "waves per finding, the users CSV and the waves CSV"
import csv, json, sys
r = json.load(open(sys.argv[1]))
# Readiness per wave in CSV: the JSON's figures, row for row.
per = list(csv.DictReader(open(sys.argv[4], encoding="utf-8-sig", newline="")))
assert [(x["wave"], x["readiness"], int(x["users"]), int(x["blocked"]), int(x["warnings_only"]), int(x["rows"]))
        for x in per] == [(w["name"], w["verdict"], w["users"], w["blocked"], w["warned"], w["rows"]) for w in r["waves"]], per
assert [x["wave"] for x in per] == ["Wave1-Pilot", "Wave2-Sales", "Wave3-London", "(no wave)"]
assert all(x["gated"] == "no" for x in per)
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig", newline="")))
assert len(rows) == len(r["findings"])
assert [x["wave"] for x in rows] == [f["wave"] or "" for f in r["findings"]]
waves = {f["subject"]["upn"]: f["wave"] for f in r["findings"] if f["subject"]["upn"] and f["wave"]}
assert waves["devans@contoso.com"] == "Wave1-Pilot, Wave2-Sales", waves["devans@contoso.com"]
assert waves["pschmidt@contoso.com"] == "Wave2-Sales" and waves["ryoung@contoso.com"] == "Wave1-Pilot"
assert all(f["wave"] is None for f in r["findings"] if f["check"].startswith("SYNC"))
users = list(csv.DictReader(open(sys.argv[3], encoding="utf-8-sig", newline="")))
u = r["summary"]["users"]
assert len(users) == u["total"], (len(users), u)
assert sum(x["status"] == "blocked" for x in users) == u["blocked"]
assert sum(x["status"] == "warning" for x in users) == u["warned"]
assert len({(x["object_guid"], x["cloud_id"], x["dn"], x["upn"]) for x in users}) == len(users)
by = {x["upn"]: x for x in users if x["upn"]}
d = by["devans@contoso.com"]
assert d["wave"] == "Wave1-Pilot, Wave2-Sales" and "WAVE004" in d["checks"].split(), d
assert d["ou"] and d["dn"].endswith(d["ou"]) and d["dn"] != d["ou"]
# Each user's checks and findings recounted from the findings.
n = {}
for f in r["findings"]:
    if f["subject"]["upn"] == "pschmidt@contoso.com":
        n.setdefault(f["check"], 0); n[f["check"]] += 1
p = by["pschmidt@contoso.com"]
assert p["checks"].split() == list(n) and int(p["findings"]) == sum(n.values()), (p, n)
order = ["blocked", "warning", "info", "not counted"]  # worst first
assert [order.index(x["status"]) for x in users] == sorted(order.index(x["status"]) for x in users)
PY
expect_grep "Readiness per wave" "$WORK/w.html" "HTML wave table"
expect_grep "Blocked users per wave" "$WORK/w.html" "HTML wave chart"
expect_grep "^\| Wave2-Sales \| NOT_READY \| 7 \| 6 \| 1 \| NOT_READY \| 6 user\(s\) blocked; 1 blocker finding\(s\) about the tenant or the sync configuration \(they concern every wave\) \|$" "$WORK/w.md" "Markdown wave table, with why"

# --wave: only that wave's users count. Without the AD Connect export (no tenant-wide SYNC001),
# a wave of remote mailboxes (already in Exchange Online: info only) is READY.
printf 'EmailAddress,Wave\ngtaylor2@contoso.com,Done\nqjensen@contoso.com,Done\npschmidt@contoso.com,Sales\n' >"$WORK/gate.csv"
AD=(scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad --waves "$WORK/gate.csv")
expect_exit 1 "all waves: NOT_READY" -- "$BIN" "${AD[@]}"
expect_exit 0 "--wave Done: READY" -- "$BIN" "${AD[@]}" --wave Done --report json="$WORK/done.json"
expect_grep 'wave Done only' "$WORK/done.json" "the verdict says which wave it is about"
expect_exit 1 "--wave Sales: NOT_READY" -- "$BIN" "${AD[@]}" --wave Sales --report json="$WORK/sales.json"
expect_grep '"verdictReason": "1 user\(s\) blocked' "$WORK/sales.json" "one user of the wave blocked"
expect_exit 1 "the sample's pilot gated: the tenant-wide blocker counts for every wave" -- "$BIN" "${FULL[@]}" --wave Wave1-Pilot
# A wave's readiness follows the data it depends on: with Entra ID read in part, a wave with no
# blocker of its own is INCOMPLETE, never READY, in every format (issue 22).
cp -r samples/contoso/graph "$WORK/graph-partial" && rm -r "$WORK/graph-partial/deletedUsers"
PARTIAL=(scan -q --ad-ldif samples/contoso/ad-users.ldf --graph-snapshot "$WORK/graph-partial" --scope ad,graph --waves "$WORK/gate.csv")
expect_exit 1 "Entra ID read in part: the Sales wave is blocked" -- "$BIN" "${PARTIAL[@]}" --report json="$WORK/p.json" \
  --report waves-csv="$WORK/p-waves.csv" --report md="$WORK/p.md" --report html="$WORK/p.html"
$PY - "$WORK/p.json" "$WORK/p-waves.csv" <<'PY' && ok || bad "no wave READY on incomplete data"
import csv, json, sys
r = json.load(open(sys.argv[1]))
w = {x["name"]: x for x in r["waves"]}
assert w["Done"]["verdict"] == "INCOMPLETE" and w["Done"]["gate"] == "INCOMPLETE", w["Done"]
assert w["Sales"]["verdict"] == "NOT_READY", w["Sales"]
rows = {x["wave"]: x for x in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))}
assert rows["Done"]["readiness"] == "INCOMPLETE" and rows["Done"]["gate"] == "INCOMPLETE", rows["Done"]
assert not any(x["readiness"] == "READY" or x["gate"] == "READY" for x in rows.values()), rows
# Each row says why: the wave without a blocker of its own names the data that is missing.
assert rows["Done"]["reason"].startswith("incomplete: Entra ID was read only in part"), rows["Done"]
assert rows["Sales"]["reason"].startswith("1 user(s) blocked"), rows["Sales"]
assert w["Done"]["reason"].startswith("incomplete: Entra ID was read only in part"), w["Done"]
PY
expect_grep "^\| Done \| INCOMPLETE \|" "$WORK/p.md" "Markdown: the wave is INCOMPLETE"
expect_grep '<td class="short">Done</td><td><span class="badge s-not_run">incomplete</span>' "$WORK/p.html" "HTML: the wave is incomplete"
expect_exit 3 "--wave Done on incomplete data: INCOMPLETE, exit 3" -- "$BIN" "${PARTIAL[@]}" --wave Done
expect_exit 2 "--wave unknown" -- "$BIN" "${AD[@]}" --wave Nope
expect_grep 'no wave "Nope" in the wave files \(they have: Done, Sales\)' "$WORK/err" "the known waves listed"
expect_exit 2 "--wave without --waves" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad --wave Done

# Other shapes: UTF-16 with BOM and tabs (Excel's "Unicode text"), quoted fields, spaced headers.
$PY - "$WORK" <<'PY'
import sys
w = sys.argv[1]
open(f"{w}/u16.txt", "wb").write("User Principal Name\tBatch\r\ngtaylor2@contoso.com\tB1\r\nqjensen@contoso.com\tB1\r\n".encode("utf-16"))
open(f"{w}/quoted.csv", "w", encoding="utf-8").write('"Mail","Wave","Notes"\n"pschmidt@contoso.com","Wave ""quoted""","a, b"\n\n"sgarcia@contoso.com","Multi\nline",\n')
open(f"{w}/open.csv", "w").write('EmailAddress,Wave\n"pschmidt@contoso.com,W1\nsgarcia@contoso.com,W1\n')
open(f"{w}/noid.csv", "w").write('Name,Wave\nPaula,W1\n')
open(f"{w}/dup.csv", "w").write('SamAccountName\nCORP\\pschmidt\n')
open(f"{w}/formula.csv", "w").write('Mail,Wave\npschmidt@contoso.com,"=HYPERLINK(""http://x"")"\n')
PY
expect_exit 1 "UTF-16, tabs and quoted fields" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad \
  --waves "$WORK/u16.txt" --waves "$WORK/quoted.csv" --waves "$WORK/dup.csv" --report json="$WORK/shapes.json"
$PY - "$WORK/shapes.json" <<'PY' && ok || bad "the other CSV shapes are read"
import json, sys
r = json.load(open(sys.argv[1]))
w = {x["name"]: x for x in r["waves"]}
assert w["B1"]["users"] == 2 and w['Wave "quoted"']["users"] == 1 and w["Multi\nline"]["users"] == 1, w
assert w["dup"]["users"] == 1, w  # DOMAIN\name matched by sAMAccountName; the file names the wave
assert not [f for f in r["findings"] if f["check"] == "WAVE001"]
PY
# Rows the reader cannot take as written are usage errors naming file:line, never guessed at: an
# unquoted formula split by its comma, a row cut short, an empty wave cell, two columns for one
# thing, a wave named like the reports' own labels.
$PY - "$WORK" <<'PY'
import sys
w = sys.argv[1]
open(f"{w}/split.csv", "w").write('Mail,Wave\npschmidt@contoso.com,W1\nsgarcia@contoso.com,=HYPERLINK("http://x","y")\n')
open(f"{w}/short.csv", "w").write('Wave,Mail\nW1,pschmidt@contoso.com\nW1\n')
open(f"{w}/nowave.csv", "w").write('Mail,Wave\npschmidt@contoso.com,W1\nsgarcia@contoso.com, \n')
open(f"{w}/twoid.csv", "w").write('EmailAddress,Wave,EmailAddress\npschmidt@contoso.com,W1,x@contoso.com\n')
open(f"{w}/twowave.csv", "w").write('Mail,Wave,Batch\npschmidt@contoso.com,W1,B1\n')
open(f"{w}/reserved.csv", "w").write('Mail,Wave\npschmidt@contoso.com,W1\nsgarcia@contoso.com, ( No  Wave ) \n')
open(f"{w}/comma.csv", "w").write('Mail;Wave\npschmidt@contoso.com;W1, W2\n')
PY
for c in "split.csv:3: 3 cells, the header has 2: does a cell hold a ',' without quotes" \
  "short.csv:3: 1 cells, the header has 2: the row has no Mail cell" \
  "nowave.csv:3: the Wave cell is empty: name the row's wave" \
  "twoid.csv:1: the column EmailAddress twice \(columns 1 and 3\)" \
  "twowave.csv:1: two columns name the wave, Wave and Batch" \
  "reserved.csv:3: Wave \"\( No  Wave \)\": the name \(no wave\) is reserved for the users no wave plans" \
  "comma.csv:2: Wave \"W1, W2\": a wave's name holds no ','"; do
  f=${c%%:*}
  expect_exit 2 "wave file $f is refused" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad --waves "$WORK/$f"
  expect_grep "^migready: --waves $WORK/$c" "$WORK/err" "wave file $f: the error names file:line and what is wrong"
done
expect_exit 1 "a wave named like a formula" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad \
  --waves "$WORK/formula.csv" --wave '=HYPERLINK("http://x")' --report waves-csv="$WORK/formula-waves.csv"
$PY - "$WORK/formula-waves.csv" <<'PY' && ok || bad "a wave's name cannot start a formula in the waves CSV"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert rows[0]["wave"] == "'=HYPERLINK(\"http://x\")" and rows[0]["gated"] == "yes", rows
PY
expect_exit 2 "a quote left open" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad --waves "$WORK/open.csv"
expect_grep "open.csv:2: a quoted field is never closed" "$WORK/err" "the open quote named with its line"
expect_exit 2 "no identity column" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad --waves "$WORK/noid.csv"
expect_grep "noid.csv:1: no column names the users" "$WORK/err" "the missing column named"
expect_exit 2 "a wave file that does not exist" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad --waves "$WORK/none.csv"
expect_exit 2 "a report over a wave file" -- "$BIN" scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad --waves "$WORK/gate.csv" --report json="$WORK/gate.csv"

# --- Issue 22: wave files as the tools write them, one wave whatever its spaces, nothing dropped --
AD1=(scan -q --ad-ldif samples/contoso/ad-users.ldf --scope ad)
printf '#TYPE System.Management.Automation.PSCustomObject\r\n"EmailAddress","Wave"\r\n"pschmidt@contoso.com","Sales"\r\n' >"$WORK/ps.csv"
expect_exit 1 "Windows PowerShell's Export-Csv (#TYPE first line)" -- "$BIN" "${AD1[@]}" --waves "$WORK/ps.csv" --report json="$WORK/ps.json"
$PY -c "import json,sys; r=json.load(open(sys.argv[1])); w={x['name']:x for x in r['waves']}; assert w['Sales']['users']==1 and w['Sales']['rows']==1, w" "$WORK/ps.json" && ok || bad "the Export-Csv rows are read"
# "Pilot " (a trailing space) and "pilot" are the wave Pilot, with its blocked user.
printf 'EmailAddress,Wave\ngtaylor2@contoso.com,Pilot\npschmidt@contoso.com,Pilot \nqjensen@contoso.com, pilot\n' >"$WORK/pilot.csv"
expect_exit 1 "--wave Pilot counts the row written \"Pilot \"" -- "$BIN" "${AD1[@]}" --waves "$WORK/pilot.csv" --wave Pilot --report json="$WORK/pilot.json"
$PY -c "
import json,sys; r=json.load(open(sys.argv[1]))
assert [w['name'] for w in r['waves']] == ['Pilot', '(no wave)'], r['waves']
assert r['waves'][0]['users'] == 3 and r['waves'][0]['rows'] == 3, r['waves'][0]
assert r['gate']['wave'] == 'Pilot'" "$WORK/pilot.json" && ok || bad "one wave Pilot of three rows"
expect_exit 1 "--wave in another case, with spaces" -- "$BIN" "${AD1[@]}" --waves "$WORK/pilot.csv" --wave ' PILOT' --report json="$WORK/pilot2.json"
expect_grep '"wave": "Pilot"' "$WORK/pilot2.json" "the gated wave as first written"
# Blanks a spreadsheet or a copy and paste leaves are blanks too: "Pilot<U+00A0>" and
# "PILOT<U+200B>" are the wave Pilot (the gate passed a wave of a blocked user as three waves).
printf 'EmailAddress,Wave\ngtaylor2@contoso.com,Pilot\npschmidt@contoso.com,Pilot\xc2\xa0\nqjensen@contoso.com,PILOT\xe2\x80\x8b\n' >"$WORK/nbsp.csv"
expect_exit 1 "--wave pilot counts the rows written with Unicode blanks" -- "$BIN" "${AD1[@]}" --waves "$WORK/nbsp.csv" --wave pilot --report json="$WORK/nbsp.json"
$PY -c "
import json,sys; r=json.load(open(sys.argv[1]))
assert [w['name'] for w in r['waves']] == ['Pilot', '(no wave)'], r['waves']
assert r['waves'][0]['users'] == 3, r['waves'][0]" "$WORK/nbsp.json" && ok || bad "one wave Pilot despite Unicode blanks"
# A row whose identity cell is empty is WAVE001, with its file and line.
printf 'EmailAddress,Wave\npschmidt@contoso.com,W1\n,W1\n  ,W2\n,\n' >"$WORK/holes.csv"
expect_exit 1 "rows without an identity" -- "$BIN" "${AD1[@]}" --waves "$WORK/holes.csv" --report json="$WORK/holes.json"
$PY - "$WORK/holes.json" <<'PY' && ok || bad "each row without an identity is a WAVE001 with file:line"
import json, sys
r = json.load(open(sys.argv[1]))
f = [x for x in r["findings"] if x["check"] == "WAVE001"]
assert [x["message"] for x in f] == ["row 3 of wave W1 has no identity in column EmailAddress",
                                     "row 4 of wave W2 has no identity in column EmailAddress"], [x["message"] for x in f]
assert [x["evidence"][0]["location"] for x in f] == ["holes.csv:3", "holes.csv:4"], f
assert {w["name"]: w["rows"] for w in r["waves"]}["W1"] == 2
PY
# Bounded: columns, cells, rows; a header of a million empty columns stops at once.
$PY -c "import sys; sys.stdout.write('EmailAddress' + ',' * 1000000 + '\n')" >"$WORK/wide.csv"
rss=$(peak_rss_kib "$BIN" "${AD1[@]}" --waves "$WORK/wide.csv")
expect_grep "wide.csv:1: more than 256 columns in one row" "$WORK/err" "the column cap, with its line"
sanitized "$BIN" || { [ "$rss" -lt 200000 ] && ok || bad "a header of a million columns took $rss KiB"; }
printf 'EmailAddress,Wave\npschmidt@contoso.com,%s\n' "$(head -c 1025 /dev/zero | tr '\0' w)" >"$WORK/cell.csv"
expect_exit 2 "a cell of 1,025 characters" -- "$BIN" "${AD1[@]}" --waves "$WORK/cell.csv"
expect_grep "cell.csv:2: a cell longer than 1024 characters" "$WORK/err" "the cell cap, with its line"
$PY -c "import sys; sys.stdout.write('Mail\n' + 'x@y\n' * 1000001)" >"$WORK/rows.csv"
expect_exit 2 "1,000,001 rows" -- "$BIN" "${AD1[@]}" --waves "$WORK/rows.csv"
expect_grep "rows.csv:1000002: more than 1000000 rows in the wave files" "$WORK/err" "the row cap, with its line"
mkdir -p "$WORK/waves.d"
expect_exit 2 "a folder as a wave file" -- "$BIN" "${AD1[@]}" --waves "$WORK/waves.d"
expect_grep "waves.d: is a folder, not a file" "$WORK/err" "the folder named as one"
# What repeats is summarised: past 100 unmatched rows of a file, one finding lists the rest.
$PY -c "import sys; sys.stdout.write('EmailAddress,Wave\n' + ''.join(f'nobody{i}@contoso.com,Big\n' for i in range(5000)))" >"$WORK/unknown.csv"
expect_exit 1 "5,000 rows that match no one" -- "$BIN" "${AD1[@]}" --waves "$WORK/unknown.csv" --report json="$WORK/unknown.json"
$PY - "$WORK/unknown.json" <<'PY' && ok || bad "100 WAVE001 findings and one that counts the rest"
import json, sys
r = json.load(open(sys.argv[1]))
f = [x for x in r["findings"] if x["check"] == "WAVE001"]
assert len(f) == 101, len(f)
last = f[-1]
assert last["message"] == "4900 more row(s) of unknown.csv name no one, or match no AD account or several (past the first 100; the evidence lists 100 of them)", last["message"]
assert len(last["evidence"]) == 100 and last["evidence"][0]["location"] == "unknown.csv:102", last["evidence"][0]
PY
expect_exit 2 "--report waves-csv without --waves" -- "$BIN" "${AD1[@]}" --report waves-csv="$WORK/nowaves.csv"
expect_grep "needs --waves" "$WORK/err" "says what it needs"
[ ! -e "$WORK/nowaves.csv" ] && ok || bad "a header-only waves CSV was written"
finish
