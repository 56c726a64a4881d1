#include "TestSupport.h"
#include "checks/Check.h"
#include "checks/support/CheckSupport.h"

#include <catch2/catch.hpp>

using namespace migready;
using test::mailbox;
using test::runCheck;
using test::user;

namespace {
constexpr const char* kG1 = "3ab39606-c642-489b-84b6-58c038d3ef39";
constexpr const char* kG2 = "8c4ac332-975f-4717-ad7b-ba4a4e968fff";

Snapshot withAccounts(std::vector<AdAccount> accounts) {
  Snapshot s;
  for (auto& a : accounts)
    classify(a);
  s.ad.accounts.assign(accounts.begin(), accounts.end());
  s.ad.origin = "users.ldf";
  s.source(SourceKind::Ad).status = SourceStatus::Complete;
  return s;
}

CloudUser cloudJoinedTo(std::uint32_t account, std::string id) {
  CloudUser u;
  u.id = std::move(id);
  u.userPrincipalName = u.id + "@example.com";
  u.onPremisesSyncEnabled = true;
  u.onPremisesImmutableId = "x";
  u.location = "users/page-001.json#/value/0";
  u.join = {account, JoinKey::ImmutableIdFromObjectGuid};
  return u;
}
} // namespace

TEST_CASE("the catalog has every check once, with docs", "[checks]") {
  const CheckList checks = makeAllChecks();
  std::vector<std::string_view> ids;
  for (const auto& c : checks) {
    ids.push_back(c->info().id);
    CHECK(c->info().doc.size() > 100);
    CHECK_FALSE(c->info().title.empty());
    // Every check reads a source, but the gate's own (they read the waiver file).
    CHECK((c->info().needs.size() > 0) != (c->info().group == "GATE"));
  }
  CHECK(ids == std::vector<std::string_view>{
                   "AD001",    "AD002",    "AD003",    "AD004",   "CLOUD001", "CLOUD002",
                   "CLOUD003", "CLOUD004", "CLOUD005", "SYNC001", "SYNC002",  "SYNC003",
                   "SYNC004",  "SYNC005",  "DIR001",   "DIR002",  "DIR003",   "WAVE001",
                   "WAVE002",  "WAVE003",  "WAVE004",  "GATE001", "GATE002"});
  CHECK(findCheck(checks, "ad001") == checks[0].get());
  CHECK(findCheck(checks, "mailbox-guid-not-remote") == checks[0].get());
  CHECK(findCheck(checks, "AD999") == nullptr);
}

TEST_CASE("AD001 flags in-scope users whose GUID is not a remote mailbox's", "[checks][AD001]") {
  AdAccount onPrem = mailbox("onprem", kG1);
  onPrem.homeMdb = 1;
  AdAccount remote = mailbox("remote", kG1, 2147483648LL);
  AdAccount leftover = user("leftover");
  leftover.mailboxGuid = test::guidOf(kG2);
  AdAccount meu = mailbox("meu", kG2, 128);
  AdAccount plain = user("plain");
  AdAccount system = mailbox("SM_1", kG1, 8388608);
  AdAccount critical = mailbox("krb", kG1);
  critical.isCriticalSystemObject = true;
  Snapshot s = withAccounts({onPrem, remote, leftover, meu, plain, system, critical});
  s.ad.setHomeMdb(s.ad.accounts[0], "CN=DB01,CN=Databases,DC=x");
  const auto f = runCheck("AD001", s);
  REQUIRE(f.size() == 3);
  CHECK(f[0].subject.dn == onPrem.dn);
  CHECK(f[0].severity == Severity::Blocker);
  CHECK(f[0].subject.kind == "on_prem_mailbox");
  CHECK(f[0].subject.objectGuid.empty());
  CHECK_THAT(f[0].message, Catch::Contains(kG1));
  CHECK_THAT(f[0].remediation.str(), Catch::Contains("msExchMailboxGuid"));
  REQUIRE(f[0].evidence.size() == 1);
  CHECK(f[0].evidence[0].source == "ad");
  CHECK(f[0].evidence[0].location == "users.ldf:1");
  CHECK_THAT(f[0].evidence[0].detail, Catch::Contains("database=DB01"));
  CHECK(f[1].subject.kind == "leftover_exchange_attributes");
  CHECK(f[2].subject.kind == "mail_user");
}

