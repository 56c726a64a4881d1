#include "scanner/entra/snapshot/GraphSnapshotSource.h"

#include "TestSupport.h"

#include <catch2/catch.hpp>

using namespace migready;
using migready::test::TempPath;

namespace {
const char* kManifest = R"({"capturedAt": "2026-11-26T09:00:00Z", "tenantId": "t-1"})";
const char* kOrg =
    R"({"value": [{"id": "t-1", "displayName": "Contoso", "onPremisesSyncEnabled": null,
                       "onPremisesLastSyncDateTime": null}]})";
const char* kPage1 = R"({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
  "value": [
    {"id": "u1", "userPrincipalName": "a@contoso.com", "displayName": "A", "accountEnabled": true,
     "onPremisesSyncEnabled": true, "onPremisesImmutableId": "BpazOkLGm0iEtljAONPvOQ==",
     "onPremisesSecurityIdentifier": "S-1-5-21-1-2-3-1109", "businessPhones": [], "unknownThing": {"x": 1},
     "assignedPlans": [{"capabilityStatus": "Enabled", "service": "exchange", "servicePlanId": "p"}],
     "provisionedPlans": [{"capabilityStatus": "Enabled", "provisioningStatus": "PendingInput", "service": "exchange"}]}
  ],
  "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=X%2744537074%27"})";
// u1 again (a second, overlapping query), with the same values: merged quietly.
const char* kPage2 = R"({"value": [{"id": "u2", "userPrincipalName": "b@contoso.com", "mail": null},
    {"id": "U1", "userPrincipalName": "a@contoso.com", "displayName": "A", "accountEnabled": true,
     "onPremisesSyncEnabled": true, "onPremisesImmutableId": "BpazOkLGm0iEtljAONPvOQ==",
     "onPremisesSecurityIdentifier": "S-1-5-21-1-2-3-1109",
     "assignedPlans": [{"capabilityStatus": "Enabled", "service": "exchange", "servicePlanId": "p"}],
     "provisionedPlans": [{"capabilityStatus": "Enabled", "provisioningStatus": "PendingInput", "service": "exchange"}]}]})";
const char* kDeleted = R"({"value": [{"id": "d1", "userPrincipalName": "d1a@contoso.com",
  "deletedDateTime": "2026-11-20T16:45:00Z", "onPremisesImmutableId": "MsNKjF+XF0ete7pKTpaP/w=="}]})";

void writeComplete(const TempPath& dir) {
  dir.write(kManifest, "manifest.json");
  dir.write(kOrg, "organization.json");
  dir.write(kPage1, "users/page-001.json");
  dir.write(kPage2, "users/page-002.json");
  dir.write(kDeleted, "deletedUsers/page-001.json");
}
} // namespace

TEST_CASE("a complete snapshot reads every page in file-name order", "[graph]") {
  TempPath dir("graph");
  writeComplete(dir);
  CloudDirectory cloud;
  const SourceState s = readGraphSnapshot(dir.str(), cloud);
  REQUIRE(s.status == SourceStatus::Complete);
  CHECK(s.objects == 3);
  CHECK(cloud.tenantId == "t-1");
  CHECK(cloud.capturedAt == "2026-11-26T09:00:00Z");
  REQUIRE(cloud.users.size() == 2); // u1 twice (overlapping queries) counts once
  const CloudUser& u = cloud.users[0];
  CHECK(u.id == "u1");
  CHECK(u.onPremisesSyncEnabled == true);
  CHECK(u.accountEnabled == true);
  CHECK(u.onPremisesImmutableId == "BpazOkLGm0iEtljAONPvOQ==");
  CHECK(u.onPremisesSecurityIdentifier == "S-1-5-21-1-2-3-1109");
  REQUIRE(u.assignedPlans.size() == 1);
  CHECK(u.provisionedPlans.at(0).provisioningStatus == "PendingInput");
  CHECK(u.location == dir.str() + "/users/page-001.json#/value/0");
  CHECK(cloud.users[1].id == "u2");
  CHECK_FALSE(cloud.users[1].onPremisesSyncEnabled);
  REQUIRE(cloud.deletedUsers.size() == 1);
  CHECK(cloud.deletedUsers[0].deletedDateTime == "2026-11-20T16:45:00Z");
  CHECK(cloud.deletedUsersCollected);
  REQUIRE(cloud.tenant);
  CHECK_FALSE(cloud.tenant->onPremisesSyncEnabled); // null means off
  CHECK(cloud.tenant->location == dir.str() + "/organization.json#/value/0");
  CHECK_FALSE(cloud.syncFeatures); // onPremisesSynchronization.json is optional
}

