#include "scanner/scan/Scan.h"

#include "TestSupport.h"

#include <catch2/catch.hpp>

using namespace migready;

namespace {
constexpr const char* kG1 = "3ab39606-c642-489b-84b6-58c038d3ef39";

Snapshot adOnly(std::vector<AdAccount> accounts, SourceStatus status = SourceStatus::Complete) {
  Snapshot s;
  for (auto& a : accounts)
    classify(a);
  s.ad.accounts.assign(accounts.begin(), accounts.end());
  s.source(SourceKind::Ad).status = status;
  s.source(SourceKind::Ad).detail = "test";
  return s;
}

ScanOptions scope(std::vector<SourceKind> kinds, Severity failOn = Severity::Blocker) {
  ScanOptions o;
  o.scope = std::move(kinds);
  o.failOn = failOn;
  o.generatedAt = "2026-11-27T00:00:00Z";
  return o;
}

const CheckResult& resultOf(const Report& r, std::string_view id) {
  for (const auto& c : r.checks)
    if (c.id == id) return c;
  FAIL("no result for " << id);
  throw std::logic_error("unreachable");
}
} // namespace

TEST_CASE("a blocker makes the verdict NOT_READY (exit 1)", "[scan][verdict]") {
  const CheckList checks = makeAllChecks();
  const Report r = evaluate(adOnly({test::mailbox("a", kG1)}), checks, scope({SourceKind::Ad}));
  CHECK(r.gate.verdict == Verdict::NotReady);
  CHECK(exitCodeOf(r.gate.verdict) == 1);
  CHECK(r.gate.reason == "1 user(s) blocked, 1 finding(s) at or above blocker");
  CHECK(resultOf(r, "AD001").status == CheckStatus::Fail);
  CHECK(resultOf(r, "CLOUD001").status == CheckStatus::NotRun);
  CHECK(resultOf(r, "CLOUD001").reason == "needs graph (--graph-snapshot or --tenant), not given");
  CHECK(resultOf(r, "AD003").reason ==
        "needs sync (--adconnect-export or --cloud-sync-schema), not given");
}

TEST_CASE("clean, complete data in scope is READY (exit 0)", "[scan][verdict]") {
  const CheckList checks = makeAllChecks();
  const Report r =
      evaluate(adOnly({test::user("plain"), test::mailbox("remote", kG1, 2147483648LL)}), checks,
               scope({SourceKind::Ad}));
  CHECK(r.gate.verdict == Verdict::Ready);
  CHECK(exitCodeOf(r.gate.verdict) == 0);
  CHECK(resultOf(r, "AD004").status == CheckStatus::Pass); // info findings do not fail a check
  CHECK(resultOf(r, "AD004").findings == 1);
}

TEST_CASE("never READY on missing, partial or failed data (exit 3)", "[scan][verdict]") {
  const CheckList checks = makeAllChecks();
  // A source in --scope that was not given.
  Report r =
      evaluate(adOnly({test::user("plain")}), checks, scope({SourceKind::Ad, SourceKind::Graph}));
  CHECK(r.gate.verdict == Verdict::Incomplete);
  CHECK(exitCodeOf(r.gate.verdict) == 3);
  CHECK_THAT(r.gate.reason, Catch::Contains("Entra ID (graph) is in scope but was not given"));
  // A failed or partial source, even outside --scope.
  for (SourceStatus bad : {SourceStatus::Failed, SourceStatus::Partial}) {
    r = evaluate(adOnly({test::user("plain")}, bad), checks, scope({SourceKind::Ad}));
    CHECK(r.gate.verdict == Verdict::Incomplete);
    CHECK_THAT(r.gate.reason, Catch::StartsWith("Active Directory was "));
  }
  // A partial source: its checks run on what was read. A failed one: they do not run (never
  // "pass" on data they did not get).
  r = evaluate(adOnly({test::user("plain")}, SourceStatus::Partial), checks,
               scope({SourceKind::Ad}));
  CHECK(resultOf(r, "AD001").status == CheckStatus::Pass);
  CHECK_THAT(resultOf(r, "AD001").reason, Catch::StartsWith("ran on partial data"));
  r = evaluate(adOnly({test::user("plain")}, SourceStatus::Failed), checks,
               scope({SourceKind::Ad}));
  CHECK(resultOf(r, "AD001").status == CheckStatus::NotRun);
  CHECK(resultOf(r, "AD001").reason == "needs the ad source, which failed");
  Snapshot graphFailed = adOnly({test::user("plain")});
  graphFailed.source(SourceKind::Graph).status = SourceStatus::Failed;
  r = evaluate(graphFailed, checks, scope({SourceKind::Ad}));
  CHECK(r.gate.verdict == Verdict::Incomplete);
  // A blocker in partial data still wins: what was read already proves the tenant is not ready.
  r = evaluate(adOnly({test::mailbox("a", kG1)}, SourceStatus::Partial), checks,
               scope({SourceKind::Ad}));
  CHECK(r.gate.verdict == Verdict::NotReady);
  CHECK_THAT(r.gate.reason, Catch::Contains("also incomplete"));
}

