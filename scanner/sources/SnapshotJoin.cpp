#include "scanner/sources/SnapshotJoin.h"

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

  AdJoin find(const std::string& immutableId, const std::string& sid) const {
    if (!immutableId.empty()) {
      if (auto it = byObjectGuid_.find(immutableId); it != byObjectGuid_.end())
        return {it->second, JoinKey::ImmutableIdFromObjectGuid};
      if (auto it = byConsistencyGuid_.find(immutableId); it != byConsistencyGuid_.end())
        return {it->second, JoinKey::ImmutableIdFromConsistencyGuid};
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
  for (CloudUser& u : snapshot.cloud.users)
    u.join = index.find(u.onPremisesImmutableId, u.onPremisesSecurityIdentifier);
  for (DeletedCloudUser& d : snapshot.cloud.deletedUsers)
    d.join = index.find(d.onPremisesImmutableId, d.onPremisesSecurityIdentifier);
}

} // namespace migready
