#include "scanner/io/ConfigText.h"

#include "scanner/io/SourceError.h"
#include "scanner/io/TextInput.h"
#include "scanner/model/Text.h"

#include <array>
#include <fmt/format.h>

namespace migready {

namespace {
// The code point of the control character that starts at text[i], if one does (C0, DEL, or a
// C1 control in its two-byte UTF-8 form); `tabIsText` lets a tab pass.
std::optional<unsigned> controlAt(std::string_view text, std::size_t i, bool tabIsText) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c == '\t' && tabIsText) return std::nullopt;
  if (c < 0x20 || c == 0x7f) return c;
  if (c == 0xc2 && i + 1 < text.size()) {
    const auto next = static_cast<unsigned char>(text[i + 1]);
    if (next >= 0x80 && next <= 0x9f) return next; // U+0080..U+009F
  }
  return std::nullopt;
}

std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}
} // namespace

std::string configText(std::string bytes, const std::string& path) {
  std::string text = decodeTextBytes(std::move(bytes));
  // Line ends: CRLF and a lone CR (old Mac editors) become LF, in place.
  std::size_t out = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      text[out++] = '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      text[out++] = text[i];
    }
  }
  text.resize(out);
  std::uint64_t line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      continue;
    }
    if (const auto control = controlAt(text, i, true); control)
      throw LocatedError(path, line,
                         fmt::format("a control character (U+{:04X}) where text is expected: the "
                                     "file may hold tabs and line ends, no other control "
                                     "character",
                                     *control));
    if (static_cast<unsigned char>(text[i]) < 0x80) continue;
    const std::size_t n = utf8SequenceLength(text, i);
    if (n == 0)
      throw LocatedError(path, line,
                         "not UTF-8 text: save the file as UTF-8 (or as UTF-16 with a byte-order "
                         "mark)");
    i += n - 1;
  }
  return text;
}

std::optional<std::string> controlCharacterIn(std::string_view value) {
  for (std::size_t i = 0; i < value.size(); ++i)
    if (const auto control = controlAt(value, i, false); control)
      return fmt::format("U+{:04X}", *control);
  return std::nullopt;
}

std::optional<bool> parseBoolean(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, bool>, 8> kWords{{{"true", true},
                                                                            {"yes", true},
                                                                            {"on", true},
                                                                            {"1", true},
                                                                            {"false", false},
                                                                            {"no", false},
                                                                            {"off", false},
                                                                            {"0", false}}};
  for (const auto& [word, value] : kWords)
    if (equalsIgnoreCase(text, word)) return value;
  return std::nullopt;
}

std::vector<IniEntry> parseIni(std::string_view text, const std::string& path) {
  std::vector<IniEntry> entries;
  std::uint64_t line = 0;
  while (!text.empty()) {
    ++line;
    const std::size_t end = text.find('\n');
    const std::string_view raw = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const std::string_view content = trimmed(raw);
    if (content.empty() || content.front() == '#' || content.front() == ';') continue;
    if (content.front() == '[')
      throw LocatedError(path, line,
                         "a section header: this file has no sections, only key = value lines");
    const std::size_t eq = content.find('=');
    if (eq == std::string_view::npos)
      throw LocatedError(path, line, "not a key = value line (a comment starts with # or ;)");
    IniEntry entry;
    entry.key = std::string(trimmed(content.substr(0, eq)));
    entry.line = line;
    if (entry.key.empty()) throw LocatedError(path, line, "a value without a key (= value)");
    std::string_view value = trimmed(content.substr(eq + 1));
    if (!value.empty() && value.front() == '"') {
      if (value.size() < 2 || value.back() != '"')
        throw LocatedError(path, line,
                           fmt::format("{}: the value starts with a double quote but does not end "
                                       "with one (a quoted value is \"text\")",
                                       entry.key));
      value = value.substr(1, value.size() - 2);
    }
    entry.value = std::string(value);
    entries.push_back(std::move(entry));
  }
  return entries;
}

} // namespace migready
