#pragma once
// The waiver file (docs/waivers.md): YAML, read whole and checked before a scan starts.
#include "scanner/gate/GateInputError.h"
#include "scanner/model/Waiver.h"

#include <string>
#include <string_view>
#include <vector>

namespace migready {

// The longest a waiver may run: an exception is reviewed at least once a year.
inline constexpr int kMaxWaiverDays = 366;

// Reads `path`; `today` (YYYY-MM-DD) judges the expiry dates, `knownChecks` the check ids.
// Throws GateInputError naming file and line for anything malformed: not YAML, an unknown key or
// check id, a missing check, match, reason, owner or expiry, a bad date, an expiry more than
// kMaxWaiverDays ahead, a waiver for one of the gate's own checks.
WaiverList readWaiverFile(const std::string& path, std::string_view today,
                          const std::vector<std::string_view>& knownChecks);

} // namespace migready