TEST_CASE("a lower fail-on severity lowers the bar", "[scan][verdict]") {
  const CheckList checks = makeAllChecks();
  AdAccount leftoverOut = test::user("x");
  leftoverOut.mailboxGuid = test::guidOf(kG1);
  leftoverOut.isCriticalSystemObject = true; // out of scope: nothing
  const Snapshot s = adOnly({test::mailbox("remote", kG1, 2147483648LL), leftoverOut});
  CHECK(evaluate(s, checks, scope({SourceKind::Ad}, Severity::Warning)).gate.verdict ==
        Verdict::Ready);
  CHECK(evaluate(s, checks, scope({SourceKind::Ad}, Severity::Info)).gate.verdict ==
        Verdict::NotReady);
}

TEST_CASE("a check that throws is an error and the verdict INCOMPLETE", "[scan][verdict]") {
  struct Throwing final : Check {
    const CheckInfo& info() const override {
      static constexpr CheckInfo i{"T001",   "throws",          "AD",
                                   "throws", Severity::Blocker, {SourceKind::Ad},
                                   "doc",    "blocker",         "nothing"};
      return i;
    }
    void run(const Snapshot&, FindingList&) const override { throw std::runtime_error("boom"); }
  };
  // Something that is no std::exception, on one of the runner's threads.
  struct ThrowingAnything final : Check {
    const CheckInfo& info() const override {
      static constexpr CheckInfo i{"T002",   "throws-int",      "AD",
                                   "throws", Severity::Blocker, {SourceKind::Ad},
                                   "doc",    "blocker",         "nothing"};
      return i;
    }
    void run(const Snapshot&, FindingList&) const override { throw 7; }
  };
  CheckList checks;
  checks.push_back(std::make_unique<const Throwing>());
  checks.push_back(std::make_unique<const ThrowingAnything>());
  const Report r = evaluate(adOnly({test::user("plain")}), checks, scope({SourceKind::Ad}));
  CHECK(r.checks.at(0).status == CheckStatus::Error);
  CHECK(r.checks.at(0).reason == "boom");
  CHECK(r.checks.at(1).status == CheckStatus::Error);
  CHECK(r.checks.at(1).reason == "an error of an unknown kind");
  CHECK(r.gate.verdict == Verdict::Incomplete);
}

TEST_CASE("findings keep the source order and fingerprints are stable", "[scan]") {
  const CheckList checks = makeAllChecks();
  AdAccount b = test::mailbox("b", kG1), a = test::mailbox("a", kG1);
  b.objectGuid = test::guidOf("11111111-2222-3333-4444-555555555555");
  const Report r1 = evaluate(adOnly({b, a}), checks, scope({SourceKind::Ad}));
  const Report r2 = evaluate(adOnly({a, b}), checks, scope({SourceKind::Ad}));
  REQUIRE(r1.findings.size() == 2);
  // Within a check and severity, findings keep the order of the source (the export's entries).
  CHECK(r1.findings[0].subject.dn == b.dn);
  CHECK(r2.findings[0].subject.dn == a.dn);
  CHECK(evaluate(adOnly({b, a}), checks, scope({SourceKind::Ad})).findings[0].fingerprint ==
        r1.findings[0].fingerprint);
  // The fingerprint belongs to the object, whatever its position.
  CHECK(r1.findings[0].fingerprint == r2.findings[1].fingerprint);
  CHECK(r1.findings[1].fingerprint == r2.findings[0].fingerprint);
  for (const Finding& f : r1.findings) {
    CHECK(f.fingerprint.size() == 32);
    CHECK(f.check == "AD001");
  }
  CHECK(r1.findings[0].fingerprint != r1.findings[1].fingerprint);
  // The fingerprint follows the object, not its name: a renamed DN keeps it when the GUID is known.
  AdAccount renamed = b;
  renamed.dn = "CN=renamed,OU=Elsewhere,DC=x";
  const Report r3 = evaluate(adOnly({renamed}), checks, scope({SourceKind::Ad}));
  CHECK(r3.findings[0].fingerprint == r1.findings[0].fingerprint);
}

