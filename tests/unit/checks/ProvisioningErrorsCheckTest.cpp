// DIR003 (ProvisioningErrorsCheck): Entra ID's own record of sync errors
// (onPremisesProvisioningErrors), read from the snapshot and joined to the AD account.
#include "DirTestSupport.h"
#include "checks/Check.h"
#include "scanner/entra/snapshot/GraphSnapshotSource.h"

#include <catch2/catch.hpp>

using namespace migready;

namespace {
FindingList runDIR003(const Snapshot& s) {
  return test::runCheck("DIR003", s);
}

CloudUser cloudUser(std::string id, std::string upn, std::vector<ProvisioningError> errors) {
  CloudUser u;
  u.id = std::move(id);
  u.userPrincipalName = std::move(upn);
  u.onPremisesSyncEnabled = true;
  u.location = "users/page-001.json#/value/0";
  u.provisioningErrors = std::move(errors);
  u.provisioningErrorsRead = true;
  return u;
}

const ProvisioningError kUpnConflict{"PropertyConflict", "UserPrincipalName", "anna@contoso.com",
                                     "2026-11-20T08:00:00Z"};
const ProvisioningError kProxyConflict{"PropertyConflict", "ProxyAddress", "SMTP:sales@contoso.com",
                                       "2026-11-21T09:30:00Z"};
} // namespace

TEST_CASE("DIR003 is in the catalog with its docs", "[checks][DIR003]") {
  const CheckList checks = makeAllChecks();
  const Check* c = findCheck(checks, "provisioning-errors");
  REQUIRE(c);
  CHECK(c->info().id == "DIR003");
  CHECK(c->info().group == "DIR");
  CHECK(c->info().severity == Severity::Blocker);
  CHECK(c->info().needs.size() == 1);
  CHECK(*c->info().needs.begin() == SourceKind::Graph);
}

TEST_CASE("DIR003: each recorded error, joined to the AD account in sync scope",
          "[checks][DIR003]") {
  Snapshot s =
      test::dirSnapshot({test::dirUser("anna", {{"userPrincipalName", "anna@contoso.com"}}),
                         test::dirUser("bob", {})});
  s.source(SourceKind::Graph).status = SourceStatus::Complete;
  CloudUser joined = cloudUser("11111111-2222-4333-8444-555555555555",
                               "anna+1234@contoso.onmicrosoft.com", {kUpnConflict, kProxyConflict});
  joined.join = {0, JoinKey::ImmutableIdFromObjectGuid};
  CloudUser clean = cloudUser("22222222-2222-4333-8444-555555555555", "bob@contoso.com", {});
  clean.join = {1, JoinKey::ImmutableIdFromObjectGuid};
  s.cloud.users = {joined, clean};
  const FindingList f = runDIR003(s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Blocker);
  CHECK(f[0].subject.dn == "CN=anna,OU=Staff,DC=corp,DC=example,DC=com");
  CHECK(f[0].subject.cloudId == "11111111-2222-4333-8444-555555555555");
  CHECK_THAT(f[0].message, Catch::Contains("2 sync errors"));
  CHECK_THAT(f[0].message,
             Catch::Contains("its userPrincipalName anna@contoso.com is held by another object "
                             "(PropertyConflict, since 2026-11-20T08:00:00Z)"));
  CHECK_THAT(f[0].message, Catch::Contains("its proxy address SMTP:sales@contoso.com"));
  // The AD entry, the cloud user, then each error at its JSON pointer.
  REQUIRE(f[0].evidence.size() == 4);
  CHECK(f[0].evidence[0].location == "ad.ldf:1");
  CHECK(f[0].evidence[1].source == "graph");
  CHECK(f[0].evidence[2].location == "users/page-001.json#/value/0/onPremisesProvisioningErrors/0");
  CHECK_THAT(f[0].evidence[3].detail, Catch::Contains("propertyCausingError=ProxyAddress"));
  CHECK_FALSE(f[0].remediation.empty());
}

