#pragma once
// How much a finding matters. Ordered: a higher value is worse.
#include <cstdint>
#include <optional>
#include <string_view>

namespace migready {

enum class Severity : std::uint8_t { Info = 0, Warning = 1, Blocker = 2 };

std::string_view toString(Severity severity);
// Accepts "info", "warning", "blocker" (case-insensitive).
std::optional<Severity> parseSeverity(std::string_view text);

} // namespace migready
