// What the reporters share: locations relative to the inputs, the findings counted in people
// (the affected users), and the executive summary's sentences.
#include "reporters/common/ReportText.h"

#include "reporters/common/AffectedUsers.h"
#include "reporters/common/InputLocations.h"

#include <catch2/catch.hpp>

using namespace migready;

namespace {
Finding finding(std::string check, Severity severity, std::string dn, std::string guid,
                std::string upn = {}) {
  Finding f;
  f.check = std::move(check);
  f.severity = severity;
  f.subject.dn = std::move(dn);
  f.subject.objectGuid = std::move(guid);
  f.subject.upn = std::move(upn);
  // Moved in, not assigned from literals: GCC 12 at -O3 warns (-Wrestrict) on the latter here.
  f.subject.kind = std::string("on_prem_mailbox");
  f.message = std::string("a message");
  return f;
}

std::string joined(const std::vector<std::string>& sentences) {
  std::string all;
  for (const auto& s : sentences) { // appended piecewise: GCC 12 -O3 -Wrestrict
    all += s;
    all += '|';
  }
  return all;
}
} // namespace

TEST_CASE("evidence locations are shown relative to the input given", "[reporters][text]") {
  const std::vector<InputRoot> roots{
      {"ADEXPORT", SourceKind::Ad, "/home/me/contoso", false, "ad", "contoso"},
      {"GRAPHSNAPSHOT", SourceKind::Graph, "/home/me/contoso/graph", false, "graph", "graph"},
      {"ADCONNECTEXPORT", SourceKind::Sync, "exports/adconnect/", false, "sync",
       "exports/adconnect"},
      {"WAIVERS", std::nullopt, "/home/me/contoso", false, "waivers", "contoso"}};
  const InputLocations where(roots);
  CHECK(where.shown({"ad", "/home/me/contoso/ad-users.ldf:62", "", 0}) == "ad-users.ldf:62");
  CHECK(where.inputOf({"ad", "/home/me/contoso/ad-users.ldf:62", "", 0}) == "ADEXPORT");
  // The deepest folder wins: the snapshot inside the export's folder.
  CHECK(where.shown({"graph", "/home/me/contoso/graph/deletedUsers/page-001.json#/value/0", "",
                     0}) == "deletedUsers/page-001.json#/value/0");
  CHECK(where.inputOf({"graph", "/home/me/contoso/graph/users/page-002.json#/value/3", "", 0}) ==
        "GRAPHSNAPSHOT");
  // A relative folder, "./" and a trailing slash as the user typed them.
  CHECK(where.shown({"adconnect", "./exports/adconnect/Connectors/C.xml:12", "", 0}) ==
        "Connectors/C.xml:12");
  // Two inputs in one folder: the one of the evidence's own source.
  CHECK(where.inputOf({"waivers", "/home/me/contoso/waivers.yaml:4", "", 0}) == "WAIVERS");
  // Not under any input (a rule's name, another machine's baseline): as it is.
  CHECK(where.shown({"adconnect", "rule In from AD - User Join", "", 0}) ==
        "rule In from AD - User Join");
  CHECK(where.inputOf({"adconnect", "rule In from AD - User Join", "", 0}).empty());
  CHECK(where.shown({"ad", "/elsewhere/users.ldf:3", "", 0}) == "/elsewhere/users.ldf:3");
  // A live read: the DN under the server.
  const InputLocations live(
      {{"ADSERVER", SourceKind::Ad, "ldaps://dc1", true, "dc", "ldaps://dc1"}});
  CHECK(live.shown({"ad", "CN=A/B,OU=X,DC=corp", "", 0}) == "CN=A/B,OU=X,DC=corp");
  CHECK(live.inputOf({"ad", "CN=A/B,OU=X,DC=corp", "", 0}) == "ADSERVER");
}

