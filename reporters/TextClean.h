#pragma once
// Every string in a report comes from someone else's directory. Reporters pass each one
// through here so that no format ever carries invalid UTF-8.
#include <string>
#include <string_view>

namespace migready {

// Replaces every invalid UTF-8 sequence (overlong forms, surrogates, truncated sequences,
// stray continuation bytes) with U+FFFD. Valid input comes back unchanged.
std::string toValidUtf8(std::string_view text);

} // namespace migready
