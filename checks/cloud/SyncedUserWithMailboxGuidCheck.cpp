#include "checks/cloud/SyncedUserWithMailboxGuidCheck.h"

#include "checks/support/CheckSupport.h"
#include "scanner/model/Setting.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "CLOUD001",
    "synced-user-with-mailbox-guid",
    "CLOUD",
    "Synced cloud users that carry, or may carry, an ExchangeGuid",
    Severity::Blocker,
    {SourceKind::Ad, SourceKind::Graph},
    R"(Finds cloud users joined to an on-premises account that carries msExchMailboxGuid (and is
not a remote mailbox). Once that value has reached Entra ID, Exchange Online holds the user as a
mail user with that ExchangeGuid: licensing it creates no mailbox, and a third-party migration
tool cannot create one either. Taking the attribute out of the sync later does not remove the
value from the cloud; only the hard delete does.

- The attribute reaches Entra ID today (or may): blocker, "very likely". With Exchange Online
  data (read on a live scan of Exchange Online) the finding says whether Get-MailUser confirms it.
- The sync configuration keeps the attribute out today (Cloud Sync: its mapping removed, set to
  None or its user mapping disabled, which clear nothing), or the account is out of sync scope
  now, although the cloud user exists (created while the account was in scope, or by another sync server):
  nothing shows whether the value reached Entra ID earlier. Without Exchange Online data this is
  a blocker that says so, and what settles it: a live scan that also reads Exchange Online, or the knowledge
  that the attribute was excluded before the first sync. With Exchange Online data, a MailUser
  holding an ExchangeGuid is a blocker ("confirmed"); one without it is no finding, and the
  check's summary counts the users it checked.

Join: onPremisesImmutableId = base64(objectGUID) or base64(mS-DS-ConsistencyGuid), else
onPremisesSecurityIdentifier = objectSid.

Remediation (the hard-delete and re-sync procedure): take the users' OU out of sync scope, sync,
permanently delete them from the recycle bin, exclude msExchMailboxGuid, then sync them back.)",
    "blocker",
    "synced cloud users joined to an AD account carrying `msExchMailboxGuid` that is not a remote "
    "mailbox: very likely a mail user with an ExchangeGuid. Where the export keeps the attribute "
    "out now (or the account left the scope), still a blocker unless Exchange Online data "
    "(Get-MailUser) shows no ExchangeGuid: a value synced earlier stays in the cloud"};

const CheckInfo& SyncedUserWithMailboxGuidCheck::info() const {
  return kInfo;
}

void SyncedUserWithMailboxGuidCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const MailboxGuidExposure exposure(snapshot);
  const bool exchangeRead = snapshot.cloud.exchangeCollected;
  const MailUserIndex mailUsers(snapshot.cloud.mailUsers);
  std::size_t checkedClean = 0;
  for (const CloudUser& u : snapshot.cloud.users) {
    if (!u.join.joined()) continue;
    const AdAccount& a = snapshot.ad.accounts[u.join.account];
    if (!carriesForeignMailboxGuid(a)) continue;
    const MailboxGuidExposure::Result exposed = exposure.of(a);
    const ExchangeMailUser* m = exchangeRead ? mailUsers.find(u.id) : nullptr;
    const bool confirmed = m && m->hasExchangeGuid;
    const std::string keptOut = whyKeptOutNow(exposure, exposed, a);
    Finding f;
    f.severity = Severity::Blocker;
    f.subject = subjectOf(a);
    addCloudSide(f.subject, u);
    if (keptOut.empty()) {
      std::string likelihood = "very likely holds it";
      if (exchangeRead)
        likelihood = confirmed ? "holds it (confirmed by Get-MailUser, CLOUD005)"
                               : "was not seen holding it (not confirmed by Get-MailUser), but "
                                 "will once the attribute flows";
      f.message =
          fmt::format("cloud user {} ({}) is synced from {}, which carries "
                      "msExchMailboxGuid {}: Exchange Online {} as a mail user with that "
                      "ExchangeGuid, and a license will not create a mailbox",
                      u.userPrincipalName, u.id, a.dn, a.mailboxGuid->toString(), likelihood);
    } else if (!exchangeRead) {
      f.message = fmt::format(
          "cloud user {} ({}) is synced from {}, which carries msExchMailboxGuid {}; {}, but "
          "whether the value reached Entra ID before is unknown, and if it did, Exchange Online "
          "still holds it as an ExchangeGuid. What settles it: a live scan that also reads "
          "Exchange Online ({}: Get-MailUser), or the knowledge that msExchMailboxGuid was "
          "excluded before the first sync",
          u.userPrincipalName, u.id, a.dn, a.mailboxGuid->toString(), keptOut,
          settingName(Setting::ExchangeOnline));
    } else if (confirmed) {
      f.message = fmt::format("confirmed: cloud user {} ({}) holds ExchangeGuid {} in Exchange "
                              "Online (Get-MailUser), synced from {} before; {}",
                              u.userPrincipalName, u.id, m->exchangeGuid, a.dn, keptOut);
    } else {
      ++checkedClean; // Exchange Online shows no ExchangeGuid for it: nothing to do
      continue;
    }
    // The tool that decided for a candidate is the one that syncs it: no second evaluation.
    const SyncTool tool = exposed.candidate && !exposed.scopedOut && exposure.configured()
                              ? exposed.flow.tool
                              : exposure.syncingTool(&a);
    f.remediation = hardDeleteSteps(u.id, tool);
    if (m)
      f.evidence.push_back({"graph", m->location,
                            fmt::format("Get-MailUser: ExchangeGuid={}; RecipientTypeDetails={}",
                                        m->exchangeGuid, m->recipientTypeDetails)});
    f.evidence.push_back(evidenceOf(u));
    f.evidence.push_back(evidenceOf(snapshot, a));
    if (exposure.configured() && exposed.candidate)
      f.evidence.push_back(evidenceOf(snapshot, exposed.flow));
    f.planStep = MailboxGuidExposure::removalStep(tool);
    out.push_back(std::move(f));
  }
  if (checkedClean > 0)
    out.note(fmt::format("{} synced user(s) whose AD account carries msExchMailboxGuid, kept out "
                         "of the sync now, checked in Exchange Online (Get-MailUser): no "
                         "ExchangeGuid",
                         checkedClean));
}

} // namespace migready