TEST_CASE("affected users: one row per user, worst first, with their checks and waves",
          "[reporters][users]") {
  Report r;
  r.waveLabels = {{}, {"W1", {0}}, {"(no wave)", {1}}};
  Finding a1 = finding("AD001", Severity::Blocker, "CN=Anna,OU=B,DC=x", "g-anna", "anna@x");
  a1.wave = 1;
  Finding a2 = finding("AD002", Severity::Warning, "CN=Anna,OU=B,DC=x", "g-anna");
  a2.wave = 1;
  Finding a3 = finding("AD001", Severity::Blocker, "CN=Anna,OU=B,DC=x", "g-anna"); // twice
  Finding b1 = finding("AD002", Severity::Warning, "CN=Bert,OU=C,DC=x", "g-bert");
  b1.wave = 2;
  Finding c1 = finding("AD001", Severity::Blocker, "CN=Carl,OU=C,DC=x", "g-carl");
  c1.waiver = 0; // accepted: Carl is blocked, and the gate does not count him
  Finding t;
  t.check = "SYNC001";
  t.severity = Severity::Blocker;
  t.subject.configItem = "rule {1}";
  t.subject.kind = "sync_rule"; // not a user
  Waiver w;
  r.waivers.push_back(w);
  for (const Finding& f : {b1, c1, a1, a2, a3, t})
    r.findings.push_back(f);
  const auto users = affectedUsers(r);
  REQUIRE(users.size() == 3);
  CHECK(users[0].subject.displayName.empty());
  CHECK(users[0].subject.upn == "anna@x");
  CHECK(users[0].worst == Severity::Blocker);
  CHECK(userStatus(users[0]) == "blocked");
  CHECK(users[0].checks == std::vector<std::string_view>{"AD001", "AD002"});
  CHECK(users[0].findings == 3);
  CHECK(users[0].wave == "W1");
  CHECK(gateStatus(users[0]) == "counted");
  // Carl: blocked as scanned, whatever the waiver; the gate does not count him.
  CHECK(users[1].subject.dn == "CN=Carl,OU=C,DC=x");
  CHECK(users[1].worst == Severity::Blocker);
  CHECK(!users[1].gateWorst);
  CHECK(userStatus(users[1]) == "blocked");
  CHECK(gateStatus(users[1]) == "waived");
  CHECK(users[1].waived == 1);
  CHECK(users[2].subject.dn == "CN=Bert,OU=C,DC=x");
  CHECK(userStatus(users[2]) == "warning");
  CHECK(users[2].wave == "(no wave)");
}

