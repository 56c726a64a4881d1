#include "scanner/model/Report.h"

#include "scanner/model/Setting.h"

#include <algorithm>
#include <filesystem>
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

std::size_t RemediationPlan::keptInContainers() const {
  return static_cast<std::size_t>(
      std::count_if(containerUsers.begin(), containerUsers.end(),
                    [](const ContainerUser& u) { return u.waiver >= 0; }));
}

bool Report::inScope(SourceKind kind) const {
  return std::find(scope.begin(), scope.end(), kind) != scope.end();
}

bool Report::aboutGate(const Finding& f) const {
  return std::any_of(checks.begin(), checks.end(),
                     [&](const CheckResult& c) { return c.aboutGate && c.id == f.check; });
}

bool Report::concernsWave(const Finding& f, std::size_t wave) const {
  if (f.wave == 0 || f.wave >= waveLabels.size()) return true; // about every wave
  const std::vector<std::uint32_t>& of = waveLabels[f.wave].waves;
  return std::find(of.begin(), of.end(), wave) != of.end();
}

void Report::countFindings() {
  findingsBySeverity = {};
  for (const Finding& f : findings)
    if (!aboutGate(f)) ++findingsBySeverity[static_cast<std::size_t>(f.severity)];
}

std::string displayPath(std::string_view given, std::string_view workingFolder) {
  namespace fs = std::filesystem;
  if (given.empty()) return {};
  const fs::path path{std::string(given)};
  fs::path absolute = path.is_absolute() || workingFolder.empty()
                          ? path
                          : fs::path(std::string(workingFolder)) / path;
  absolute = absolute.lexically_normal();
  if (!workingFolder.empty()) {
    const fs::path relative =
        absolute.lexically_relative(fs::path(std::string(workingFolder)).lexically_normal());
    std::string text = relative.generic_string();
    while (text.size() > 1 && text.back() == '/')
      text.pop_back();
    if (!text.empty() && !text.starts_with("..")) return text;
  } else if (!path.is_absolute()) {
    std::string text = absolute.generic_string();
    while (text.size() > 1 && text.back() == '/')
      text.pop_back();
    if (!text.starts_with("..")) return text;
  }
  // Outside the working folder: the last name says which file or folder it is.
  std::string name = absolute.filename().generic_string();
  if (name.empty()) name = absolute.parent_path().filename().generic_string(); // "dir/"
  return name.empty() ? std::string("/") : name;
}

std::string Report::shownPath(std::string_view given) const {
  for (const auto& [path, shown] : shownPaths)
    if (path == given) return shown;
  return displayPath(given, {});
}

std::string Report::shownText(std::string_view text) const {
  std::string out(text);
  for (const auto& [path, shown] : shownPaths) {
    if (path == shown || path.empty()) continue;
    for (std::size_t at = out.find(path); at != std::string::npos;
         at = out.find(path, at + shown.size()))
      out.replace(at, path.size(), shown);
  }
  return out;
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
    return fmt::format("{} was {}: {}", words(kind), words(s.status), s.detail);
  case SourceStatus::NotProvided:
    if (inScope(kind))
      return fmt::format("{} ({}) is in scope but was not given ({}); narrow {} to scan without "
                         "it",
                         words(kind), toString(kind), settingsOf(kind),
                         settingName(Setting::Scope));
    return fmt::format("{} ({}) was not given and is not in {}", words(kind), toString(kind),
                       settingName(Setting::Scope));
  case SourceStatus::Complete:
    break;
  }
  return "";
}

} // namespace migready
