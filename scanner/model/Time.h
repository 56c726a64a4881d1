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
// SOURCE_DATE_EPOCH (the reproducible builds specification): nothing when the variable is not
// set; the seconds since the epoch when it holds them as `date +%s` writes them (ASCII digits
// only, 0 to 253402300799, 9999-12-31T23:59:59Z, the last time a report's date can hold).
// Throws std::invalid_argument, naming the variable and its value, for anything else that is
// set, the empty string included ("abc", "1796000000.5", " 1796000000", "-1", 20 digits): the
// specification calls a malformed value an error, and the clock in its place would decide
// silently which waivers have expired.
std::optional<std::int64_t> sourceDateEpoch();
// Now, as ISO 8601 UTC; SOURCE_DATE_EPOCH pins it (sourceDateEpoch, which throws for a value
// that is set and malformed), so that reports and live captures can be compared byte for byte.
std::string nowIsoTime();

} // namespace migready
