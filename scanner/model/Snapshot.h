#pragma once
// Everything the sources read, joined once, then frozen: checks see a `const Snapshot&`.
#include "scanner/model/AdAccount.h"
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

enum class SourceKind : std::uint8_t { Ad = 0, Graph = 1, AdConnect = 2 };
inline constexpr std::array<SourceKind, 3> kAllSources = {SourceKind::Ad, SourceKind::Graph,
                                                          SourceKind::AdConnect};
std::string_view toString(SourceKind kind);
std::optional<SourceKind> parseSourceKind(std::string_view text);

enum class SourceStatus : std::uint8_t { NotProvided, Complete, Partial, Failed };
std::string_view toString(SourceStatus status);

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
  // The addresses a user is known by besides the primary SMTP address (mail, smtp: proxy
  // addresses), '\n'-separated, by AdAccount::otherSmtp; [0] = none. Kept only when asked for
  // before the read (migration wave files name users by any of their addresses): a forest of
  // millions of users does not hold them otherwise.
  bool keepOtherSmtp = false;
  std::vector<std::string> otherSmtp{std::string()};

  std::string_view homeMdbOf(const AdAccount& a) const { return homeMdbs[a.homeMdb]; }
  std::string_view otherSmtpOf(const AdAccount& a) const { return otherSmtp[a.otherSmtp]; }
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
  std::uint32_t lastHomeMdb_ = 0, lastSidDomain_ = 0;
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
