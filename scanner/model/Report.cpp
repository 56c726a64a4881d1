#include "scanner/model/Report.h"

#include "scanner/model/Setting.h"

#include <algorithm>
#include <fmt/format.h>

namespace migready {

std::string_view toString(Verdict verdict) {
  switch (verdict) {
  case Verdict::Ready:
    return "READY";
  case Verdict::NotReady:
    return "NOT_READY";
  case Verdict::Incomplete:
    return "INCOMPLETE";
  }
  return "INCOMPLETE";
}

int exitCodeOf(Verdict verdict) {
  switch (verdict) {
  case Verdict::Ready:
    return 0;
  case Verdict::NotReady:
    return 1;
  case Verdict::Incomplete:
    return 3;
  }
  return 3;
}

std::string_view toString(CheckStatus status) {
  switch (status) {
  case CheckStatus::Pass:
    return "pass";
  case CheckStatus::Fail:
    return "fail";
  case CheckStatus::NotRun:
    return "not_run";
  case CheckStatus::Error:
    return "error";
  }
  return "error";
}

std::size_t RemediationPlan::collateral() const {
  return static_cast<std::size_t>(
      std::count_if(containerUsers.begin(), containerUsers.end(),
                    [](const ContainerUser& u) { return !u.hasFinding; }));
}

bool Report::inScope(SourceKind kind) const {
  return std::find(scope.begin(), scope.end(), kind) != scope.end();
}

void Report::countFindings() {
  findingsBySeverity = {};
  for (const Finding& f : findings)
    ++findingsBySeverity[static_cast<std::size_t>(f.severity)];
}

std::string settingsOf(SourceKind kind) {
  switch (kind) {
  case SourceKind::Ad:
    return fmt::format("{} or {}", settingName(Setting::AdLdif), settingName(Setting::LdapUrl));
  case SourceKind::Graph:
    return fmt::format("{} or {}", settingName(Setting::GraphSnapshot),
                       settingName(Setting::Tenant));
  case SourceKind::Sync:
    return fmt::format("{} or {}", settingName(Setting::AdConnectExport),
                       settingName(Setting::CloudSyncSchema));
  }
  return "";
}

std::string Report::sourceSentence(SourceKind kind) const {
  const SourceState& s = source(kind);
  switch (s.status) {
  case SourceStatus::Failed:
  case SourceStatus::Partial:
    return fmt::format("the {} source is {}: {}", toString(kind), toString(s.status), s.detail);
  case SourceStatus::NotProvided:
    if (inScope(kind))
      return fmt::format("the {} source is in scope but was not given ({}); narrow {} to scan "
                         "without it",
                         toString(kind), settingsOf(kind), settingName(Setting::Scope));
    return fmt::format("the {} source was not given and is not in {}", toString(kind),
                       settingName(Setting::Scope));
  case SourceStatus::Complete:
    break;
  }
  return "";
}

} // namespace migready
