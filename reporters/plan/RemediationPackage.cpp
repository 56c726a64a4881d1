#include "reporters/plan/RemediationPackage.h"

#include "reporters/common/ReportText.h"
#include "reporters/common/TextClean.h"
#include "scanner/model/Guid.h"
#include "scanner/model/Remediation.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <unordered_set>

namespace migready {

namespace {
// The byte-order mark (kUtf8Bom) goes on the script too: Windows PowerShell 5.1 reads a script
// without one as the ANSI code page, which would garble every non-ASCII name.

// Why each user is on the hard-delete list, by cloud id, from the findings that put it there.
std::map<std::string, std::string> reasonsByCloudId(const Report& r) {
  std::map<std::string, std::string> reasons;
  for (const Finding& f : r.findings) {
    if (f.planStep != PlanStep::RemoveSyncedUser && f.planStep != PlanStep::RemoveCloudSyncUser &&
        f.planStep != PlanStep::PurgeDeletedUser)
      continue;
    std::string& why = reasons[f.subject.cloudId];
    const std::string item = fmt::format("{}: {}", f.check, f.message);
    if (why.find(item) == std::string::npos) why += why.empty() ? item : " | " + item;
  }
  return reasons;
}

// The waiver's reason, owner and expiry cells ("" for none).
const Waiver kNoWaiver;

std::string hardDeleteCsv(const Report& r) {
  const auto reasons = reasonsByCloudId(r);
  const auto why = [&](const Subject& s) {
    return reasons.count(s.cloudId) ? reasons.at(s.cloudId) : std::string();
  };
  std::string out(kUtf8Bom);
  // `action` first: a row whose action is not hard-delete is never deleted (a waiver protects it).
  out += csvRow({"action", "cloud_id", "user_principal_name", "display_name", "on_premises_dn",
                 "step", "why", "waiver_reason", "waiver_owner", "waiver_expires"});
  const auto row = [&](std::string_view action, const Subject& s, std::string_view step,
                       const Waiver* w) {
    if (!w) w = &kNoWaiver;
    out += csvRow({action, s.cloudId, s.upn, s.displayName, s.dn, step, why(s), w->reason, w->owner,
                   w->expires});
  };
  for (const Subject& s : r.plan.syncedUsers)
    row("hard-delete", s, "out of scope, sync, then hard-delete from Deleted users", nullptr);
  for (const Subject& s : r.plan.deletedUsers)
    row("hard-delete", s, "already in Deleted users: hard-delete before any re-sync", nullptr);
  // Apart, after the rows to act on: the users a waiver protects.
  for (const RemediationPlan::KeptUser& u : r.plan.keptByWaiver)
    row("keep (waived)", u.subject,
        u.step == PlanStep::PurgeDeletedUser
            ? "in Deleted users: not purged, a waiver accepts it"
            : "not deleted, a waiver accepts it (if its container leaves scope it comes back "
              "with the re-sync)",
        r.waiverAt(u.waiver));
  return out;
}

std::string scopeChangeCsv(const Report& r) {
  std::string out(kUtf8Bom);
  out += csvRow({"container", "cloud_id", "user_principal_name", "display_name", "on_premises_dn",
                 "has_finding", "hard_delete", "waiver_reason", "waiver_owner", "waiver_expires"});
  std::unordered_set<std::string_view> deleted;
  for (const Subject& s : r.plan.syncedUsers)
    deleted.insert(s.cloudId);
  for (const std::string& container : r.plan.containers) {
    // The container itself, even if it holds none.
    out += csvRow({container, "", "", "", "", "", "", "", "", ""});
    for (const auto& u : r.plan.containerUsers) {
      if (u.container != container) continue;
      const Waiver* w = r.waiverAt(u.waiver);
      const std::string_view hardDelete = w                                  ? "no (waived)"
                                          : deleted.count(u.subject.cloudId) ? "yes"
                                                                             : "no";
      if (!w) w = &kNoWaiver;
      out +=
          csvRow({container, u.subject.cloudId, u.subject.upn, u.subject.displayName, u.subject.dn,
                  u.hasFinding ? "yes" : "no", hardDelete, w->reason, w->owner, w->expires});
    }
  }
  return out;
}

// "124", or why the count is not known: no count is printed as a fact from a source not read.
// Every list of the plan stands on Entra ID (who carries the ExchangeGuid, who is synced) and on
// AD (the containers, the users in them): read in part, a count is a lower bound.
std::string cloudCount(const RemediationPlan& p, std::size_t n) {
  switch (p.statusOf(SourceKind::Graph)) {
  case SourceStatus::Complete:
    if (const SourceStatus ad = p.statusOf(SourceKind::Ad);
        ad == SourceStatus::Partial || ad == SourceStatus::Failed)
      return fmt::format("at least {} (Active Directory was {})", n, words(ad));
    return std::to_string(n);
  case SourceStatus::Partial:
    return fmt::format("at least {} (Entra ID was read only in part)", n);
  case SourceStatus::NotProvided:
    return "not known (Entra ID was not read)";
  case SourceStatus::Failed:
    break;
  }
  return "not known (Entra ID could not be read)";
}

std::string readme(const Report& r) {
  std::string o = "# Remediation package\n\n";
  if (const std::string cover = coverLine(r); !cover.empty()) // as on the HTML report's cover
    o += fmt::format("**{}**\n\n", markdownCell(cover));
  o += fmt::format("For the scan of {} (migready {}). The tenant as scanned: {}: {}.\n\n{}\n\n"
                   "**To be run by an administrator; migready never runs any of it.** "
                   "Review every step first: the hard delete cannot be undone.\n\n",
                   markdownCell(r.generatedAt), markdownCell(r.toolVersion), toString(r.readiness),
                   markdownCell(r.shownText(r.readinessReason)), markdownCell(gateSentence(r)));
  o += "| file | what it holds |\n|---|---|\n"
       "| `hard-delete.csv` | each user to hard-delete from Entra ID, once, and why (`action` "
       "`hard-delete`); apart, after them, the users a waiver protects (`action` `keep "
       "(waived)`, with the waiver's reason, owner and expiry): never delete those |\n"
       "| `scope-change.csv` | every synced user in each container to take out of scope, with "
       "`has_finding`: those without one leave Entra ID too and come back with the re-sync; "
       "`hard_delete` says which to delete after the sync |\n"
       "| `remediate.ps1` | the cmdlets for the steps, built from the CSVs; every line that "
       "changes something is commented out; no line for a user a waiver protects |\n\n"
       "## Steps\n\n";
  const auto steps = planSteps(r, "."); // the package's files, beside this README
  if (steps.empty()) o += "Nothing to do for what was scanned.\n";
  for (std::size_t i = 0; i < steps.size(); ++i)
    o += fmt::format("{}. {}\n", i + 1, markdownCell(steps[i]));
  const RemediationPlan& p = r.plan;
  o += fmt::format("\n## Counts\n\n- users to hard-delete after leaving scope: {}\n- users "
                   "already in Deleted users: {}\n- users left out because a waiver protects "
                   "them (accepted exceptions, never deleted): {}\n",
                   cloudCount(p, p.syncedUsers.size()), cloudCount(p, p.deletedUsers.size()),
                   cloudCount(p, p.keptByWaiver.size()));
  // Which waivers left those users out, and how many each, under their count: the reason a
  // reviewer checks first.
  std::map<std::int32_t, std::size_t> byWaiver;
  for (const RemediationPlan::KeptUser& u : p.keptByWaiver)
    ++byWaiver[u.waiver];
  for (const auto& [index, n] : byWaiver)
    if (const Waiver* w = r.waiverAt(index))
      o += fmt::format("  - {} user(s) {} ({})\n", n, markdownCell(waiverSentence(*w)),
                       markdownCell(r.shownText(w->where())));
  o += fmt::format("- containers to take out of scope: {}\n- synced users in them without a "
                   "finding (collateral): {}\n- synced users in them that a waiver protects "
                   "(they leave and come back, never deleted): {}\n",
                   cloudCount(p, p.containers.size()), cloudCount(p, p.collateral()),
                   cloudCount(p, p.keptInContainers()));
  return o;
}

std::string script(const Report& r) {
  std::string o(kUtf8Bom);
  o += "# migready remediation script: REVIEW IT BEFORE RUNNING ANYTHING.\n"
       "# migready did not run it and never runs anything. Every line that changes something is\n"
       "# commented out: remove the '# ' of a line only after checking it. The hard delete\n"
       "# (Remove-MgDirectoryDeletedItem) cannot be undone.\n";
  o += "# Scan: " + powershellComment(r.generatedAt) +
       "; the tenant as scanned: " + std::string(toString(r.readiness)) + ": " +
       powershellComment(r.shownText(r.readinessReason)) + "\n# " +
       powershellComment(gateSentence(r)) + "\n";
  o += "#Requires -Version 5.1\nSet-StrictMode -Version Latest\n$ErrorActionPreference = "
       "'Stop'\n\n";
  // With Cloud Sync the only sync tool given (and nothing of Connect's in the plan), no step
  // names Azure AD Connect: its server is not part of that tenant's sync.
  const auto given = [&r](SyncTool tool) {
    return std::any_of(r.syncInputs.begin(), r.syncInputs.end(),
                       [tool](const SyncInput& in) { return in.tool == tool; });
  };
  const bool cloudSyncOnly = given(SyncTool::CloudSync) && !given(SyncTool::Connect) &&
                             !r.plan.excludeAttribute && !r.plan.connectUsers;
  if (!cloudSyncOnly) {
    o += "# Step 1, on the Azure AD Connect server: keep msExchMailboxGuid out of Entra ID. The\n"
         "# wizard's attribute filter is the documented way; the rule below is the alternative.\n";
    if (r.plan.excludeAttribute) {
      const std::string precedence = r.plan.freePrecedence ? std::to_string(*r.plan.freePrecedence)
                                                           : "<a free number below 100>";
      // The form the Synchronization Rules Editor's Export writes: the rule is built in memory,
      // given its mapping, and only Add-ADSyncRule stores it.
      o += "# Import-Module ADSync\n"
           "# $aad = Get-ADSyncConnector | Where-Object { $_.SubType -like '*Azure Active "
           "Directory*' "
           "}\n"
           "# New-ADSyncRule -Name 'Out to AAD - msExchMailboxGuid AuthoritativeNull' `\n"
           "#   -Identifier ([guid]::NewGuid()) -Description 'migready: keep msExchMailboxGuid out "
           "of Entra ID' `\n"
           "#   -Direction 'Outbound' -Precedence " +
           precedence +
           " -SourceObjectType 'person' -TargetObjectType 'user' `\n"
           "#   -Connector $aad.Identifier -LinkType 'Join' -SoftDeleteExpiryInterval 0 "
           "-ImmutableTag '' -OutVariable syncRule\n"
           "# Add-ADSyncAttributeFlowMapping -SynchronizationRule $syncRule[0] -Destination "
           "'msExchMailboxGuid' `\n"
           "#   -FlowType 'Expression' -ValueMergeType 'Update' -Expression 'AuthoritativeNull' "
           "-OutVariable syncRule\n"
           "# Add-ADSyncRule -SynchronizationRule $syncRule[0]\n";
      if (!r.plan.freePrecedence)
        o += "# (no free precedence number below 100 could be taken from the export: choose one)\n";
      for (const std::string& rule : r.plan.rules)
        o += "# Exported today by the rule: " + powershellComment(rule) + "\n";
    } else {
      o += "# (not needed: no finding says msExchMailboxGuid reaches Entra ID)\n";
    }
  }
  if (r.plan.excludeAttributeCloudSync) {
    // Cloud Sync has no AuthoritativeNull: the mapping goes, and nothing sent before is cleared.
    o +=
        "\n# Step 1, Cloud Sync: remove the MSExchMailboxGuid attribute mapping: " +
        powershellComment(std::string(cloudSyncMappingHow())) +
        ".\n# With Microsoft Graph PowerShell (a PUT replaces the whole schema: keep a copy):\n"
        "# Connect-MgGraph -Scopes 'Synchronization.ReadWrite.All'\n"
        "# $schema = Get-MgBetaServicePrincipalSynchronizationJobSchema -ServicePrincipalId "
        "<configuration id> -SynchronizationJobId <AD2AADProvisioning job id>\n"
        "# $schema | ConvertTo-Json -Depth 100 | Out-File schema-before.json\n"
        "# foreach ($m in $schema.SynchronizationRules[0].ObjectMappings) {\n"
        "#   $m.AttributeMappings = @($m.AttributeMappings | Where-Object { $_.TargetAttributeName "
        "-ne 'MSExchMailboxGuid' }) }\n"
        "# Update-MgBetaServicePrincipalSynchronizationJobSchema -ServicePrincipalId "
        "<configuration "
        "id> -SynchronizationJobId <job id> -BodyParameter $schema\n"
        "# This stops new values only: Cloud Sync clears nothing it sent before.\n";
    for (const std::string& mapping : r.plan.cloudSyncMappings)
      o += "# Sent today by: " + powershellComment(mapping) + "\n";
  }
  o += "\n# Step 2: take these containers out of " +
       (cloudSyncOnly || (r.plan.cloudSyncUsers && !r.plan.connectUsers)
            ? "the Cloud Sync configuration's scope (" + std::string(cloudSyncScopeWhere()) + ")"
            : "the AD connector's scope (" + std::string(containersWhere()) + ")" +
                  (r.plan.cloudSyncUsers ? std::string(" and, for Cloud Sync's users, out of ") +
                                               std::string(cloudSyncScopeWhere())
                                         : std::string())) +
       ":\n";
  for (const std::string& c : r.plan.containers)
    o += "#   " + powershellComment(c) + "\n";
  o += "# They hold " + cloudCount(r.plan, r.plan.containerUsers.size()) + " synced user(s), " +
       cloudCount(r.plan, r.plan.collateral()) + " of them without a finding and " +
       cloudCount(r.plan, r.plan.keptInContainers()) +
       " that a waiver protects (scope-change.csv).\n\n";
  if (cloudSyncOnly) {
    o += "# Step 3: wait for Cloud Sync's next provisioning cycle, then check that the users "
         "moved to Deleted users.\n";
  } else {
    o += "# Step 3, on the Azure AD Connect server:\n# Start-ADSyncSyncCycle -PolicyType Initial\n";
    if (r.plan.cloudSyncUsers)
      o += "# (Cloud Sync's users: wait for its next provisioning cycle, then check Deleted "
           "users)\n";
  }
  o += "\n";
  o += "# Step 4, with Microsoft Graph PowerShell (Connect-MgGraph -Scopes "
       "'User.ReadWrite.All'):\n# Import-Module Microsoft.Graph.Identity.DirectoryManagement\n"
       "# Connect-MgGraph -Scopes 'User.ReadWrite.All'\n";
  if (!r.plan.cloudKnown())
    o += "# Entra ID: users to delete " + cloudCount(r.plan, r.plan.syncedUsers.size()) +
         "; scan again with Entra ID read before deleting anything.\n";
  const auto removal = [&o](const Subject& s) {
    o += "# " + powershellComment(s.displayName) + " <" + powershellComment(s.upn) + ">, " +
         powershellComment(s.dn) + "\n";
    // An Entra ID object id is a GUID; anything else is not written as a command at all.
    if (Guid::parse(s.cloudId) && s.cloudId.size() == 36)
      o += "# Remove-MgDirectoryDeletedItem -DirectoryObjectId " + powershellString(s.cloudId) +
           "\n";
    else
      o += "# (not a command: the object id " + powershellComment(s.cloudId) +
           " is not a GUID; look the user up by hand)\n";
  };
  for (const Subject& s : r.plan.syncedUsers)
    removal(s);
  if (!r.plan.deletedUsers.empty())
    o += "\n# Already in Deleted users: hard-delete before any re-sync.\n";
  for (const Subject& s : r.plan.deletedUsers)
    removal(s);
  if (cloudSyncOnly)
    o += "\n# Step 5: with the MSExchMailboxGuid mapping removed, put the containers back in the "
         "scoping filters;\n# Cloud Sync provisions the users again at its next cycle.\n";
  else
    o += "\n# Step 5: with msExchMailboxGuid excluded, put the containers back in scope, then:\n"
         "# Start-ADSyncSyncCycle -PolicyType Initial\n";
  if (!r.plan.keptByWaiver.empty()) {
    // Named, never given a command: what a waiver protects is never an action.
    o += "\n# Left out: " + std::to_string(r.plan.keptByWaiver.size()) +
         " user(s) that a waiver protects (hard-delete.csv, action 'keep (waived)'). Never delete "
         "them:\n";
    for (const RemediationPlan::KeptUser& u : r.plan.keptByWaiver) {
      const Waiver* w = r.waiverAt(u.waiver);
      o += "#   " + powershellComment(u.subject.displayName) + " <" +
           powershellComment(u.subject.upn) + ">" +
           (w ? ": " + powershellComment(waiverSentence(*w)) : std::string()) + "\n";
    }
  }
  return o;
}
} // namespace

std::vector<PackageFile> remediationPackage(const Report& r) {
  return {{"README.md", readme(r)},
          {"hard-delete.csv", hardDeleteCsv(r)},
          {"scope-change.csv", scopeChangeCsv(r)},
          {"remediate.ps1", script(r)}};
}

} // namespace migready
