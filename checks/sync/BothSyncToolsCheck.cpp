#include "checks/sync/BothSyncToolsCheck.h"

#include "checks/support/CheckSupport.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "SYNC004",
    "user-in-both-sync-tools",
    "SYNC",
    "Users that Azure AD Connect and Cloud Sync both sync",
    Severity::Warning,
    {SourceKind::Ad, SourceKind::Sync},
    R"(With an AD Connect export and a Cloud Sync job schema, finds the users both tools take in
and export: Azure AD Connect's containers hold the user (and no pilot rule, cloudNoFlow with
JoinNoFlow, or staging mode stands Connect aside), and the Cloud Sync job serving the user's
domain provisions it.

Why: Microsoft supports Connect and Cloud Sync side by side only with each object in scope of
one tool ("An object should be in scope in only one of the tools"). Two tools writing one cloud
user make its attributes, msExchMailboxGuid included, depend on which wrote last; AD001 and
SYNC001 count the attribute as sent when either tool sends it.

What to do: scope the user out of one tool: in Azure AD Connect the pilot's inbound rule that
sets cloudNoFlow to True and the outbound JoinNoFlow rule, or its containers; in Cloud Sync the
configuration's scoping filters.)",
    "warning",
    "users that Azure AD Connect and a Cloud Sync job both take in and export (Microsoft: one "
    "object, one tool)"};

const CheckInfo& BothSyncToolsCheck::info() const {
  return kInfo;
}

std::string BothSyncToolsCheck::whyNotRunnable(const Snapshot& snapshot) const {
  const MailboxGuidExposure exposure(snapshot);
  if (!snapshot.sync || !exposure.cloudSync().configured())
    return "needs both tools' configurations: an AD Connect export and a Cloud Sync job schema";
  return {};
}

void BothSyncToolsCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const MailboxGuidExposure exposure(snapshot);
  const SharedText remediation(
      "Scope the user out of one tool: in Azure AD Connect with the pilot rules (an inbound rule "
      "that sets cloudNoFlow to True for the user, and an outbound JoinNoFlow rule) or its "
      "containers, or in the Cloud Sync configuration's scoping filters.");
  for (const AdAccount& a : snapshot.ad.accounts) {
    std::vector<Evidence> both = exposure.bothToolsTake(a);
    if (both.empty()) continue;
    Finding f;
    f.severity = Severity::Warning;
    f.subject = subjectOf(a);
    f.message = fmt::format("{} is in scope of both Azure AD Connect and Cloud Sync, and both "
                            "export it: an object must be in scope of one tool only",
                            a.samAccountName.empty() ? a.dn : a.samAccountName);
    f.remediation = remediation;
    f.evidence.push_back(evidenceOf(snapshot, a));
    f.evidence.insert(f.evidence.end(), both.begin(), both.end());
    out.push_back(std::move(f));
  }
}

} // namespace migready
