#pragma once
// Times as the sources write them (ISO 8601) and as reports show them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace migready {

// ISO 8601 / RFC 3339 date-time ("2026-11-27T02:39:05Z", fractions and offsets allowed) to
// seconds since the Unix epoch; nullopt when malformed.
std::optional<std::int64_t> parseIsoTime(std::string_view text);
// Seconds since the epoch to "YYYY-MM-DDTHH:MM:SSZ".
std::string formatIsoTime(std::int64_t seconds);
// Now, as ISO 8601 UTC; SOURCE_DATE_EPOCH (reproducible builds' convention) pins it, so that
// reports and live captures can be compared byte for byte in tests.
std::string nowIsoTime();

} // namespace migready
