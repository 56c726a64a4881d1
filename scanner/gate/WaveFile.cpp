#include "scanner/gate/WaveFile.h"

#include "scanner/io/InputFile.h"
#include "scanner/io/TextInput.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <optional>
#include <unordered_map>

namespace migready {

namespace {
constexpr std::string_view kIdentityColumns[] = {
    "emailaddress", "sourceemail",       "primarysmtpaddress", "mail",          "userprincipalname",
    "upn",          "distinguishedname", "objectguid",         "samaccountname"};
constexpr std::string_view kWaveColumns[] = {"wave", "batch", "batchname", "group"};

std::string headerKey(std::string_view name) {
  std::string key;
  for (char c : name)
    if (c != ' ' && c != '\t' && c != '_')
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

// The RFC 4180 records of a CSV text, one at a time (a file of a million rows is never held as
// cells), each with the line it starts on; blank lines are no records.
class Records {
public:
  Records(std::string_view text, char separator, const std::string& path, std::uint32_t line)
      : text_(text), separator_(separator), path_(path), line_(line) {}

  bool next(std::vector<std::string>& fields, std::uint32_t& start) {
    while (pos_ < text_.size()) {
      fields.assign(1, std::string());
      start = line_;
      bool quoted = false, fieldStarted = false, ended = false;
      std::uint32_t quoteLine = 0;
      std::size_t chars = 0;
      const auto add = [&](char c) {
        if ((static_cast<unsigned char>(c) & 0xc0) != 0x80 && ++chars > kMaxWaveFieldChars) {
          if (quoted)
            fail(quoteLine, fmt::format("a quoted cell longer than {} characters: is its closing "
                                        "'\"' missing?",
                                        kMaxWaveFieldChars));
          fail(line_, fmt::format("a cell longer than {} characters", kMaxWaveFieldChars));
        }
        fields.back() += c;
      };
      for (; pos_ < text_.size() && !ended; ++pos_) {
        const char c = text_[pos_];
        if (quoted) {
          if (c != '"') {
            if (c == '\n') ++line_;
            add(c);
          } else if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            add('"');
            ++pos_;
          } else {
            quoted = false;
          }
          continue;
        }
        if (c == '"' && !fieldStarted) {
          quoted = true;
          fieldStarted = true;
          quoteLine = line_;
        } else if (c == separator_) {
          if (fields.size() == kMaxWaveColumns)
            fail(start, fmt::format("more than {} columns in one row", kMaxWaveColumns));
          fields.emplace_back();
          fieldStarted = false;
          chars = 0;
        } else if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
          continue;
        } else if (c == '\n' || c == '\r') {
          ++line_;
          ended = true;
        } else {
          add(c);
          fieldStarted = true;
        }
      }
      if (quoted) fail(quoteLine, "a quoted field is never closed (a '\"' is missing)");
      if (fields.size() == 1 && trimBlanks(fields[0]).empty()) continue; // a blank line
      return true;
    }
    return false;
  }

private:
  [[noreturn]] void fail(std::uint32_t line, const std::string& message) const {
    throw GateInputError(atLine(path_, line, message));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  char separator_;
  const std::string& path_;
  std::uint32_t line_;
};
} // namespace

void readWaveText(std::string bytes, const std::string& path, WavePlan& plan) {
  const std::string text = decodeTextBytes(std::move(bytes));
  if (text.find('\0') != std::string::npos)
    throw GateInputError(fmt::format("{}: holds NUL bytes: UTF-16 without a byte-order mark? "
                                     "Save it as UTF-8 or \"Unicode text\"",
                                     path));
  if (!isValidUtf8(text))
    throw GateInputError(fmt::format("{}: not UTF-8 or UTF-16 text (save the CSV as \"CSV "
                                     "UTF-8\")",
                                     path));
  // Windows PowerShell's Export-Csv starts with "#TYPE System.Management.Automation...".
  std::string_view body = text;
  std::uint32_t firstLine = 1;
  if (body.starts_with("#TYPE")) {
    const std::size_t end = body.find_first_of("\r\n");
    body = end == std::string_view::npos ? std::string_view() : body.substr(end);
    if (body.starts_with("\r\n")) body.remove_prefix(1);
    if (!body.empty()) body.remove_prefix(1);
    firstLine = 2;
  }
  // The header decides the separator: Excel writes ';' in many locales, "Unicode text" tabs.
  const std::string_view header = body.substr(0, body.find_first_of("\r\n"));
  const auto count = [&](char c) { return std::count(header.begin(), header.end(), c); };
  const char separator = count('\t') > count(';') && count('\t') > count(',')
                             ? '\t'
                             : (count(';') > count(',') ? ';' : ',');
  Records records(body, separator, path, firstLine);
  std::vector<std::string> names;
  std::uint32_t headerLine = 0;
  if (!records.next(names, headerLine))
    throw GateInputError(fmt::format("{}: empty: no header line", path));
  std::vector<std::string> keys;
  for (const std::string& name : names)
    keys.push_back(headerKey(name));
  const auto find = [&](std::string_view key) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == key) return i;
    return std::nullopt;
  };
  // A column that names the users or the wave twice, or two columns that name the wave: which
  // one means it cannot be told (the second was ignored, silently).
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const bool named = std::find(std::begin(kIdentityColumns), std::end(kIdentityColumns),
                                 keys[i]) != std::end(kIdentityColumns) ||
                       std::find(std::begin(kWaveColumns), std::end(kWaveColumns), keys[i]) !=
                           std::end(kWaveColumns);
    for (std::size_t j = 0; named && j < i; ++j)
      if (keys[j] == keys[i])
        throw GateInputError(atLine(
            path, headerLine,
            fmt::format("the column {} twice (columns {} and {}): which one to read cannot be "
                        "told; rename or remove one",
                        names[i], j + 1, i + 1)));
  }
  std::optional<std::size_t> identity, wave;
  for (std::string_view k : kIdentityColumns)
    if ((identity = find(k))) break;
  for (std::string_view k : kWaveColumns)
    if (const auto other = find(k)) {
      if (wave)
        throw GateInputError(atLine(
            path, headerLine,
            fmt::format("two columns name the wave, {} and {}: which one plans the row cannot be "
                        "told; rename or remove one",
                        names[*wave], names[*other])));
      wave = other;
    }
  if (!identity)
    throw GateInputError(
        atLine(path, headerLine,
               fmt::format("no column names the users: expected one of EmailAddress, Source Email, "
                           "PrimarySmtpAddress, Mail, UserPrincipalName, UPN, DistinguishedName, "
                           "ObjectGUID, SamAccountName (the header has: {})",
                           fmt::join(names, ", "))));
  const std::string& key = keys[*identity];
  const WaveIdentity kind = key == "distinguishedname" ? WaveIdentity::DistinguishedName
                            : key == "objectguid"      ? WaveIdentity::ObjectGuid
                            : key == "samaccountname"  ? WaveIdentity::SamAccountName
                                                       : WaveIdentity::Address;
  const std::string byFile = std::filesystem::path(path).stem().string();
  plan.files.push_back(path);
  // The waves as first written, by waveKey: "Pilot " and "pilot" are the wave "Pilot".
  std::unordered_map<std::string, std::size_t> waves;
  for (std::size_t i = 0; i < plan.waves.size(); ++i)
    waves.emplace(waveKey(plan.waves[i]), i);
  std::vector<std::string> fields;
  std::uint32_t line = 0;
  while (records.next(fields, line)) {
    if (std::all_of(fields.begin(), fields.end(),
                    [](const std::string& f) { return trimBlanks(f).empty(); }))
      continue; // ";;;": a blank row as Excel writes it
    if (plan.rows.size() == kMaxWaveRows)
      throw GateInputError(
          atLine(path, line, fmt::format("more than {} rows in the wave files", kMaxWaveRows)));
    // Every row has the header's cells: more is a cell split by a separator it holds (an
    // unquoted "=HYPERLINK("http://x","y")"), fewer a row cut short; either way a cell would be
    // read as another column's.
    if (fields.size() > names.size())
      throw GateInputError(atLine(
          path, line,
          fmt::format("{} cells, the header has {}: does a cell hold a '{}' without quotes around "
                      "it? (quote the cell: \"...\")",
                      fields.size(), names.size(),
                      separator == '\t' ? "tab" : std::string(1, separator))));
    const std::size_t needed = std::max(*identity, wave.value_or(0)) + 1;
    if (fields.size() < needed)
      throw GateInputError(
          atLine(path, line,
                 fmt::format("{} cells, the header has {}: the row has no {} cell", fields.size(),
                             names.size(), names[fields.size() <= *identity ? *identity : *wave])));
    WaveRow row;
    row.identity = std::string(trimBlanks(fields[*identity]));
    row.column = names[*identity];
    row.kind = kind;
    std::string_view name = wave ? trimBlanks(fields[*wave]) : std::string_view(byFile);
    if (name.empty()) // the file's name only plans the rows of a file without a wave column
      throw GateInputError(atLine(
          path, line, fmt::format("the {} cell is empty: name the row's wave", names[*wave])));
    if (const auto problem = waveNameProblem(name))
      throw GateInputError(atLine(
          path, line,
          wave ? fmt::format("{} \"{}\": {}", names[*wave], name, *problem)
               : fmt::format("the wave is named after the file, \"{}\": {}; rename the file or "
                             "add a Wave column",
                             name, *problem)));
    const auto [it, added] = waves.emplace(waveKey(name), plan.waves.size());
    if (added) {
      if (plan.waves.size() == kMaxWaves)
        throw GateInputError(
            atLine(path, line,
                   fmt::format("more than {} waves in the wave files: is column {} a wave's name?",
                               kMaxWaves, wave ? names[*wave] : "(the file's name)")));
      plan.waves.emplace_back(trimBlanks(name));
    }
    row.wave = plan.waves[it->second];
    row.file = path;
    row.line = line;
    plan.rows.push_back(std::move(row));
  }
}

WavePlan readWaveFiles(const std::vector<std::string>& paths) {
  WavePlan plan;
  for (const std::string& path : paths) {
    std::string bytes;
    try {
      bytes = readInputFile(path, kMaxWaveFileBytes, "a wave file");
    } catch (const SourceError& e) {
      throw GateInputError(e.what());
    }
    readWaveText(std::move(bytes), path, plan);
  }
  return plan;
}

} // namespace migready
