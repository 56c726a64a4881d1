#include "checks/ad/RemoteMailboxCheck.h"

#include "checks/support/CheckSupport.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "AD004",
    "remote-mailbox",
    "AD",
    "Remote mailboxes (already in Exchange Online)",
    Severity::Info,
    {SourceKind::Ad},
    R"(Lists users in sync scope whose mailbox already lives in Exchange Online (remote
mailbox: msExchRecipientTypeDetails 2147483648 and its room/equipment/shared variants, or
msExchRemoteRecipientType set without homeMDB).

Why: their msExchMailboxGuid is the cloud mailbox's own GUID and is meant to sync. They are
not migration targets: leave them out of the batch and do not clear their attributes.)",
    "info",
    "remote mailboxes (already in Exchange Online): listed, not migration targets; the check "
    "passes"};

const CheckInfo& RemoteMailboxCheck::info() const {
  return kInfo;
}

void RemoteMailboxCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const MailboxGuidExposure exposure(snapshot);
  const SharedText remediation("No action: leave the user out of the migration batch and keep its "
                               "Exchange attributes.");
  for (const AdAccount& a : snapshot.ad.accounts) {
    if (a.kind != MailboxKind::RemoteMailbox || !exposure.mayBeInScope(a)) continue;
    Finding f;
    f.severity = Severity::Info;
    f.subject = subjectOf(a);
    f.message = fmt::format("{} is a remote mailbox: already in Exchange Online, not a "
                            "migration target",
                            a.samAccountName);
    f.remediation = remediation;
    f.evidence.push_back(evidenceOf(snapshot, a));
    out.push_back(std::move(f));
  }
}

} // namespace migready