TEST_CASE("the executive summary: verdict, users and why, waves, next step and owner",
          "[reporters][text]") {
  Report r;
  r.readiness = Verdict::NotReady;
  r.gate.verdict = Verdict::NotReady;
  r.gate.reason = "2 user(s) blocked, 2 finding(s) at or above blocker";
  r.usersByKind = {{"on_prem_mailbox", 200}, {"none", 67}};
  r.users = {3, 2, 1, 0};
  r.checks.push_back({"AD001",
                      "Users whose msExchMailboxGuid would reach Entra ID",
                      "AD",
                      Severity::Blocker,
                      CheckStatus::Fail,
                      2,
                      "",
                      0,
                      "",
                      "",
                      {},
                      {},
                      0,
                      2,
                      false});
  r.findings.push_back(finding("AD001", Severity::Blocker, "CN=A,DC=x", "g1"));
  r.findings.push_back(finding("AD001", Severity::Blocker, "CN=B,DC=x", "g2"));
  r.plan.excludeAttribute = true;
  r.plan.containers = {"OU=B,DC=x"};
  r.plan.sourceStatus = {SourceStatus::Complete, SourceStatus::Complete, SourceStatus::Complete};
  Subject s;
  s.cloudId = "c1";
  r.plan.syncedUsers = {s, s};
  r.waves = {{"W1", 2, 0, 0, 0, 2, Verdict::Ready, Verdict::Ready},
             {"W2", 3, 1, 0, 0, 3, Verdict::NotReady, Verdict::NotReady},
             {"(no wave)", 262, 1, 0, 0, 0, Verdict::NotReady, Verdict::NotReady}};
  auto text = executiveSummary(r);
  CHECK(text.size() >= 3);
  CHECK(text.size() <= 5);
  CHECK(text[0] == "The mailbox migration cannot start yet: 2 of the 267 on-premises users "
                   "scanned are blocked.");
  CHECK_THAT(text[1], Catch::Contains("Users whose msExchMailboxGuid would reach Entra ID (2 "
                                      "users, AD001)"));
  CHECK(text[2] == "Of the 2 migration wave(s), 1 is ready (W1); not yet: W2.");
  CHECK_THAT(text[3], Catch::StartsWith("Next step") &&
                          Catch::Contains("the AD Connect administrator keeps msExchMailboxGuid "
                                          "out of the sync") &&
                          Catch::Contains("the Entra ID administrator permanently deletes the 2 "
                                          "users"));
  CHECK(text.size() == 4); // no gate option given, and the gate agrees: no sentence of its own

  SECTION("the gate passes while users are blocked: the tenant is still described as scanned") {
    r.gate.verdict = Verdict::Ready;
    r.gate.newOnly = true;
    r.gate.reason = "no new finding at or above blocker (new findings only: 2 already in the "
                    "baseline not counted); every source in scope is complete";
    r.baseline = BaselineSummary{"last.json", "2026-11-01T00:00:00Z", 0, 2, {}};
    r.users.blockedWaived = 1;
    text = executiveSummary(r);
    CHECK(text[0] == "The mailbox migration cannot start yet: 2 of the 267 on-premises users "
                     "scanned are blocked (1 of them only by findings that waivers accept).");
    CHECK_THAT(joined(text), !Catch::Contains("nothing in what was scanned blocks it"));
    CHECK(text.back() == "Gate decision (fails at blocker; new findings only, against the "
                         "baseline last.json): READY, exit code 0: no new finding at or above "
                         "blocker (new findings only: 2 already in the baseline not counted); "
                         "every source in scope is complete.");
  }
  SECTION("incomplete data: what is missing, and no user called ready") {
    r.readiness = Verdict::Incomplete;
    r.incomplete = {"the graph source is partial: a page is missing"};
    r.waves[0].readiness = Verdict::Incomplete;
    r.waves[1].readiness = Verdict::Incomplete;
    text = executiveSummary(r);
    CHECK_THAT(joined(text), Catch::Contains("could not be read: the graph source is partial") &&
                                 Catch::Contains("no user can be called ready") &&
                                 Catch::Contains("cannot be decided until the missing data is "
                                                 "read: W1, W2"));
  }
  SECTION("a plan made without Entra ID says so") {
    r.plan.sourceStatus[1] = SourceStatus::NotProvided;
    text = executiveSummary(r);
    CHECK_THAT(joined(text), Catch::Contains("is not known until Entra ID is read"));
  }

  Report ready;
  ready.readiness = Verdict::Ready;
  ready.gate.verdict = Verdict::Ready;
  ready.users.warned = 1;
  text = executiveSummary(ready);
  CHECK_THAT(joined(text),
             Catch::Contains("can start") && Catch::Contains("though 1 user has warnings"));
}

TEST_CASE("paths the user gave are shown without this machine's folders", "[reporters][text]") {
  CHECK(displayPath("samples/contoso/ad-users.ldf", "/work/p") == "samples/contoso/ad-users.ldf");
  CHECK(displayPath("./samples//contoso/graph/", "/work/p") == "samples/contoso/graph");
  CHECK(displayPath("/work/p/samples/graph", "/work/p") == "samples/graph");
  CHECK(displayPath("/home/consultant/contoso/graph", "/work/p") == "graph");
  CHECK(displayPath("../exports/ad.ldf", "/work/p") == "ad.ldf");
  CHECK(displayPath("/home/consultant/exports/", "/work/p") == "exports");
  CHECK(displayPath("/work/p", "/work/p") == ".");
  CHECK(displayPath("/home/c/x.ldf", "") == "x.ldf");
  CHECK(displayPath("rel/x.ldf", "") == "rel/x.ldf");
  Report r;
  r.shownPaths = {{"/home/consultant/contoso/graph", "graph"},
                  {"/home/consultant/w.yaml", "w.yaml"}};
  CHECK(r.shownText("the graph source is partial: /home/consultant/contoso/graph/users/"
                    "page-002.json has @odata.nextLink; see /home/consultant/w.yaml:4") ==
        "the graph source is partial: graph/users/page-002.json has @odata.nextLink; see "
        "w.yaml:4");
  CHECK(r.shownPath("/home/consultant/w.yaml") == "w.yaml");
  CHECK(r.shownPath("/elsewhere/b.json") == "b.json");
}
