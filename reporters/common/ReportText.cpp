#include "reporters/common/ReportText.h"

#include "scanner/model/Text.h"

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
  return c.status == CheckStatus::Fail && c.gateWorst && *c.gateWorst >= failOn;
}

} // namespace migready