TEST_CASE("the tenant's sync features are read when captured", "[graph]") {
  TempPath dir("graph");
  writeComplete(dir);
  dir.write(R"({"value": [{"id": "t-1", "features": {"blockSoftMatchEnabled": true,
              "softMatchOnUpnEnabled": false, "passwordSyncEnabled": true}}]})",
            "onPremisesSynchronization.json");
  CloudDirectory cloud;
  REQUIRE(readGraphSnapshot(dir.str(), cloud).status == SourceStatus::Complete);
  REQUIRE(cloud.syncFeatures);
  CHECK(cloud.syncFeatures->blockSoftMatchEnabled == true);
  CHECK(cloud.syncFeatures->softMatchOnUpnEnabled == false);
  CHECK_FALSE(cloud.syncFeatures->blockCloudObjectTakeoverThroughHardMatchEnabled);
  dir.write(R"({"value": [{"features": {"blockSoftMatchEnabled": "yes"}}]})",
            "onPremisesSynchronization.json");
  const SourceState bad = readGraphSnapshot(dir.str(), cloud);
  CHECK(bad.status == SourceStatus::Failed);
  CHECK_THAT(bad.errors.at(0),
             Catch::EndsWith("onPremisesSynchronization.json#/value/0/features/"
                             "blockSoftMatchEnabled: expected true, false or null"));
}

TEST_CASE("a capture that stopped early is partial, never complete", "[graph]") {
  TempPath dir("graph");
  writeComplete(dir);
  std::filesystem::remove(dir.path() / "users/page-002.json");
  std::filesystem::remove_all(dir.path() / "deletedUsers");
  CloudDirectory cloud;
  const SourceState s = readGraphSnapshot(dir.str(), cloud);
  CHECK(s.status == SourceStatus::Partial);
  REQUIRE(s.errors.size() == 2);
  CHECK_THAT(s.errors[0], Catch::Contains("page-001.json has @odata.nextLink but no later page"));
  CHECK_THAT(s.errors[1], Catch::Contains("deletedUsers: missing"));
  CHECK_FALSE(cloud.deletedUsersCollected);
}

TEST_CASE("a missing organization.json is partial", "[graph]") {
  TempPath dir("graph");
  writeComplete(dir);
  std::filesystem::remove(dir.path() / "organization.json");
  CloudDirectory cloud;
  const SourceState s = readGraphSnapshot(dir.str(), cloud);
  CHECK(s.status == SourceStatus::Partial);
  CHECK_FALSE(cloud.tenant);
}

