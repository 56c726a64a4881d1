#include "checks/ad/MailboxOutsideSyncScopeCheck.h"

#include "checks/support/CheckSupport.h"

#include <fmt/format.h>
#include <unordered_map>

namespace migready {

static constexpr CheckInfo kInfo{
    "AD003",
    "mailbox-outside-sync-scope",
    "AD",
    "On-premises mailboxes outside the synced containers",
    Severity::Warning,
    {SourceKind::Ad, SourceKind::Sync},
    R"(Finds on-premises mailboxes that pass Azure AD Connect's default filter but that no sync
configuration syncs: outside the containers the AD connector syncs, or outside a Cloud Sync
job's container, group or scoping filters (needs the AD Connect export or a Cloud Sync job
schema).

Why: a mailbox outside sync scope has no synced cloud user to migrate into. Either the OU was
forgotten in the sync configuration, or the mailbox is not meant to move: decide before the
migration batch is planned.

When a synced cloud user is joined to such an account anyway (it was created while the account
was in scope, or by another sync server), the finding says so: that cloud user may hold the
mailbox's ExchangeGuid, which CLOUD001 decides.)",
    "warning",
    "on-premises mailboxes passing the default filter but outside the sync scope (synced "
    "containers, or a Cloud Sync job's filters); says so when a synced cloud user is joined to one "
    "anyway"};

const CheckInfo& MailboxOutsideSyncScopeCheck::info() const {
  return kInfo;
}

void MailboxOutsideSyncScopeCheck::run(const Snapshot& snapshot, FindingList& out) const {
  // Azure AD Connect's scope is its containers; Cloud Sync's, the configuration's filters.
  const SharedText remediation(
      "Add the user's OU to the AD connector's containers if the mailbox is to "
      "be migrated, or record that it stays on-premises.");
  const SharedText joinedRemediation(
      "The cloud user already exists: if the mailbox is to be migrated, bring the OU back into "
      "the AD connector's containers and resolve CLOUD001 for it; otherwise find out which sync "
      "server created the cloud user.");
  const SharedText cloudRemediation(
      "Bring the user into the Cloud Sync configuration's scoping filters if the mailbox is to be "
      "migrated, or record that it stays on-premises.");
  const SharedText cloudJoinedRemediation(
      "The cloud user already exists: if the mailbox is to be migrated, bring the user back into "
      "the Cloud Sync configuration's scope and resolve CLOUD001 for it; otherwise find out which "
      "sync server or Cloud Sync configuration created the cloud user.");
  const MailboxGuidExposure exposure(snapshot);
  // The live synced cloud user joined to each account, if any.
  std::unordered_map<std::uint32_t, const CloudUser*> synced;
  for (const CloudUser& u : snapshot.cloud.users)
    if (u.join.joined() && u.onPremisesSyncEnabled == true) synced.emplace(u.join.account, &u);
  for (std::uint32_t i = 0; i < snapshot.ad.accounts.size(); ++i) {
    const AdAccount& a = snapshot.ad.accounts[i];
    if (a.kind != MailboxKind::OnPremMailbox || !a.passesDefaultFilter()) continue;
    const Answer scope = exposure.scopeOf(a);
    if (scope.value != Tristate::No) continue; // Unknown scope is AD001's business
    const std::string_view outside =
        scope.tool == SyncTool::CloudSync ? "the Cloud Sync job's scope" : "the synced containers";
    Finding f;
    f.severity = Severity::Warning;
    f.subject = subjectOf(a);
    f.evidence.push_back(evidenceOf(snapshot, a));
    f.evidence.push_back(evidenceOf(snapshot, scope));
    const auto joined = synced.find(i);
    if (joined == synced.end()) {
      f.message = fmt::format("on-premises mailbox {} is outside {} ({}), so no synced cloud "
                              "user was found to migrate into",
                              a.samAccountName, outside, scope.why);
      f.remediation = scope.tool == SyncTool::CloudSync ? cloudRemediation : remediation;
    } else {
      const CloudUser& u = *joined->second;
      addCloudSide(f.subject, u);
      f.message = fmt::format("on-premises mailbox {} is outside {} ({}), but synced cloud user "
                              "{} ({}) is joined to it: it was created while the account was in "
                              "scope, or by another sync server (see CLOUD001)",
                              a.samAccountName, outside, scope.why, u.userPrincipalName, u.id);
      f.remediation =
          scope.tool == SyncTool::CloudSync ? cloudJoinedRemediation : joinedRemediation;
      f.evidence.push_back(evidenceOf(u));
    }
    out.push_back(std::move(f));
  }
}

} // namespace migready