TEST_CASE("DIR003: an AD account outside the sync scope is left out; no AD, the cloud side alone",
          "[checks][DIR003]") {
  Snapshot s = test::dirSnapshot(
      {test::dirUser("MSOL_0a1b2c3d4e5f", {{"userPrincipalName", "anna@contoso.com"}})});
  s.source(SourceKind::Graph).status = SourceStatus::Complete;
  CloudUser u =
      cloudUser("11111111-2222-4333-8444-555555555555", "anna@contoso.com", {kUpnConflict});
  u.join = {0, JoinKey::ImmutableIdFromObjectGuid};
  s.cloud.users = {u};
  FindingList f = runDIR003(s);
  CHECK(f.empty());
  CHECK_THAT(f.notes.at(0), Catch::Contains("1 users with a recorded sync error"));

  Snapshot cloudOnly;
  cloudOnly.source(SourceKind::Graph).status = SourceStatus::Complete;
  u.join = {};
  cloudOnly.cloud.users = {u};
  f = runDIR003(cloudOnly);
  REQUIRE(f.size() == 1);
  CHECK(f[0].subject.dn.empty());
  CHECK(f[0].subject.cloudId == u.id);
  CHECK(f[0].subject.kind == "cloud_user");
  REQUIRE(f[0].evidence.size() == 2);
}

TEST_CASE("DIR003 does not run when the users were read without the property (fail closed)",
          "[checks][DIR003]") {
  const CheckList checks = makeAllChecks();
  const Check* c = findCheck(checks, "DIR003");
  Snapshot s;
  s.cloud.users = {cloudUser("1", "a@contoso.com", {}), cloudUser("2", "b@contoso.com", {})};
  CHECK(c->whyNotRunnable(s).empty());
  s.cloud.users[1].provisioningErrorsRead = false;
  CHECK_THAT(c->whyNotRunnable(s), Catch::Contains("1 of the 2 Entra ID users"));
}

TEST_CASE("the Graph snapshot reads onPremisesProvisioningErrors: present, empty, absent, "
          "malformed",
          "[checks][DIR003][graph]") {
  test::TempPath dir("graph");
  dir.write(R"({"capturedAt": "2026-11-26T09:00:00Z", "tenantId": "t"})", "manifest.json");
  dir.write(R"({"value": [{"id": "t", "displayName": "Contoso"}]})", "organization.json");
  dir.write(R"({"value": [
    {"id": "u1", "userPrincipalName": "anna+1234@contoso.onmicrosoft.com",
     "onPremisesProvisioningErrors": [{"category": "PropertyConflict",
       "propertyCausingError": "UserPrincipalName", "value": "anna@contoso.com",
       "occurredDateTime": "2026-11-20T08:00:00Z"}]},
    {"id": "u2", "userPrincipalName": "bob@contoso.com", "onPremisesProvisioningErrors": []},
    {"id": "u3", "userPrincipalName": "carl@contoso.com"}]})",
            "users/page-001.json");
  CloudDirectory cloud;
  CHECK(readGraphSnapshot(dir.str(), cloud).status != SourceStatus::Failed);
  REQUIRE(cloud.users.size() == 3);
  CHECK(cloud.users[0].provisioningErrorsRead);
  REQUIRE(cloud.users[0].provisioningErrors.size() == 1);
  CHECK(cloud.users[0].provisioningErrors[0] == kUpnConflict);
  CHECK(cloud.users[1].provisioningErrorsRead);
  CHECK(cloud.users[1].provisioningErrors.empty());
  CHECK_FALSE(cloud.users[2].provisioningErrorsRead);

  dir.write(R"({"value": [{"id": "u1", "onPremisesProvisioningErrors": [{"category": "x",
    "occurredDateTime": "yesterday"}]}]})",
            "users/page-001.json");
  CloudDirectory bad;
  const SourceState failed = readGraphSnapshot(dir.str(), bad);
  CHECK(failed.status == SourceStatus::Failed);
  CHECK_THAT(failed.detail, Catch::Contains("onPremisesProvisioningErrors/0/occurredDateTime"));
}
