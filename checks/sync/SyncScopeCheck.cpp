#include "checks/sync/SyncScopeCheck.h"

#include "checks/support/CheckSupport.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "SYNC002",
    "sync-scope",
    "SYNC",
    "What Azure AD Connect syncs (scope, anchor, hybrid, version)",
    Severity::Info,
    {SourceKind::AdConnect},
    R"(Summarises the AD Connect export, one finding per AD connector: the selected partitions
with their included and excluded containers, the source anchor
(Microsoft.SynchronizationOption.AnchorAttribute), Exchange hybrid
(Microsoft.OptionalFeature.HybridExchange), staging mode and the server configuration version.

Why: the hard-delete and re-sync procedure takes the synced OUs out of scope and puts them back; this is
the list to work from, and the anchor decides how the re-sync hard-matches.)",
    "info",
    "the sync scope, one finding per AD connector: partitions, included and excluded containers, "
    "source anchor, Exchange hybrid, staging, version"};

const CheckInfo& SyncScopeCheck::info() const {
  return kInfo;
}

void SyncScopeCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const SyncConfig& sync = *snapshot.sync;
  auto flag = [](const std::optional<bool>& v) { return v ? (*v ? "on" : "off") : "unknown"; };
  const std::string settings = fmt::format(
      "source anchor {}; Exchange hybrid {}; staging mode {}; version {}",
      sync.sourceAnchor.empty() ? "unknown" : sync.sourceAnchor, flag(sync.exchangeHybrid),
      flag(sync.stagingMode), sync.serverVersion.empty() ? "unknown" : sync.serverVersion);
  for (const SyncConnector& c : sync.connectors) {
    if (c.kind != SyncConnector::Kind::ActiveDirectory) continue;
    std::vector<std::string> parts;
    for (const SyncPartition& p : c.partitions)
      if (p.selected)
        parts.push_back(fmt::format(
            "{} (included: {}; excluded: {})", p.dn,
            p.inclusions.empty() ? "none" : fmt::format("{}", fmt::join(p.inclusions, ", ")),
            p.exclusions.empty() ? "none" : fmt::format("{}", fmt::join(p.exclusions, ", "))));
    Finding f;
    f.severity = Severity::Info;
    f.subject.configItem = "connector " + c.id;
    f.subject.displayName = c.name;
    f.subject.kind = "connector";
    f.message = fmt::format("connector \"{}\" syncs {}; {}", c.name,
                            parts.empty() ? std::string("no selected partition")
                                          : fmt::format("{}", fmt::join(parts, "; ")),
                            settings);
    f.remediation =
        "No action: the scope to take out and restore in the hard-delete and re-sync procedure, "
        "and the anchor the re-sync will hard-match on.";
    f.evidence.push_back({"adconnect",
                          locationIn(c.file, c.partitions.empty() ? 0 : c.partitions.front().line),
                          "ma-partition-data: selected partitions and containers"});
    if (!sync.globalSettingsFile.empty())
      f.evidence.push_back(
          {"adconnect",
           locationIn(sync.globalSettingsFile,
                      sync.settingLine("Microsoft.SynchronizationOption.AnchorAttribute")),
           settings});
    out.push_back(std::move(f));
  }
}

} // namespace migready
