#pragma once
// Directories for the DIR checks' tests, read through the same mapping as an LDIF or live read
// (AdEntryMapper), so that mail, the proxy addresses and the names are stored as a scan stores
// them.
#include "../TestSupport.h"
#include "scanner/ad/AdEntryMapper.h"

#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace migready::test {

struct DirUser {
  std::string dn;
  std::vector<std::pair<std::string, std::string>> values; // attribute, value (objectClass added)
};

// A user entry: "CN=<cn>,<ou>" with sAMAccountName <sam> and the values given.
inline DirUser dirUser(const std::string& sam,
                       std::vector<std::pair<std::string, std::string>> values,
                       const std::string& ou = "OU=Staff,DC=corp,DC=example,DC=com") {
  values.insert(values.begin(), {"sAMAccountName", sam});
  return {"CN=" + sam + "," + ou, std::move(values)};
}

// The users read into a snapshot whose AD source is complete, one LDIF line per value.
inline Snapshot dirSnapshot(const std::vector<DirUser>& users, bool keepAddresses = true) {
  Snapshot s;
  s.ad.keepOtherSmtp = keepAddresses;
  s.ad.files = {"ad.ldf"};
  AdEntryMapper mapper(s.ad, "ad.ldf");
  std::uint32_t line = 1;
  for (const DirUser& u : users) {
    DirectoryEntry e;
    e.line = line++;
    e.dn = u.dn;
    e.attributes.push_back({"objectClass", "user", false, line++});
    for (const auto& [name, value] : u.values)
      e.attributes.push_back({name, value, false, line++});
    e.endLine = line - 1;
    ++line; // the blank line between entries
    mapper.map(e);
  }
  s.ad.sawAttributesByFile = {s.ad.sawAttributes};
  s.source(SourceKind::Ad).status = SourceStatus::Complete;
  return s;
}

} // namespace migready::test
