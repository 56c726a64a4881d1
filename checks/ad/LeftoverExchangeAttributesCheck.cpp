#include "checks/ad/LeftoverExchangeAttributesCheck.h"

#include "checks/support/CheckSupport.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "AD002",
    "leftover-exchange-attributes",
    "AD",
    "Users with leftover Exchange attributes",
    Severity::Warning,
    {SourceKind::Ad},
    R"(Finds users in sync scope that carry msExchMailboxGuid but have no mailbox anywhere: no
homeMDB, not a remote mailbox, no mailbox recipient type.

Why: these are remnants of a removed Exchange server, a disabled mailbox or a copied
account. They are just as poisonous as a live mailbox's GUID (AD001 reports them too), but
the fix differs: nobody needs the value, so it can be cleared on-premises once you have
confirmed (Get-Recipient, Get-User) that no mailbox uses it.)",
    "warning",
    "in-scope leftovers: `msExchMailboxGuid` with no homeMDB, not remote, no mailbox type"};

const CheckInfo& LeftoverExchangeAttributesCheck::info() const {
  return kInfo;
}

void LeftoverExchangeAttributesCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const MailboxGuidExposure exposure(snapshot);
  const SharedText remediation(
      "Confirm no mailbox uses the GUID (Get-Recipient -Identity <user>), then "
      "clear msExchMailboxGuid and the other stale msExch* attributes on the "
      "on-premises account (Set-ADUser -Clear msExchMailboxGuid), or keep the "
      "user out of sync scope. To be done by an administrator; migready never "
      "changes AD.");
  for (const AdAccount& a : snapshot.ad.accounts) {
    if (a.kind != MailboxKind::LeftoverExchange || !exposure.mayBeInScope(a)) continue;
    Finding f;
    f.severity = Severity::Warning;
    f.subject = subjectOf(a);
    f.message = fmt::format("{} has msExchMailboxGuid {} but no mailbox (no homeMDB, not remote, "
                            "no mailbox recipient type): leftover Exchange attributes",
                            a.samAccountName, a.mailboxGuid->toString());
    f.remediation = remediation;
    f.evidence.push_back(evidenceOf(snapshot, a));
    out.push_back(std::move(f));
  }
}

} // namespace migready
