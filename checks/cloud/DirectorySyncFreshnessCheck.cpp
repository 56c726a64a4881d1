#include "checks/cloud/DirectorySyncFreshnessCheck.h"

#include "scanner/model/Time.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "CLOUD004",
    "directory-sync-stale",
    "CLOUD",
    "Directory sync state of the tenant",
    Severity::Warning,
    {SourceKind::Graph},
    R"(Reads the tenant's directory sync state (GET /organization). A warning when sync is on
and the last sync finished more than 24 hours before the snapshot was captured; an info
finding when sync is off (nothing is synced, so the cloud side of the problem cannot
exist yet, but AD001 still matters before sync is switched on).

Why: a stale sync means the cloud objects may not reflect AD: fixes made on-premises (scope,
attribute exclusion) have not arrived, and the scan of the cloud side describes the past.)",
    "warning; info when sync is off",
    "directory sync on but the last sync missing or more than 24 h before the capture"};

const CheckInfo& DirectorySyncFreshnessCheck::info() const {
  return kInfo;
}

std::string DirectorySyncFreshnessCheck::whyNotRunnable(const Snapshot& snapshot) const {
  return snapshot.cloud.tenant ? std::string() : "the snapshot has no organization.json";
}

void DirectorySyncFreshnessCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const Tenant& t = *snapshot.cloud.tenant;
  Finding f;
  f.subject.cloudId = t.id.empty() ? snapshot.cloud.tenantId : t.id;
  f.subject.displayName = t.displayName;
  f.subject.kind = "tenant";
  const std::string detail =
      fmt::format("onPremisesSyncEnabled={}; onPremisesLastSyncDateTime={}; capturedAt={}",
                  t.onPremisesSyncEnabled ? "true" : "false/null",
                  t.onPremisesLastSyncDateTime.empty() ? "null" : t.onPremisesLastSyncDateTime,
                  snapshot.cloud.capturedAt);
  f.evidence.push_back({"graph", t.location, detail});
  if (!t.onPremisesSyncEnabled) {
    f.severity = Severity::Info;
    f.message = "directory sync is off for this tenant: no user has been synced yet";
    f.remediation = "Before switching sync on, resolve every AD001 finding (exclude "
                    "msExchMailboxGuid from the export).";
    out.push_back(std::move(f));
    return;
  }
  const auto captured = parseIsoTime(snapshot.cloud.capturedAt);
  const auto last = parseIsoTime(t.onPremisesLastSyncDateTime);
  if (last && captured && *captured - *last <= 24 * 3600) return; // fresh
  f.severity = Severity::Warning;
  f.message = last ? fmt::format("directory sync is on but the last sync ({}) was {:.1f} hours "
                                 "before the capture",
                                 t.onPremisesLastSyncDateTime,
                                 static_cast<double>(*captured - *last) / 3600.0)
                   : std::string("directory sync is on but has never completed");
  f.remediation = "Check the Azure AD Connect server (not in staging mode, service running, "
                  "no export errors in Synchronization Service Manager), run "
                  "Start-ADSyncSyncCycle -PolicyType Delta, and capture the cloud side again.";
  out.push_back(std::move(f));
}

} // namespace migready
