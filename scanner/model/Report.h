#pragma once
// The finished result of a scan: what reporters write. Reporters see nothing else.
#include "scanner/model/Finding.h"
#include "scanner/model/Snapshot.h"

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace migready {

enum class Verdict : std::uint8_t { Ready, NotReady, Incomplete };
std::string_view toString(Verdict verdict); // "READY", "NOT_READY", "INCOMPLETE"
int exitCodeOf(Verdict verdict);            // 0, 1, 3 (2 is kept for usage errors)

enum class CheckStatus : std::uint8_t { Pass, Fail, NotRun, Error };
std::string_view toString(CheckStatus status);

struct CheckResult {
  std::string id;
  std::string title;
  std::string group;                  // "AD", "CLOUD", "SYNC"
  Severity severity = Severity::Info; // the check's default severity
  CheckStatus status = CheckStatus::NotRun;
  std::size_t findings = 0;
  std::string reason; // why not_run / error, or a one-line summary
  double seconds = 0;
};

struct Report {
  std::string toolName = "migready";
  std::string toolVersion;
  std::string generatedAt; // ISO 8601
  Verdict verdict = Verdict::Incomplete;
  std::string verdictReason;
  Severity failOn = Severity::Blocker;
  std::vector<SourceKind> scope;
  std::array<SourceState, 3> sources;
  std::vector<CheckResult> checks;
  // Ordered by check, then severity (worst first), then source order. A deque: it grows
  // without ever holding two copies of a million findings.
  std::deque<Finding> findings;

  const SourceState& source(SourceKind kind) const {
    return sources[static_cast<std::size_t>(kind)];
  }
};

} // namespace migready