TEST_CASE("AD001 follows the export: scope and flow per user", "[checks][AD001][scope]") {
  AdAccount in = mailbox("in", kG1);
  in.dn = "CN=in,OU=Staff,OU=Corp,DC=x";
  AdAccount out = mailbox("out", kG1);
  out.dn = "CN=out,OU=London,OU=Corp,DC=x";
  AdAccount excludedChild = mailbox("excl", kG1);
  excludedChild.dn = "CN=excl,OU=Old,OU=Staff,OU=Corp,DC=x";
  AdAccount otherDomain = mailbox("other", kG1);
  otherDomain.dn = "CN=other,DC=elsewhere";
  Snapshot s = withAccounts({in, out, excludedChild, otherDomain});
  s.sync = test::defaultExport("DC=x", {"OU=Corp,DC=x"},
                               {"OU=London,OU=Corp,DC=x", "ou=old, ou=staff,OU=Corp,DC=x"});
  auto f = runCheck("AD001", s);
  REQUIRE(f.size() == 2);
  CHECK(f[0].subject.dn == in.dn);
  CHECK(f[0].severity == Severity::Blocker);
  CHECK_THAT(f[0].message, Catch::Contains("it reaches Entra ID: inbound rule \"In from AD - User "
                                           "Exchange\" (precedence 108) puts it in the metaverse, "
                                           "and outbound rule \"Out to AAD - User ExchangeOnline\" "
                                           "(precedence 125) exports it"));
  REQUIRE(f[0].evidence.size() == 2);
  CHECK(f[0].evidence[1].source == "adconnect");
  CHECK_THAT(f[0].evidence[1].location, Catch::Contains("SynchronizationRule_{8d26623c"));
  // A domain the export does not know: never assumed safe.
  CHECK(f[1].subject.dn == otherDomain.dn);
  CHECK(f[1].severity == Severity::Blocker);
  CHECK_THAT(f[1].message, Catch::Contains("unknown"));

  // The usual fix: an AuthoritativeNull rule with a lower precedence number.
  test::addRule(*s.sync, test::nullRule(90));
  f = runCheck("AD001", s);
  REQUIRE(f.size() == 2);
  CHECK(f[0].severity == Severity::Info);
  CHECK_THAT(f[0].message, Catch::Contains("does not reach Entra ID: outbound rule \"Out to AAD - "
                                           "No msExchMailboxGuid\" (precedence 90) sets it to "
                                           "AuthoritativeNull"));
  CHECK(f[1].severity == Severity::Blocker);
}

TEST_CASE("AD002 lists leftovers only", "[checks][AD002]") {
  AdAccount leftover = user("leftover");
  leftover.mailboxGuid = test::guidOf(kG2);
  AdAccount onPrem = mailbox("onprem", kG1);
  Snapshot s = withAccounts({leftover, onPrem});
  const auto f = runCheck("AD002", s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Warning);
  CHECK(f[0].subject.dn == leftover.dn);
}

TEST_CASE("AD003 finds mailboxes outside the synced containers", "[checks][AD003]") {
  AdAccount in = mailbox("in", kG1);
  in.dn = "CN=in,OU=Corp,DC=x";
  AdAccount out = mailbox("out", kG1);
  out.dn = "CN=out,OU=Lab,DC=x";
  AdAccount outButSystem = mailbox("SM_x", kG1, 8388608);
  outButSystem.dn = "CN=SM,OU=Lab,DC=x";
  Snapshot s = withAccounts({in, out, outButSystem});
  s.sync = test::defaultExport("DC=x", {"OU=Corp,DC=x"}, {});
  const auto f = runCheck("AD003", s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].subject.dn == out.dn);
  CHECK(f[0].evidence.at(1).source == "adconnect");
  CHECK_THAT(f[0].message, Catch::Contains("under no included container"));
}