TEST_CASE("broken snapshots fail with file and JSON pointer or line", "[graph]") {
  auto failWith = [](auto mutate) {
    TempPath dir("graph");
    writeComplete(dir);
    mutate(dir);
    CloudDirectory cloud;
    const SourceState s = readGraphSnapshot(dir.str(), cloud);
    CHECK(s.status == SourceStatus::Failed);
    REQUIRE(s.errors.size() == 1);
    return s.errors[0].substr(s.errors[0].find(dir.str()) + dir.str().size());
  };
  CHECK(failWith([](const TempPath& d) { std::filesystem::remove(d.path() / "manifest.json"); }) ==
        "/manifest.json: missing; it says when and from which tenant the pages were captured");
  CHECK(failWith([](const TempPath& d) { d.write(R"({"tenantId": "t"})", "manifest.json"); }) ==
        "/manifest.json#/capturedAt: missing");
  CHECK(failWith([](const TempPath& d) {
          d.write(R"({"capturedAt": "last tuesday", "tenantId": "t"})", "manifest.json");
        }) == "/manifest.json#/capturedAt: not an ISO 8601 date-time with a zone");
  CHECK(failWith([](const TempPath& d) {
          d.write("{\"value\": [\n  {\"id\": \"u1\",,}\n]}", "users/page-002.json");
        }) == "/users/page-002.json:2:15: malformed JSON: syntax error");
  CHECK(failWith([](const TempPath& d) {
          d.write("{\"value\": [{\"id\": \"u1\"", "users/page-002.json");
        }) == "/users/page-002.json:1:23: malformed JSON: incomplete JSON");
  CHECK(failWith([](const TempPath& d) {
          d.write(R"({"value": [{"id": "u9", "accountEnabled": "yes"}]})", "users/page-002.json");
        }) == "/users/page-002.json#/value/0/accountEnabled: expected true, false or null");
  CHECK(failWith([](const TempPath& d) {
          d.write(R"({"value": [{"id": "u9", "assignedPlans": [{"service": 7}]}]})",
                  "users/page-002.json");
        }) == "/users/page-002.json#/value/0/assignedPlans/0/service: expected a string or null");
  CHECK(failWith([](const TempPath& d) {
          d.write(R"({"value": [{"displayName": "x"}]})", "users/page-002.json");
        }) == "/users/page-002.json#/value/0/id: a user without an id");
  CHECK(failWith([](const TempPath& d) { d.write(R"({"values": []})", "users/page-002.json"); }) ==
        "/users/page-002.json#/value: expected the page's \"value\" array");
  CHECK(
      failWith([](const TempPath& d) {
        d.write(
            R"({"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges"}})",
            "users/page-002.json");
      }) ==
      "/users/page-002.json: the saved response is a Graph error: Authorization_RequestDenied "
      "Insufficient privileges");
  CHECK(failWith([](const TempPath& d) {
          d.write(std::string("\x00\x01\xff garbage", 11), "users/page-002.json");
        }).find("/users/page-002.json:1:1: malformed JSON") == 0);
  CHECK(failWith([](const TempPath& d) { std::filesystem::remove_all(d.path() / "users"); }) ==
        "/users: missing (pages of GET /v1.0/users)");
  CloudDirectory cloud;
  const SourceState s = readGraphSnapshot("/nonexistent/graph", cloud);
  CHECK(s.status == SourceStatus::Failed);
  CHECK(s.errors.at(0) == "/nonexistent/graph: no such folder (expected a saved Graph snapshot)");
}

namespace {
// A page of `ids`, with a nextLink when `more`.
std::string usersPage(std::initializer_list<const char*> ids, bool more) {
  std::string page = R"({"value": [)";
  bool first = true;
  for (const char* id : ids) {
    page += std::string(first ? "" : ",") + R"({"id": ")" + id + R"(", "userPrincipalName": ")" +
            id + R"(@contoso.com"})";
    first = false;
  }
  page += "]";
  if (more) page += R"(, "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=x")";
  return page + "}";
}

SourceState readDir(const TempPath& dir, CloudDirectory& cloud) {
  const SourceState s = readGraphSnapshot(dir.str(), cloud);
  INFO(s.detail);
  return s;
}
} // namespace

