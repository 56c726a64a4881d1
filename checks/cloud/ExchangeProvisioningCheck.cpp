#include "checks/cloud/ExchangeProvisioningCheck.h"

#include "checks/support/CheckSupport.h"
#include "scanner/model/Text.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "CLOUD003",
    "exchange-provisioning-failed",
    "CLOUD",
    "Exchange licensed but not provisioned",
    Severity::Warning,
    {SourceKind::Graph},
    R"(Finds users with an Exchange service plan assigned and enabled whose provisioned
Exchange plan is missing or not in provisioningStatus Success (PendingInput, Error, ...).

Why: this is what the problem looks like from the cloud side: the license is there
but Exchange Online did not create a mailbox, typically because the synced user carries an
ExchangeGuid (CLOUD001) or because provisioning is stuck. It is a heuristic: Graph cannot
show the ExchangeGuid itself.)",
    "warning",
    "an Exchange plan assigned and enabled, and no provisioned Exchange plan in `Success`"};

const CheckInfo& ExchangeProvisioningCheck::info() const {
  return kInfo;
}

void ExchangeProvisioningCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const MailboxGuidExposure exposure(snapshot);
  for (const CloudUser& u : snapshot.cloud.users) {
    bool assigned = false;
    for (const ServicePlan& p : u.assignedPlans)
      if (isExchangeService(p.service) && equalsIgnoreCase(p.capabilityStatus, "Enabled"))
        assigned = true;
    if (!assigned) continue;
    std::vector<std::string> states;
    bool provisioned = false;
    for (const ServicePlan& p : u.provisionedPlans) {
      if (!isExchangeService(p.service)) continue;
      states.push_back(p.provisioningStatus.empty() ? "(none)" : p.provisioningStatus);
      if (equalsIgnoreCase(p.provisioningStatus, "Success")) provisioned = true;
    }
    if (provisioned) continue;
    Finding f;
    f.severity = Severity::Warning;
    if (u.join.joined()) f.subject = subjectOf(snapshot.ad.accounts[u.join.account]);
    addCloudSide(f.subject, u);
    if (f.subject.kind.empty()) f.subject.kind = "cloud_user";
    f.message = fmt::format(
        "{} has an enabled Exchange plan but Exchange provisioning is {}", u.userPrincipalName,
        states.empty() ? std::string("missing") : fmt::format("{}", fmt::join(states, ", ")));
    const bool poisoned = u.join.joined() && exposure.exposes(snapshot.ad.accounts[u.join.account]);
    if (poisoned) f.message += "; its AD account carries msExchMailboxGuid (see CLOUD001)";
    f.remediation =
        poisoned
            ? hardDeleteSteps(u.id, exposure.syncingTool(&snapshot.ad.accounts[u.join.account]))
            : "Check the user in the Exchange admin center (Get-User / Get-MailUser "
              "<upn>: RecipientType, ExchangeGuid) and the provisioning errors "
              "(onPremisesProvisioningErrors); a MailUser with a non-zero ExchangeGuid "
              "needs the hard delete and re-sync.";
    f.evidence.push_back(evidenceOf(u));
    out.push_back(std::move(f));
  }
}

} // namespace migready
