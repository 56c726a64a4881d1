#pragma once
// The findings counted in people: one row per user with any finding (the HTML report's
// "Affected users" view and the users-csv format), by the same rules as the report's user counts
// (Subject::key tells users apart; only findings that count toward the gate make the status).
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
  std::optional<Severity> worst;        // of the findings that count toward the gate
  Severity worstOfAll = Severity::Info; // of all its findings, waived ones included
  std::vector<std::string_view> checks; // the check ids, in the report's order
  std::size_t findings = 0;
  std::size_t waived = 0;
};

// Ordered worst first (counted severity, then all), then by display name, UPN and DN.
std::vector<AffectedUser> affectedUsers(const Report& report);

// A user's state in words: "blocked", "warning", "info", or "not counted" (every finding waived,
// already in the baseline in new-findings-only mode, or of a wave the verdict is not about).
std::string_view userStatus(const AffectedUser& user);

} // namespace migready
