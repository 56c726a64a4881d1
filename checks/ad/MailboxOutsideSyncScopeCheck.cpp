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
    {SourceKind::Ad, SourceKind::AdConnect},
    R"(Finds on-premises mailboxes that pass Azure AD Connect's default filter but lie outside
the containers the AD connector syncs (needs the AD Connect export).

Why: a mailbox outside sync scope has no synced cloud user to migrate into. Either the OU was
forgotten in the sync configuration, or the mailbox is not meant to move: decide before the
migration batch is planned.

When a synced cloud user is joined to such an account anyway (it was created while the account
was in scope, or by another sync server), the finding says so: that cloud user may hold the
mailbox's ExchangeGuid, which CLOUD001 decides.)",
    "warning",
    "on-premises mailboxes passing the default filter but outside the synced containers (needs the "
    "AD Connect export); says so when a synced cloud user is joined to one anyway"};

const CheckInfo& MailboxOutsideSyncScopeCheck::info() const {
  return kInfo;
}

void MailboxOutsideSyncScopeCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const SharedText remediation(
      "Add the user's OU to the AD connector's containers if the mailbox is to "
      "be migrated, or record that it stays on-premises.");
  const SharedText joinedRemediation(
      "The cloud user already exists: if the mailbox is to be migrated, bring the OU back into "
      "the AD connector's containers and resolve CLOUD001 for it; otherwise find out which sync "
      "server created the cloud user.");
  // The live synced cloud user joined to each account, if any.
  std::unordered_map<std::uint32_t, const CloudUser*> synced;
  for (const CloudUser& u : snapshot.cloud.users)
    if (u.join.joined() && u.onPremisesSyncEnabled == true) synced.emplace(u.join.account, &u);
  for (std::uint32_t i = 0; i < snapshot.ad.accounts.size(); ++i) {
    const AdAccount& a = snapshot.ad.accounts[i];
    if (a.kind != MailboxKind::OnPremMailbox || !a.passesDefaultFilter()) continue;
    const Answer scope = containerScopeOf(a.dn, *snapshot.sync);
    if (scope.value != Tristate::No) continue; // Unknown scope is AD001's business
    Finding f;
    f.severity = Severity::Warning;
    f.subject = subjectOf(a);
    f.evidence.push_back(evidenceOf(snapshot, a));
    f.evidence.push_back(evidenceOf(*snapshot.sync, scope));
    const auto joined = synced.find(i);
    if (joined == synced.end()) {
      f.message = fmt::format("on-premises mailbox {} is outside the synced containers ({}), so "
                              "no synced cloud user was found to migrate into",
                              a.samAccountName, scope.why);
      f.remediation = remediation;
    } else {
      const CloudUser& u = *joined->second;
      addCloudSide(f.subject, u);
      f.message = fmt::format("on-premises mailbox {} is outside the synced containers ({}), but "
                              "synced cloud user {} ({}) is joined to it: it was created while "
                              "the account was in scope, or by another sync server (see "
                              "CLOUD001)",
                              a.samAccountName, scope.why, u.userPrincipalName, u.id);
      f.remediation = joinedRemediation;
      f.evidence.push_back(evidenceOf(u));
    }
    out.push_back(std::move(f));
  }
}

} // namespace migready
