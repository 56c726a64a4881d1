#include "checks/SyncedUserWithMailboxGuidCheck.h"

#include "checks/CheckSupport.h"

#include <fmt/format.h>
#include <unordered_map>

namespace migready {

static constexpr CheckInfo kInfo{
    "CLOUD001",
    "synced-user-with-mailbox-guid",
    "CLOUD",
    "Synced cloud users that very likely carry an ExchangeGuid",
    Severity::Blocker,
    {SourceKind::Ad, SourceKind::Graph},
    R"(Finds cloud users joined to an on-premises account that AD001 flags: the sync has
already taken msExchMailboxGuid to Entra ID, so Exchange Online very likely holds the user
as a mail user with that ExchangeGuid. Licensing it creates no mailbox, and a third-party
migration tool cannot create one either.

Join: onPremisesImmutableId = base64(objectGUID) or base64(mS-DS-ConsistencyGuid), else
onPremisesSecurityIdentifier = objectSid. (Graph does not expose ExchangeGuid; reading it
needs Exchange Online: with --exchange-online, a user whose MailUser holds an ExchangeGuid
is "confirmed" here and in CLOUD005, and one Exchange Online shows without it is "not
confirmed".)

Remediation (the seed procedure): take the users' OU out of sync scope, sync, permanently
delete them from the recycle bin, exclude msExchMailboxGuid, then sync them back.)"};

const CheckInfo& SyncedUserWithMailboxGuidCheck::info() const {
  return kInfo;
}

void SyncedUserWithMailboxGuidCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const MailboxGuidExposure exposure(snapshot);
  // Exchange Online's own answer, when it was read: cloud id -> the MailUser's ExchangeGuid.
  std::unordered_map<std::string_view, const ExchangeMailUser*> mailUsers;
  for (const ExchangeMailUser& m : snapshot.cloud.mailUsers)
    mailUsers.emplace(m.externalDirectoryObjectId, &m);
  for (const CloudUser& u : snapshot.cloud.users) {
    if (!u.join.joined()) continue;
    const AdAccount& a = snapshot.ad.accounts[u.join.account];
    const MailboxGuidExposure::Result exposed = exposure.of(a);
    if (!exposed.candidate) continue;
    Finding f;
    f.subject = subjectOf(a);
    addCloudSide(f.subject, u);
    const Answer& flow = exposed.flow;
    if (flow.value == Tristate::No) {
      // The export keeps the attribute out today, but a value that reached Entra ID earlier
      // stays there: only the hard delete removes it.
      f.severity = Severity::Warning;
      f.message = fmt::format("cloud user {} ({}) is synced from {}, which carries "
                              "msExchMailboxGuid {}; the export keeps it out now ({}), but if it "
                              "ever flowed, Exchange Online still holds the ExchangeGuid",
                              u.userPrincipalName, u.id, a.dn, a.mailboxGuid->toString(), flow.why);
    } else {
      f.severity = Severity::Blocker;
      std::string likelihood = "very likely holds it";
      if (snapshot.cloud.exchangeCollected) {
        const auto m = mailUsers.find(u.id);
        likelihood = m != mailUsers.end() && m->second->hasExchangeGuid
                         ? "holds it (confirmed by Get-MailUser, CLOUD005)"
                         : "was not seen holding it (not confirmed by Get-MailUser), but may";
      }
      f.message =
          fmt::format("cloud user {} ({}) is synced from {}, which carries "
                      "msExchMailboxGuid {}: Exchange Online {} as a mail user with that "
                      "ExchangeGuid, and a license will not create a mailbox",
                      u.userPrincipalName, u.id, a.dn, a.mailboxGuid->toString(), likelihood);
    }
    f.remediation = hardDeleteSteps(u.id);
    f.evidence.push_back(evidenceOf(u));
    f.evidence.push_back(evidenceOf(snapshot, a));
    f.planStep = PlanStep::RemoveSyncedUser;
    out.push_back(std::move(f));
  }
}

} // namespace migready
