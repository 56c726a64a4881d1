#include "scanner/ad/ldif/LdifReader.h"

#include "scanner/model/Base64.h"
#include "scanner/model/Setting.h"
#include "scanner/model/Text.h"

#include <fmt/format.h>

namespace migready {

namespace {
std::string_view trimLeadingSpaces(std::string_view v) {
  while (!v.empty() && v.front() == ' ')
    v.remove_prefix(1);
  return v;
}
} // namespace

bool isValidAttributeDescription(std::string_view name) {
  const std::size_t semi = name.find(';');
  const std::string_view type = name.substr(0, semi);
  auto isAlpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
  if (type.empty()) return false;
  if (isAlpha(type[0])) {
    for (char c : type)
      if (!isAlpha(c) && !isDigit(c) && c != '-') return false;
  } else { // numericoid: number 1*( DOT number )
    bool dot = false, digit = false;
    for (char c : type) {
      if (c == '.') {
        if (!digit) return false;
        dot = true, digit = false;
      } else if (isDigit(c)) {
        digit = true;
      } else {
        return false;
      }
    }
    if (!dot || !digit) return false;
  }
  if (semi == std::string_view::npos) return true;
  // Options: 1*keychar each; AD's range option also carries '=' and '*' ("range=1500-*").
  std::string_view options = name.substr(semi + 1);
  for (;;) {
    const std::size_t next = options.find(';');
    const std::string_view option = options.substr(0, next);
    if (option.empty()) return false;
    for (char c : option)
      if (!isAlpha(c) && !isDigit(c) && c != '-' && c != '=' && c != '*') return false;
    if (next == std::string_view::npos) return true;
    options.remove_prefix(next + 1);
  }
}

void LdifReader::fail(std::uint32_t line, std::string_view what) const {
  throw LdifRecordError(input_.path(), line, std::string(what));
}

// Gathers the logical lines of the next record into text_/lines_. Comments are dropped,
// folded lines joined. False when the file has no more records.
bool LdifReader::collect() {
  text_.clear();
  lines_.clear();
  lastLine_ = 0;
  bool inComment = false;
  std::string_view line;
  while (input_.nextLine(line)) {
    const auto number = static_cast<std::uint32_t>(input_.lineNumber());
    if (line.empty()) {
      if (!lines_.empty()) return true;
      inComment = false;
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') { // continuation of the previous line
      if (inComment) continue;
      if (lines_.empty()) {
        // Make the reader skip the rest of this broken record before reporting it.
        while (input_.nextLine(line) && !line.empty()) {
        }
        fail(number, "continuation line (starting with a space) with nothing to continue");
      }
      text_.append(line.substr(1));
      lines_.back().length += line.size() - 1;
      lastLine_ = number;
      continue;
    }
    if (line.front() == '#') {
      inComment = true;
      continue;
    }
    inComment = false;
    lines_.push_back({text_.size(), line.size(), number});
    lastLine_ = number;
    text_.append(line);
  }
  // RFC 2849: the last record needs no blank line after it.
  return !lines_.empty();
}

bool LdifReader::next(LdifRecord& record) {
  record.attributes.clear();
  record.dn = {};
  record.kind = LdifRecord::Kind::Entry;
  for (;;) {
    if (!collect()) return false;
    std::string_view first(text_.data() + lines_[0].offset, lines_[0].length);
    if (first_ && (first.starts_with('{') || first.starts_with('[')))
      fail(lines_[0].line, fmt::format("this looks like JSON, not LDIF: give the ldifde or "
                                       "ldapsearch export (Graph pages go to {})",
                                       settingName(Setting::GraphSnapshot)));
    if (first_ && (startsWithIgnoreCase(first, "DN,") || startsWithIgnoreCase(first, "\"DN\",")))
      fail(lines_[0].line, "this looks like a csvde export (CSV), not LDIF: export with ldifde");
    // An optional "version: 1" opens the file; it may stand alone or precede the first dn.
    if (first_ && startsWithIgnoreCase(first, "version:")) {
      first_ = false;
      lines_.erase(lines_.begin());
      if (lines_.empty()) continue;
    }
    first_ = false;
    break;
  }
  decoded_.clear();
  decoded_.reserve(text_.size()); // decoded values never outgrow their base64; views stay valid
  record.line = lines_[0].line;
  record.endLine = lastLine_;

  for (std::size_t i = 0; i < lines_.size(); ++i) {
    const LogicalLine& l = lines_[i];
    std::string_view text(text_.data() + l.offset, l.length);
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0)
      fail(l.line, fmt::format("expected \"attribute: value\", got \"{}\"",
                               text.substr(0, std::min<std::size_t>(text.size(), 60))));
    DirectoryAttribute attr;
    attr.name = text.substr(0, colon);
    attr.line = l.line;
    // A value is never dropped for a name the reader does not understand: "msExchMailboxGuid ::"
    // (a space before the colons) or a stray character is an error, not an unknown attribute.
    if (!isValidAttributeDescription(attr.name))
      fail(l.line, fmt::format("\"{}\" is not a valid attribute name (RFC 4512: a letter, then "
                               "letters, digits or hyphens, and options after ';')",
                               attr.name.substr(0, std::min<std::size_t>(attr.name.size(), 60))));
    std::string_view rest = text.substr(colon + 1);
    if (!rest.empty() && rest.front() == ':') {
      rest = trimLeadingSpaces(rest.substr(1));
      const std::size_t start = decoded_.size();
      if (!base64DecodeAppend(rest, decoded_))
        fail(l.line, fmt::format("attribute {}: malformed base64 value", attr.name));
      attr.value = std::string_view(decoded_.data() + start, decoded_.size() - start);
      attr.rawBytes = true;
    } else if (!rest.empty() && rest.front() == '<') {
      fail(l.line, fmt::format("attribute {}: URL values (\"{}:<\") are not supported; export "
                               "the value inline",
                               attr.name, attr.name));
    } else {
      attr.value = trimLeadingSpaces(rest);
    }
    if (i == 0) {
      if (equalsIgnoreCase(attr.name, "ref")) {
        record.kind = LdifRecord::Kind::Reference;
      } else if (equalsIgnoreCase(attr.name, "search")) {
        record.kind = LdifRecord::Kind::SearchResult;
      } else if (!equalsIgnoreCase(attr.name, "dn")) {
        fail(l.line, fmt::format("a record must start with \"dn:\", got \"{}:\"", attr.name));
      } else {
        record.dn = attr.value;
        continue;
      }
    }
    if (record.kind != LdifRecord::Kind::Entry) {
      // The lines of a reference or result trailer go to the caller as they are.
      if (record.kind == LdifRecord::Kind::Reference && !equalsIgnoreCase(attr.name, "ref"))
        fail(l.line,
             fmt::format("a search reference holds \"ref:\" lines only, got \"{}:\"", attr.name));
      record.attributes.push_back(attr);
      continue;
    }
    if (equalsIgnoreCase(attr.name, "changetype")) {
      if (!equalsIgnoreCase(attr.value, "add"))
        fail(l.line, fmt::format("changetype: {} is a change request, not an export; export "
                                 "with ldifde -f (records are \"changetype: add\")",
                                 attr.value));
      continue;
    }
    if (equalsIgnoreCase(attr.name, "dn"))
      fail(l.line, "second \"dn:\" in one record: a blank line between records is missing");
    record.attributes.push_back(attr);
  }
  // RFC 2849: a record holds more than its dn. A lone "dn:" is what a cut-off file ends with.
  if (record.kind == LdifRecord::Kind::Entry && lines_.size() == 1)
    fail(record.line, "an entry with a dn but no attributes: the export looks cut off here");
  return true;
}

} // namespace migready
