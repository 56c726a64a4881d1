#include "scanner/scan/SnapshotJoin.h"

#include "TestSupport.h"

#include <catch2/catch.hpp>

using namespace migready;

TEST_CASE("cloud users join AD by immutable id (objectGUID or ConsistencyGuid), else SID",
          "[join]") {
  Snapshot s;
  AdAccount byGuid = test::user("a");
  byGuid.objectGuid = test::guidOf("3ab39606-c642-489b-84b6-58c038d3ef39");
  AdAccount byConsistency = test::user("b");
  byConsistency.objectGuid = test::guidOf("11111111-2222-3333-4444-555555555555");
  byConsistency.consistencyGuid = test::guidOf("8c4ac332-975f-4717-ad7b-ba4a4e968fff");
  AdAccount bySid = test::user("c");
  s.ad.setSid(bySid, "S-1-5-21-1-2-3-1109");
  s.ad.accounts = {byGuid, byConsistency, bySid};

  auto cloud = [](std::string immutable, std::string sid) {
    CloudUser u;
    u.id = immutable + sid;
    u.onPremisesImmutableId = std::move(immutable);
    u.onPremisesSecurityIdentifier = std::move(sid);
    return u;
  };
  s.cloud.users = {cloud("BpazOkLGm0iEtljAONPvOQ==", ""), cloud("MsNKjF+XF0ete7pKTpaP/w==", ""),
                   cloud("EMP000123", "S-1-5-21-1-2-3-1109"), cloud("nobody", "S-1-5-21-9")};
  DeletedCloudUser d;
  d.onPremisesImmutableId = "BpazOkLGm0iEtljAONPvOQ==";
  s.cloud.deletedUsers = {d};
  joinCloudToAd(s);
  CHECK(s.cloud.users[0].join.account == 0);
  CHECK(s.cloud.users[0].join.key == JoinKey::ImmutableIdFromObjectGuid);
  CHECK(s.cloud.users[1].join.account == 1);
  CHECK(s.cloud.users[1].join.key == JoinKey::ImmutableIdFromConsistencyGuid);
  CHECK(s.cloud.users[2].join.account == 2);
  CHECK(s.cloud.users[2].join.key == JoinKey::SecurityIdentifier);
  CHECK_FALSE(s.cloud.users[3].join.joined());
  CHECK(s.cloud.deletedUsers[0].join.account == 0);
}

TEST_CASE("the export's source anchor decides which GUID a shared immutable id joins by",
          "[join]") {
  // Two accounts whose GUIDs collide across attributes: one account's objectGUID is the other's
  // mS-DS-ConsistencyGuid (a migrated forest, where the anchor was copied from the old one).
  const char* shared = "3ab39606-c642-489b-84b6-58c038d3ef39";
  Snapshot s;
  AdAccount current = test::user("current");
  current.objectGuid = test::guidOf("11111111-2222-3333-4444-555555555555");
  current.consistencyGuid = test::guidOf(shared);
  AdAccount old = test::user("old");
  old.objectGuid = test::guidOf(shared);
  s.ad.accounts = {old, current};
  CloudUser u;
  u.id = "cloud";
  u.onPremisesImmutableId = test::guidOf(shared).toBase64();
  s.cloud.users = {u};
  DeletedCloudUser d;
  d.onPremisesImmutableId = u.onPremisesImmutableId;
  s.cloud.deletedUsers = {d};

  SECTION("no export: objectGUID first (the default anchor of older installs)") {
    joinCloudToAd(s);
    CHECK(s.cloud.users[0].join.account == 0);
    CHECK(s.cloud.users[0].join.key == JoinKey::ImmutableIdFromObjectGuid);
  }
  SECTION("an export anchored on objectGUID: the same") {
    s.sync = SyncConfig{};
    s.sync->sourceAnchor = "objectGUID";
    joinCloudToAd(s);
    CHECK(s.cloud.users[0].join.account == 0);
  }
  SECTION("an export anchored on mS-DS-ConsistencyGuid (any case): that attribute first") {
    s.sync = SyncConfig{};
    s.sync->sourceAnchor = "ms-ds-consistencyguid";
    joinCloudToAd(s);
    CHECK(s.cloud.users[0].join.account == 1);
    CHECK(s.cloud.users[0].join.key == JoinKey::ImmutableIdFromConsistencyGuid);
    CHECK(s.cloud.deletedUsers[0].join.account == 1);
    // An id only an objectGUID carries still joins by it.
    s.cloud.users[0].onPremisesImmutableId = current.objectGuid->toBase64();
    joinCloudToAd(s);
    CHECK(s.cloud.users[0].join.account == 1);
    CHECK(s.cloud.users[0].join.key == JoinKey::ImmutableIdFromObjectGuid);
  }
}
