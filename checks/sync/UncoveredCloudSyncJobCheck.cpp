#include "checks/sync/UncoveredCloudSyncJobCheck.h"

#include "checks/support/CheckSupport.h"
#include "scanner/model/Setting.h"
#include "scanner/model/Text.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "SYNC005",
    "cloud-sync-job-not-covered",
    "SYNC",
    "Cloud Sync jobs in the tenant that no configuration read covers",
    Severity::Blocker,
    {SourceKind::Graph},
    R"(Reads the tenant's Cloud Sync configurations (service principals of application template
1a4721b3-e57f-4451-ae87-ef078703ec94) and their AD2AADProvisioning jobs, and finds each job
whose AD domain (its DomainFQDN setting) no Cloud Sync job schema of the scan covers: neither a
schema given for that domain nor the job's own schema read from the tenant.

Why: such a job provisions that domain's users to Entra ID, msExchMailboxGuid included by
default, and nothing shows what its mappings send. Its users' answer is unknown, which fails like
a flow. A disabled job may have synced users before.

What to do: export the job's schema (Graph: GET /servicePrincipals/{id}/synchronization/jobs/
{jobId}/schema, with Synchronization.Read.All) and give it with the Cloud Sync schema setting,
or read the tenant with that permission.)",
    "blocker",
    "a Cloud Sync job of the tenant for an AD domain that no Cloud Sync job schema of the scan "
    "covers"};

const CheckInfo& UncoveredCloudSyncJobCheck::info() const {
  return kInfo;
}

std::string UncoveredCloudSyncJobCheck::whyNotRunnable(const Snapshot& snapshot) const {
  if (snapshot.cloud.cloudSyncCollected) return {};
  return snapshot.cloud.cloudSyncNotCollected.empty()
             ? std::string("the tenant's Cloud Sync jobs were not read (a snapshot without "
                           "synchronization/)")
             : fmt::format("the tenant's Cloud Sync jobs were not read: {}",
                           snapshot.cloud.cloudSyncNotCollected);
}

void UncoveredCloudSyncJobCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const MailboxGuidExposure exposure(snapshot);
  for (const CloudSyncJob& job : snapshot.cloud.cloudSyncJobs) {
    if (!job.provisionsUsers()) continue;
    const CloudSyncSchema* schema = exposure.cloudSync().schemaFor(job.domain);
    if (schema) continue; // a schema for the domain (or one for every domain) covers it
    Finding f;
    f.severity = Severity::Blocker;
    f.subject.configItem = fmt::format("cloudsync job {}", job.id);
    f.subject.displayName = job.servicePrincipalName;
    f.subject.kind = "cloudsync_job";
    f.message = fmt::format(
        "Cloud Sync job {} ({}) provisions {} to Entra ID (schedule {}, status {}), but no Cloud "
        "Sync job schema of this scan covers that domain: what it sends, msExchMailboxGuid "
        "included, cannot be told",
        job.id, job.servicePrincipalName,
        job.domain.empty() ? std::string("an AD domain its settings do not name") : job.domain,
        job.scheduleState.empty() ? "unknown" : job.scheduleState,
        job.statusCode.empty() ? "unknown" : job.statusCode);
    f.remediation = fmt::format(
        "Save the job's schema (Graph Explorer or "
        "Get-MgBetaServicePrincipalSynchronizationJobSchema "
        "-ServicePrincipalId {} -SynchronizationJobId {}, with Synchronization.Read.All) and scan "
        "again with {} {}=FILE.",
        job.servicePrincipalId, job.id, settingName(Setting::CloudSyncSchema),
        job.domain.empty() ? "DOMAIN" : job.domain);
    f.evidence.push_back(
        {"graph", job.location,
         fmt::format("templateId={}; DomainFQDN={}; schema {}", job.templateId, job.domain,
                     job.schemaFile.empty() ? "not saved" : "unreadable")});
    out.push_back(std::move(f));
  }
}

} // namespace migready
