#pragma once
// Everything the sources read, joined once, then frozen: checks see a `const Snapshot&`.
#include "scanner/model/AdAccount.h"
#include "scanner/model/CloudSync.h"
#include "scanner/model/CloudUser.h"
#include "scanner/model/SyncConfig.h"
#include "scanner/model/Waiver.h"
#include "scanner/model/Wave.h"

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace migready {

// The sources a scan reads: on-premises AD, Entra ID (with Exchange Online), and the sync
// configuration (an AD Connect export, Cloud Sync job schemas, or both: "sync").
enum class SourceKind : std::uint8_t { Ad = 0, Graph = 1, Sync = 2 };
inline constexpr std::array<SourceKind, 3> kAllSources = {SourceKind::Ad, SourceKind::Graph,
                                                          SourceKind::Sync};
std::string_view toString(SourceKind kind); // "ad", "graph", "sync"
// What a customer reads for it: "Active Directory", "Entra ID", "the sync configuration".
std::string_view words(SourceKind kind);
// Also accepts "adconnect", the word reports of schema 1.x and older command lines use for the
// sync configuration.
std::optional<SourceKind> parseSourceKind(std::string_view text);

enum class SourceStatus : std::uint8_t { NotProvided, Complete, Partial, Failed };
std::string_view toString(SourceStatus status);
// After "was": "read completely", "read only in part", "not read (reading it failed)", "not given".
std::string_view words(SourceStatus status);

// A source keeps its first errors, each naming its place; the count says how many there were.
inline constexpr std::size_t kErrorsKept = 20;

struct SourceState {
  SourceStatus status = SourceStatus::NotProvided;
  std::uint64_t objects = 0;       // users read (AD: user accounts; Graph: users + deleted users)
  std::string origin;              // file or folder the data came from
  std::string detail;              // why partial/failed, or what was covered
  std::vector<std::string> errors; // the first errors, each naming file and line or pointer
};

struct AdDirectory {
  // Readers reserve an upper bound (from the file size) before they fill it: reserved but
  // untouched pages cost no memory, and the array never moves, so it never exists twice.
  std::vector<AdAccount> accounts;
  std::vector<std::string> homeMdbs{std::string()};    // interned homeMDB DNs; [0] = none
  std::vector<std::string> sidDomains{std::string()};  // interned "S-1-5-21-x-y-z"; [0] = none
  std::string origin;                                  // file names (or server URLs)
  std::vector<std::string> files;                      // the LDIF files read, by AdAccount::file
  bool live = false;                                   // read over LDAP, not from a file
  std::vector<std::string> boundServers;               // live: every server that got a bind
  std::map<std::string, std::uint64_t> skippedByClass; // non-user entries, by kind
  // The addresses a user is known by besides the primary SMTP address (mail first, when
  // AdAccount::otherSmtpHasMail, then the smtp: proxy addresses), '\n'-separated, by
  // AdAccount::otherSmtp; [0] = none. Kept only when asked for before the read (the directory
  // readiness checks compare every address; migration wave files name users by any of them).
  bool keepOtherSmtp = false;
  std::vector<std::string> otherSmtp{std::string()};
  // givenName and sn, '\0'-separated (neither can hold a NUL), by AdAccount::personNames;
  // [0] = neither.
  std::vector<std::string> personNames{std::string()};
  // What the Cloud Sync scoping filters read besides the attributes above: adminDescription (by
  // AdAccount::adminDescription; [0] = none) and the groups a user is a direct member of
  // (memberOf: each distinct set of group DNs once, by AdAccount::memberOf; [0] = none).
  std::vector<std::string> adminDescriptions{std::string()};
  std::vector<std::vector<std::string>> memberOfSets{{}};
  // Whether the export holds memberOf and adminDescription at all: an ldifde export writes no
  // line for an empty attribute, so an attribute that no entry of a file carries may not have
  // been exported. Bits (kSawMemberOf, kSawAdminDescription) per file (AdAccount::file); a live
  // read asks for both, so there an absent value is absent.
  static constexpr std::uint8_t kSawMemberOf = 1, kSawAdminDescription = 2, kSawGivenName = 4,
                                kSawSurname = 8;
  std::uint8_t sawAttributes = 0;                // what the mapper saw in this directory
  std::vector<std::uint8_t> sawAttributesByFile; // by file, after the LDIF reader joined them
  // An absent value of the attribute (kSawMemberOf, ...) is known to be absent for this account.
  bool absenceKnown(const AdAccount& a, std::uint8_t attribute) const;

  std::string_view homeMdbOf(const AdAccount& a) const { return homeMdbs[a.homeMdb]; }
  std::string_view otherSmtpOf(const AdAccount& a) const { return otherSmtp[a.otherSmtp]; }
  // The mail attribute's value, when kept (keepOtherSmtp); empty otherwise.
  std::string_view mailOf(const AdAccount& a) const;
  std::string_view givenNameOf(const AdAccount& a) const;
  std::string_view surnameOf(const AdAccount& a) const;
  std::string_view adminDescriptionOf(const AdAccount& a) const {
    return adminDescriptions[a.adminDescription];
  }
  const std::vector<std::string>& memberOfOf(const AdAccount& a) const {
    return memberOfSets[a.memberOf];
  }
  // Stores the account's memberOf values, each distinct set once.
  void setMemberOf(AdAccount& a, std::vector<std::string> groups);
  // Where the account was read: "file:line" for an LDIF export, its DN when read live.
  std::string locationOf(const AdAccount& a) const;
  // objectSid as S-1-5-... text; empty when the account has none.
  std::string sidOf(const AdAccount& a) const;
  // Stores `sid` ("S-1-5-21-...-1109") in the account, interning its domain part.
  void setSid(AdAccount& a, std::string_view sid);
  // Stores `dn` as the account's homeMDB, interned.
  void setHomeMdb(AdAccount& a, std::string_view dn);
  // Re-points an account read into `from` at this directory's interned values.
  void adoptPooled(AdAccount& a, const AdDirectory& from);

private:
  std::uint32_t intern(std::vector<std::string>& pool, char kind, std::string_view value);
  std::unordered_map<std::string, std::uint32_t> internIndex_; // kind + value -> index
  std::uint32_t internMemberOf(std::vector<std::string> groups);
  std::uint32_t lastHomeMdb_ = 0, lastSidDomain_ = 0;
};

// One input of the sync configuration, as read: which tool, from where, and how it went.
struct SyncInput {
  SyncTool tool = SyncTool::Connect;
  std::string file;   // the export folder or schema file as given, or the tenant's saved schema
  std::string domain; // Cloud Sync: the domain the schema serves ("" = every domain)
  bool fromTenant = false; // Cloud Sync: the schema of a job read from the tenant
  SourceState state;
  // Cloud Sync: what the schema is ("PUT body", version "2.0"), and the tenant's job for it.
  std::string jobId, shape, version;
  std::optional<CloudSyncJob> job;
};

struct Snapshot;
// For each AD account, the waves that plan it (in the order of the files), by account index; a
// row that names several accounts plans none of them (WAVE001). Empty without wave files.
using WavesByAccount = std::vector<std::vector<std::string>>;
WavesByAccount wavesByAccount(const Snapshot& snapshot);

struct Snapshot {
  std::array<SourceState, 3> sources;
  AdDirectory ad;
  CloudDirectory cloud;
  std::optional<SyncConfig> sync;
  // The Cloud Sync job schemas: given as files, and read from the tenant's jobs.
  std::vector<CloudSyncSchema> cloudSync;
  // What each sync configuration input gave (a Connect export, each schema file), in the order
  // given: the report's sync tools. The sync source's state sums them up.
  std::vector<SyncInput> syncInputs;
  // The gate's accepted exceptions (the waiver file), when given: an input like the others.
  std::optional<WaiverList> waivers;
  // The migration waves (the batch CSVs), each row matched to the AD accounts it names.
  std::optional<WavePlan> waves;

  const SourceState& source(SourceKind kind) const {
    return sources[static_cast<std::size_t>(kind)];
  }
  SourceState& source(SourceKind kind) { return sources[static_cast<std::size_t>(kind)]; }
};

} // namespace migready
