#include "scanner/sources/LdifReader.h"

#include "scanner/model/Encoding.h"

#include <fmt/format.h>

namespace migready {

namespace {
std::string_view trimLeadingSpaces(std::string_view v) {
  while (!v.empty() && v.front() == ' ')
    v.remove_prefix(1);
  return v;
}
} // namespace

void LdifReader::fail(std::uint32_t line, std::string_view what) const {
  throw LdifRecordError(input_.path(), line, std::string(what));
}

// Gathers the logical lines of the next record into text_/lines_. Comments are dropped,
// folded lines joined. False when the file has no more records.
bool LdifReader::collect() {
  text_.clear();
  lines_.clear();
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
      continue;
    }
    if (line.front() == '#') {
      inComment = true;
      continue;
    }
    inComment = false;
    lines_.push_back({text_.size(), line.size(), number});
    text_.append(line);
  }
  // ldifde closes every record with a blank line; a file that ends inside one was cut off.
  endedInsideRecord_ = !lines_.empty();
  return !lines_.empty();
}

bool LdifReader::next(LdifRecord& record) {
  record.attributes.clear();
  record.dn = {};
  for (;;) {
    if (!collect()) return false;
    std::string_view first(text_.data() + lines_[0].offset, lines_[0].length);
    // An optional "version: 1" opens the file; it may stand alone or precede the first dn.
    if (first_ && startsWithIgnoreCase(first, "version:")) {
      first_ = false;
      lines_.erase(lines_.begin());
      if (lines_.empty()) continue;
    }
    first_ = false;
    break;
  }
  if (endedInsideRecord_)
    fail(lines_[0].line, "the file ends inside this record (no closing blank line): the export "
                         "looks truncated");
  decoded_.clear();
  decoded_.reserve(text_.size()); // decoded values never outgrow their base64; views stay valid
  record.line = lines_[0].line;

  for (std::size_t i = 0; i < lines_.size(); ++i) {
    const LogicalLine& l = lines_[i];
    std::string_view text(text_.data() + l.offset, l.length);
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0)
      fail(l.line, fmt::format("expected \"attribute: value\", got \"{}\"",
                               text.substr(0, std::min<std::size_t>(text.size(), 60))));
    LdifAttribute attr;
    attr.name = text.substr(0, colon);
    attr.line = l.line;
    std::string_view rest = text.substr(colon + 1);
    if (!rest.empty() && rest.front() == ':') {
      rest = trimLeadingSpaces(rest.substr(1));
      const std::size_t start = decoded_.size();
      if (!base64DecodeAppend(rest, decoded_))
        fail(l.line, fmt::format("attribute {}: malformed base64 value", attr.name));
      attr.value = std::string_view(decoded_.data() + start, decoded_.size() - start);
      attr.wasBase64 = true;
    } else if (!rest.empty() && rest.front() == '<') {
      fail(l.line, fmt::format("attribute {}: URL values (\"{}:<\") are not supported; export "
                               "the value inline",
                               attr.name, attr.name));
    } else {
      attr.value = trimLeadingSpaces(rest);
    }
    if (i == 0) {
      if (!equalsIgnoreCase(attr.name, "dn"))
        fail(l.line, fmt::format("a record must start with \"dn:\", got \"{}:\"", attr.name));
      record.dn = attr.value;
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
  return true;
}

} // namespace migready
