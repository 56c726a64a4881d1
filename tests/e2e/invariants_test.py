#!/usr/bin/env python3
"""The gate decides, the report tells (issue 22): every option that changes the verdict or the
reports, run over the sample tenant in pairs (all-pairs, not every combination), each run writing
every format, and the invariants checked on each:

1. the tenant's counts (findings by severity, users blocked / warned / total, each wave's users,
   blocked users and readiness, the tenant's readiness) do not depend on the gate's options
   (waivers, baseline, fail-on-new, wave, fail-on, scope): they equal the run without any;
2. the exit code follows the stated gate decision, and the decision follows what it says it
   counted;
3. a user any waiver protects is never an action of the remediation package;
4. no wave is READY (as scanned, or for the gate) on a scan whose data is incomplete;
5. every format agrees with the JSON (CSV, users-csv, waves-csv, JUnit, SARIF, Markdown, HTML);
6. what a customer reads (HTML, Markdown, the CSVs, the package, JUnit, SARIF) carries none of
   this machine's folders, though every input was given by its absolute path.

usage: invariants_test.py MIGREADY PROJECT_ROOT
"""
import csv
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import junitparser

BIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SAMPLE = os.path.join(ROOT, "samples", "contoso")
SCHEMA = json.load(open(os.path.join(ROOT, "docs", "report.schema.json")))
WORK = tempfile.mkdtemp(prefix="migready-invariants-")
failures = []
checked = 0


def check(condition, what):
    global checked
    checked += 1
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


def run(args, cwd):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1796000000")  # 2026-11-28: the sample's waivers hold
    p = subprocess.run([BIN] + args, cwd=cwd, env=env, capture_output=True, text=True)
    return p.returncode, p.stderr


# The inputs, by absolute path, and a copy of the Graph snapshot read in part (no deletedUsers/).
PARTIAL = os.path.join(WORK, "graph-partial")
shutil.copytree(os.path.join(SAMPLE, "graph"), PARTIAL)
shutil.rmtree(os.path.join(PARTIAL, "deletedUsers"))
SOURCES = {
    "full": ["--ad-ldif", f"{SAMPLE}/ad-users.ldf", "--graph-snapshot", f"{SAMPLE}/graph",
             "--adconnect-export", f"{SAMPLE}/adconnect"],
    "partial-graph": ["--ad-ldif", f"{SAMPLE}/ad-users.ldf", "--graph-snapshot", PARTIAL,
                      "--adconnect-export", f"{SAMPLE}/adconnect"],
}
WAVES = ["--waves", f"{SAMPLE}/waves/Wave1-Pilot.csv", "--waves", f"{SAMPLE}/waves/batches.csv"]
# Runs happen in a folder of their own: every input lies outside the working folder.
CWD = os.path.join(WORK, "cwd")
os.makedirs(CWD)

# Baselines: the tenant unchanged, made without and with the sample's waivers.
for name, extra in (("base", []), ("base-waived", ["--waivers", f"{SAMPLE}/waivers.yaml"])):
    code, err = run(["scan", "-q"] + SOURCES["full"] + WAVES + extra +
                    ["--report", f"json={WORK}/{name}.json"], CWD)
    assert code == 1, (code, err)

OPTIONS = {
    "source": ["full", "partial-graph"],
    "waivers": [None, "sample"],
    "baseline": [None, "base", "base-waived"],
    "new": [False, True],
    "wave": [None, "Wave1-Pilot", "wave2-sales "],  # as typed: another case, a trailing space
    "fail_on": ["blocker", "warning"],
    "scope": [None, "ad,graph"],
}


def valid(combo):
    return not (combo["new"] and combo["baseline"] is None)


def all_pairs():
    """A small set of runs in which every value of every option meets every value of every other
    option at least once (where some valid run holds both): greedy all-pairs."""
    names = list(OPTIONS)
    candidates = [dict(zip(names, values)) for values in itertools.product(*OPTIONS.values())]
    candidates = [c for c in candidates if valid(c)]
    pairs = lambda c: {((a, c[a]), (b, c[b])) for a, b in itertools.combinations(names, 2)}
    todo = set().union(*(pairs(c) for c in candidates))
    runs = []
    while todo:
        best = max(candidates, key=lambda c: len(pairs(c) & todo))
        todo -= pairs(best)
        runs.append(best)
    return runs


def args_of(combo, out):
    a = ["scan", "-q"] + SOURCES[combo["source"]] + WAVES
    if combo["waivers"]:
        a += ["--waivers", f"{SAMPLE}/waivers.yaml"]
    if combo["baseline"]:
        a += ["--baseline", f"{WORK}/{combo['baseline']}.json"]
    if combo["new"]:
        a += ["--fail-on-new"]
    if combo["wave"]:
        a += ["--wave", combo["wave"]]
    a += ["--fail-on", combo["fail_on"]]
    if combo["scope"]:
        a += ["--scope", combo["scope"]]
    for fmt, file in (("json", "r.json"), ("html", "r.html"), ("md", "r.md"), ("csv", "r.csv"),
                      ("users-csv", "users.csv"), ("waves-csv", "waves.csv"),
                      ("junit", "r.xml"), ("sarif", "r.sarif")):
        a += ["--report", f"{fmt}={out}/{file}"]
    return a + ["--report", f"plan={out}/plan"]


