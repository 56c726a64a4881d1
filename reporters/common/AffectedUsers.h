#pragma once
// The findings counted in people: one row per user with any finding (the HTML report's
// "Affected users" view and the users-csv format), by the same rules as the report's user counts
// (Subject::key tells users apart; the worst of all findings makes the status, as scanned; the
// gate's view is a column of its own).
#include "scanner/model/Report.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

struct AffectedUser {
  std::string key;                      // Subject::key of its findings
  Subject subject;                      // what the findings together say of the user
  std::string_view wave;                // Report::waveOf; empty without wave files
  Severity worst = Severity::Info;      // of all its findings: the tenant as scanned
  std::optional<Severity> gateWorst;    // of the findings the gate counts (GateDecision::counts)
  std::vector<std::string_view> checks; // the check ids, in the report's order
  std::size_t findings = 0;
  std::size_t waived = 0;
  // Why the gate counts none of its findings: the first finding's reason (waived, unchanged since
  // the baseline, another wave); empty when some finding counts.
  std::string_view notCounted;
};

// Ordered worst first (then by the worst finding the gate counts), then by display name, UPN and
// DN.
std::vector<AffectedUser> affectedUsers(const Report& report);

// A user's state in words, as scanned: "blocked", "warning" or "info" (the worst of all its
// findings, waived ones included).
std::string_view userStatus(const AffectedUser& user);

// How the gate treats a user: "counted" (a finding of theirs counts), or why not: "waived",
// "unchanged since the baseline", "another wave".
std::string_view gateStatus(const AffectedUser& user);

// Why the gate does not count a finding, in words ("waived", "unchanged since the baseline",
// "another wave"); empty when it counts.
std::string_view notCountedWhy(const Report& report, const Finding& finding);

} // namespace migready
