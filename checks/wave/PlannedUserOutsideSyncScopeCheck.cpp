#include "checks/wave/PlannedUserOutsideSyncScopeCheck.h"

#include "checks/support/CheckSupport.h"
#include "checks/wave/WaveSupport.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "WAVE003",
    "wave-user-outside-sync-scope",
    "WAVE",
    "Planned users outside the sync scope",
    Severity::Blocker,
    {SourceKind::Ad, SourceKind::Sync},
    R"(Reads the migration wave CSVs, the AD accounts they name and the sync configuration's
scope. A blocker for each planned user that no sync tool syncs (Azure AD Connect: its container
is not in scope, or the default filter excludes it; Cloud Sync: the job's filters leave it out,
or its object mapping is disabled).

Why: a mailbox migrates into the synced cloud user; without one there is nothing to migrate
into, and the move fails (or lands in a cloud-only user that the next sync does not know).

What to do: bring the user into the sync scope (the AD connector's containers, or the Cloud
Sync configuration's scoping filters) and sync before the wave starts; or take the user out of
the wave.)",
    "blocker",
    "a planned user that is out of sync scope: no synced cloud user to migrate into"};

const CheckInfo& PlannedUserOutsideSyncScopeCheck::info() const {
  return kInfo;
}

std::string PlannedUserOutsideSyncScopeCheck::whyNotRunnable(const Snapshot& snapshot) const {
  return whyNoWaves(snapshot);
}

void PlannedUserOutsideSyncScopeCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const MailboxGuidExposure exposure(snapshot);
  for (const WaveRow& row : snapshot.waves->rows) {
    if (row.accounts.size() != 1) continue;
    const AdAccount& a = snapshot.ad.accounts[row.accounts[0]];
    const Answer scope = exposure.scopeOf(a);
    if (scope.value != Tristate::No) continue;
    Finding f;
    f.severity = Severity::Blocker;
    f.subject = subjectOf(a);
    f.message =
        fmt::format("wave {}: {} is not synced to Entra ID ({}): there is no cloud user "
                    "to migrate the mailbox into",
                    row.wave, a.userPrincipalName.empty() ? a.dn : a.userPrincipalName, scope.why);
    f.remediation = "Bring the user into the sync scope (the AD connector's containers, or the "
                    "Cloud Sync configuration's scoping filters) and sync before the wave, or "
                    "take the user out of the wave.";
    f.evidence.push_back(evidenceOf(row));
    f.evidence.push_back(evidenceOf(snapshot, a));
    if (!scope.file.empty()) f.evidence.push_back(evidenceOf(snapshot, scope));
    out.push_back(std::move(f));
  }
}

} // namespace migready