TEST_CASE("every page is checked for @odata.nextLink: a missing middle page is partial",
          "[graph][series]") {
  TempPath dir("graph");
  writeComplete(dir);
  SECTION("Exchange Online pages 1 (with a next link) and 3, page 2 missing") {
    dir.write(
        R"({"capturedAt": "2026-11-26T09:00:00Z", "tenantId": "t-1", "exchangeOnline": true})",
        "manifest.json");
    dir.write(
        R"({"value": [{"ExternalDirectoryObjectId": "u1", "ExchangeGuid": "3ab39606-c642-489b-84b6-58c038d3ef39"}],
                  "@odata.nextLink": "https://outlook.office365.com/adminapi/beta/t/InvokeCommand?$skiptoken=a"})",
        "exchange/mailUsers/page-001.json");
    dir.write(R"({"value": [{"ExternalDirectoryObjectId": "u3", "ExchangeGuid": null}]})",
              "exchange/mailUsers/page-003.json");
    CloudDirectory cloud;
    const SourceState s = readDir(dir, cloud);
    CHECK(s.status == SourceStatus::Partial);
    CHECK_THAT(s.detail, Catch::Contains("page number 2 is missing before page-003.json"));
  }
  SECTION("users/ holding two query series, the first cut short") {
    dir.write(usersPage({"u1"}, true), "users/page-001.json");
    dir.write(usersPage({"u2"}, false), "users/page-002.json"); // ends series 1
    dir.write(usersPage({"u3"}, true), "users/page-003.json");  // series 2 starts
    dir.write(usersPage({"u4"}, false), "users/page-005.json");
    CloudDirectory cloud;
    const SourceState s = readDir(dir, cloud);
    CHECK(s.status == SourceStatus::Partial);
    CHECK_THAT(s.detail, Catch::Contains("page number 4 is missing"));
  }
  SECTION("the manifest's series list decides: a page it lists but that is missing") {
    dir.write(R"({"capturedAt": "2026-11-26T09:00:00Z", "tenantId": "t-1",
                  "series": {"users": [["page-001.json", "page-002.json"], ["p-a.json", "p-b.json"]]}})",
              "manifest.json");
    dir.write(usersPage({"u3"}, true), "users/p-a.json");
    CloudDirectory cloud;
    SourceState s = readDir(dir, cloud);
    CHECK(s.status == SourceStatus::Partial);
    CHECK_THAT(s.detail, Catch::Contains("p-b.json: listed in the manifest but missing"));
    dir.write(usersPage({"u4"}, false), "users/p-b.json");
    CloudDirectory again;
    s = readDir(dir, again);
    CHECK(s.status == SourceStatus::Complete);
    CHECK(again.users.size() == 4);
    // A page in the folder that the manifest does not list.
    dir.write(usersPage({"u5"}, false), "users/page-009.json");
    CloudDirectory third;
    CHECK_THAT(readDir(dir, third).detail, Catch::Contains("a page the manifest does not list"));
  }
  SECTION("a listed series whose inner page has no next link") {
    dir.write(R"({"capturedAt": "2026-11-26T09:00:00Z", "tenantId": "t-1",
                  "series": {"users": [["page-002.json", "page-001.json"]]}})",
              "manifest.json");
    CloudDirectory cloud;
    CHECK_THAT(readDir(dir, cloud).detail, Catch::Contains("page-002.json has no @odata.nextLink, "
                                                           "but the manifest lists more pages"));
  }
}

TEST_CASE("a manifest that says Exchange Online was read needs its pages", "[graph][series]") {
  TempPath dir("graph");
  writeComplete(dir);
  dir.write(R"({"capturedAt": "2026-11-26T09:00:00Z", "tenantId": "t-1", "exchangeOnline": true})",
            "manifest.json");
  CloudDirectory missing;
  SourceState s = readDir(dir, missing);
  CHECK(s.status == SourceStatus::Partial);
  CHECK_THAT(s.detail, Catch::Contains("mailUsers: missing"));
  std::filesystem::create_directories(dir.path() / "exchange/mailUsers");
  CloudDirectory empty;
  s = readDir(dir, empty);
  CHECK(s.status == SourceStatus::Partial);
  CHECK_THAT(s.detail, Catch::Contains("mailUsers: no pages"));
  CHECK_FALSE(empty.exchangeCollected);
}

