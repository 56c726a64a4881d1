#include "scanner/model/Snapshot.h"

#include "scanner/model/Text.h"

#include <algorithm>

namespace migready {

std::string_view toString(SourceKind kind) {
  switch (kind) {
  case SourceKind::Ad:
    return "ad";
  case SourceKind::Graph:
    return "graph";
  case SourceKind::Sync:
    return "sync";
  }
  return "ad";
}

std::string_view words(SourceKind kind) {
  switch (kind) {
  case SourceKind::Ad:
    return "Active Directory";
  case SourceKind::Graph:
    return "Entra ID";
  case SourceKind::Sync:
    return "the sync configuration";
  }
  return "Active Directory";
}

std::string_view words(SourceStatus status) {
  switch (status) {
  case SourceStatus::Complete:
    return "read completely";
  case SourceStatus::Partial:
    return "read only in part";
  case SourceStatus::Failed:
    return "not read (reading it failed)";
  case SourceStatus::NotProvided:
    return "not given";
  }
  return "not given";
}

std::optional<SourceKind> parseSourceKind(std::string_view text) {
  for (SourceKind k : kAllSources)
    if (equalsIgnoreCase(text, toString(k))) return k;
  if (equalsIgnoreCase(text, "adconnect")) return SourceKind::Sync;
  return std::nullopt;
}

bool AdDirectory::absenceKnown(const AdAccount& a, std::uint8_t attribute) const {
  if (live) return true;
  if (a.file < sawAttributesByFile.size()) return (sawAttributesByFile[a.file] & attribute) != 0;
  return (sawAttributes & attribute) != 0;
}

std::uint32_t AdDirectory::internMemberOf(std::vector<std::string> groups) {
  if (groups.empty()) return 0;
  std::string key(1, 'm');
  for (const std::string& g : groups) {
    key += g;
    key += '\n';
  }
  auto [it, inserted] =
      internIndex_.try_emplace(std::move(key), static_cast<std::uint32_t>(memberOfSets.size()));
  if (inserted) memberOfSets.push_back(std::move(groups));
  return it->second;
}

void AdDirectory::setMemberOf(AdAccount& a, std::vector<std::string> groups) {
  a.memberOf = internMemberOf(std::move(groups));
}

std::string_view AdDirectory::mailOf(const AdAccount& a) const {
  if (!a.otherSmtpHasMail) return {};
  const std::string_view all = otherSmtp[a.otherSmtp];
  return all.substr(0, all.find('\n'));
}

std::string_view AdDirectory::givenNameOf(const AdAccount& a) const {
  const std::string_view both = personNames[a.personNames];
  return both.substr(0, both.find('\0'));
}

std::string_view AdDirectory::surnameOf(const AdAccount& a) const {
  const std::string_view both = personNames[a.personNames];
  const auto nul = both.find('\0');
  return nul == std::string_view::npos ? std::string_view() : both.substr(nul + 1);
}

std::string AdDirectory::locationOf(const AdAccount& a) const {
  if (a.line == 0) return a.dn;
  const std::string& file = a.file < files.size() ? files[a.file] : origin;
  std::string location;
  location.reserve(file.size() + 12);
  location += file;
  location += ':';
  location += std::to_string(a.line);
  return location;
}

std::string AdDirectory::sidOf(const AdAccount& a) const {
  if (!a.hasSid()) return {};
  const std::string& domain = sidDomains[a.sidDomain];
  if (!domain.empty() && domain.back() == '\x1f') return domain.substr(0, domain.size() - 1);
  return domain + "-" + std::to_string(a.sidRid);
}

std::uint32_t AdDirectory::intern(std::vector<std::string>& pool, char kind,
                                  std::string_view value) {
  // Consecutive accounts mostly share their domain and often their database: try the last hit.
  std::uint32_t& last = kind == 'h' ? lastHomeMdb_ : lastSidDomain_;
  if (last != 0 && last < pool.size() && pool[last] == value) return last;
  std::string key(1, kind);
  key += value;
  auto [it, inserted] =
      internIndex_.try_emplace(std::move(key), static_cast<std::uint32_t>(pool.size()));
  if (inserted) pool.emplace_back(value);
  last = it->second;
  return it->second;
}

void AdDirectory::setSid(AdAccount& a, std::string_view sid) {
  const auto dash = sid.rfind('-');
  const auto rid = dash == std::string_view::npos ? std::nullopt : parseInt64(sid.substr(dash + 1));
  if (!rid || *rid < 0 || *rid > UINT32_MAX || dash < 5) {
    // Not of the usual S-1-<authority>-...-<rid> shape: keep the whole text, marked by \x1f.
    a.sidDomain = intern(sidDomains, 's', std::string(sid) + '\x1f');
    a.sidRid = 0;
    return;
  }
  a.sidDomain = intern(sidDomains, 's', sid.substr(0, dash));
  a.sidRid = static_cast<std::uint32_t>(*rid);
}

void AdDirectory::adoptPooled(AdAccount& a, const AdDirectory& from) {
  if (a.hasHomeMdb()) a.homeMdb = intern(homeMdbs, 'h', from.homeMdbs[a.homeMdb]);
  if (a.hasSid()) a.sidDomain = intern(sidDomains, 's', from.sidDomains[a.sidDomain]);
  if (a.otherSmtp != 0) {
    otherSmtp.push_back(from.otherSmtp[a.otherSmtp]);
    a.otherSmtp = static_cast<std::uint32_t>(otherSmtp.size() - 1);
  }
  if (a.personNames != 0) {
    personNames.push_back(from.personNames[a.personNames]);
    a.personNames = static_cast<std::uint32_t>(personNames.size() - 1);
  }
  if (a.adminDescription != 0) {
    adminDescriptions.push_back(from.adminDescriptions[a.adminDescription]);
    a.adminDescription = static_cast<std::uint32_t>(adminDescriptions.size() - 1);
  }
  if (a.memberOf != 0) a.memberOf = internMemberOf(from.memberOfSets[a.memberOf]);
}

void AdDirectory::setHomeMdb(AdAccount& a, std::string_view dn) {
  a.homeMdb = intern(homeMdbs, 'h', dn);
}

std::string_view toString(SourceStatus status) {
  switch (status) {
  case SourceStatus::NotProvided:
    return "not_provided";
  case SourceStatus::Complete:
    return "complete";
  case SourceStatus::Partial:
    return "partial";
  case SourceStatus::Failed:
    return "failed";
  }
  return "failed";
}

std::string_view toString(JoinKey key) {
  switch (key) {
  case JoinKey::None:
    return "none";
  case JoinKey::ImmutableIdFromObjectGuid:
    return "onPremisesImmutableId = base64(objectGUID)";
  case JoinKey::ImmutableIdFromConsistencyGuid:
    return "onPremisesImmutableId = base64(mS-DS-ConsistencyGuid)";
  case JoinKey::SecurityIdentifier:
    return "onPremisesSecurityIdentifier = objectSid";
  }
  return "none";
}

WavesByAccount wavesByAccount(const Snapshot& snapshot) {
  if (!snapshot.waves) return {};
  std::vector<std::vector<std::string>> waves(snapshot.ad.accounts.size());
  for (const WaveRow& row : snapshot.waves->rows)
    if (row.accounts.size() == 1) {
      auto& of = waves[row.accounts[0]];
      if (std::find(of.begin(), of.end(), row.wave) == of.end()) of.push_back(row.wave);
    }
  return waves;
}

} // namespace migready
