#pragma once
// Two or more scans of one tenant compared (migready diff): what each check and each user gained
// and lost between the last two, and the trend over all of them. What diff writers see.
#include "scanner/model/Report.h"

#include <array>
#include <string>
#include <vector>

namespace migready {

// One scan of the series, as its JSON report said it.
struct ScanPoint {
  std::string file;
  std::string generatedAt;
  Verdict verdict = Verdict::Incomplete;   // what that scan's gate decided
  Verdict readiness = Verdict::Incomplete; // the tenant as that scan found it
  std::string verdictReason;
  std::array<SourceState, 3> sources;
  std::size_t findings = 0;
  std::size_t waived = 0;
  // The tenant as that scan found it, whatever its gate's options: every finding (waived ones
  // included; the gate's own left out) by severity, and distinct users by their worst finding.
  std::array<std::size_t, 3> bySeverity{};
  std::size_t blockedUsers = 0; // distinct users whose worst finding is a blocker
  std::size_t warnedUsers = 0;  // distinct users whose worst finding is a warning
};

// Between two consecutive scans.
struct ScanStep {
  std::size_t from = 0, to = 0; // indexes into ScanDiff::points
  // New: not in the older report, or waived there and not now, or worse now (baselineStateOf,
  // the rule of a scan's baseline).
  std::size_t newFindings = 0, resolved = 0, unchanged = 0;
  std::size_t newAtOrAbove = 0; // new, unwaived, at or above failOn
};

struct CheckDelta {
  std::string id;
  std::string title;
  std::size_t newFindings = 0, resolved = 0, unchanged = 0;
};

// One user whose findings changed between the last two scans.
struct UserChange {
  std::string name; // UPN, else DN, else display name
  std::string dn;
  std::vector<std::string> added;    // "AD001 (blocker)"
  std::vector<std::string> removed;  // "CLOUD001 (blocker)"
  std::vector<std::string> waived;   // there before, accepted by a waiver now
  std::vector<std::string> unwaived; // waived before, counted now (the waiver expired or went)
  std::string before;                // worst unwaived severity before, "" for none
  std::string after;
};

struct ScanDiff {
  Severity failOn = Severity::Blocker;
  std::string tenantId;
  std::vector<ScanPoint> points; // in the order given: oldest first
  std::vector<ScanStep> steps;   // points[i] -> points[i + 1]
  // The details of the last step (the newest change):
  std::vector<CheckDelta> checks;
  std::vector<UserChange> users;
  std::vector<Finding> newFindings; // new in the newest scan, worst first
  // Coverage that differs between scans (a source complete in one, partial in another): what
  // looks resolved may only be unread.
  std::vector<std::string> warnings;

  // New findings at or above failOn in the newest step: the diff's exit code.
  bool failsGate() const { return !steps.empty() && steps.back().newAtOrAbove > 0; }
  // Why the newest scan cannot stand for the tenant: a source it read in part or not at all
  // that it needed, or one the scan before read completely and it did not. Then "no new finding"
  // proves nothing (exit 3, as a scan's INCOMPLETE), unless new findings already fail the gate.
  std::vector<std::string> incomplete;
};

} // namespace migready
