#include "scanner/model/Guid.h"

#include "scanner/model/Base64.h"

#include <charconv>
#include <fmt/format.h>

namespace migready {

namespace {
int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
} // namespace

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

} // namespace migready