TEST_CASE("AD004 lists remote mailboxes as info", "[checks][AD004]") {
  Snapshot s = withAccounts({mailbox("remote", kG1, 2147483648LL), mailbox("onprem", kG1)});
  const auto f = runCheck("AD004", s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Info);
  CHECK(f[0].subject.kind == "remote_mailbox");
}

TEST_CASE("CLOUD001 flags synced users whose AD account AD001 flags", "[checks][CLOUD001]") {
  Snapshot s =
      withAccounts({mailbox("onprem", kG1), mailbox("remote", kG1, 2147483648LL), user("plain")});
  s.cloud.users = {cloudJoinedTo(0, "c0"), cloudJoinedTo(1, "c1"), cloudJoinedTo(2, "c2")};
  CloudUser unjoined;
  unjoined.id = "c3";
  s.cloud.users.push_back(unjoined);
  const auto f = runCheck("CLOUD001", s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Blocker);
  CHECK(f[0].subject.cloudId == "c0");
  CHECK(f[0].subject.dn == s.ad.accounts[0].dn);
  CHECK_THAT(f[0].remediation.str(),
             Catch::Contains("Remove-MgDirectoryDeletedItem -DirectoryObjectId c0"));
  CHECK_THAT(f[0].remediation.str(), Catch::Contains("migready never runs it"));
  REQUIRE(f[0].evidence.size() == 2);
  CHECK(f[0].evidence[0].source == "graph");
  CHECK(f[0].evidence[0].location == "users/page-001.json#/value/0");
  CHECK_THAT(f[0].evidence[0].detail,
             Catch::Contains("joined by onPremisesImmutableId = base64(objectGUID)"));
  CHECK(f[0].evidence[1].source == "ad");
}

TEST_CASE("CLOUD005 confirms synced MailUsers holding an ExchangeGuid", "[checks][CLOUD005]") {
  Snapshot s = withAccounts({mailbox("onprem", kG1), user("cleared"), user("plain")});
  s.cloud.users = {cloudJoinedTo(0, "c0"), cloudJoinedTo(1, "c1"), cloudJoinedTo(2, "c2")};
  CloudUser cloudOnly;
  cloudOnly.id = "c3";
  s.cloud.users.push_back(cloudOnly);
  const CheckList checks = makeAllChecks();
  CHECK_THAT(findCheck(checks, "CLOUD005")->whyNotRunnable(s),
             Catch::Contains("--exchange-online"));
  auto mailUser = [](std::string id, std::string guid) {
    ExchangeMailUser m;
    m.externalDirectoryObjectId = std::move(id);
    m.exchangeGuid = std::move(guid);
    m.hasExchangeGuid = m.exchangeGuid != "00000000-0000-0000-0000-000000000000";
    m.recipientTypeDetails = "MailUser";
    m.location = "exchange/mailUsers/page-001.json#/value/0";
    return m;
  };
  s.cloud.exchangeCollected = true;
  s.cloud.mailUsers = {mailUser("c0", kG1), mailUser("c1", kG2),
                       mailUser("c2", "00000000-0000-0000-0000-000000000000"), mailUser("c3", kG2),
                       mailUser("unknown", kG2)};
  CHECK(findCheck(checks, "CLOUD005")->whyNotRunnable(s).empty());
  const auto f = runCheck("CLOUD005", s);
  // c0: the AD mailbox's GUID; c1: cleared on-premises, still in Exchange Online. Not c2 (all
  // zeros), c3 (cloud-only) or a MailUser Graph did not return.
  REQUIRE(f.size() == 2);
  CHECK(f[0].subject.cloudId == "c0");
  CHECK(f[1].subject.cloudId == "c1");
  CHECK(f[0].severity == Severity::Blocker);
  CHECK_THAT(f[0].message, Catch::StartsWith("confirmed:") && Catch::Contains(kG1));
  REQUIRE(f[0].evidence.size() == 3);
  CHECK(f[0].evidence[0].location == "exchange/mailUsers/page-001.json#/value/0");
  CHECK(f[0].planStep == PlanStep::RemoveSyncedUser);
  // CLOUD001 now says which of its users Exchange Online confirmed.
  const auto likely = runCheck("CLOUD001", s);
  REQUIRE(likely.size() == 1);
  CHECK_THAT(likely[0].message, Catch::Contains("confirmed by Get-MailUser, CLOUD005"));
  s.cloud.mailUsers[0].hasExchangeGuid = false;
  CHECK_THAT(runCheck("CLOUD001", s)[0].message, Catch::Contains("not confirmed by Get-MailUser"));
  // Exchange writes ExternalDirectoryObjectId in upper case at times: GUIDs compare
  // case-insensitively.
  s.cloud.users[0].id = "3f2e1d0c-aaaa-4000-8000-000000000001";
  s.cloud.mailUsers = {mailUser("3F2E1D0C-AAAA-4000-8000-000000000001", kG1)};
  const auto upper = runCheck("CLOUD005", s);
  REQUIRE(upper.size() == 1);
  CHECK(upper[0].subject.cloudId == "3f2e1d0c-aaaa-4000-8000-000000000001");
}