TEST_CASE("loadSnapshot reads the sample tenant and joins it", "[scan][samples]") {
  ScanRequest in;
  in.ad = LdifExports{{MIGREADY_FIXTURES "/../../samples/contoso/ad-users.ldf"}};
  in.cloud = GraphSnapshotFolder{MIGREADY_FIXTURES "/../../samples/contoso/graph"};
  const Snapshot s = loadSnapshot(in);
  CHECK(s.source(SourceKind::Ad).status == SourceStatus::Complete);
  CHECK(s.source(SourceKind::Graph).status == SourceStatus::Complete);
  CHECK(s.source(SourceKind::Sync).status == SourceStatus::NotProvided);
  std::size_t joined = 0;
  for (const auto& u : s.cloud.users)
    joined += u.join.joined();
  CHECK(joined > 150);
}

TEST_CASE("a reader that throws what it should not fails its source; the scan goes on", "[scan]") {
  ScanRequest in;
  in.ad = LdifExports{{MIGREADY_FIXTURES "/../../samples/contoso/ad-users.ldf"}};
  in.cloud = GraphSnapshotFolder{"unused"};
  in.adConnect = AdConnectExportFolder{"unused"};
  SourceReaders readers = realReaders();
  // On the second thread (Entra ID) a standard exception, on the AD Connect step one of no known
  // kind: before, either ended the process (std::terminate).
  readers.graphSnapshot = [](const GraphSnapshotFolder&, CloudDirectory&) -> SourceState {
    throw std::bad_alloc();
  };
  readers.adConnect = [](const AdConnectExportFolder&, SyncConfig&) -> SourceState { throw 42; };
  const Snapshot s = loadSnapshot(in, readers);
  CHECK(s.source(SourceKind::Ad).status == SourceStatus::Complete);
  const SourceState& graph = s.source(SourceKind::Graph);
  CHECK(graph.status == SourceStatus::Failed);
  CHECK_THAT(graph.detail, Catch::Contains("reading the Entra ID source stopped on an error it did "
                                           "not foresee: std::bad_alloc"));
  CHECK(graph.errors.size() == 1);
  CHECK(s.source(SourceKind::Sync).status == SourceStatus::Failed);
  CHECK_THAT(s.source(SourceKind::Sync).detail, Catch::Contains("an error of an unknown kind"));
  CHECK_FALSE(s.sync);
  // The verdict cannot be READY, and the checks that need the failed sources do not run.
  const Report r = evaluate(s, makeAllChecks(), ScanOptions{});
  CHECK(r.gate.verdict != Verdict::Ready);
  for (const CheckResult& c : r.checks)
    if (c.id.starts_with("CLOUD") || c.id.starts_with("SYNC"))
      CHECK(c.status == CheckStatus::NotRun);
}

TEST_CASE("the request is checked before anything is read", "[scan]") {
  ScanRequest in;
  CHECK(in.empty());
  GraphTenant tenant;
  tenant.options.endpoints.login = "http://login.example/";
  tenant.options.endpoints.graph = "https://graph.example//";
  tenant.options.endpoints.exchange = "https://user:secret@outlook.example";
  in.cloud = tenant;
  CHECK_FALSE(in.empty());
  const auto problems = prepare(in);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "--login-url http://login.example: an https:// URL");
  CHECK(std::get<GraphTenant>(in.cloud).options.endpoints.graph == "https://graph.example");
}
