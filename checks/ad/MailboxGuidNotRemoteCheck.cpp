#include "checks/ad/MailboxGuidNotRemoteCheck.h"

#include "checks/support/CheckSupport.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "AD001",
    "mailbox-guid-not-remote",
    "AD",
    "Users whose msExchMailboxGuid would reach Entra ID",
    Severity::Blocker,
    {SourceKind::Ad},
    R"(Finds users in sync scope that carry msExchMailboxGuid while their mailbox is not already
in Exchange Online (any kind but remote mailbox).

Why: Azure AD Connect exports msExchMailboxGuid by default. Exchange Online then treats the
synced user as a mail user with an ExchangeGuid: assigning a license creates no mailbox, and
only Microsoft's own migration (MRS) can fill it. A third-party migration tool cannot. The
only cure once synced is to hard-delete the synced users and re-sync without the attribute.

In scope: the user passes Azure AD Connect's default filter (no critical system objects, sync
service accounts, system mailboxes, CNF objects) and, with the AD Connect export, lies in the
synced containers. Without an export the containers and the attribute flow are unknown and
every such user is a blocker: the scan never assumes the attribute is excluded.

Remediation: exclude msExchMailboxGuid from the export before the first sync (see CLOUD001
for users already synced).)",
    "blocker; info where the export proves the attribute does not flow",
    "in-scope AD users carrying `msExchMailboxGuid` whose mailbox is not already in Exchange "
    "Online; with the AD Connect export, decided per user through import, inbound rules, outbound "
    "rules and the wizard's attribute filter"};

const CheckInfo& MailboxGuidNotRemoteCheck::info() const {
  return kInfo;
}

void MailboxGuidNotRemoteCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const SharedText remediation(excludeMailboxGuidSteps());
  const SharedText keptOut("None needed while the export keeps msExchMailboxGuid from Entra ID; "
                           "keep it that way until the migration is done.");
  const MailboxGuidExposure exposure(snapshot);
  for (const AdAccount& a : snapshot.ad.accounts) {
    const MailboxGuidExposure::Result exposed = exposure.of(a);
    if (!exposed.candidate) continue;
    Finding f;
    f.subject = subjectOf(a);
    f.evidence.push_back(evidenceOf(snapshot, a));
    if (!snapshot.sync) {
      f.severity = Severity::Blocker;
      f.message = fmt::format("{} is in sync scope with msExchMailboxGuid {}: synced, it gets no "
                              "Exchange Online mailbox",
                              a.samAccountName, a.mailboxGuid->toString());
      f.remediation = remediation;
    } else {
      // With the export the answer is per user: kept out (info), exported or unknown (blocker).
      const Answer& flow = exposed.flow;
      f.severity = flow.value == Tristate::No ? Severity::Info : Severity::Blocker;
      f.message = fmt::format(
          "{} carries msExchMailboxGuid {}; {}: {}", a.samAccountName, a.mailboxGuid->toString(),
          flow.value == Tristate::Yes  ? "it reaches Entra ID"
          : flow.value == Tristate::No ? "it does not reach Entra ID"
                                       : "whether it reaches Entra ID is unknown",
          flow.why);
      f.remediation = flow.value == Tristate::No ? keptOut : remediation;
      f.evidence.push_back(evidenceOf(*snapshot.sync, flow));
    }
    if (f.severity == Severity::Blocker) f.planStep = PlanStep::ExcludeAttribute;
    out.push_back(std::move(f));
  }
}

} // namespace migready