TEST_CASE("CLOUD002: synced users in the recycle bin, blocker when poisoned",
          "[checks][CLOUD002]") {
  Snapshot s = withAccounts({mailbox("onprem", kG1), user("plain")});
  s.cloud.deletedUsersCollected = true;
  auto deleted = [](std::string id, std::string immutable, AdJoin join) {
    DeletedCloudUser d;
    d.id = std::move(id);
    d.userPrincipalName = d.id + "x@example.com";
    d.onPremisesImmutableId = std::move(immutable);
    d.join = join;
    return d;
  };
  s.cloud.deletedUsers = {deleted("d0", "a", {0, JoinKey::ImmutableIdFromObjectGuid}),
                          deleted("d1", "b", {1, JoinKey::ImmutableIdFromObjectGuid}),
                          deleted("d2", "c", {}), deleted("d3", "", {})};
  const auto f = runCheck("CLOUD002", s);
  REQUIRE(f.size() == 3);
  CHECK(f[0].severity == Severity::Blocker);
  CHECK(f[0].subject.cloudId == "d0");
  CHECK(f[1].severity == Severity::Warning);
  CHECK(f[1].subject.cloudId == "d1");
  CHECK(f[2].severity == Severity::Warning);
  CHECK(f[2].subject.kind == "deleted_user");
  CHECK_THAT(f[2].message, Catch::Contains("no matching AD account"));
  CHECK_THAT(f[0].remediation.str(), Catch::Contains("DELETE /v1.0/directory/deletedItems/d0"));

  const CheckList checks = makeAllChecks();
  Snapshot none;
  CHECK(findCheck(checks, "CLOUD002")->whyNotRunnable(none) ==
        "the snapshot has no deletedUsers/ pages");
}

namespace {
ExchangeMailUser mailUserOf(std::string id, std::string guid) {
  ExchangeMailUser m;
  m.externalDirectoryObjectId = std::move(id);
  m.exchangeGuid = std::move(guid);
  m.hasExchangeGuid = m.exchangeGuid != "00000000-0000-0000-0000-000000000000";
  m.recipientTypeDetails = "MailUser";
  m.location = "exchange/mailUsers/page-001.json#/value/0";
  return m;
}

// Accounts in OU=Corp (synced) and OU=Lab (not), an export that keeps msExchMailboxGuid out
// (outbound AuthoritativeNull at 90), and a synced cloud user joined to each account.
Snapshot keptOutTenant() {
  AdAccount in = mailbox("in", kG1);
  in.dn = "CN=in,OU=Corp,DC=x";
  AdAccount out = mailbox("out", kG2);
  out.dn = "CN=out,OU=Lab,DC=x";
  AdAccount plain = user("plain");
  plain.dn = "CN=plain,OU=Corp,DC=x";
  Snapshot s = withAccounts({in, out, plain});
  s.sync = test::defaultExport("DC=x", {"OU=Corp,DC=x"}, {});
  test::addRule(*s.sync, test::nullRule(90));
  s.source(SourceKind::Sync).status = SourceStatus::Complete;
  s.cloud.users = {cloudJoinedTo(0, "c-in"), cloudJoinedTo(1, "c-out"),
                   cloudJoinedTo(2, "c-plain")};
  return s;
}
} // namespace

