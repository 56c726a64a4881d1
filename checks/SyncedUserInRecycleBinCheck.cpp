#include "checks/SyncedUserInRecycleBinCheck.h"

#include "checks/CheckSupport.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "CLOUD002",
    "synced-user-in-recycle-bin",
    "CLOUD",
    "Synced users waiting in the Entra ID recycle bin",
    Severity::Blocker, // warning unless the AD account carries msExchMailboxGuid
    {SourceKind::Graph},
    R"(Finds deleted users in the Entra ID recycle bin that came from directory sync
(onPremisesImmutableId set). A blocker when the on-premises account still carries
msExchMailboxGuid (AD001), a warning otherwise.

Why: a soft-deleted synced user keeps its ExchangeGuid for 30 days. When the account comes
back into sync scope, Azure AD Connect hard-matches it on the source anchor and restores the
old object, ExchangeGuid included, which undoes the seed's cure. Such users must be
permanently deleted before the re-sync.)"};

const CheckInfo& SyncedUserInRecycleBinCheck::info() const {
  return kInfo;
}

std::string SyncedUserInRecycleBinCheck::whyNotRunnable(const Snapshot& snapshot) const {
  return snapshot.cloud.deletedUsersCollected ? std::string()
                                              : "the snapshot has no deletedUsers/ pages";
}

void SyncedUserInRecycleBinCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const MailboxGuidExposure exposure(snapshot);
  for (const DeletedCloudUser& d : snapshot.cloud.deletedUsers) {
    if (d.onPremisesImmutableId.empty()) continue; // cloud-only: no hard match possible
    const AdAccount* a = d.join.joined() ? &snapshot.ad.accounts[d.join.account] : nullptr;
    const bool poisoned = a && exposure.exposes(*a);
    Finding f;
    f.severity = poisoned ? Severity::Blocker : Severity::Warning;
    f.subject = a ? subjectOf(*a) : Subject{};
    f.subject.cloudId = d.id;
    if (f.subject.upn.empty()) f.subject.upn = d.userPrincipalName;
    if (f.subject.displayName.empty()) f.subject.displayName = d.displayName;
    if (!a) f.subject.kind = "deleted_user";
    f.message =
        poisoned
            ? fmt::format("deleted synced user {} ({}) is in the recycle bin and its AD account "
                          "{} carries msExchMailboxGuid: a re-sync would restore it with the "
                          "ExchangeGuid",
                          d.userPrincipalName, d.id, a->dn)
            : fmt::format("deleted synced user {} ({}) is in the recycle bin: a re-sync of its "
                          "AD account would hard-match and restore the old object{}",
                          d.userPrincipalName, d.id,
                          a ? "" : " (no matching AD account in this scan)");
    f.remediation = fmt::format(
        "Permanently delete it before the re-sync: Remove-MgDirectoryDeletedItem "
        "-DirectoryObjectId {0} (Graph: DELETE /v1.0/directory/deletedItems/{0}); this cannot be "
        "undone. To be run by an administrator; migready never runs it.",
        d.id);
    f.evidence.push_back(evidenceOf(d));
    if (a) f.evidence.push_back(evidenceOf(snapshot, *a));
    f.planStep = PlanStep::PurgeDeletedUser;
    out.push_back(std::move(f));
  }
}

} // namespace migready
