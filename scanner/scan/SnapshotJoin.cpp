#include "scanner/scan/SnapshotJoin.h"

#include "scanner/model/Text.h"

#include <unordered_map>

namespace migready {

namespace {
class AccountIndex {
public:
  explicit AccountIndex(const AdDirectory& ad) {
    byObjectGuid_.reserve(ad.accounts.size());
    for (std::uint32_t i = 0; i < ad.accounts.size(); ++i) {
      const AdAccount& a = ad.accounts[i];
      if (a.objectGuid) byObjectGuid_.try_emplace(a.objectGuid->toBase64(), i);
      if (a.consistencyGuid) byConsistencyGuid_.try_emplace(a.consistencyGuid->toBase64(), i);
      if (a.hasSid()) bySid_.try_emplace(ad.sidOf(a), i);
    }
  }

  // The export's source anchor, when known, is tried first: it is what Azure AD Connect used.
  AdJoin find(const std::string& immutableId, const std::string& sid, bool consistencyFirst) const {
    if (!immutableId.empty()) {
      const auto byGuid = byObjectGuid_.find(immutableId);
      const auto byConsistency = byConsistencyGuid_.find(immutableId);
      if (consistencyFirst && byConsistency != byConsistencyGuid_.end())
        return {byConsistency->second, JoinKey::ImmutableIdFromConsistencyGuid};
      if (byGuid != byObjectGuid_.end())
        return {byGuid->second, JoinKey::ImmutableIdFromObjectGuid};
      if (byConsistency != byConsistencyGuid_.end())
        return {byConsistency->second, JoinKey::ImmutableIdFromConsistencyGuid};
    }
    if (!sid.empty())
      if (auto it = bySid_.find(sid); it != bySid_.end())
        return {it->second, JoinKey::SecurityIdentifier};
    return {};
  }

private:
  std::unordered_map<std::string, std::uint32_t> byObjectGuid_, byConsistencyGuid_, bySid_;
};
} // namespace

void joinCloudToAd(Snapshot& snapshot) {
  if (snapshot.ad.accounts.empty() ||
      (snapshot.cloud.users.empty() && snapshot.cloud.deletedUsers.empty()))
    return;
  const AccountIndex index(snapshot.ad);
  const bool consistencyFirst =
      snapshot.sync && equalsIgnoreCase(snapshot.sync->sourceAnchor, "mS-DS-ConsistencyGuid");
  for (CloudUser& u : snapshot.cloud.users)
    u.join = index.find(u.onPremisesImmutableId, u.onPremisesSecurityIdentifier, consistencyFirst);
  for (DeletedCloudUser& d : snapshot.cloud.deletedUsers)
    d.join = index.find(d.onPremisesImmutableId, d.onPremisesSecurityIdentifier, consistencyFirst);
}

} // namespace migready