TEST_CASE("CLOUD001 fails closed when the export keeps the attribute out now",
          "[checks][CLOUD001][cloud-side]") {
  Snapshot s = keptOutTenant();
  SECTION("without Exchange Online data: a blocker that says what is unknown and what settles it") {
    const auto f = runCheck("CLOUD001", s);
    REQUIRE(f.size() == 2); // in scope but kept out; out of scope but synced; never "plain"
    for (const Finding& x : f) {
      CHECK(x.severity == Severity::Blocker);
      CHECK_THAT(x.message,
                 Catch::Contains("whether the value reached Entra ID before is unknown"));
      CHECK_THAT(x.message, Catch::Contains("--exchange-online"));
      CHECK_THAT(x.message, Catch::Contains("excluded before the first sync"));
      CHECK(x.planStep == PlanStep::RemoveSyncedUser);
    }
    CHECK(f[0].subject.cloudId == "c-in");
    CHECK_THAT(f[0].message,
               Catch::Contains("outbound rule \"Out to AAD - No msExchMailboxGuid\""));
    CHECK(f[1].subject.cloudId == "c-out");
    CHECK_THAT(f[1].message, Catch::Contains("outside the sync scope now"));
  }
  SECTION("with Exchange Online data: confirmed is a blocker, no ExchangeGuid is no finding") {
    s.cloud.exchangeCollected = true;
    // Exchange writes the id in its own case: it still joins.
    s.cloud.mailUsers = {mailUserOf("C-IN", kG1),
                         mailUserOf("c-out", "00000000-0000-0000-0000-000000000000")};
    FindingList f = runCheck("CLOUD001", s);
    REQUIRE(f.size() == 1);
    CHECK(f[0].subject.cloudId == "c-in");
    CHECK(f[0].severity == Severity::Blocker);
    CHECK_THAT(f[0].message, Catch::StartsWith("confirmed: cloud user"));
    CHECK(f[0].evidence[0].location == "exchange/mailUsers/page-001.json#/value/0");
    REQUIRE(f.notes.size() == 1);
    CHECK_THAT(f.notes[0],
               Catch::StartsWith("1 synced user(s)") && Catch::Contains("no "
                                                                        "ExchangeGuid"));
    // Not a MailUser in Exchange Online at all: checked, nothing to do.
    s.cloud.mailUsers.clear();
    f = runCheck("CLOUD001", s);
    CHECK(f.empty());
    CHECK_THAT(f.notes.at(0), Catch::StartsWith("2 synced user(s)"));
  }
  SECTION("where the attribute flows, Exchange Online data only changes the wording") {
    s.sync->rules.erase(s.sync->rules.begin()); // drop the AuthoritativeNull rule
    s.sync->link();
    s.cloud.exchangeCollected = true;
    const auto f = runCheck("CLOUD001", s);
    REQUIRE(f.size() == 1); // c-out is out of scope and Exchange Online shows no ExchangeGuid
    CHECK(f[0].subject.cloudId == "c-in");
    CHECK(f[0].severity == Severity::Blocker);
    CHECK_THAT(f[0].message, Catch::Contains("not confirmed by Get-MailUser"));
    CHECK(f.notes.size() == 1);
  }
}

