#include "reporters/ReportText.h"

#include "scanner/model/Encoding.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

std::string_view verdictHeadline(Verdict verdict) {
  switch (verdict) {
  case Verdict::Ready:
    return "Ready: nothing found that would stop a third-party mailbox migration.";
  case Verdict::NotReady:
    return "Not ready: some users or settings would stop a third-party mailbox migration.";
  case Verdict::Incomplete:
    return "Incomplete: some data could not be read, so readiness cannot be confirmed.";
  }
  return "";
}

SplitLocation splitLocation(std::string_view location) {
  SplitLocation s;
  if (const auto hash = location.find("#/"); hash != std::string_view::npos) {
    s.file = location.substr(0, hash);
    s.pointer = location.substr(hash + 1);
    return s;
  }
  if (const auto colon = location.rfind(':');
      colon != std::string_view::npos && colon + 1 < location.size()) {
    if (auto line = parseInt64(location.substr(colon + 1)); line && *line > 0) {
      s.file = location.substr(0, colon);
      s.line = static_cast<std::uint64_t>(*line);
      return s;
    }
  }
  s.file = location;
  return s;
}

std::string_view statusWords(CheckStatus status) {
  switch (status) {
  case CheckStatus::Pass:
    return "passed";
  case CheckStatus::Fail:
    return "failed";
  case CheckStatus::NotRun:
    return "did not run";
  case CheckStatus::Error:
    return "error";
  }
  return "error";
}

bool failsGate(const CheckResult& c, Severity failOn) {
  return c.status == CheckStatus::Fail && c.worst && *c.worst >= failOn;
}

namespace {
std::vector<std::string> cloudIdsOf(const std::vector<Subject>& subjects) {
  std::vector<std::string> ids;
  for (const Subject& s : subjects)
    ids.push_back(s.cloudId);
  return ids;
}
} // namespace

std::vector<std::string> planSteps(const RemediationPlan& p) {
  std::vector<std::string> steps;
  if (p.excludeAttribute)
    steps.push_back(fmt::format(
        "Keep msExchMailboxGuid out of Entra ID: in Azure AD Connect, Customize synchronization "
        "options > Azure AD Attributes, clear msExchMailboxGuid (or add an inbound rule from the "
        "AD connector with a precedence below 100, or an outbound rule to Azure AD with a lower "
        "precedence number than the rule that exports it, that sets it to AuthoritativeNull){}.",
        p.rules.empty() ? std::string()
                        : fmt::format("; today it is exported by: {}", fmt::join(p.rules, ", "))));
  if (!p.syncedUsers.empty()) {
    steps.push_back(fmt::format(
        "Take the containers of the {} affected synced user(s) out of the AD connector's scope "
        "(Synchronization Service Manager > Connectors > AD connector > Properties > Configure "
        "Directory Partitions > Containers): {}.",
        p.syncedUsers.size(), fmt::join(p.containers, "; ")));
    steps.push_back("Run Start-ADSyncSyncCycle -PolicyType Initial and check the connectors "
                    "finished without errors; the users move to Deleted users.");
    steps.push_back(fmt::format(
        "Permanently delete each of them (cannot be undone): Remove-MgDirectoryDeletedItem "
        "-DirectoryObjectId <id> (Graph: DELETE /v1.0/directory/deletedItems/<id>) for: {}.",
        fmt::join(cloudIdsOf(p.syncedUsers), ", ")));
  }
  if (!p.deletedUsers.empty()) {
    steps.push_back(fmt::format(
        "Before any re-sync, permanently delete the synced users already in the recycle bin "
        "(a hard match would restore them): {}.",
        fmt::join(cloudIdsOf(p.deletedUsers), ", ")));
  }
  if (!p.syncedUsers.empty())
    steps.push_back("With msExchMailboxGuid excluded, put the containers back in scope and run "
                    "Start-ADSyncSyncCycle -PolicyType Initial; license the users and check that "
                    "Exchange Online creates their mailboxes.");
  return steps;
}

} // namespace migready
