#pragma once
// Every string in a report comes from someone else's directory. Reporters pass each one
// through here so that no format ever carries invalid UTF-8.
#include <string>
#include <string_view>

namespace migready {

// Replaces every invalid UTF-8 sequence (overlong forms, surrogates, truncated sequences,
// stray continuation bytes) with U+FFFD. Valid input comes back unchanged.
std::string toValidUtf8(std::string_view text);

// Length of the valid UTF-8 sequence that starts at text[i] (1 to 4), or 0 when the bytes there
// are not valid UTF-8 (RFC 3629). Writers that escape as they go use it to clean in one pass.
std::size_t utf8SequenceLength(std::string_view text, std::size_t i);

} // namespace migready
