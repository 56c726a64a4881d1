#pragma once
// Small helpers for the unit tests: temporary files and hand-built model objects.
#include "checks/Check.h"
#include "scanner/model/Guid.h"
#include "scanner/model/Snapshot.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unistd.h>

namespace migready::test {

// A file (or folder) under the system temp dir, removed when the test ends.
class TempPath {
public:
  explicit TempPath(std::string_view name) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("migready-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + "-" +
             std::string(name));
  }
  ~TempPath() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // Writes `content` byte for byte to path()/relative (or path() itself when relative is empty).
  void write(std::string_view content, const std::string& relative = "") const {
    const auto target = relative.empty() ? path_ : path_ / relative;
    std::filesystem::create_directories(target.parent_path());
    std::ofstream out(target, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  }

private:
  std::filesystem::path path_;
};

inline Guid guidOf(std::string_view text) {
  return *Guid::parse(text);
}

// An in-scope user; tests change what they need.
inline AdAccount user(std::string sam, std::string ou = "OU=Staff,DC=corp,DC=example,DC=com") {
  AdAccount a;
  a.samAccountName = sam;
  a.dn = "CN=" + sam + "," + ou;
  a.userPrincipalName = sam + "@example.com";
  a.line = 1;
  return a;
}

// A mailbox user: msExchMailboxGuid, a recipient type and an alias (mailNickname).
inline AdAccount mailbox(std::string sam, std::string_view mailboxGuid, std::int64_t rtd = 1) {
  AdAccount a = user(sam);
  a.mailNickname = sam;
  a.mailboxGuid = guidOf(mailboxGuid);
  a.recipientTypeDetails = rtd;
  return a;
}

} // namespace migready::test

namespace migready::test {

// An AD Connect export as the default install writes it: one AD connector syncing
// `inclusions` minus `exclusions` of `partition` and importing msExchMailboxGuid, the Azure AD
// connector (with msExchMailboxGuid in its inclusion list unless told otherwise), the standard
// inbound rule "In from AD - User Exchange" (precedence 108, for users with a mailNickname) and
// "Out to AAD - User ExchangeOnline" at precedence 125 mapping msExchMailboxGuid straight through.
inline SyncConfig defaultExport(std::string partition, std::vector<std::string> inclusions,
                                std::vector<std::string> exclusions,
                                bool attributeIncluded = true) {
  SyncConfig s;
  s.origin = "export";
  s.sourceAnchor = "objectGUID";
  SyncConnector ad;
  ad.id = "{AE4DB4CC-B16B-4EB2-ACF5-837CA84E4D7D}";
  ad.name = "corp.example.com";
  ad.kind = SyncConnector::Kind::ActiveDirectory;
  ad.file = "export/Connectors/Connector_{ae4db4cc-b16b-4eb2-acf5-837ca84e4d7d}.xml";
  ad.hasAttributeInclusion = true;
  ad.attributeInclusions = {"displayName", "mailNickname", "msExchMailboxGuid", "objectGUID"};
  SyncPartition p;
  p.dn = std::move(partition);
  p.inclusions = std::move(inclusions);
  p.exclusions = std::move(exclusions);
  ad.partitions.push_back(std::move(p));
  SyncConnector aad;
  aad.id = std::string(kAzureAdConnectorId);
  aad.name = "example.onmicrosoft.com - AAD";
  aad.kind = SyncConnector::Kind::AzureAd;
  aad.file = "export/Connectors/Connector_{b891884f-051e-4a83-95af-2544101c9083}.xml";
  aad.hasAttributeInclusion = true;
  aad.attributeInclusions = {"displayName", "mailNickname"};
  if (attributeIncluded) aad.attributeInclusions.push_back("msExchMailboxGuid");
  SyncRule in;
  in.id = "{e5e5058b-034a-4403-b438-6046f5d19e0c}";
  in.name = "In from AD - User Exchange";
  in.immutableTag = "Microsoft.InfromADUserExchange.003";
  in.file =
      "export/SynchronizationRules/SynchronizationRule_{e5e5058b-034a-4403-b438-6046f5d19e0c}.xml";
  in.connector = "{ae4db4cc-b16b-4eb2-acf5-837ca84e4d7d}";
  in.precedence = 108;
  in.sourceObjectType = "user";
  in.targetObjectType = "person";
  in.scope = {{{"mailNickname", "ISNOTNULL", ""}}};
  in.mappings = {{"msExchMailboxGuid", {"msExchMailboxGuid"}, ""}};
  SyncRule r;
  r.id = "{8d26623c-0832-4be2-8fbf-e7fc72796d25}";
  r.name = "Out to AAD - User ExchangeOnline";
  r.immutableTag = "Microsoft.OuttoAADUserExchangeOnline.004";
  r.file =
      "export/SynchronizationRules/SynchronizationRule_{8d26623c-0832-4be2-8fbf-e7fc72796d25}.xml";
  r.connector = "{b891884f-051e-4a83-95af-2544101c9083}";
  r.outbound = true;
  r.precedence = 125;
  r.sourceObjectType = "person";
  r.targetObjectType = "user";
  r.scope = {{{"sourceObjectType", "EQUAL", "User"}, {"cloudMastered", "NOTEQUAL", "True"}}};
  r.mappings = {{"msExchMailboxGuid", {"msExchMailboxGuid"}, ""}};
  s.connectors = {ad, aad};
  s.rules = {in, r};
  s.link();
  return s;
}

// A rule that sets msExchMailboxGuid to AuthoritativeNull, as the usual fix does: outbound to
// Azure AD, or (`inbound`) from the AD connector into the metaverse.
inline SyncRule nullRule(long precedence, std::vector<std::vector<ScopeCondition>> scope = {},
                         bool inbound = false) {
  SyncRule r;
  r.id = "{0000000a-0000-4000-8000-000000000090}";
  r.name = inbound ? "In from AD - No msExchMailboxGuid" : "Out to AAD - No msExchMailboxGuid";
  r.file =
      "export/SynchronizationRules/SynchronizationRule_{0000000a-0000-4000-8000-000000000090}.xml";
  r.connector =
      inbound ? "{AE4DB4CC-B16B-4EB2-ACF5-837CA84E4D7D}" : std::string(kAzureAdConnectorId);
  r.outbound = !inbound;
  r.precedence = precedence;
  r.sourceObjectType = inbound ? "user" : "person";
  r.targetObjectType = inbound ? "person" : "user";
  r.scope = std::move(scope);
  r.mappings = {{"msExchMailboxGuid", {}, "AuthoritativeNull"}};
  return r;
}

// Adds `rule` to `sync` and binds it, as the reader would.
inline void addRule(SyncConfig& sync, SyncRule rule) {
  sync.rules.push_back(std::move(rule));
  sync.link();
}

} // namespace migready::test

namespace migready::test {

// The findings of the catalog's check `id` on `s`.
inline FindingList runCheck(std::string_view id, const Snapshot& s) {
  const CheckList checks = makeAllChecks();
  const Check* c = findCheck(checks, id);
  if (!c) throw std::invalid_argument("no check " + std::string(id) + " in the catalog");
  FindingList out;
  c->run(s, out);
  return out;
}

} // namespace migready::test