TEST_CASE("CLOUD002 fails closed the same way for users in the recycle bin",
          "[checks][CLOUD002][cloud-side]") {
  Snapshot s = keptOutTenant();
  s.cloud.users.clear();
  s.cloud.deletedUsersCollected = true;
  auto deleted = [](std::string id, std::uint32_t account) {
    DeletedCloudUser d;
    d.id = std::move(id);
    d.userPrincipalName = d.id + "@example.com";
    d.onPremisesImmutableId = "x";
    d.join = {account, JoinKey::ImmutableIdFromObjectGuid};
    return d;
  };
  s.cloud.deletedUsers = {deleted("d-in", 0), deleted("d-plain", 2)};
  auto f = runCheck("CLOUD002", s);
  REQUIRE(f.size() == 2);
  CHECK(f[0].severity == Severity::Blocker);
  CHECK_THAT(f[0].message, Catch::Contains("whether the deleted object holds an ExchangeGuid from "
                                           "before is unknown"));
  CHECK(f[1].severity == Severity::Warning); // no msExchMailboxGuid on-premises
  s.cloud.softDeletedMailUsersCollected = true;
  s.cloud.softDeletedMailUsers = {mailUserOf("D-IN", kG1)};
  f = runCheck("CLOUD002", s);
  CHECK(f[0].severity == Severity::Blocker);
  CHECK_THAT(f[0].message, Catch::StartsWith("confirmed: deleted synced user"));
  s.cloud.softDeletedMailUsers = {mailUserOf("d-in", "00000000-0000-0000-0000-000000000000")};
  f = runCheck("CLOUD002", s);
  CHECK(f[0].severity == Severity::Warning); // still to purge before a re-sync
  CHECK_THAT(f.notes.at(0), Catch::Contains("no ExchangeGuid"));
}

TEST_CASE("AD003 names the synced cloud user joined to an out-of-scope mailbox",
          "[checks][AD003][cloud-side]") {
  Snapshot s = keptOutTenant();
  const auto f = runCheck("AD003", s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].subject.cloudId == "c-out");
  CHECK_THAT(f[0].message, Catch::Contains("but synced cloud user c-out@example.com (c-out) is "
                                           "joined to it"));
  CHECK_THAT(f[0].message, !Catch::Contains("no synced cloud user"));
  s.cloud.users.clear();
  CHECK_THAT(runCheck("AD003", s)[0].message, Catch::Contains("no synced cloud user was found"));
}

TEST_CASE("SYNC001 counts users per answer and names each step", "[checks][SYNC001]") {
  AdAccount a = mailbox("a", kG1), b = mailbox("b", kG1), c = mailbox("c", kG1);
  a.dn = "CN=a,OU=Corp,DC=x";
  b.dn = "CN=b,OU=Corp,DC=x";
  c.dn = "CN=c,OU=Corp,DC=elsewhere"; // a domain the export does not cover
  Snapshot s = withAccounts({a, b, c});
  s.sync = test::defaultExport("DC=x", {"OU=Corp,DC=x"}, {});
  s.source(SourceKind::Sync).status = SourceStatus::Complete;
  FindingList f = runCheck("SYNC001", s);
  REQUIRE(f.size() == 2);
  CHECK(f[0].severity == Severity::Blocker);
  CHECK_THAT(f[0].message, Catch::StartsWith("msExchMailboxGuid reaches Entra ID for 2 user(s)"));
  // Every step names its file: import, export filters, inbound winner, outbound winner.
  std::string trail;
  for (const Evidence& e : f[0].evidence)
    trail += e.location + " " + e.detail + "\n";
  CHECK_THAT(trail, Catch::Contains("import: the AD connector's attribute-inclusion lists"));
  CHECK_THAT(trail, Catch::Contains("inbound: inbound rule \"In from AD - User Exchange\""));
  CHECK_THAT(trail,
             Catch::Contains("outbound: outbound rule \"Out to AAD - User ExchangeOnline\""));
  CHECK(f[1].severity == Severity::Blocker);
  CHECK_THAT(f[1].message, Catch::StartsWith("whether msExchMailboxGuid reaches Entra ID is "
                                             "unknown for 1 user(s)"));
  CHECK(fingerprintOf("SYNC001", f[0].subject) != fingerprintOf("SYNC001", f[1].subject));
  REQUIRE(f.notes.size() == 1);
  CHECK(f.notes[0] == "3 user(s) carrying msExchMailboxGuid evaluated: 2 exported, 0 kept out, 1 "
                      "unknown");
  // No user carries the attribute: the answer for a typical mailbox user, a warning.
  Snapshot clean = withAccounts({user("plain")});
  clean.sync = s.sync;
  f = runCheck("SYNC001", clean);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Warning);
  CHECK_THAT(f[0].message, Catch::Contains("no in-scope AD user carries msExchMailboxGuid today"));
}

