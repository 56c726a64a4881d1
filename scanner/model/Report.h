#pragma once
// The finished result of a scan: what reporters write. Reporters see nothing else.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "scanner/model/Finding.h"
#include "scanner/model/Snapshot.h"

namespace migready {

enum class Verdict : std::uint8_t { Ready, NotReady, Incomplete };
std::string_view toString(Verdict verdict); // "READY", "NOT_READY", "INCOMPLETE"
int exitCodeOf(Verdict verdict);             // 0, 1, 3 (2 is kept for usage errors)

enum class CheckStatus : std::uint8_t { Pass, Fail, NotRun, Error };
std::string_view toString(CheckStatus status);

struct CheckResult {
  std::string id;
  std::string title;
  std::string group; // "AD", "CLOUD", "SYNC"
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
  std::vector<Finding> findings; // ordered by check, then subject

  const SourceState& source(SourceKind kind) const { return sources[static_cast<std::size_t>(kind)]; }
};

} // namespace migready
