#include "checks/MailboxOutsideSyncScopeCheck.h"

#include "checks/CheckSupport.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "AD003",
    "mailbox-outside-sync-scope",
    "AD",
    "On-premises mailboxes outside the synced containers",
    Severity::Warning,
    {SourceKind::Ad, SourceKind::AdConnect},
    R"(Finds on-premises mailboxes that pass Azure AD Connect's default filter but lie outside
the containers the AD connector syncs (needs --adconnect-export).

Why: a mailbox outside sync scope has no cloud user to migrate into. Either the OU was
forgotten in the sync configuration, or the mailbox is not meant to move: decide before the
migration batch is planned.)"};

const CheckInfo& MailboxOutsideSyncScopeCheck::info() const {
  return kInfo;
}

void MailboxOutsideSyncScopeCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const SharedText remediation(
      "Add the user's OU to the AD connector's containers if the mailbox is to "
      "be migrated, or record that it stays on-premises.");
  if (!snapshot.sync) return; // `needs` keeps the runner from calling it without an export
  for (const AdAccount& a : snapshot.ad.accounts) {
    if (a.kind != MailboxKind::OnPremMailbox || !a.passesDefaultFilter()) continue;
    const Answer scope = containerScopeOf(a.dn, *snapshot.sync);
    if (scope.value != Tristate::No) continue; // Unknown scope is AD001's business
    Finding f;
    f.severity = Severity::Warning;
    f.subject = subjectOf(a);
    f.message = fmt::format("on-premises mailbox {} is outside the synced containers ({}), so it "
                            "has no cloud user to migrate into",
                            a.samAccountName, scope.why);
    f.remediation = remediation;
    f.evidence.push_back(evidenceOf(snapshot, a));
    f.evidence.push_back(evidenceOf(*snapshot.sync, scope));
    out.push_back(std::move(f));
  }
}

} // namespace migready
