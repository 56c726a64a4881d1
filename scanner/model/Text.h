#pragma once
// ASCII case rules (LDAP names and GUID text are ASCII), UTF-8 validity and whole-number parsing.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace migready {

bool equalsIgnoreCase(std::string_view a, std::string_view b);
bool startsWithIgnoreCase(std::string_view text, std::string_view prefix);
// `text` without the spaces (' ' only) at its start and end.
std::string_view trimSpaces(std::string_view text);
// `text` without what a person cannot see at its start and end: ASCII white space and the Unicode
// blanks that copy and paste and spreadsheets leave (no-break spaces U+00A0 U+202F, the U+2000
// spaces, U+3000, zero-width U+200B-U+200D, U+2060, U+FEFF...). For names people typed, where
// "Pilot" and "Pilot<U+00A0>" must be one thing, and for values that must not be blank.
std::string_view trimBlanks(std::string_view text);
std::string toLowerAscii(std::string_view text);

// Length of the valid UTF-8 sequence that starts at text[i] (1 to 4), or 0 when the bytes there
// are not valid UTF-8 (RFC 3629: no overlong forms, no surrogates). Writers that escape as they go
// use it to clean in one pass.
std::size_t utf8SequenceLength(std::string_view text, std::size_t i);
bool isValidUtf8(std::string_view text);

// Parses a whole decimal integer with optional sign; nullopt on anything else.
std::optional<std::int64_t> parseInt64(std::string_view text);

} // namespace migready
