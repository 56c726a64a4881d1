#pragma once
// Everything the sources read, joined once, then frozen: checks see a `const Snapshot&`.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/model/AdAccount.h"
#include "scanner/model/CloudUser.h"
#include "scanner/model/SyncConfig.h"

namespace migready {

enum class SourceKind : std::uint8_t { Ad = 0, Graph = 1, AdConnect = 2 };
inline constexpr std::array<SourceKind, 3> kAllSources = {SourceKind::Ad, SourceKind::Graph,
                                                          SourceKind::AdConnect};
std::string_view toString(SourceKind kind);
std::optional<SourceKind> parseSourceKind(std::string_view text);

enum class SourceStatus : std::uint8_t { NotProvided, Complete, Partial, Failed };
std::string_view toString(SourceStatus status);

struct SourceState {
  SourceStatus status = SourceStatus::NotProvided;
  std::uint64_t objects = 0; // users read (AD: user accounts; Graph: users + deleted users)
  std::string origin;        // file or folder the data came from
  std::string detail;        // why partial/failed, or what was covered
  std::vector<std::string> errors; // the first errors, each naming file and line or pointer


};

struct AdDirectory {
  std::vector<AdAccount> accounts;
  std::vector<std::string> homeMdbs{std::string()}; // interned homeMDB DNs; [0] = none
  std::string origin;                                // file name used in evidence
  std::map<std::string, std::uint64_t> skippedByClass; // non-user entries, by kind

  std::string_view homeMdbOf(const AdAccount& a) const { return homeMdbs[a.homeMdb]; }
};

struct Snapshot {
  std::array<SourceState, 3> sources;
  AdDirectory ad;
  CloudDirectory cloud;
  std::optional<SyncConfig> sync;

  const SourceState& source(SourceKind kind) const { return sources[static_cast<std::size_t>(kind)]; }
  SourceState& source(SourceKind kind) { return sources[static_cast<std::size_t>(kind)]; }
};

} // namespace migready
