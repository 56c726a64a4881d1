// Writes one fixed Report in every format, for the reporter tests and the HTML benchmark:
//   write_reports OUTDIR [--hostile] [--findings N]
// The clock and version are fixed, so the output can be compared with golden files.
// --hostile puts strings from a hostile directory everywhere a directory string can go.
// --findings N adds N generated AD001-style findings (bench/html_report.sh uses 100,000).
#include "reporters/Reporter.h"
#include "reporters/plan/RemediationPackage.h"
#include "scanner/cli/Flags.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <string>

using namespace migready;

namespace {
// Markup, script breakers, quotes, control characters, invalid UTF-8, formula starters.
const std::string kHostile =
    std::string("=HYPERLINK(\"http://x\")</script><script>window.__xss=2</script>"
                "<img src=x onerror=\"window.__xss=1\">'\"&amp;\x01\x02\x1b\x7f ]]> | `code` "
                "[l](http://x) ") +
    "\xff\xfe\xc3(\xed\xa0\x80 \xef\xbf\xbf" + std::string("\r\n\ttab") +
    // PowerShell: every single-quote form, a subexpression, a backtick, a line separator.
    " '\xe2\x80\x98\xe2\x80\x99\xe2\x80\x9a\xe2\x80\x9b$(Remove-Item -Recurse C:\\) `n "
    "\xe2\x80\xa8# ";

Finding finding(std::string check, Severity severity, std::string name, std::string dn,
                std::string upn, std::string cloudId, std::string kind, std::string location,
                PlanStep step) {
  Finding f;
  f.check = std::move(check);
  f.severity = severity;
  f.subject.displayName = name;
  f.subject.dn = std::move(dn);
  f.subject.upn = std::move(upn);
  f.subject.cloudId = std::move(cloudId);
  f.subject.kind = std::move(kind);
  f.message =
      fmt::format("{} carries msExchMailboxGuid 8c4ac332-975f-4717-ad7b-ba4a4e968fff", name);
  f.remediation = "Exclude msExchMailboxGuid from the export.";
  f.evidence.push_back(
      {"ad", std::move(location), "msExchRecipientTypeDetails=1; kind=on_prem_mailbox"});
  f.fingerprint = fingerprintOf(f.check, f.subject);
  f.planStep = step;
  return f;
}

Report fixedReport(bool hostile, std::size_t extra) {
  const std::string h = hostile ? kHostile : std::string();
  Report r;
  r.toolVersion = "9.9.9";
  r.generatedAt = "2026-11-27T00:00:00Z";
  r.readiness = Verdict::NotReady;
  r.readinessReason = "3 user(s) blocked, 3 blocker finding(s); 1 of these user(s) blocked by "
                      "accepted exceptions (waived findings) only; also incomplete: the graph "
                      "source is partial" +
                      h;
  r.incomplete = {"the graph source is partial: 2 user(s); incomplete" + h};
  r.gate.verdict = Verdict::NotReady;
  r.gate.reason =
      "3 finding(s) at or above blocker; also incomplete: the graph source is partial" + h;
  r.gate.failOn = Severity::Blocker;
  r.gate.counted = 2 + extra;
  r.gate.users = 2 + extra;
  r.gate.leftOutWaived = 1;
  r.scope = {SourceKind::Ad, SourceKind::Graph};
  r.sources[0] = {SourceStatus::Complete, 3, "users.ldf", "3 user(s) of 5 entries" + h, {}};
  r.sources[1] = {
      SourceStatus::Partial,
      2,
      "graph",
      "2 user(s); incomplete: users/page-002.json has @odata.nextLink",
      {"graph/users/page-002.json has @odata.nextLink but no later page was saved" + h}};
  auto check = [](std::string id, std::string group, Severity sev, CheckStatus status,
                  std::size_t n, std::string reason, std::optional<Severity> worst) {
    CheckResult c;
    c.id = id;
    c.name = "name-of-" + id;
    c.title = "Title of " + id;
    c.group = std::move(group);
    c.severity = sev;
    c.status = status;
    c.findings = n;
    c.reason = std::move(reason);
    c.seconds = 0.0125;
    c.doc = "What " + id + " finds.\n\nWhy it matters.";
    c.worst = worst;
    c.gateWorst = worst;
    return c;
  };
  r.checks = {
      check("AD001", "AD", Severity::Blocker, CheckStatus::Fail, 2 + extra, "", Severity::Blocker),
      check("AD003", "AD", Severity::Warning, CheckStatus::NotRun, 0,
            "needs adconnect (--adconnect-export), not given", {}),
      check("AD004", "AD", Severity::Info, CheckStatus::Pass, 1, "", Severity::Info),
      check("CLOUD002", "CLOUD", Severity::Blocker, CheckStatus::Fail, 2,
            "ran on partial data from graph", Severity::Blocker),
      check("CLOUD003", "CLOUD", Severity::Warning, CheckStatus::Error, 0, "boom" + h, {})};
  r.findings.push_back(finding(
      "AD001", Severity::Blocker, "Jane Doe" + h, "CN=Jane Doe" + h + ",OU=Staff,DC=contoso,DC=com",
      "jdoe@contoso.com", "", "on_prem_mailbox", "users.ldf:12", PlanStep::ExcludeAttribute));
  r.findings.push_back(finding("AD001", Severity::Blocker, "Zoë Brontë",
                               "CN=Zoë Brontë,OU=Sales,DC=contoso,DC=com", "zbronte@contoso.com",
                               "", "leftover_exchange_attributes", "users.ldf:40",
                               PlanStep::ExcludeAttribute));
  for (std::size_t i = 0; i < extra; ++i)
    r.findings.push_back(finding(
        "AD001", Severity::Blocker, fmt::format("User {:07}", i),
        fmt::format("CN=User {:07},OU=Dept{:02},OU=Staff,DC=corp,DC=contoso,DC=com", i, i % 50),
        fmt::format("user{:07}@contoso.com", i), "", "on_prem_mailbox",
        fmt::format("users.ldf:{}", 2 + 21 * i), PlanStep::ExcludeAttribute));
  r.findings.push_back(finding("AD004", Severity::Info, "Remote Rob",
                               "CN=Remote Rob,OU=Hybrid,DC=contoso,DC=com", "rrob@contoso.com", "",
                               "remote_mailbox", "users.ldf:70", PlanStep::None));
  r.findings.push_back(finding(
      "CLOUD002", Severity::Blocker, "Greta Schmidt", "CN=Greta Schmidt,OU=Staff,DC=contoso,DC=com",
      "gschmidt@contoso.com", "62e3bd76-cf13-438d-9dd6-ac420832ddfc", "on_prem_mailbox",
      "graph/deletedUsers/page-001.json#/value/0", PlanStep::PurgeDeletedUser));
  r.findings.push_back(finding("CLOUD002", Severity::Warning, h + "Temp Worker", "",
                               "5f0e1d2cx@contoso.com" + h, "5f0e1d2c-0000-4000-8000-000000000009",
                               "deleted_user", "graph/deletedUsers/page-001.json#/value/2",
                               PlanStep::PurgeDeletedUser));
  r.facts = {{"Tenant", "Contoso Ltd" + h}, {"Source anchor", "objectGUID"}};
  r.inputs = {
      {"ADEXPORT", SourceKind::Ad, "", false, "the folder of the on-premises AD export", ""},
      {"GRAPHSNAPSHOT", SourceKind::Graph, "graph", false, "the saved Graph snapshot" + h,
       "graph"}};
  r.usersByKind = {{"on_prem_mailbox", 2}, {"remote_mailbox", 1}, {"none", 2}};
  r.plan.excludeAttribute = true;
  r.plan.rules = {"Out to AAD - User ExchangeOnline" + h};
  r.plan.containers = {"OU=Staff,DC=contoso,DC=com"};
  r.plan.syncedUsers = {r.findings[0].subject};
  r.plan.syncedUsers[0].cloudId = "3f2e1d0c-0000-4000-8000-000000000001";
  r.plan.deletedUsers = {r.findings[r.findings.size() - 2].subject, r.findings.back().subject};
  if (hostile) { // an object id that is not a GUID must never become a command
    Subject odd = r.plan.syncedUsers[0];
    odd.cloudId = "x'; Remove-Item -Recurse C:\\ #" + h;
    r.plan.syncedUsers.push_back(odd);
  }
  // Zoë is protected by a waiver: listed apart, never an action.
  Subject zoe = r.findings[1].subject;
  zoe.cloudId = "3f2e1d0c-0000-4000-8000-000000000002";
  zoe.displayName += h;
  r.plan.keptByWaiver = {{zoe, PlanStep::RemoveSyncedUser, 0, {"CLOUD005"}}};
  r.plan.containerUsers = {{r.plan.containers[0], r.plan.syncedUsers[0], true, -1},
                           {r.plan.containers[0], r.findings[2].subject, false, -1},
                           {r.plan.containers[0], zoe, true, 0}};
  r.plan.sourceStatus = {SourceStatus::Complete, SourceStatus::Partial, SourceStatus::NotProvided};
  r.plan.freePrecedence = 99;
  // The gate: Zoë's finding is an accepted exception; a baseline knew every finding but the
  // deleted temp worker's, and one that is gone since.
  Waiver w;
  w.checks = {"AD001"};
  w.dn = "OU=Sales,DC=contoso,DC=com";
  w.reason = "Sales migrates with the next wave" + h;
  w.owner = "Legal & Compliance <legal@contoso.com>" + h;
  w.expires = "2027-03-31";
  w.ticket = "MIG-42" + h;
  w.file = "waivers.yaml";
  w.line = 2;
  r.waiverFile = "waivers.yaml";
  r.waivers = {w};
  r.waiverUse = {1};
  r.findings[1].waiver = 0;
  r.waived = 1;
  r.checks[0].waived = 1;
  BaselineSummary baseline;
  baseline.file = "last-week.json";
  baseline.generatedAt = "2026-11-20T08:00:00Z";
  for (Finding& f : r.findings) {
    f.baseline = &f == &r.findings.back() ? BaselineState::New : BaselineState::Unchanged;
    ++(f.baseline == BaselineState::New ? baseline.newFindings : baseline.unchanged);
  }
  baseline.resolved.push_back(finding(
      "AD001", Severity::Blocker, "Gone Gary" + h, "CN=Gone Gary,OU=Staff,DC=contoso,DC=com",
      "ggary@contoso.com", "", "on_prem_mailbox", "users.ldf:90", PlanStep::ExcludeAttribute));
  r.baseline = std::move(baseline);
  r.users = {5 + extra, 3 + extra, 1, 1}; // Zoë is blocked by a waived finding only
  r.checks[0].users = 2 + extra;
  r.checks[2].users = 1;
  r.checks[3].users = 2;
  r.countFindings();
  return r;
}
} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: write_reports OUTDIR [--hostile] [--findings N]\n";
    return 2;
  }
  bool hostile = false;
  std::size_t extra = 0;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--hostile")
      hostile = true;
    else if (a == "--findings" && i + 1 < argc)
      extra = std::stoul(argv[++i]);
  }
  migready::useFlagNames(); // the reports say what the command line would
  const std::filesystem::path dir(argv[1]);
  std::filesystem::create_directories(dir);
  const Report report = fixedReport(hostile, extra);
  const std::pair<const char*, const char*> outputs[] = {
      {"json", "report.json"},    {"html", "report.html"},   {"junit", "report.xml"},
      {"sarif", "report.sarif"},  {"csv", "report.csv"},     {"md", "report.md"},
      {"users-csv", "users.csv"}, {"waves-csv", "waves.csv"}};
  for (const auto& [format, file] : outputs) {
    std::ofstream out(dir / file, std::ios::binary);
    makeReporter(format)->write(report, out);
    if (!out) return 1;
  }
  std::filesystem::create_directories(dir / "plan");
  for (const PackageFile& f : remediationPackage(report)) {
    std::ofstream out(dir / "plan" / f.name, std::ios::binary);
    out << f.content;
    if (!out) return 1;
  }
  return 0;
}
