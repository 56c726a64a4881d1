#pragma once
// The gate stage: what a team's options make of the tenant's findings. The scan produces the
// findings, the tenant's counts and the waves; the gate marks each finding (waived, new or
// unchanged against a baseline, outside the one wave decided on) and decides the verdict that
// the exit code follows (Report::gate). It never changes a fact about the tenant: a finding, its
// severity, a count of users, a wave's readiness (docs/waivers.md, docs/ci.md).
#include "scanner/model/Report.h"
#include "scanner/model/SavedReport.h"
#include "scanner/model/Snapshot.h"

#include <optional>
#include <string>

namespace migready {

// A waiver whose patterns (upn, dn) match every user the scan read, on-premises and in the cloud,
// accepts every finding of its checks: that is not a waiver but the fail-on setting. The waiver
// file alone cannot tell (`upn: "*com"` in a tenant whose every address ends in com): the scan's
// users can. Returns the usage error for the first such unexpired waiver (file:line), if any.
std::optional<std::string> waiverCoveringEveryUser(const WaiverList& waivers,
                                                   const Snapshot& snapshot);

// Marks each finding an unexpired waiver accepts (the first that covers it) and counts what each
// waiver accepted (Report::waivers, waiverUse, waived). Expired waivers accept nothing.
void applyWaivers(const WaiverList& waivers, Report& report);

// Marks each finding new or unchanged against an earlier report of the tenant (baselineStateOf:
// waived then and not now, or worse now, is new); the baseline's findings that are gone are
// resolved (Report::baseline).
void compareWithBaseline(const SavedReport& baseline, Report& report);

struct GateOptions {
  Severity failOn = Severity::Blocker;
  bool newOnly = false; // only findings new since the baseline count (needs a baseline)
  std::string wave;     // the one wave to decide on, as the wave files write it; empty: all
};

// Decides: marks the findings outside the wave decided on, counts per check what the gate counts
// (CheckResult::gateWorst, waived), and fills Report::gate and each wave's gate verdict. Needs
// the tenant's facts first (Report::incomplete, waves, waveLabels).
void decide(const GateOptions& options, Report& report);

} // namespace migready
