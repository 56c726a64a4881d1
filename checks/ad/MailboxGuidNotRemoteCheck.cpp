#include "checks/ad/MailboxGuidNotRemoteCheck.h"

#include "checks/support/CheckSupport.h"
#include "scanner/model/Setting.h"

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

Entra Cloud Sync maps MSExchMailboxGuid <- [msExchMailboxGuid] by default too: the same trap.

In scope: with the AD Connect export, the user passes Azure AD Connect's default filter (no
critical system objects, sync service accounts, system mailboxes, CNF objects) and lies in the
synced containers; with a Cloud Sync job schema, the job serves the user's domain and its
filters take the user in (object mapping for its class, container or group filter, scoping
filters). Without a sync configuration the containers and the attribute flow are unknown and
every such user is a blocker: the scan never assumes the attribute is excluded.

Cloud Sync clears nothing it stops sending: where its mapping was removed, set to None or its
user mapping disabled, or where the job's filters leave the user out (a user that leaves the
scope is at most soft-deleted, and comes back with its values), a user carrying the attribute
stays a blocker ("excluded now, synced before") unless Entra ID data shows no synced cloud user
holding it; with Entra ID read, the finding says what the cloud shows.

Remediation: exclude msExchMailboxGuid before the first sync (Azure AD Connect: the wizard's
attribute filter or an AuthoritativeNull rule; Cloud Sync: remove the attribute mapping); see
CLOUD001 for users already synced.)",
    "blocker; info where the sync configuration proves the attribute does not flow",
    "in-scope AD users carrying `msExchMailboxGuid` whose mailbox is not already in Exchange "
    "Online; with the AD Connect export or a Cloud Sync job schema, decided per user through the "
    "tool's scope and flow (Connect: import, inbound and outbound rules, the wizard's filter; "
    "Cloud Sync: job filters and the MSExchMailboxGuid mapping)"};

const CheckInfo& MailboxGuidNotRemoteCheck::info() const {
  return kInfo;
}

void MailboxGuidNotRemoteCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const SharedText connectRemediation(excludeMailboxGuidSteps(SyncTool::Connect));
  const SharedText cloudRemediation(excludeMailboxGuidSteps(SyncTool::CloudSync));
  const SharedText keptOut("None needed while the sync configuration keeps msExchMailboxGuid "
                           "from Entra ID; keep it that way until the migration is done.");
  const SharedText findOut(fmt::format(
      "Find out whether the user reached Entra ID with the attribute: scan Entra ID too ({} or "
      "{}, with {}); if its synced cloud user holds the ExchangeGuid, hard-delete and re-sync it "
      "(CLOUD001). Until then, keep the attribute out of every sync configuration.",
      settingName(Setting::GraphSnapshot), settingName(Setting::Tenant),
      settingName(Setting::ExchangeOnline)));
  const SharedText hardDelete(
      "Its cloud user already holds the ExchangeGuid: hard-delete it and re-sync it without the "
      "attribute (CLOUD001 and CLOUD002 have the steps). Keep the attribute out of every sync "
      "configuration until the migration is done.");
  const SharedText readMore(
      "Read what the message names (Exchange Online's mail users, or Entra ID's deleted users) "
      "and scan again; if the cloud user holds the ExchangeGuid, hard-delete and re-sync it "
      "(CLOUD001). Until then, keep the attribute out of every sync configuration.");
  const MailboxGuidExposure exposure(snapshot);
  const CloudEvidence cloud(snapshot);
  for (std::uint32_t i = 0; i < snapshot.ad.accounts.size(); ++i) {
    const AdAccount& a = snapshot.ad.accounts[i];
    const MailboxGuidExposure::Result exposed = exposure.of(a);
    if (!exposed.candidate) continue;
    Finding f;
    f.subject = subjectOf(a);
    f.evidence.push_back(evidenceOf(snapshot, a));
    if (!exposure.configured()) {
      f.severity = Severity::Blocker;
      f.message = fmt::format("{} is in sync scope with msExchMailboxGuid {}: synced, it gets no "
                              "Exchange Online mailbox",
                              a.samAccountName, a.mailboxGuid->toString());
      f.remediation = connectRemediation;
    } else {
      // With a sync configuration the answer is per user: kept out (info), exported or unknown
      // (blocker); kept out by Cloud Sync, which clears nothing, only with the cloud shown clean,
      // and what the cloud shows said when Entra ID was read.
      const Answer& flow = exposed.flow;
      CloudEvidence::Shown shown;
      if (exposed.clearsNothing) shown = cloud.shows(i);
      const bool keptOutForGood =
          flow.value == Tristate::No && (!exposed.clearsNothing || shown.holds == Tristate::No);
      f.severity = keptOutForGood ? Severity::Info : Severity::Blocker;
      const std::string guid = a.mailboxGuid->toString();
      if (flow.value == Tristate::No && exposed.clearsNothing) {
        const std::string stopped = fmt::format(
            "{} carries msExchMailboxGuid {}; {} {} ({}), but clears nothing it sent "
            "before",
            a.samAccountName, guid, nameOf(flow.tool),
            exposed.scopedOut ? "does not sync it now" : "no longer sends it", flow.why);
        if (keptOutForGood)
          f.message = fmt::format("{} carries msExchMailboxGuid {}; it does not reach Entra ID "
                                  "now: {}; and {}",
                                  a.samAccountName, guid, flow.why, shown.why);
        else if (shown.holds == Tristate::Yes)
          f.message = fmt::format("{}, and Entra ID shows it did: {}. Synced, it gets no "
                                  "Exchange Online mailbox",
                                  stopped, shown.why);
        else if (shown.read)
          f.message = fmt::format("{}: whether it reached Entra ID earlier is unknown (excluded "
                                  "now, synced before): {}",
                                  stopped, shown.why);
        else
          f.message = fmt::format("{}: whether it reached Entra ID earlier is unknown (excluded "
                                  "now, synced before). What settles it: Entra ID data that "
                                  "shows no synced cloud user holding it",
                                  stopped);
      } else {
        f.message =
            fmt::format("{} carries msExchMailboxGuid {}; {}: {}", a.samAccountName, guid,
                        flow.value == Tristate::Yes  ? "it reaches Entra ID"
                        : flow.value == Tristate::No ? "it does not reach Entra ID"
                                                     : "whether it reaches Entra ID is unknown",
                        flow.why);
      }
      f.remediation = keptOutForGood                     ? keptOut
                      : shown.holds == Tristate::Yes     ? hardDelete
                      : shown.read                       ? readMore
                      : flow.value == Tristate::No       ? findOut
                      : flow.tool == SyncTool::CloudSync ? cloudRemediation
                                                         : connectRemediation;
      f.evidence.push_back(evidenceOf(snapshot, flow));
      f.evidence.insert(f.evidence.end(), exposed.alsoDecided.begin(), exposed.alsoDecided.end());
      f.evidence.insert(f.evidence.end(), shown.evidence.begin(), shown.evidence.end());
    }
    if (f.severity == Severity::Blocker && exposed.flow.value != Tristate::No)
      f.planStep = exposed.flow.tool == SyncTool::CloudSync ? PlanStep::ExcludeAttributeCloudSync
                                                            : PlanStep::ExcludeAttribute;
    out.push_back(std::move(f));
  }
}

} // namespace migready
