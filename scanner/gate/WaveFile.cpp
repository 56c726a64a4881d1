#include "scanner/gate/WaveFile.h"

#include "scanner/io/TextInput.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <optional>

namespace migready {

namespace {
constexpr std::uintmax_t kMaxFileBytes = 256u << 20; // a million rows fit in far less
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

// RFC 4180 records of `text` with `separator`; each record with the line it starts on. Throws on
// a quote left open.
struct Record {
  std::vector<std::string> fields;
  std::uint32_t line;
};
std::vector<Record> records(const std::string& text, char separator, const std::string& path) {
  std::vector<Record> out;
  Record current{{std::string()}, 1};
  std::uint32_t line = 1;
  bool quoted = false, fieldStarted = false;
  std::uint32_t quoteLine = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    std::string& field = current.fields.back();
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (c == separator) {
      current.fields.emplace_back();
      fieldStarted = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n' || c == '\r') {
      out.push_back(std::move(current));
      ++line;
      current = Record{{std::string()}, line};
      fieldStarted = false;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted)
    throw GateInputError(
        fmt::format("{}:{}: a quoted field is never closed (a '\"' is missing)", path, quoteLine));
  out.push_back(std::move(current));
  // Blank lines are no records.
  out.erase(std::remove_if(out.begin(), out.end(),
                           [](const Record& r) {
                             return r.fields.size() == 1 &&
                                    r.fields[0].find_first_not_of(" \t") == std::string::npos;
                           }),
            out.end());
  return out;
}

void readOne(const std::string& path, WavePlan& plan) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw GateInputError(fmt::format("{}: cannot open: {}", path, ec.message()));
  if (size > kMaxFileBytes)
    throw GateInputError(
        fmt::format("{}: larger than {} MiB: not a batch CSV", path, kMaxFileBytes >> 20));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw GateInputError(fmt::format("{}: cannot open", path));
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  const std::string text = decodeTextBytes(std::move(bytes));
  if (text.find('\0') != std::string::npos)
    throw GateInputError(fmt::format("{}: holds NUL bytes: UTF-16 without a byte-order mark? "
                                     "Save it as UTF-8 or \"Unicode text\"",
                                     path));
  if (!isValidUtf8(text))
    throw GateInputError(fmt::format("{}: not UTF-8 or UTF-16 text (save the CSV as \"CSV "
                                     "UTF-8\")",
                                     path));
  // The header decides the separator: Excel writes ';' in many locales, "Unicode text" tabs.
  const std::string_view header(text.data(), std::min(text.find('\n'), text.size()));
  const auto count = [&](char c) { return std::count(header.begin(), header.end(), c); };
  const char separator = count('\t') > count(';') && count('\t') > count(',')
                             ? '\t'
                             : (count(';') > count(',') ? ';' : ',');
  const std::vector<Record> rows = records(text, separator, path);
  if (rows.empty()) throw GateInputError(fmt::format("{}: empty: no header line", path));
  std::vector<std::string> keys;
  for (const std::string& name : rows[0].fields)
    keys.push_back(headerKey(name));
  const auto find = [&](std::string_view key) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == key) return i;
    return std::nullopt;
  };
  std::optional<std::size_t> identity, wave;
  for (std::string_view k : kIdentityColumns)
    if ((identity = find(k))) break;
  for (std::string_view k : kWaveColumns)
    if ((wave = find(k))) break;
  if (!identity)
    throw GateInputError(fmt::format(
        "{}:{}: no column names the users: expected one of EmailAddress, Source Email, "
        "PrimarySmtpAddress, Mail, UserPrincipalName, UPN, DistinguishedName, ObjectGUID, "
        "SamAccountName (the header has: {})",
        path, rows[0].line, fmt::join(rows[0].fields, ", ")));
  const std::string& key = keys[*identity];
  const WaveIdentity kind = key == "distinguishedname" ? WaveIdentity::DistinguishedName
                            : key == "objectguid"      ? WaveIdentity::ObjectGuid
                            : key == "samaccountname"  ? WaveIdentity::SamAccountName
                                                       : WaveIdentity::Address;
  const std::string byFile = std::filesystem::path(path).stem().string();
  plan.files.push_back(path);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const Record& rec = rows[r];
    if (*identity >= rec.fields.size() || rec.fields[*identity].empty()) continue;
    WaveRow row;
    row.identity = rec.fields[*identity];
    while (!row.identity.empty() && (row.identity.back() == ' ' || row.identity.back() == '\t'))
      row.identity.pop_back();
    row.identity.erase(0, row.identity.find_first_not_of(" \t"));
    row.column = rows[0].fields[*identity];
    row.kind = kind;
    row.wave = wave && *wave < rec.fields.size() && !rec.fields[*wave].empty() ? rec.fields[*wave]
                                                                               : byFile;
    row.file = path;
    row.line = rec.line;
    if (std::find(plan.waves.begin(), plan.waves.end(), row.wave) == plan.waves.end())
      plan.waves.push_back(row.wave);
    plan.rows.push_back(std::move(row));
  }
}
} // namespace

WavePlan readWaveFiles(const std::vector<std::string>& paths) {
  WavePlan plan;
  for (const std::string& path : paths)
    readOne(path, plan);
  return plan;
}

} // namespace migready
