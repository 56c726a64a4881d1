#include "checks/sync/SyncServerStateCheck.h"

#include "scanner/model/Text.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "SYNC003",
    "sync-server-state",
    "SYNC",
    "Sync configuration that may not be the one that syncs",
    Severity::Warning,
    {SourceKind::Sync},
    R"(Warns when the AD Connect export comes from a server in staging mode
(Microsoft.Synchronize.StagingMode True: it exports nothing, so this may not be the
configuration that is active) or from a 1.x server configuration version (retired by
Microsoft; upgrade before changing the sync configuration); and when the tenant shows a Cloud
Sync job of a given schema not running (schedule Disabled or Paused, status Paused or in
quarantine): its schema says what it would send, and what it sent while it ran may still be in
Entra ID.

Why: every conclusion migready draws from the sync configuration (scope, flow of
msExchMailboxGuid) is only as good as its claim to be the active configuration. Beside Cloud
Sync, a staging-mode Connect server is expected: Microsoft's migration tool puts Connect into
staging mode when it enables Cloud Sync.)",
    "warning",
    "the export comes from a server in staging mode, or a retired 1.x version; a Cloud Sync job "
    "that is disabled, paused or in quarantine"};

const CheckInfo& SyncServerStateCheck::info() const {
  return kInfo;
}

void SyncServerStateCheck::run(const Snapshot& snapshot, FindingList& out) const {
  for (const CloudSyncSchema& schema : snapshot.cloudSync) {
    if (!schema.job) continue;
    const CloudSyncJob& job = *schema.job;
    const bool running = equalsIgnoreCase(job.scheduleState, "Active") &&
                         !equalsIgnoreCase(job.statusCode, "Paused") && !job.quarantined;
    if (running) continue;
    Finding f;
    f.severity = Severity::Warning;
    f.subject.configItem = fmt::format("cloudsync job {}", job.id);
    f.subject.displayName = job.servicePrincipalName;
    f.subject.kind = "cloudsync_job";
    f.message = fmt::format("the Cloud Sync job {} serving {} is not running (schedule {}, status "
                            "{}{}): its schema says what it sends once it runs, and what it sent "
                            "before may still be in Entra ID",
                            job.id, schema.domainText(), job.scheduleState, job.statusCode,
                            job.quarantined ? ", in quarantine" : "");
    f.remediation = "Find out which tool syncs the domain now (Microsoft Entra admin center > "
                    "Entra Connect > Cloud Sync > the configuration's status); judge the "
                    "migration by that tool's configuration.";
    f.evidence.push_back(
        {"graph", job.location,
         fmt::format("schedule.state={}; status.code={}", job.scheduleState, job.statusCode)});
    out.push_back(std::move(f));
  }
  if (!snapshot.sync) return;
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
