#include "checks/cloud/SyncedUserInRecycleBinCheck.h"

#include "checks/support/CheckSupport.h"
#include "scanner/model/Setting.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "CLOUD002",
    "synced-user-in-recycle-bin",
    "CLOUD",
    "Synced users waiting in the Entra ID recycle bin",
    Severity::Blocker, // warning unless the deleted object may hold an ExchangeGuid
    {SourceKind::Graph},
    R"(Finds deleted users in the Entra ID recycle bin that came from directory sync
(onPremisesImmutableId set). Whether the deleted object holds an ExchangeGuid decides the
severity, with the same rule as CLOUD001:
- its on-premises account carries msExchMailboxGuid and the attribute reaches Entra ID today
  (or may): blocker;
- the account carries it but the export keeps it out now, or the account is out of scope now:
  without Exchange Online's soft-deleted MailUsers (read on a live scan of Exchange Online) nothing shows whether
  the deleted object holds an ExchangeGuid: blocker, saying what settles it; with them, a
  soft-deleted MailUser holding an ExchangeGuid is a blocker ("confirmed"), one without it a
  warning;
- otherwise (no AD account in the scan, or no msExchMailboxGuid on it): warning.

Why: a soft-deleted synced user keeps its ExchangeGuid for 30 days. When the account comes
back into sync scope, Azure AD Connect hard-matches it on the source anchor and restores the
old object, ExchangeGuid included, which undoes the hard delete and re-sync. Such users must be
permanently deleted before the re-sync.)",
    "blocker when the deleted object may hold an ExchangeGuid, else warning",
    "synced users (onPremisesImmutableId) in the Entra ID recycle bin: blocker by the same rule as "
    "CLOUD001, with Exchange Online's soft-deleted MailUsers; purge before any re-sync"};

const CheckInfo& SyncedUserInRecycleBinCheck::info() const {
  return kInfo;
}

std::string SyncedUserInRecycleBinCheck::whyNotRunnable(const Snapshot& snapshot) const {
  return snapshot.cloud.deletedUsersCollected ? std::string()
                                              : "the snapshot has no deletedUsers/ pages";
}

void SyncedUserInRecycleBinCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const MailboxGuidExposure exposure(snapshot);
  const bool exchangeRead = snapshot.cloud.softDeletedMailUsersCollected;
  const MailUserIndex softDeleted(snapshot.cloud.softDeletedMailUsers);
  std::size_t checkedClean = 0;
  for (const DeletedCloudUser& d : snapshot.cloud.deletedUsers) {
    if (d.onPremisesImmutableId.empty()) continue; // cloud-only: no hard match possible
    const AdAccount* a = d.join.joined() ? &snapshot.ad.accounts[d.join.account] : nullptr;
    const bool carries = a && carriesForeignMailboxGuid(*a);
    const ExchangeMailUser* m = exchangeRead ? softDeleted.find(d.id) : nullptr;
    Finding f;
    f.severity = Severity::Warning;
    f.subject = a ? subjectOf(*a) : Subject{};
    f.subject.cloudId = d.id;
    if (f.subject.upn.empty()) f.subject.upn = d.userPrincipalName;
    if (f.subject.displayName.empty()) f.subject.displayName = d.displayName;
    if (!a) f.subject.kind = "deleted_user";
    std::string keptOut;
    if (carries) keptOut = whyKeptOutNow(exposure, exposure.of(*a), *a);
    if (carries && keptOut.empty()) {
      f.severity = Severity::Blocker;
      f.message =
          fmt::format("deleted synced user {} ({}) is in the recycle bin and its AD account "
                      "{} carries msExchMailboxGuid: a re-sync would restore it with the "
                      "ExchangeGuid",
                      d.userPrincipalName, d.id, a->dn);
    } else if (carries && !exchangeRead) {
      f.severity = Severity::Blocker;
      f.message = fmt::format(
          "deleted synced user {} ({}) is in the recycle bin and its AD account {} carries "
          "msExchMailboxGuid; {}, but whether the deleted object holds an ExchangeGuid from "
          "before is unknown, and a re-sync would restore it. What settles it: a live scan that "
          "also reads Exchange Online ({}: soft-deleted MailUsers), or the knowledge that "
          "msExchMailboxGuid was excluded before the first sync",
          d.userPrincipalName, d.id, a->dn, keptOut, settingName(Setting::ExchangeOnline));
    } else if (carries && m && m->hasExchangeGuid) {
      f.severity = Severity::Blocker;
      f.message = fmt::format("confirmed: deleted synced user {} ({}) holds ExchangeGuid {} in "
                              "Exchange Online (soft-deleted MailUser); a re-sync of {} would "
                              "restore it; {}",
                              d.userPrincipalName, d.id, m->exchangeGuid, a->dn, keptOut);
    } else {
      if (carries) ++checkedClean;
      f.message =
          fmt::format("deleted synced user {} ({}) is in the recycle bin: a re-sync of its "
                      "AD account would hard-match and restore the old object{}",
                      d.userPrincipalName, d.id, a ? "" : " (no matching AD account in this scan)");
    }
    f.remediation = purgeDeletedUserSteps(d.id);
    if (m)
      f.evidence.push_back(
          {"graph", m->location,
           fmt::format("Get-MailUser -SoftDeletedMailUser: ExchangeGuid={}", m->exchangeGuid)});
    f.evidence.push_back(evidenceOf(d));
    if (a) f.evidence.push_back(evidenceOf(snapshot, *a));
    f.planStep = PlanStep::PurgeDeletedUser;
    out.push_back(std::move(f));
  }
  if (checkedClean > 0)
    out.note(fmt::format("{} deleted synced user(s) whose AD account carries msExchMailboxGuid "
                         "checked in Exchange Online (soft-deleted MailUsers): no ExchangeGuid",
                         checkedClean));
}

} // namespace migready
