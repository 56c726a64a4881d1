#!/usr/bin/env bash
# Adds a check the way every check is added (as clang-tidy's add_new_check.py does for its
# checks): a working example the author then turns into the real rule.
#
#   scripts/new-check.sh ID GROUP "Title" [ClassName]
#     ID      AD0nn, CLOUD0nn, SYNC0nn or DIR0nn (not yet taken)
#     GROUP   ad, cloud, sync or dir: the folder under checks/ and the source it needs (AD, Entra
#             ID, the sync configuration: an AD Connect export or Cloud Sync job schemas; dir,
#             directory readiness for sync, reads AD)
#     Title   one line, as `migready checks` shows it
#
# Writes checks/GROUP/ClassName.{h,cpp} (the class, its CheckInfo with id, name, title,
# severity, needs, doc and the catalog row, and an example rule that works), registers it in
# checks/AllChecks.cpp (catalog order) and checks/CMakeLists.txt, and writes
# tests/unit/checks/ClassNameTest.cpp (one case that must fire, one that must not, and the
# catalog entry), registered in tests/CMakeLists.txt. Then: build, run the tests, replace the
# example rule, doc and catalog words with the real ones, and run scripts/update-catalog.sh.
set -euo pipefail
ROOT=${MIGREADY_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
if [ $# -lt 3 ]; then
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
python3 - "$ROOT" "$@" <<'PY'
import os, re, sys

root, check_id, group, title = sys.argv[1:5]
cls = sys.argv[5] if len(sys.argv) > 5 else None
groups = {"ad": ("AD", "SourceKind::Ad", "ad"), "cloud": ("CLOUD", "SourceKind::Graph", "graph"),
          "sync": ("SYNC", "SourceKind::Sync", "sync"), "dir": ("DIR", "SourceKind::Ad", "ad")}
def die(message):
    print(f"new-check.sh: {message}", file=sys.stderr)
    sys.exit(2)
if group not in groups:
    die(f"GROUP must be ad, cloud, sync or dir, not {group!r}")
prefix, need, need_word = groups[group]
if not re.fullmatch(prefix + r"[0-9]{3}", check_id):
    die(f"ID must be {prefix} and three digits for the {group} group (AD001, CLOUD001, SYNC001, DIR001), not {check_id!r}")
if not title.strip() or "\n" in title or '"' in title:
    die("the title is one line without double quotes")
words = re.findall(r"[A-Za-z0-9]+", title)
if cls is None:
    cls = "".join(w[:1].upper() + w[1:].lower() for w in words) + "Check"
if not re.fullmatch(r"[A-Z][A-Za-z0-9]*Check", cls):
    die(f"the class name must be CamelCase and end in Check, not {cls!r}")
name = "-".join(w.lower() for w in words)
all_checks = os.path.join(root, "checks", "AllChecks.cpp")
catalog = open(all_checks).read()
if re.search(r"//\s*" + check_id + r"\b", catalog):
    die(f"{check_id} is taken (checks/AllChecks.cpp)")
header = os.path.join(root, "checks", group, cls + ".h")
source = os.path.join(root, "checks", group, cls + ".cpp")
test = os.path.join(root, "tests", "unit", "checks", cls + "Test.cpp")
for path in (header, source, test):
    if os.path.exists(path):
        die(f"{os.path.relpath(path, root)} exists")

# The example rule per group: small, real, and tested; the author replaces it.
examples = {
    "ad": dict(
        finds="on-premises mailboxes in sync scope without a userPrincipalName (example rule: replace it)",
        rule="""  // Example rule (replace it): on-premises mailboxes in sync scope without a UPN.
  const MailboxGuidExposure exposure(snapshot);
  for (const AdAccount& a : snapshot.ad.accounts) {
    if (a.kind != MailboxKind::OnPremMailbox || !a.userPrincipalName.empty() ||
        !exposure.mayBeInScope(a))
      continue;
    Finding f;
    f.severity = Severity::Warning;
    f.subject = subjectOf(a);
    f.message = fmt::format("{} has a mailbox but no userPrincipalName", a.samAccountName);
    f.remediation = "Give the account a routable userPrincipalName before it is synced.";
    f.evidence.push_back(evidenceOf(snapshot, a));
    out.push_back(std::move(f));
  }""",
        fire="""  Snapshot s;
  AdAccount a = test::mailbox("anna", "3ab39606-c642-489b-84b6-58c038d3ef39");
  a.userPrincipalName.clear();
  classify(a);
  s.ad.accounts = {a};
  s.source(SourceKind::Ad).status = SourceStatus::Complete;""",
        quiet="""  Snapshot s;
  AdAccount a = test::mailbox("anna", "3ab39606-c642-489b-84b6-58c038d3ef39");
  a.userPrincipalName = "anna@corp.example.com";
  classify(a);
  s.ad.accounts = {a};
  s.source(SourceKind::Ad).status = SourceStatus::Complete;"""),
    "cloud": dict(
        finds="synced cloud users whose account is disabled in Entra ID (example rule: replace it)",
        rule="""  // Example rule (replace it): synced cloud users whose account is disabled.
  for (const CloudUser& u : snapshot.cloud.users) {
    if (!u.onPremisesSyncEnabled.value_or(false) || u.accountEnabled.value_or(true)) continue;
    Finding f;
    f.severity = Severity::Warning;
    addCloudSide(f.subject, u);
    f.message = fmt::format("synced cloud user {} ({}) is disabled", u.userPrincipalName, u.id);
    f.remediation = "Decide whether the user migrates; enable it or leave it out of the batch.";
    f.evidence.push_back(evidenceOf(u));
    out.push_back(std::move(f));
  }""",
        fire="""  Snapshot s;
  CloudUser u;
  u.id = "11111111-2222-4333-8444-555555555555";
  u.userPrincipalName = "anna@example.com";
  u.onPremisesSyncEnabled = true;
  u.accountEnabled = false;
  u.location = "users/page-001.json#/value/0";
  s.cloud.users = {u};
  s.source(SourceKind::Graph).status = SourceStatus::Complete;""",
        quiet="""  Snapshot s;
  CloudUser u;
  u.id = "11111111-2222-4333-8444-555555555555";
  u.userPrincipalName = "anna@example.com";
  u.onPremisesSyncEnabled = true;
  u.accountEnabled = true;
  u.location = "users/page-001.json#/value/0";
  s.cloud.users = {u};
  s.source(SourceKind::Graph).status = SourceStatus::Complete;"""),
    "sync": dict(
        finds="an AD Connect export without an AD connector (example rule: replace it)",
        rule="""  // Example rule (replace it): an export that syncs from no AD forest at all.
  if (!snapshot.sync) return; // Cloud Sync job schemas only
  const SyncConfig& sync = *snapshot.sync;
  for (const SyncConnector& c : sync.connectors)
    if (c.kind == SyncConnector::Kind::ActiveDirectory) return;
  Finding f;
  f.severity = Severity::Warning;
  f.subject.configItem = "connectors";
  f.subject.kind = "server";
  f.message = fmt::format("the export has {} connector(s), none of them an AD connector",
                          sync.connectors.size());
  f.remediation = "Export the configuration of the server that syncs the forest.";
  f.evidence.push_back({"adconnect", sync.origin, "no Connectors/ file of an AD connector"});
  out.push_back(std::move(f));""",
        fire="""  Snapshot s;
  s.sync = test::defaultExport("DC=corp,DC=example,DC=com", {"DC=corp,DC=example,DC=com"}, {});
  s.sync->connectors.erase(s.sync->connectors.begin()); // the AD connector""",
        quiet="""  Snapshot s;
  s.sync = test::defaultExport("DC=corp,DC=example,DC=com", {"DC=corp,DC=example,DC=com"}, {});"""),
}
examples["dir"] = examples["ad"] # directory readiness reads AD users as the ad group does
ex = examples[group]
os.makedirs(os.path.dirname(header), exist_ok=True)
open(header, "w").write(f"""#pragma once
#include "checks/Check.h"

namespace migready {{

// {check_id}: {title}.
// Documentation and rationale: kInfo in {cls}.cpp (`migready explain {check_id}`).
class {cls} final : public Check {{
public:
  const CheckInfo& info() const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
}};

}} // namespace migready
""")
open(source, "w").write(f"""#include "checks/{group}/{cls}.h"

#include "checks/support/CheckSupport.h"

#include <fmt/format.h>

namespace migready {{

static constexpr CheckInfo kInfo{{
    "{check_id}",
    "{name}",
    "{prefix}",
    "{title}",
    Severity::Warning,
    {{{need}}},
    R"(What it finds: {ex['finds']}.

Why it matters: say what goes wrong in the migration when this is left as it is.

Remediation: say what an administrator does about it; migready never does it.)",
    "warning",
    "{ex['finds']}"}};

const CheckInfo& {cls}::info() const {{
  return kInfo;
}}

void {cls}::run(const Snapshot& snapshot, FindingList& out) const {{
{ex['rule']}
}}

}} // namespace migready
""")
os.makedirs(os.path.dirname(test), exist_ok=True)
open(test, "w").write(f"""// {check_id} ({cls}): one case that must fire, one that must not.
#include "../TestSupport.h"
#include "checks/Check.h"

#include <catch2/catch.hpp>

using namespace migready;

namespace {{
FindingList run{check_id}(const Snapshot& s) {{
  const CheckList checks = makeAllChecks();
  const Check* c = findCheck(checks, "{check_id}");
  REQUIRE(c);
  FindingList out;
  c->run(s, out);
  return out;
}}
}} // namespace

TEST_CASE("{check_id} is in the catalog with its docs", "[checks][{check_id}]") {{
  const CheckList checks = makeAllChecks();
  const Check* c = findCheck(checks, "{name}");
  REQUIRE(c);
  CHECK(c->info().id == "{check_id}");
  CHECK(c->info().doc.size() > 100);
  CHECK(c->info().needs.size() == 1);
  CHECK(*c->info().needs.begin() == {need});
}}

TEST_CASE("{check_id} fires", "[checks][{check_id}]") {{
{ex['fire']}
  const FindingList f = run{check_id}(s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Warning);
  CHECK_FALSE(f[0].message.empty());
  CHECK_FALSE(f[0].evidence.empty());
}}

TEST_CASE("{check_id} stays quiet", "[checks][{check_id}]") {{
{ex['quiet']}
  CHECK(run{check_id}(s).empty());
}}
""")

# Registration: AllChecks.cpp in catalog order (AD, CLOUD, SYNC, DIR, then the number).
order = {"AD": 0, "CLOUD": 1, "SYNC": 2, "DIR": 3}
def key(cid):
    m = re.fullmatch(r"([A-Z]+)([0-9]+)", cid)
    return (order.get(m.group(1), 9), int(m.group(2)))
lines = catalog.split("\n")
adds = [i for i, l in enumerate(lines) if re.match(r"\s*add<\w+>\(list\);\s*//\s*[A-Z]+[0-9]+", l)]
if not adds:
    die("checks/AllChecks.cpp: no add<...>(list); // ID lines")
at = adds[-1] + 1
for i in adds:
    if key(re.search(r"//\s*([A-Z]+[0-9]+)", lines[i]).group(1)) > key(check_id):
        at = i
        break
lines.insert(at, f"  add<{cls}>(list); // {check_id}")
includes = [i for i, l in enumerate(lines) if l.startswith('#include "checks/')]
lines.insert(includes[-1] + 1, f'#include "checks/{group}/{cls}.h"')
open(all_checks, "w").write("\n".join(lines))

def add_to_list(cmake, anchor_re, entry):
    text = open(cmake).read()
    m = re.search(anchor_re, text, re.S)
    if not m:
        die(f"{os.path.relpath(cmake, root)}: cannot find where to add {entry}")
    end = m.end(1)
    text = text[:end] + f"\n  {entry}" + text[end:]
    open(cmake, "w").write(text)
add_to_list(os.path.join(root, "checks", "CMakeLists.txt"),
            r"add_library\(migready_checks STATIC(.*?)\)", f"{group}/{cls}.cpp")
add_to_list(os.path.join(root, "tests", "CMakeLists.txt"),
            r"add_executable\(migready_tests(.*?)\)", f"unit/checks/{cls}Test.cpp")
for path in (header, source, test):
    print("wrote", os.path.relpath(path, root))
print("registered in checks/AllChecks.cpp, checks/CMakeLists.txt and tests/CMakeLists.txt")
print(f"next: build, run `migready_tests \"[{check_id}]\"`, replace the example rule and words,")
print("then scripts/update-catalog.sh (the catalog test fails until the README and docs match)")
PY
if command -v clang-format >/dev/null; then
  cd "$ROOT" && clang-format -i checks/AllChecks.cpp checks/*/*.cpp checks/*/*.h tests/unit/checks/*.cpp
fi
