#include "scanner/scan/SnapshotJoin.h"

#include "scanner/model/Text.h"

#include <algorithm>
#include <cctype>
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

void joinWavesToAd(Snapshot& snapshot) {
  if (!snapshot.waves || snapshot.waves->rows.empty()) return;
  std::unordered_multimap<std::string, std::uint32_t> bySmtp, byUpn, byDn, byGuid, bySam;
  const auto& accounts = snapshot.ad.accounts;
  for (std::uint32_t i = 0; i < accounts.size(); ++i) {
    const AdAccount& a = accounts[i];
    if (!a.primarySmtp.empty()) bySmtp.emplace(toLowerAscii(a.primarySmtp), i);
    // mail and the secondary smtp: addresses (kept for the wave files): a batch CSV may name a
    // user by any address Exchange routes to the mailbox.
    for (std::string_view other = snapshot.ad.otherSmtpOf(a); !other.empty();) {
      const auto end = other.find('\n');
      const std::string address = toLowerAscii(other.substr(0, end));
      if (address != toLowerAscii(a.primarySmtp)) bySmtp.emplace(address, i);
      other = end == std::string_view::npos ? std::string_view() : other.substr(end + 1);
    }
    if (!a.userPrincipalName.empty()) byUpn.emplace(toLowerAscii(a.userPrincipalName), i);
    byDn.emplace(toLowerAscii(a.dn), i);
    if (a.objectGuid) byGuid.emplace(a.objectGuid->toString(), i);
    if (!a.samAccountName.empty()) bySam.emplace(toLowerAscii(a.samAccountName), i);
  }
  const auto lookup = [](const std::unordered_multimap<std::string, std::uint32_t>& index,
                         const std::string& key, std::vector<std::uint32_t>& out) {
    const auto [from, to] = index.equal_range(key);
    for (auto it = from; it != to; ++it)
      if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
  };
  for (WaveRow& row : snapshot.waves->rows) {
    row.accounts.clear();
    std::string key = toLowerAscii(row.identity);
    if (key.starts_with("smtp:")) key.erase(0, 5);
    if (key.empty()) continue; // an empty cell names no one (WAVE001)
    switch (row.kind) {
    case WaveIdentity::DistinguishedName:
      lookup(byDn, key, row.accounts);
      break;
    case WaveIdentity::ObjectGuid:
      if (const auto guid = Guid::parse(row.identity))
        lookup(byGuid, guid->toString(), row.accounts);
      break;
    case WaveIdentity::SamAccountName:
      if (const auto slash = key.rfind('\\'); slash != std::string::npos) key.erase(0, slash + 1);
      lookup(bySam, key, row.accounts);
      break;
    case WaveIdentity::Address: // one of the mailbox's SMTP addresses, else the UPN
      lookup(bySmtp, key, row.accounts);
      if (row.accounts.empty()) lookup(byUpn, key, row.accounts);
      break;
    }
  }
}

} // namespace migready
