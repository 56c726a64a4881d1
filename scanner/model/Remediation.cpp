#include "scanner/model/Remediation.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

namespace {
// The phrases the steps are made of; each said once.
constexpr std::string_view kExcludeHow =
    "in Azure AD Connect run Configure > Customize synchronization options > Azure AD "
    "Attributes, tick \"I want to further limit the attributes exported to Azure AD\" and clear "
    "msExchMailboxGuid (or add an inbound rule from the AD connector with a precedence below "
    "100, or an outbound rule to Azure AD with a lower precedence number than the rule that "
    "exports it, that sets msExchMailboxGuid to AuthoritativeNull)";
constexpr std::string_view kContainersWhere =
    "Synchronization Service Manager > Connectors > AD connector > Properties > Configure "
    "Directory Partitions > Containers";
constexpr std::string_view kInitialSync = "Start-ADSyncSyncCycle -PolicyType Initial";
// Cloud Sync: the mapping is removed in the portal or in the job schema (GET, edit, PUT: a PUT
// replaces the whole schema). It has no AuthoritativeNull: nothing it stops sending is cleared.
constexpr std::string_view kCloudSyncMappingHow =
    "in the Microsoft Entra admin center open Entra Connect > Cloud Sync > the configuration > "
    "Attribute mapping and delete the MSExchMailboxGuid mapping (or, with Microsoft Graph, GET "
    "the AD2AADProvisioning job's schema, remove that attribute mapping from the user and "
    "inetOrgPerson object mappings and PUT the whole schema back)";
constexpr std::string_view kCloudSyncScopeWhere =
    "the Cloud Sync configuration's Scoping filters: selected organizational units or security "
    "groups";
constexpr std::string_view kCloudSyncClearsNothing =
    "This stops new values only: Cloud Sync clears nothing it sent before, so users it synced "
    "with the attribute need the hard delete and re-sync";
constexpr std::string_view kAdministratorOnly =
    "To be run by an administrator; migready never runs it.";

std::string purgeCommand(std::string_view id) {
  return fmt::format("Remove-MgDirectoryDeletedItem -DirectoryObjectId {0} (Graph: DELETE "
                     "/v1.0/directory/deletedItems/{0})",
                     id);
}

// "Anna Smith (anna@contoso.com), ... and 107 more": names, never a wall of ids.
constexpr std::size_t kNamed = 10;
std::string namesOf(const std::vector<Subject>& subjects) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < subjects.size() && i < kNamed; ++i) {
    const Subject& s = subjects[i];
    const std::string& name = !s.displayName.empty() ? s.displayName : s.cloudId;
    names.push_back(s.upn.empty() ? name : fmt::format("{} ({})", name, s.upn));
  }
  std::string text = fmt::format("{}", fmt::join(names, ", "));
  if (subjects.size() > kNamed) text += fmt::format(" and {} more", subjects.size() - kNamed);
  return text;
}

// `package` "." is the package's own folder: its README names its files by their names.
std::string fullList(std::string_view package, std::string_view file) {
  if (package.empty())
    return fmt::format("the remediation package's {} lists every one with its id", file);
  if (package == ".") return fmt::format("{} lists every one with its id", file);
  return fmt::format("{}/{} lists every one with its id", package, file);
}
std::string keptUserWords(const Report& r, const RemediationPlan::KeptUser& u) {
  const Subject& s = u.subject;
  const std::string& name = !s.displayName.empty() ? s.displayName : s.cloudId;
  std::string text = s.upn.empty() ? name : fmt::format("{} ({})", name, s.upn);
  if (const Waiver* w = r.waiverAt(u.waiver)) text += fmt::format(": {}", waiverSentence(*w));
  if (!u.unwaivedChecks.empty())
    text += fmt::format("; not waived for {}, which still count at the gate",
                        fmt::join(u.unwaivedChecks, ", "));
  return text;
}

