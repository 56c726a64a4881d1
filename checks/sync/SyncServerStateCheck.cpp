#include "checks/sync/SyncServerStateCheck.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "SYNC003",
    "sync-server-state",
    "SYNC",
    "Export from a staging server or a retired version",
    Severity::Warning,
    {SourceKind::AdConnect},
    R"(Warns when the AD Connect export comes from a server in staging mode
(Microsoft.Synchronize.StagingMode True: it exports nothing, so this may not be the
configuration that is active) or from a 1.x server configuration version (retired by
Microsoft; upgrade before changing the sync configuration).

Why: every conclusion migready draws from the export (scope, flow of msExchMailboxGuid) is
only as good as the export's claim to be the active configuration.)",
    "warning",
    "the export comes from a server in staging mode, or a retired 1.x version"};

const CheckInfo& SyncServerStateCheck::info() const {
  return kInfo;
}

void SyncServerStateCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const SyncConfig& sync = *snapshot.sync;
  // The parameter's own line in the global settings, or the export folder without them.
  const auto where = [&](std::string_view parameter) {
    return sync.globalSettingsFile.empty()
               ? sync.origin
               : locationIn(sync.globalSettingsFile, sync.settingLine(parameter));
  };
  if (sync.stagingMode.value_or(false)) {
    Finding f;
    f.severity = Severity::Warning;
    f.subject.configItem = "setting Microsoft.Synchronize.StagingMode";
    f.subject.kind = "server";
    f.message = "the export comes from a server in staging mode: it may not be the configuration "
                "that syncs to Entra ID";
    f.remediation = "Export the configuration of the active server (Get-ADSyncScheduler shows "
                    "StagingModeEnabled False) and scan again.";
    f.evidence.push_back({"adconnect", where("Microsoft.Synchronize.StagingMode"),
                          "Microsoft.Synchronize.StagingMode=True"});
    out.push_back(std::move(f));
  }
  if (sync.serverVersion.starts_with("1.")) {
    Finding f;
    f.severity = Severity::Warning;
    f.subject.configItem = "setting Microsoft.Synchronize.ServerConfigurationVersion";
    f.subject.kind = "server";
    f.message = fmt::format("the server runs Azure AD Connect {}, a retired 1.x version",
                            sync.serverVersion);
    f.remediation = "Upgrade to a supported Microsoft Entra Connect 2.x version before changing "
                    "the sync configuration for the migration.";
    f.evidence.push_back(
        {"adconnect", where("Microsoft.Synchronize.ServerConfigurationVersion"),
         "Microsoft.Synchronize.ServerConfigurationVersion=" + sync.serverVersion});
    out.push_back(std::move(f));
  }
}

} // namespace migready
