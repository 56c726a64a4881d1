#pragma once
// The waiver file (docs/waivers.md): YAML, read whole and checked before a scan starts.
#include "scanner/gate/GateInputError.h"
#include "scanner/model/Waiver.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

// The longest a waiver may run: an exception is reviewed at least once a year.
inline constexpr int kMaxWaiverDays = 366;
// What a waiver file may hold (docs/waivers.md, "Limits").
inline constexpr std::uintmax_t kMaxWaiverFileBytes = 1u << 20;
inline constexpr std::size_t kMaxWaivers = 10'000;
inline constexpr std::size_t kMaxWaiverTextChars = 1'000; // reason, owner, ticket, upn, cloudId
inline constexpr std::size_t kMaxWaiverDnChars = 2'048;
// The waivers' values with every alias (*name) written out: aliases cannot make a small file
// hold more than this.
inline constexpr std::size_t kMaxWaiverValueBytes = 4u << 20;

// Reads `path`; `today` (YYYY-MM-DD) judges the expiry dates, `knownChecks` the check ids.
// Throws GateInputError naming file and line for anything malformed: a folder, a file over the
// cap, bytes YAML does not accept (not UTF-8, control characters), not YAML, several YAML
// documents, the same key twice in one map (at any level), an unknown key or check id, a missing
// check, match, reason, owner or expiry, an empty or blank value, a value holding a control
// character or longer than its cap, a match that covers every subject (a upn pattern without a
// letter, a domain root dn), a bad date, an expiry more than kMaxWaiverDays ahead, a waiver for
// one of the gate's own checks, more than kMaxWaivers waivers.
WaiverList readWaiverFile(const std::string& path, std::string_view today,
                          const std::vector<std::string_view>& knownChecks);

// The same for the file's bytes, read already (`path` names it in errors).
WaiverList readWaiverText(std::string bytes, const std::string& path, std::string_view today,
                          const std::vector<std::string_view>& knownChecks);

} // namespace migready
