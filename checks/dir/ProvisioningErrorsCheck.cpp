#include "checks/dir/ProvisioningErrorsCheck.h"

#include "checks/support/CheckSupport.h"
#include "scanner/model/Text.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "DIR003",
    "provisioning-errors",
    "DIR",
    "Sync errors Entra ID recorded for users",
    Severity::Blocker,
    {SourceKind::Graph},
    R"doc(What it finds: every user for whom Entra ID itself recorded a sync error
(onPremisesProvisioningErrors): the category (PropertyConflict: another object holds the
value), the property (UserPrincipalName or ProxyAddress), the value and when it occurred. Each
finding is joined to the user's AD account (by onPremisesImmutableId, else the SID, as the other
checks join), so the AD side and the cloud side are named together.

Why it matters: this is Microsoft's own record that the user did not land as AD describes it.
With duplicate attribute resiliency the conflicting value is set aside: a userPrincipalName
becomes name+1234@<tenant>.onmicrosoft.com, so the user signs in under a name nobody chose, and a
proxy address is missing from the cloud user, so mail to it reaches the other object or no one.
A mailbox migrated onto such a user starts wrong. Hence a blocker, whatever the property.

Only users the sync still exports are reported: an error on a cloud user whose AD account the
scan read and found outside the sync scope is counted in the check's note (the next sync removes
that cloud user). Without AD, or for a user joined to no AD account read, the error is reported
from the cloud side alone. The check needs the property in the Entra ID data: a snapshot saved
without onPremisesProvisioningErrors in its users' $select leaves it not run
(docs/graph-snapshot.md), never passed.

How it differs from IdFix: IdFix read AD only and never saw the errors Microsoft had already
recorded, nor the cloud objects the values collide with.

Remediation: find the other object holding the value (in Entra ID:
Get-MgUser -Filter "proxyAddresses/any(p:p eq 'smtp:<value>')",
      or by userPrincipalName; a group
or contact may hold it too), decide which keeps it, and change it on the other one: in AD for a
synced object, in Entra ID for a cloud-only one. Entra ID re-checks set-aside values about every
hour and clears the error once the value is unique. To be done by an administrator; migready
never changes anything.)doc",
    "blocker",
    "users for whom Entra ID recorded a sync error (`onPremisesProvisioningErrors`: category, "
    "property, value, when), joined to their AD account; users the sync no longer exports left "
    "out"};

const CheckInfo& ProvisioningErrorsCheck::info() const {
  return kInfo;
}

std::string ProvisioningErrorsCheck::whyNotRunnable(const Snapshot& snapshot) const {
  std::size_t without = 0;
  for (const CloudUser& u : snapshot.cloud.users)
    if (!u.provisioningErrorsRead) ++without;
  if (without == 0) return {};
  return fmt::format("{} of the {} Entra ID users were read without onPremisesProvisioningErrors "
                     "(save the users with it in $select: docs/graph-snapshot.md)",
                     without, snapshot.cloud.users.size());
}

namespace {
// The property in the words of AD: "userPrincipalName", "proxy address".
std::string propertyWords(std::string_view property) {
  if (equalsIgnoreCase(property, "UserPrincipalName")) return "userPrincipalName";
  if (equalsIgnoreCase(property, "ProxyAddress") || equalsIgnoreCase(property, "ProxyAddresses"))
    return "proxy address";
  return property.empty() ? std::string("a value") : std::string(property);
}
} // namespace

void ProvisioningErrorsCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const AdDirectory& dir = snapshot.ad;
  const bool adRead = snapshot.source(SourceKind::Ad).status == SourceStatus::Complete ||
                      snapshot.source(SourceKind::Ad).status == SourceStatus::Partial;
  const MailboxGuidExposure exposure(snapshot);
  const SharedText remediation(
      "Find the other object holding the value in Entra ID (Get-MgUser -Filter "
      "\"proxyAddresses/any(p:p eq 'smtp:<value>')\" or by userPrincipalName; a group or contact "
      "may hold it), decide which keeps it, and change it on the other one: in AD for a synced "
      "object, in Entra ID for a cloud-only one. Entra ID clears the error within about an hour "
      "once the value is unique. To be done by an administrator; migready never changes "
      "anything.");
  std::uint64_t outOfScope = 0, errors = 0;
  for (const CloudUser& u : snapshot.cloud.users) {
    if (u.provisioningErrors.empty()) continue;
    const AdAccount* account = adRead && u.join.joined() && u.join.account < dir.accounts.size()
                                   ? &dir.accounts[u.join.account]
                                   : nullptr;
    if (account && !exposure.mayBeInScope(*account)) {
      ++outOfScope;
      continue;
    }
    Finding f;
    f.severity = Severity::Blocker;
    if (account) f.subject = subjectOf(*account);
    addCloudSide(f.subject, u);
    if (!account && f.subject.kind.empty()) f.subject.kind = "cloud_user";
    std::vector<std::string> sentences;
    std::size_t i = 0;
    for (const ProvisioningError& e : u.provisioningErrors) {
      ++errors;
      sentences.push_back(fmt::format(
          "its {} {} is held by another object ({}{})", propertyWords(e.propertyCausingError),
          e.value.empty() ? std::string("(no value given)") : e.value,
          e.category.empty() ? std::string("no category") : e.category,
          e.occurredDateTime.empty() ? std::string()
                                     : fmt::format(", since {}", e.occurredDateTime)));
      f.evidence.push_back(
          {"graph", fmt::format("{}/onPremisesProvisioningErrors/{}", u.location, i++),
           fmt::format("category={}; propertyCausingError={}; value={}; occurredDateTime={}",
                       e.category, e.propertyCausingError, e.value, e.occurredDateTime)});
    }
    f.evidence.insert(f.evidence.begin(), evidenceOf(u));
    if (account) f.evidence.insert(f.evidence.begin(), evidenceOf(snapshot, *account));
    f.message =
        fmt::format("Entra ID recorded {} sync error{} for {}{}: {}", u.provisioningErrors.size(),
                    u.provisioningErrors.size() == 1 ? "" : "s",
                    u.userPrincipalName.empty() ? u.id : u.userPrincipalName,
                    account ? fmt::format(" (AD: {})", account->dn)
                            : std::string(adRead ? " (joined to no AD account read)" : ""),
                    fmt::join(sentences, "; "));
    f.remediation = remediation;
    out.push_back(std::move(f));
  }
  if (outOfScope > 0)
    out.note(fmt::format("{} users with a recorded sync error whose AD account is outside the "
                         "sync scope left out: the next sync removes them from Entra ID",
                         outOfScope));
  if (errors == 0)
    out.note(
        fmt::format("{} Entra ID users read: no sync error recorded", snapshot.cloud.users.size()));
}

} // namespace migready
