#include "scanner/model/Encoding.h"

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <fmt/format.h>

namespace migready {

namespace {
char lowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> makeDecodeTable() {
  std::array<std::int8_t, 256> table{};
  for (auto& v : table)
    v = -1;
  for (int i = 0; i < 64; ++i)
    table[static_cast<unsigned char>(kBase64Alphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}
constexpr auto kDecode = makeDecodeTable();

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lowerAscii(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
} // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lowerAscii(a[i]) != lowerAscii(b[i])) return false;
  return true;
}

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && equalsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

std::string toLowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = lowerAscii(c);
  return out;
}

std::string base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += kBase64Alphabet[(v >> 6) & 63];
    out += kBase64Alphabet[v & 63];
  }
  if (std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t v = at(i) << 16;
    if (rest == 2) v |= at(i + 1) << 8;
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += rest == 2 ? kBase64Alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool base64DecodeAppend(std::string_view text, std::string& out) {
  if (text.size() % 4 != 0) return false;
  const std::size_t start = out.size();
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=' && last && k >= 2) {
        v[k] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) {
        out.resize(start);
        return false;
      } // data after padding
      v[k] = kDecode[static_cast<unsigned char>(c)];
      if (v[k] < 0) {
        out.resize(start);
        return false;
      }
    }
    const std::uint32_t bits = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out += static_cast<char>((bits >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((bits >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(bits & 0xFF);
  }
  return true;
}

std::optional<std::string> base64Decode(std::string_view text) {
  std::string out;
  if (!base64DecodeAppend(text, out)) return std::nullopt;
  return out;
}

std::optional<Guid> Guid::fromBytes(std::string_view raw) {
  if (raw.size() != 16) return std::nullopt;
  Guid g;
  for (std::size_t i = 0; i < 16; ++i)
    g.bytes[i] = static_cast<std::uint8_t>(raw[i]);
  return g;
}

// Byte order of the text form's hex pairs on the wire (Data1..3 reversed, Data4 as-is).
static constexpr std::array<int, 16> kTextOrder = {3, 2, 1,  0,  5,  4,  7,  6,
                                                   8, 9, 10, 11, 12, 13, 14, 15};

std::optional<Guid> Guid::parse(std::string_view text) {
  if (text.size() == 38 && text.front() == '{' && text.back() == '}') text = text.substr(1, 36);
  if (text.size() != 36) return std::nullopt;
  std::string hex;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return std::nullopt;
      continue;
    }
    hex += text[i];
  }
  Guid g;
  for (std::size_t k = 0; k < 16; ++k) {
    const int hi = hexValue(hex[2 * k]), lo = hexValue(hex[2 * k + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    g.bytes[kTextOrder[k]] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return g;
}

bool Guid::isZero() const {
  for (auto b : bytes)
    if (b != 0) return false;
  return true;
}

std::string Guid::toString() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(36, '-');
  std::size_t o = 0;
  for (std::size_t k = 0; k < 16; ++k) {
    if (k == 4 || k == 6 || k == 8 || k == 10) ++o; // keep the '-'
    const std::uint8_t b = bytes[kTextOrder[k]];
    out[o++] = kHex[b >> 4];
    out[o++] = kHex[b & 15];
  }
  return out;
}

std::string Guid::toBase64() const {
  return base64Encode(raw());
}

std::optional<std::string> sidToString(std::string_view raw) {
  if (raw.size() < 8) return std::nullopt;
  auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(raw[i]); };
  const unsigned revision = byte(0), count = byte(1);
  if (revision != 1 || count > 15 || raw.size() != 8 + 4u * count) return std::nullopt;
  std::uint64_t authority = 0;
  for (std::size_t i = 2; i < 8; ++i)
    authority = (authority << 8) | byte(i);
  std::string out = authority < (1ull << 32) ? "S-1-" + std::to_string(authority)
                                             : fmt::format("S-1-0x{:012X}", authority);
  char digits[16];
  for (unsigned k = 0; k < count; ++k) {
    const std::size_t o = 8 + 4 * k;
    const std::uint32_t sub = byte(o) | (byte(o + 1) << 8) | (byte(o + 2) << 16) |
                              (static_cast<std::uint32_t>(byte(o + 3)) << 24);
    out += '-';
    out.append(digits, std::to_chars(digits, digits + sizeof digits, sub).ptr);
  }
  return out;
}

std::size_t rdnEnd(std::string_view dn, std::size_t from) {
  for (std::size_t i = from; i < dn.size(); ++i) {
    if (dn[i] == '\\')
      ++i;
    else if (dn[i] == ',')
      return i;
  }
  return dn.size();
}

std::string_view firstRdn(std::string_view dn) {
  return dn.substr(0, rdnEnd(dn));
}

std::string_view parentDn(std::string_view dn) {
  const std::size_t end = rdnEnd(dn);
  return end < dn.size() ? dn.substr(end + 1) : std::string_view();
}

std::size_t utf8SequenceLength(std::string_view t, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(t[k]); };
  const unsigned char c = at(i);
  if (c < 0x80) return 1;
  auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return k < t.size() && at(k) >= lo && at(k) <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c == 0xE0) return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(i + 1) && cont(i + 2) ? 3 : 0;
  if (c == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0; // no surrogates
  if (c == 0xF0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  return 0;
}

bool isValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8SequenceLength(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

namespace {
bool isHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// One "type=value" of an RDN.
bool isValidAttributeValue(std::string_view ava) {
  const std::size_t eq = ava.find('=');
  if (eq == std::string_view::npos) return false;
  std::string_view type = ava.substr(0, eq);
  while (!type.empty() && type.back() == ' ')
    type.remove_suffix(1);
  while (!type.empty() && type.front() == ' ')
    type.remove_prefix(1);
  if (type.empty()) return false;
  const bool numeric = type.front() >= '0' && type.front() <= '9';
  for (char c : type) {
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool digit = c >= '0' && c <= '9';
    if (numeric ? !(digit || c == '.') : !(alpha || digit || c == '-')) return false;
  }
  const std::string_view value = ava.substr(eq + 1);
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\') {
      if (i + 1 >= value.size()) return false; // a lone trailing backslash
      if (isHex(value[i + 1])) {
        if (i + 2 >= value.size() || !isHex(value[i + 2])) return false;
        i += 2;
      } else {
        ++i; // an escaped special character
      }
    } else if (value[i] == '\0') {
      return false;
    }
  }
  return true;
}
} // namespace

bool isValidDn(std::string_view dn) {
  if (dn.empty()) return false;
  for (std::size_t start = 0;;) {
    const std::size_t end = rdnEnd(dn, start);
    std::string_view rdn = dn.substr(start, end - start);
    // An RDN may hold several type=value pairs joined by an unescaped '+'.
    for (std::size_t from = 0;;) {
      std::size_t plus = from;
      while (plus < rdn.size() && rdn[plus] != '+')
        plus += rdn[plus] == '\\' ? 2 : 1;
      if (!isValidAttributeValue(rdn.substr(from, plus - from))) return false;
      if (plus >= rdn.size()) break;
      from = plus + 1;
    }
    if (end == dn.size()) return true;
    start = end + 1;
  }
}

std::optional<std::int64_t> parseInt64(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const char* first = text.data();
  if (*first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

} // namespace migready

namespace migready {

namespace {
// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}
} // namespace

std::optional<std::int64_t> parseIsoTime(std::string_view t) {
  auto year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
  auto hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != 't' && t[10] != ' ') ||
      t[13] != ':' || t[16] != ':')
    return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60)
    return std::nullopt;
  std::size_t pos = 19;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9')
      ++pos;
    if (pos == start) return std::nullopt;
  }
  std::int64_t offset = 0;
  if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
    ++pos;
  } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
    auto oh = digits(t, pos + 1, 2), om = digits(t, pos + 4, 2);
    if (!oh || !om || t[pos + 3] != ':') return std::nullopt;
    offset = (*oh * 3600 + *om * 60) * (t[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt; // a time without a zone is ambiguous
  }
  if (pos != t.size()) return std::nullopt;
  return daysFromCivil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)) * 86400 +
         *hour * 3600 + *minute * 60 + *second - offset;
}

std::string formatIsoTime(std::int64_t seconds) {
  std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  std::int64_t rest = seconds - days * 86400;
  // civil_from_days (Howard Hinnant)
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, m, d, rest / 3600, rest / 60 % 60,
                     rest % 60);
}

} // namespace migready

namespace migready {
std::string nowIsoTime() {
  if (const char* fixed = std::getenv("SOURCE_DATE_EPOCH"))
    if (auto v = parseInt64(fixed)) return formatIsoTime(*v);
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return formatIsoTime(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}
} // namespace migready
