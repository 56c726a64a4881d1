#pragma once
// Configuration files a person writes (the waiver file, the INI configuration file): one way to
// read their text, their booleans and their lines, and one way to name a line in an error.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

// The text of a configuration file, as YAML 1.2 accepts it: UTF-8 (a byte-order mark is
// dropped) or UTF-16 with a byte-order mark; CRLF and a lone CR are line ends and become LF.
// Throws LocatedError naming `path` and the line for bytes that are not UTF-8 and for control
// characters other than tab and the line ends (NUL, form feed, escape, DEL, C1 controls).
std::string configText(std::string bytes, const std::string& path);

// A control character in a value (U+0000-U+001F, U+007F, U+0080-U+009F; tab too): "U+000C",
// or nothing. A value typed in a configuration file holds none.
std::optional<std::string> controlCharacterIn(std::string_view value);

// A switch's value: true, false, yes, no, on, off, 1 or 0 in any case; nothing for anything
// else.
std::optional<bool> parseBoolean(std::string_view text);
// The words parseBoolean takes, for messages.
inline constexpr std::string_view kBooleanWords = "true or false (also yes/no, on/off, 1/0)";

// One "key = value" line of an INI file.
struct IniEntry {
  std::string key;
  std::string value;
  std::uint64_t line = 0;
};

// The lines of an INI file (text as configText gives it): blank lines and lines whose first
// non-blank character is '#' or ';' are skipped; every other line is "key = value", the key and
// the value trimmed of spaces and tabs. '#' and ';' inside a value are part of it. A value
// wrapped in double quotes is the text between them, exactly (for leading or trailing spaces).
// Throws LocatedError naming the line for a line without '=', an empty key, a section header
// ("[name]"; none is supported) and a quote that is not closed at the end of its value.
std::vector<IniEntry> parseIni(std::string_view text, const std::string& path);

} // namespace migready