TEST_CASE("the same object twice: identical copies merge, differing copies are partial",
          "[graph][duplicates]") {
  TempPath dir("graph");
  writeComplete(dir);
  dir.write(R"({"value": [{"id": "u2", "userPrincipalName": "b@contoso.com"},
                          {"id": "u1", "userPrincipalName": "a@contoso.com", "onPremisesSyncEnabled": false}]})",
            "users/page-002.json");
  CloudDirectory cloud;
  const SourceState s = readDir(dir, cloud);
  CHECK(s.status == SourceStatus::Partial);
  CHECK_THAT(s.detail, Catch::Contains("users/page-001.json#/value/0 and ") &&
                           Catch::Contains("users/page-002.json#/value/1 hold the same object u1 "
                                           "with different values"));
  // Deleted users and MailUsers follow the same rule.
  dir.write(R"({"value": [{"id": "d1", "deletedDateTime": "2026-11-20T16:45:00Z"},
                          {"id": "D1", "deletedDateTime": "2026-11-21T16:45:00Z"}]})",
            "deletedUsers/page-001.json");
  CloudDirectory again;
  CHECK_THAT(readDir(dir, again).detail, Catch::Contains("hold the same object D1"));
}

TEST_CASE("a duplicated key is malformed JSON, never the last value winning", "[graph][json]") {
  TempPath dir("graph");
  writeComplete(dir);
  dir.write(R"({"value": [{"id": "u2"}], "value": []})", "users/page-002.json");
  CloudDirectory cloud;
  const SourceState s = readDir(dir, cloud);
  CHECK(s.status == SourceStatus::Failed);
  CHECK_THAT(s.errors.at(0), Catch::Contains("users/page-002.json:1:") &&
                                 Catch::Contains("malformed JSON: duplicate key \"value\""));
  dir.write(
      R"({"value": [{"id": "u2", "onPremisesSyncEnabled": false, "onPremisesSyncEnabled": true}]})",
      "users/page-002.json");
  CloudDirectory nested;
  CHECK_THAT(readDir(dir, nested).errors.at(0),
             Catch::Contains("duplicate key \"onPremisesSyncEnabled\""));
}

TEST_CASE("recycle-bin entries that are not users are set aside with a note", "[graph]") {
  TempPath dir("graph");
  writeComplete(dir);
  dir.write(
      R"({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directory/deletedItems",
                "value": [{"@odata.type": "#microsoft.graph.user", "id": "d1", "onPremisesImmutableId": "x"},
                          {"@odata.type": "#microsoft.graph.group", "id": "g1", "displayName": "Old team"}]})",
      "deletedUsers/page-001.json");
  dir.write(
      R"({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directory/deletedItems/microsoft.graph.group",
                "value": [{"id": "g2", "displayName": "Another group"}]})",
      "deletedUsers/page-002.json");
  CloudDirectory cloud;
  const SourceState s = readDir(dir, cloud);
  CHECK(s.status == SourceStatus::Complete);
  REQUIRE(cloud.deletedUsers.size() == 1);
  CHECK(cloud.deletedUsers[0].id == "d1");
  CHECK(s.objects == 3); // 2 users + 1 deleted user: the groups are not counted
  CHECK_THAT(s.detail, Catch::Contains("2 recycle-bin entries that are not users set aside"));
}

TEST_CASE("pages saved by Windows tools: UTF-8 with a BOM, UTF-16 with a BOM",
          "[graph][encoding]") {
  auto utf16 = [](std::string_view ascii, bool bigEndian) {
    std::string out = bigEndian ? "\xFE\xFF" : "\xFF\xFE";
    for (char c : ascii) {
      if (bigEndian) out += '\0';
      out += c;
      if (!bigEndian) out += '\0';
    }
    return out;
  };
  TempPath dir("graph");
  writeComplete(dir);
  dir.write(std::string("\xEF\xBB\xBF") + kManifest, "manifest.json");
  dir.write(utf16(kOrg, false), "organization.json");
  dir.write(utf16(kPage2, false), "users/page-002.json");
  dir.write(utf16(kDeleted, true), "deletedUsers/page-001.json");
  CloudDirectory cloud;
  const SourceState s = readDir(dir, cloud);
  CHECK(s.status == SourceStatus::Complete);
  CHECK(cloud.users.size() == 2);
  CHECK(cloud.deletedUsers.size() == 1);
  REQUIRE(cloud.tenant);
  CHECK(cloud.tenant->displayName == "Contoso");
}
