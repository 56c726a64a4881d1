#pragma once
// A JSON report of an earlier scan, read back (scanner/gate/SavedReportReader): the baseline of
// a gate, and each point of a diff.
#include "scanner/model/Report.h"

#include <array>
#include <deque>
#include <string>
#include <vector>

namespace migready {

struct SavedReport {
  std::string file;          // as the user named it
  std::string schemaVersion; // "1.0", "1.1", ...
  std::string generatedAt;
  std::string toolVersion;
  std::string tenantId; // empty when the scan did not read the cloud (or schema 1.0)
  Verdict verdict = Verdict::Incomplete; // what that scan's gate decided
  std::string verdictReason;
  // The tenant as that scan found it (`readiness.status`, 1.3); an older report has only its
  // verdict, which was both.
  Verdict readiness = Verdict::Incomplete;
  Severity failOn = Severity::Blocker;
  std::array<SourceState, 3> sources;
  std::vector<CheckResult> checks;
  std::vector<Waiver> waivers; // one per waived finding's waiver, as the report wrote it
  std::deque<Finding> findings;

  const SourceState& source(SourceKind kind) const {
    return sources[static_cast<std::size_t>(kind)];
  }
};

} // namespace migready