TEST_CASE("CLOUD003: Exchange assigned and enabled but not provisioned", "[checks][CLOUD003]") {
  Snapshot s;
  auto withPlans = [](std::string id, std::vector<ServicePlan> assigned,
                      std::vector<ServicePlan> provisioned) {
    CloudUser u;
    u.id = std::move(id);
    u.userPrincipalName = u.id + "@example.com";
    u.assignedPlans = std::move(assigned);
    u.provisionedPlans = std::move(provisioned);
    return u;
  };
  const ServicePlan exo{"exchange", "Enabled", ""};
  s.cloud.users = {
      withPlans("pending", {exo}, {{"exchange", "Enabled", "PendingInput"}}),
      withPlans("missing", {{"Exchange", "Enabled", ""}}, {{"SharePoint", "Enabled", "Success"}}),
      withPlans("ok", {exo}, {{"exchange", "Enabled", "Success"}}),
      withPlans("suspended", {{"exchange", "Suspended", ""}}, {}), withPlans("unlicensed", {}, {})};
  const auto f = runCheck("CLOUD003", s);
  REQUIRE(f.size() == 2);
  CHECK(f[0].subject.cloudId == "pending");
  CHECK_THAT(f[0].message, Catch::EndsWith("Exchange provisioning is PendingInput"));
  CHECK(f[0].subject.kind == "cloud_user");
  CHECK(f[1].subject.cloudId == "missing");
  CHECK_THAT(f[1].message, Catch::EndsWith("Exchange provisioning is missing"));
}

TEST_CASE("CLOUD004: stale sync warns, sync off is info, fresh sync passes", "[checks][CLOUD004]") {
  Snapshot s;
  s.cloud.capturedAt = "2026-11-26T09:00:00Z";
  s.cloud.tenant =
      Tenant{"t", "Contoso", true, "2026-11-25T03:12:44Z", "organization.json#/value/0", {}};
  auto f = runCheck("CLOUD004", s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Warning);
  CHECK_THAT(f[0].message, Catch::Contains("29.8 hours"));
  CHECK(f[0].subject.kind == "tenant");
  CHECK(f[0].evidence[0].location == "organization.json#/value/0");

  s.cloud.tenant->onPremisesLastSyncDateTime = "2026-11-26T08:30:00Z";
  CHECK(runCheck("CLOUD004", s).empty());
  s.cloud.tenant->onPremisesLastSyncDateTime = "2026-11-25T09:00:00Z"; // exactly 24 h: fresh
  CHECK(runCheck("CLOUD004", s).empty());

  s.cloud.tenant->onPremisesLastSyncDateTime.clear();
  f = runCheck("CLOUD004", s);
  REQUIRE(f.size() == 1);
  CHECK_THAT(f[0].message, Catch::Contains("never completed"));

  s.cloud.tenant->onPremisesSyncEnabled = false;
  f = runCheck("CLOUD004", s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Info);
}