std::vector<std::string> planGaps(const RemediationPlan& p) {
  std::vector<std::string> gaps;
  const auto state = [&](SourceKind kind) -> std::string_view {
    switch (p.statusOf(kind)) {
    case SourceStatus::NotProvided:
      return "was not read";
    case SourceStatus::Failed:
      return "could not be read";
    case SourceStatus::Partial:
      return "was read only in part";
    case SourceStatus::Complete:
      break;
    }
    return {};
  };
  if (const auto ad = state(SourceKind::Ad); !ad.empty())
    gaps.push_back(fmt::format("On-premises AD {}: the users carrying msExchMailboxGuid are not "
                               "all known; read it ({}) and scan again.",
                               ad, settingsOf(SourceKind::Ad)));
  if (const auto cloud = state(SourceKind::Graph); !cloud.empty())
    gaps.push_back(fmt::format(
        "Entra ID {}: the synced users that already carry the ExchangeGuid (to hard-delete) and "
        "the deleted users to purge are {}; read it ({}; live, the app needs User.Read.All) and "
        "scan again before deleting anything.",
        cloud,
        p.statusOf(SourceKind::Graph) == SourceStatus::Partial ? "not all listed below"
                                                               : "not known, and none are listed",
        settingsOf(SourceKind::Graph)));
  if (const auto sync = state(SourceKind::Sync); !sync.empty() && p.excludeAttribute)
    gaps.push_back(fmt::format("The sync configuration {}: the sync rules that export "
                               "msExchMailboxGuid today cannot be named; give {} (the "
                               "Get-ADSyncServerConfiguration export, or the Cloud Sync job "
                               "schema).",
                               sync, settingsOf(SourceKind::Sync)));
  return gaps;
}

} // namespace

std::string_view containersWhere() {
  return kContainersWhere;
}
std::string_view initialSyncCommand() {
  return kInitialSync;
}
std::string_view cloudSyncScopeWhere() {
  return kCloudSyncScopeWhere;
}
std::string_view cloudSyncMappingHow() {
  return kCloudSyncMappingHow;
}

std::string excludeMailboxGuidSteps(SyncTool tool) {
  if (tool == SyncTool::CloudSync)
    return fmt::format("Stop Cloud Sync from sending msExchMailboxGuid before any user is "
                       "(re)synced: {}. {}. Leave the value on the on-premises account: Exchange "
                       "still needs it.",
                       kCloudSyncMappingHow, kCloudSyncClearsNothing);
  return fmt::format("Stop msExchMailboxGuid from reaching Entra ID before (re)syncing: {}, then "
                     "run {}. Leave the value on the on-premises account: Exchange still needs "
                     "it.",
                     kExcludeHow, kInitialSync);
}

std::string hardDeleteSteps(std::string_view cloudId, SyncTool tool) {
  if (tool == SyncTool::CloudSync)
    return fmt::format("The cloud object already holds the ExchangeGuid, and only a hard delete "
                       "removes it: 1) take the user out of {} and wait for the next "
                       "provisioning cycle; 2) check the user is in Deleted users, then "
                       "permanently delete it: {}, which cannot be undone; 3) remove the "
                       "MSExchMailboxGuid attribute mapping ({}); 4) put the user back in scope. "
                       "{}",
                       kCloudSyncScopeWhere, purgeCommand(cloudId), kCloudSyncMappingHow,
                       kAdministratorOnly);
  return fmt::format("The cloud object already holds the ExchangeGuid, and only a hard delete "
                     "removes it: 1) take the user's OU out of the AD connector's containers ({}) "
                     "and run {}; 2) check the user is in Deleted users, then permanently delete "
                     "it: {}, which cannot be undone; 3) exclude msExchMailboxGuid from the "
                     "export; 4) put the OU back in scope and sync again. {}",
                     kContainersWhere, kInitialSync, purgeCommand(cloudId), kAdministratorOnly);
}

std::string purgeDeletedUserSteps(std::string_view cloudId) {
  return fmt::format("Permanently delete it before the re-sync: {}; this cannot be undone. {}",
                     purgeCommand(cloudId), kAdministratorOnly);
}

