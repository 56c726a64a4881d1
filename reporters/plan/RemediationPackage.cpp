#include "reporters/plan/RemediationPackage.h"

#include "reporters/common/ReportText.h"
#include "reporters/common/TextClean.h"
#include "scanner/model/Guid.h"
#include "scanner/model/Remediation.h"

#include <fmt/format.h>
#include <map>

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

std::string hardDeleteCsv(const Report& r) {
  const auto reasons = reasonsByCloudId(r);
  std::string out(kUtf8Bom);
  out +=
      csvRow({"cloud_id", "user_principal_name", "display_name", "on_premises_dn", "step", "why"});
  for (const Subject& s : r.plan.syncedUsers)
    out += csvRow({s.cloudId, s.upn, s.displayName, s.dn,
                   "out of scope, sync, then hard-delete from Deleted users",
                   reasons.count(s.cloudId) ? reasons.at(s.cloudId) : ""});
  for (const Subject& s : r.plan.deletedUsers)
    out += csvRow({s.cloudId, s.upn, s.displayName, s.dn,
                   "already in Deleted users: hard-delete before any re-sync",
                   reasons.count(s.cloudId) ? reasons.at(s.cloudId) : ""});
  return out;
}

std::string scopeChangeCsv(const Report& r) {
  std::string out(kUtf8Bom);
  out += csvRow({"container", "cloud_id", "user_principal_name", "display_name", "on_premises_dn",
                 "has_finding"});
  for (const std::string& container : r.plan.containers) {
    out += csvRow({container, "", "", "", "", ""}); // the container itself, even if it holds none
    for (const auto& u : r.plan.containerUsers)
      if (u.container == container)
        out += csvRow({container, u.subject.cloudId, u.subject.upn, u.subject.displayName,
                       u.subject.dn, u.hasFinding ? "yes" : "no"});
  }
  return out;
}

std::string readme(const Report& r, const std::string& folder) {
  std::string o = "# Remediation package\n\n";
  if (const std::string cover = coverLine(r); !cover.empty()) // as on the HTML report's cover
    o += fmt::format("**{}**\n\n", markdownCell(cover));
  o += fmt::format("For the scan of {} (migready {}): {}: {}.\n\n"
                   "**To be run by an administrator; migready never runs any of it.** "
                   "Review every step first: the hard delete cannot be undone.\n\n",
                   markdownCell(r.generatedAt), markdownCell(r.toolVersion), toString(r.verdict),
                   markdownCell(r.verdictReason));
  o += "| file | what it holds |\n|---|---|\n"
       "| `hard-delete.csv` | each user to hard-delete from Entra ID, once, and why |\n"
       "| `scope-change.csv` | every synced user in each container to take out of scope, with "
       "`has_finding`: those without one leave Entra ID too and come back with the re-sync |\n"
       "| `remediate.ps1` | the cmdlets for the steps, built from the CSVs; every line that "
       "changes something is commented out |\n\n## Steps\n\n";
  const auto steps = planSteps(r.plan, folder);
  if (steps.empty()) o += "Nothing to do for what was scanned.\n";
  for (std::size_t i = 0; i < steps.size(); ++i)
    o += fmt::format("{}. {}\n", i + 1, markdownCell(steps[i]));
  o += fmt::format("\n## Counts\n\n- users to hard-delete after leaving scope: {}\n- users "
                   "already in Deleted users: {}\n- containers to take out of scope: {}\n- synced "
                   "users in them without a finding (collateral): {}\n",
                   r.plan.syncedUsers.size(), r.plan.deletedUsers.size(), r.plan.containers.size(),
                   r.plan.collateral());
  return o;
}

std::string script(const Report& r) {
  std::string o(kUtf8Bom);
  o += "# migready remediation script: REVIEW IT BEFORE RUNNING ANYTHING.\n"
       "# migready did not run it and never runs anything. Every line that changes something is\n"
       "# commented out: remove the '# ' of a line only after checking it. The hard delete\n"
       "# (Remove-MgDirectoryDeletedItem) cannot be undone.\n";
  o += "# Scan: " + powershellComment(r.generatedAt) + "; verdict " +
       std::string(toString(r.verdict)) + ": " + powershellComment(r.verdictReason) + "\n";
  o += "#Requires -Version 5.1\nSet-StrictMode -Version Latest\n$ErrorActionPreference = "
       "'Stop'\n\n";
  o += "# Step 1, on the Azure AD Connect server: keep msExchMailboxGuid out of Entra ID. The\n"
       "# wizard's attribute filter is the documented way; the rule below is the alternative.\n";
  if (r.plan.excludeAttribute) {
    const std::string precedence = r.plan.freePrecedence ? std::to_string(*r.plan.freePrecedence)
                                                         : "<a free number below 100>";
    // The form the Synchronization Rules Editor's Export writes: the rule is built in memory,
    // given its mapping, and only Add-ADSyncRule stores it.
    o +=
        "# Import-Module ADSync\n"
        "# $aad = Get-ADSyncConnector | Where-Object { $_.SubType -like '*Azure Active Directory*' "
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
       (r.plan.cloudSyncUsers && !r.plan.connectUsers
            ? "the Cloud Sync configuration's scope (" + std::string(cloudSyncScopeWhere()) + ")"
            : "the AD connector's scope (" + std::string(containersWhere()) + ")" +
                  (r.plan.cloudSyncUsers ? std::string(" and, for Cloud Sync's users, out of ") +
                                               std::string(cloudSyncScopeWhere())
                                         : std::string())) +
       ":\n";
  for (const std::string& c : r.plan.containers)
    o += "#   " + powershellComment(c) + "\n";
  o += "# They hold " + std::to_string(r.plan.containerUsers.size()) + " synced user(s), " +
       std::to_string(r.plan.collateral()) +
       " of them without a finding (scope-change.csv).\n\n# Step 3, on the Azure AD Connect "
       "server:\n# Start-ADSyncSyncCycle -PolicyType Initial\n";
  if (r.plan.cloudSyncUsers)
    o += "# (Cloud Sync's users: wait for its next provisioning cycle, then check Deleted users)\n";
  o += "\n";
  o += "# Step 4, with Microsoft Graph PowerShell (Connect-MgGraph -Scopes "
       "'User.ReadWrite.All'):\n# Import-Module Microsoft.Graph.Identity.DirectoryManagement\n"
       "# Connect-MgGraph -Scopes 'User.ReadWrite.All'\n";
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
  o += "\n# Step 5: with msExchMailboxGuid excluded, put the containers back in scope, then:\n"
       "# Start-ADSyncSyncCycle -PolicyType Initial\n";
  return o;
}
} // namespace

std::vector<PackageFile> remediationPackage(const Report& r, const std::string& folder) {
  return {{"README.md", readme(r, folder)},
          {"hard-delete.csv", hardDeleteCsv(r)},
          {"scope-change.csv", scopeChangeCsv(r)},
          {"remediate.ps1", script(r)}};
}

} // namespace migready