TEST_CASE("SYNC002 lists each AD connector's scope and the export's settings", "[checks]") {
  Snapshot s;
  s.sync = test::defaultExport("DC=corp,DC=example,DC=com", {"OU=Corp,DC=corp,DC=example,DC=com"},
                               {"OU=Disabled,OU=Corp,DC=corp,DC=example,DC=com"});
  s.sync->stagingMode = false;
  s.sync->exchangeHybrid = true;
  s.sync->serverVersion = "2.4.27.0";
  s.sync->globalSettingsFile = "export/GlobalSettings/MV.xml";
  // A partition the wizard lists but does not sync is not in scope.
  SyncPartition unselected;
  unselected.dn = "DC=DomainDnsZones,DC=corp,DC=example,DC=com";
  unselected.selected = false;
  s.sync->connectors[0].partitions.push_back(unselected);
  const FindingList f = runCheck("SYNC002", s);
  REQUIRE(f.size() == 1); // one per AD connector; the Azure AD connector is not one
  CHECK(f[0].severity == Severity::Info);
  CHECK(f[0].subject.kind == "connector");
  CHECK(f[0].subject.displayName == "corp.example.com");
  CHECK(
      f[0].message ==
      "connector \"corp.example.com\" syncs DC=corp,DC=example,DC=com (included: "
      "OU=Corp,DC=corp,DC=example,DC=com; excluded: OU=Disabled,OU=Corp,DC=corp,DC=example,"
      "DC=com); source anchor objectGUID; Exchange hybrid on; staging mode off; version 2.4.27.0");
  REQUIRE(f[0].evidence.size() == 2);
  CHECK(f[0].evidence[0].location == s.sync->connectors[0].file);
  CHECK(f[0].evidence[1].location == "export/GlobalSettings/MV.xml");

  SECTION("unknown settings are said to be unknown, never guessed") {
    s.sync->stagingMode.reset();
    s.sync->exchangeHybrid.reset();
    s.sync->serverVersion.clear();
    s.sync->sourceAnchor.clear();
    s.sync->globalSettingsFile.clear();
    const FindingList g = runCheck("SYNC002", s);
    REQUIRE(g.size() == 1);
    CHECK_THAT(g[0].message, Catch::EndsWith("source anchor unknown; Exchange hybrid unknown; "
                                             "staging mode unknown; version unknown"));
    CHECK(g[0].evidence.size() == 1);
  }
  SECTION("two forests: one finding each") {
    SyncConnector second = s.sync->connectors[0];
    second.id = "{11111111-2222-4333-8444-555555555555}";
    second.name = "fabrikam.com";
    second.partitions[0].dn = "DC=fabrikam,DC=com";
    second.partitions[0].inclusions.clear();
    second.partitions[0].exclusions.clear();
    s.sync->connectors.push_back(second);
    const FindingList g = runCheck("SYNC002", s);
    REQUIRE(g.size() == 2);
    CHECK_THAT(g[1].message,
               Catch::StartsWith("connector \"fabrikam.com\" syncs DC=fabrikam,DC=com "
                                 "(included: none; excluded: none)"));
  }
}

TEST_CASE("SYNC003 warns about a staging server's or a retired version's export", "[checks]") {
  Snapshot s;
  s.sync = test::defaultExport("DC=corp,DC=example,DC=com", {"DC=corp,DC=example,DC=com"}, {});
  s.sync->globalSettingsFile = "export/GlobalSettings/MV.xml";
  s.sync->stagingMode = false;
  s.sync->serverVersion = "2.4.27.0";
  CHECK(runCheck("SYNC003", s).empty()); // the active server on a supported version

  s.sync->stagingMode = true;
  s.sync->serverVersion = "1.6.16.0";
  const FindingList f = runCheck("SYNC003", s);
  REQUIRE(f.size() == 2);
  CHECK(f[0].severity == Severity::Warning);
  CHECK(f[0].subject.configItem == "setting Microsoft.Synchronize.StagingMode");
  CHECK_THAT(f[0].message, Catch::Contains("staging mode"));
  CHECK(f[0].evidence[0].location == "export/GlobalSettings/MV.xml");
  CHECK(f[0].evidence[0].detail == "Microsoft.Synchronize.StagingMode=True");
  CHECK(f[1].subject.configItem == "setting Microsoft.Synchronize.ServerConfigurationVersion");
  CHECK_THAT(f[1].message, Catch::Contains("1.6.16.0, a retired 1.x version"));

  // Staging mode unknown (an export without GlobalSettings) is no finding of this check: the
  // export's source state says what is missing.
  s.sync->stagingMode.reset();
  s.sync->serverVersion = "2.3.20.0";
  s.sync->globalSettingsFile.clear();
  CHECK(runCheck("SYNC003", s).empty());
}