def rows(path):
    return list(csv.DictReader(open(path, encoding="utf-8-sig", newline="")))


def tenant_facts(r):
    s = r["summary"]
    return {
        "readiness": r["readiness"]["status"],
        "counts": (s["findings"], s["blocker"], s["warning"], s["info"]),
        "users": (s["users"]["blocked"], s["users"]["warned"], s["users"]["total"]),
        "waves": [(w["name"], w["verdict"], w["users"], w["blocked"], w["warned"], w["rows"])
                  for w in r["waves"]],
    }


EXIT = {"READY": 0, "NOT_READY": 1, "INCOMPLETE": 3}
RANK = {"info": 0, "warning": 1, "blocker": 2}
reference = {}
runs = all_pairs()
print(f"invariants: {len(runs)} runs cover every pair of {len(OPTIONS)} options")
for i, combo in enumerate(runs):
    out = os.path.join(WORK, f"run{i}")
    os.makedirs(out)
    label = f"run {i} {combo}"
    code, err = run(args_of(combo, out), CWD)
    check(code in (0, 1, 3), f"{label}: exit {code}: {err[:400]}")
    if code not in (0, 1, 3):
        continue
    r = json.load(open(f"{out}/r.json"))
    jsonschema.validate(r, SCHEMA)

    # 1. The tenant's facts do not depend on the gate's options.
    plain = reference.get(combo["source"])
    if plain is None:
        p = os.path.join(WORK, f"plain-{combo['source']}")
        os.makedirs(p)
        run(["scan", "-q"] + SOURCES[combo["source"]] + WAVES + ["--report", f"json={p}/r.json"], CWD)
        plain = reference[combo["source"]] = tenant_facts(json.load(open(f"{p}/r.json")))
    check(tenant_facts(r) == plain, f"{label}: the tenant's facts changed with the gate's options: "
          f"{tenant_facts(r)} != {plain}")

    # 2. The exit code follows the stated decision, and the decision what it counted.
    g = r["gate"]
    check(code == r["exitCode"] == EXIT[r["verdict"]], f"{label}: exit {code}, JSON {r['exitCode']} {r['verdict']}")
    counted = [f for f in r["findings"] if f["gate"] == "counted" and RANK[f["severity"]] >= RANK[r["failOn"]]]
    check(g["counted"]["findings"] == len(counted), f"{label}: gate.counted {g['counted']} != {len(counted)}")
    want = "NOT_READY" if counted else ("INCOMPLETE" if r["readiness"]["incomplete"] else "READY")
    check(r["verdict"] == want, f"{label}: verdict {r['verdict']}, counted {len(counted)}, "
          f"incomplete {r['readiness']['incomplete']}")
    for f in r["findings"]:
        why = "waived" if f["waiver"] else None
        if f["gate"] == "counted":
            check(not f["waiver"], f"{label}: a waived finding counted")
            if combo["new"]:
                check(f["baselineState"] == "new", f"{label}: an unchanged finding counted in new-only mode")
        elif f["gate"] == "waived":
            check(f["waiver"] is not None, f"{label}: not waived, but said to be")
        elif f["gate"] == "another wave":
            check(combo["wave"] is not None and f["wave"] is not None, f"{label}: another wave without --wave")
        del why
    if combo["wave"]:
        gated = [w for w in r["waves"] if w["gated"]]
        check(len(gated) == 1 and gated[0]["gate"] == r["verdict"],
              f"{label}: the gated wave's figures disagree with the verdict: {gated}")
        check(gated and gated[0]["name"] == g["wave"] == "Wave1-Pilot" if combo["wave"] == "Wave1-Pilot"
              else gated and gated[0]["name"] == "Wave2-Sales", f"{label}: the wave named is {g['wave']}")

    # 3. A user a waiver protects is never an action.
    protected = {f["subject"]["cloudId"] for f in r["findings"]
                 if f["waiver"] and f["check"] in ("CLOUD001", "CLOUD002", "CLOUD005") and f["subject"]["cloudId"]}
    hard = rows(f"{out}/plan/hard-delete.csv")
    acted = {x["cloud_id"] for x in hard if x["action"] == "hard-delete"}
    check(not acted & protected, f"{label}: waived users to hard-delete: {acted & protected}")
    check({x["cloud_id"] for x in hard if x["action"] == "keep (waived)"} == protected,
          f"{label}: the kept rows are not the protected users")
    ps1 = open(f"{out}/plan/remediate.ps1", encoding="utf-8-sig").read()
    check(not any(c in ps1 for c in protected), f"{label}: the script names a protected user's id")
    scope = rows(f"{out}/plan/scope-change.csv")
    check(all(x["hard_delete"] != "yes" for x in scope if x["cloud_id"] in protected),
          f"{label}: scope-change.csv deletes a protected user")
    html, md = open(f"{out}/r.html").read(), open(f"{out}/r.md").read()
    readme = open(f"{out}/plan/README.md").read()

    # 4. No wave is READY on incomplete data.
    if r["readiness"]["incomplete"]:
        check(r["verdict"] != "READY" and r["readiness"]["status"] != "READY", f"{label}: READY on incomplete data")
        check(all(w["verdict"] != "READY" and w["gate"] != "READY" for w in r["waves"]),
              f"{label}: a wave READY on incomplete data: {r['waves']}")

    # 5. Every format agrees with the JSON.
    wv = rows(f"{out}/waves.csv")
    check([(x["wave"], x["readiness"], int(x["users"]), int(x["blocked"]), int(x["warnings_only"]),
            int(x["rows"]), x["gated"] == "yes", int(x["blocked_waived"]), x["gate"]) for x in wv] ==
          [(w["name"], w["verdict"], w["users"], w["blocked"], w["warned"], w["rows"], w["gated"],
            w["blockedWaived"], w["gate"]) for w in r["waves"]], f"{label}: waves-csv != JSON waves")
    # A wave that is not READY says why, in every form (its users, rows, the tenant, missing data).
    check(all(bool(x["reason"]) == (x["readiness"] != "READY") for x in wv), f"{label}: a wave's reason: {wv}")
    check([bool(x["reason"]) for x in wv] == [bool(w["reason"]) for w in r["waves"]], f"{label}: waves-csv reasons != JSON")
    fc = rows(f"{out}/r.csv")
    check([(x["check"], x["severity"], x["fingerprint"], x["gate"], bool(x["waiver"]), x["baseline_state"], x["wave"])
           for x in fc] == [(f["check"], f["severity"], f["fingerprint"], f["gate"], bool(f["waiver"]),
                             f["baselineState"] or "", f["wave"] or "") for f in r["findings"]],
          f"{label}: the findings CSV disagrees with the JSON")
    us = rows(f"{out}/users.csv")
    u = r["summary"]["users"]
    check((len(us), sum(x["status"] == "blocked" for x in us), sum(x["status"] == "warning" for x in us)) ==
          (u["total"], u["blocked"], u["warned"]), f"{label}: users-csv disagrees with summary.users {u}")
    check(all(x["status"] in ("blocked", "warning", "info") for x in us), f"{label}: a user's status is not a fact")
    check(sum(x["status"] == "blocked" and int(x["waived"]) > 0 for x in us) >= u["blockedWaived"],
          f"{label}: users blocked by waived findings only are not marked")
    check(all(x["gate"] in ("counted", "waived", "unchanged since the baseline", "another wave") for x in us),
          f"{label}: users-csv gate column")
    x = junitparser.JUnitXml.fromfile(f"{out}/r.xml")
    suites = list(x)
    props = {p.name: p.value for p in suites[0].properties()}
    check(x.name.endswith(": " + r["verdict"]), f"{label}: JUnit names {x.name}, JSON {r['verdict']}")
    check(props.get("migready.readiness") == r["readiness"]["status"], f"{label}: JUnit readiness")
    sarif = json.load(open(f"{out}/r.sarif"))
    run0 = sarif["runs"][0]
    check(run0["properties"]["verdict"] == r["verdict"] and run0["properties"]["readiness"] == r["readiness"]["status"],
          f"{label}: SARIF verdict / readiness")
    check(len(run0["results"]) == len(r["findings"]) + len(r.get("resolved", [])), f"{label}: SARIF results")
    check(md.startswith(f"## migready: {r['readiness']['status']}"), f"{label}: Markdown heading {md[:60]!r}")
    sentence = re.compile(r"Gate decision \([^)]*\): " + r["verdict"].replace("_", r"\\?_") +
                          f", exit code {r['exitCode']}")
    check(sentence.search(md) is not None, f"{label}: Markdown has no gate sentence for {r['verdict']}")
    check(sentence.search(html) is not None, f"{label}: HTML has no gate sentence for {r['verdict']}")
    check(f'class="verdict v-{r["readiness"]["status"]}"' in html, f"{label}: HTML cover is not the tenant's")
    if u["blocked"] > 0:
        for name, text in (("HTML", html), ("Markdown", md), ("README", readme)):
            check("nothing in what was scanned blocks it" not in text and "Ready: nothing found" not in text,
                  f"{label}: {name} says nothing blocks the migration while {u['blocked']} users are blocked")
    check(f"{u['blocked']} user(s) blocked" in re.sub(r"</?b>|\*\*", "", html + md),
          f"{label}: the deliverable does not state the users blocked")

    # 6. No folder of this machine in what a customer reads.
    for name in ("r.html", "r.md", "r.csv", "users.csv", "waves.csv", "r.xml", "r.sarif",
                 "plan/README.md", "plan/hard-delete.csv", "plan/scope-change.csv", "plan/remediate.ps1"):
        text = open(f"{out}/{name}", encoding="utf-8-sig").read()
        for folder in (ROOT, WORK, os.path.dirname(ROOT)):
            check(folder not in text, f"{label}: {name} names the local folder {folder}")

shutil.rmtree(WORK, ignore_errors=True)
print(f"invariants_test.py: {len(runs)} runs, {checked} checks, {len(failures)} failed")
sys.exit(1 if failures else 0)