std::vector<std::string> planSteps(const Report& r, std::string_view package) {
  const RemediationPlan& p = r.plan;
  std::vector<std::string> steps = planGaps(p);
  if (p.excludeAttribute)
    steps.push_back(fmt::format(
        "Keep msExchMailboxGuid out of Entra ID: {}{}.", kExcludeHow,
        p.rules.empty() ? std::string()
                        : fmt::format("; today it is exported by: {}", fmt::join(p.rules, ", "))));
  if (p.excludeAttributeCloudSync)
    steps.push_back(fmt::format(
        "Keep msExchMailboxGuid out of Entra ID in Cloud Sync: {}{}. {}.", kCloudSyncMappingHow,
        p.cloudSyncMappings.empty()
            ? std::string()
            : fmt::format("; today it is sent by: {}", fmt::join(p.cloudSyncMappings, "; ")),
        kCloudSyncClearsNothing));
  if (!p.syncedUsers.empty()) {
    const std::size_t collateral = p.collateral(), kept = p.keptInContainers();
    const std::string where =
        p.cloudSyncUsers && p.connectUsers
            ? fmt::format("the AD connector's scope ({}) for Azure AD Connect's users, {} for "
                          "Cloud Sync's",
                          kContainersWhere, kCloudSyncScopeWhere)
        : p.cloudSyncUsers
            ? fmt::format("the Cloud Sync configuration's scope ({})", kCloudSyncScopeWhere)
            : fmt::format("the AD connector's scope ({})", kContainersWhere);
    steps.push_back(fmt::format(
        "Take the {} container(s) of the {} affected synced user(s) out of {}: {}.{}{}",
        p.containers.size(), p.syncedUsers.size(), where, fmt::join(p.containers, "; "),
        collateral == 0
            ? std::string()
            : fmt::format(" These containers also hold {} synced user(s) without a finding: they "
                          "leave Entra ID too (with their licenses and cloud data) and come back "
                          "with the re-sync; {}.",
                          collateral, fullList(package, "scope-change.csv")),
        kept == 0 ? std::string()
                  : fmt::format(" They also hold {} user(s) that waivers protect: they leave "
                                "Entra ID with the container and come back with the re-sync; "
                                "never hard-delete them.",
                                kept)));
    steps.push_back(
        p.connectUsers || !p.cloudSyncUsers
            ? fmt::format("Run {}{} and check the connectors finished without "
                          "errors; the users move to Deleted users.",
                          kInitialSync,
                          p.cloudSyncUsers ? " (and let Cloud Sync run its next cycle)" : "")
            : std::string("Wait for Cloud Sync's next provisioning cycle and check "
                          "that the users moved to Deleted users."));
    steps.push_back(fmt::format("Permanently delete each of the {} user(s) from Deleted users "
                                "(cannot be undone) with {}: {}; {}.",
                                p.syncedUsers.size(), purgeCommand("<id>"), namesOf(p.syncedUsers),
                                fullList(package, "hard-delete.csv")));
  }
  if (!p.deletedUsers.empty())
    steps.push_back(fmt::format("Before any re-sync, permanently delete the {} synced user(s) "
                                "already in the recycle bin (a hard match would restore them): "
                                "{}; {}.",
                                p.deletedUsers.size(), namesOf(p.deletedUsers),
                                fullList(package, "hard-delete.csv")));
  if (!p.syncedUsers.empty())
    steps.push_back(fmt::format("With msExchMailboxGuid excluded, put the containers back in "
                                "scope and {}; license the users and check that Exchange "
                                "Online creates their mailboxes.",
                                p.connectUsers || !p.cloudSyncUsers
                                    ? fmt::format("run {}", kInitialSync)
                                    : std::string("let Cloud Sync provision them again")));
  if (!p.keptByWaiver.empty()) {
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < p.keptByWaiver.size() && i < kNamed; ++i)
      kept.push_back(keptUserWords(r, p.keptByWaiver[i]));
    steps.push_back(fmt::format(
        "Leave the {} user(s) that waivers protect as they are: no step above deletes or purges "
        "them (accepted exceptions): {}{}.",
        p.keptByWaiver.size(), fmt::join(kept, "; "),
        p.keptByWaiver.size() > kNamed
            ? fmt::format("; and {} more ({} lists them apart)", p.keptByWaiver.size() - kNamed,
                          package.empty() ? std::string("the remediation package's hard-delete.csv")
                          : package == "." ? std::string("hard-delete.csv")
                                           : fmt::format("{}/hard-delete.csv", package))
            : std::string()));
  }
  return steps;
}

} // namespace migready
