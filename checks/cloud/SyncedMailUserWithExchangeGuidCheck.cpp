#include "checks/cloud/SyncedMailUserWithExchangeGuidCheck.h"

#include "checks/support/CheckSupport.h"
#include "scanner/model/Setting.h"
#include "scanner/model/Text.h"

#include <fmt/format.h>
#include <unordered_map>

namespace migready {

static constexpr CheckInfo kInfo{
    "CLOUD005",
    "synced-mail-user-with-exchange-guid",
    "CLOUD",
    "Synced MailUsers in Exchange Online that hold an ExchangeGuid",
    Severity::Blocker,
    {SourceKind::Graph},
    R"(Reads Exchange Online's own view (Get-MailUser, read on a live scan of Exchange Online) and
finds MailUsers that are synced from on-premises AD (their ExternalDirectoryObjectId is a synced
Entra ID user) and whose ExchangeGuid is not all-zero. That is the blocker itself, proven
rather than inferred: Exchange Online keeps the user as a MailUser with the on-premises
mailbox's GUID, so a license creates no mailbox and a third-party migration tool cannot create
one either. CLOUD001 says "very likely" from AD and Graph; this check says "confirmed".

Without Exchange Online's data the check does not run (Graph has no ExchangeGuid property).

Remediation (the hard-delete and re-sync procedure): take the user out of sync scope, sync, permanently delete it
from the Entra ID recycle bin, exclude msExchMailboxGuid from the export, then sync it back.)",
    "blocker",
    "synced MailUsers that Exchange Online (Get-MailUser) shows holding a non-zero ExchangeGuid: "
    "the blocker confirmed. Does not run without Exchange Online data"};

const CheckInfo& SyncedMailUserWithExchangeGuidCheck::info() const {
  return kInfo;
}

std::string SyncedMailUserWithExchangeGuidCheck::whyNotRunnable(const Snapshot& snapshot) const {
  if (!snapshot.cloud.exchangeCollected)
    return fmt::format("needs Exchange Online's Get-MailUser ({} on a live scan, or "
                       "exchange/mailUsers/ in the snapshot)",
                       settingName(Setting::ExchangeOnline));
  return {};
}

void SyncedMailUserWithExchangeGuidCheck::run(const Snapshot& snapshot, FindingList& out) const {
  // Exchange writes ExternalDirectoryObjectId in its own case: ids compare case-insensitively.
  const MailboxGuidExposure exposure(snapshot);
  std::unordered_map<std::string, const CloudUser*> byId;
  byId.reserve(snapshot.cloud.users.size());
  for (const CloudUser& u : snapshot.cloud.users)
    byId.emplace(toLowerAscii(u.id), &u);
  for (const ExchangeMailUser& m : snapshot.cloud.mailUsers) {
    if (!m.hasExchangeGuid) continue;
    const auto it = byId.find(toLowerAscii(m.externalDirectoryObjectId));
    if (it == byId.end()) continue; // not a user Graph returned as synced or licensed
    const CloudUser& u = *it->second;
    if (u.onPremisesSyncEnabled != true) continue; // cloud-only: not synced from AD
    Finding f;
    f.severity = Severity::Blocker;
    if (u.join.joined()) {
      const AdAccount& a = snapshot.ad.accounts[u.join.account];
      f.subject = subjectOf(a);
      addCloudSide(f.subject, u);
      f.evidence.push_back(evidenceOf(snapshot, a));
    } else {
      f.subject.upn = u.userPrincipalName;
      f.subject.displayName = u.displayName;
      f.subject.kind = "mail_user";
      addCloudSide(f.subject, u);
      f.subject.dn = u.onPremisesDistinguishedName;
    }
    f.message = fmt::format(
        "confirmed: Exchange Online holds synced user {} ({}) as a {} with "
        "ExchangeGuid {}: a license will not create a mailbox",
        m.userPrincipalName.empty() ? u.userPrincipalName : m.userPrincipalName, u.id,
        m.recipientTypeDetails.empty() ? "MailUser" : m.recipientTypeDetails, m.exchangeGuid);
    const SyncTool tool =
        exposure.syncingTool(u.join.joined() ? &snapshot.ad.accounts[u.join.account] : nullptr);
    f.remediation = hardDeleteSteps(u.id, tool);
    f.evidence.insert(
        f.evidence.begin(),
        {"graph", m.location,
         fmt::format("Get-MailUser: ExchangeGuid={}; ExternalDirectoryObjectId={}; "
                     "RecipientTypeDetails={}",
                     m.exchangeGuid, m.externalDirectoryObjectId, m.recipientTypeDetails)});
    f.evidence.insert(f.evidence.begin() + 1, evidenceOf(u));
    f.planStep = MailboxGuidExposure::removalStep(tool);
    out.push_back(std::move(f));
  }
}

} // namespace migready
