#include "scanner/net/Http.h"

#include "scanner/model/Text.h"
#include "scanner/model/Time.h"

#include <algorithm>
#include <fmt/format.h>
#include <openssl/rand.h>
#include <zlib.h>

namespace migready {

std::string HttpResponse::header(std::string_view name) const {
  const auto it = headers.find(toLowerAscii(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string HttpResponse::diagnostics() const {
  std::string out;
  for (const char* name : {"request-id", "client-request-id", "x-ms-ags-diagnostic"})
    if (auto v = header(name); !v.empty())
      out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", name, v);
  return out;
}

std::optional<std::int64_t> parseHttpDate(std::string_view v) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  if (v.size() != 29 || v[3] != ',' || v.substr(25) != " GMT") return std::nullopt;
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const auto month = kMonths.find(v.substr(8, 3));
  if (month == std::string_view::npos || month % 3 != 0) return std::nullopt;
  const std::string iso = fmt::format("{}-{:02}-{}T{}Z", v.substr(12, 4), month / 3 + 1,
                                      v.substr(5, 2), v.substr(17, 8));
  return parseIsoTime(iso);
}

std::optional<std::int64_t> retryAfterSeconds(std::string_view value,
                                              std::int64_t nowEpochSeconds) {
  constexpr std::int64_t kMax = 86400;
  while (!value.empty() && value.front() == ' ')
    value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ')
    value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    // Any number of digits: past 19 they do not fit; clamped either way.
    if (value.size() > 6) return kMax;
    return std::min(*parseInt64(value), kMax);
  }
  const auto at = parseHttpDate(value);
  if (!at) return std::nullopt;
  if (*at <= nowEpochSeconds) return 0;
  return std::min(*at - nowEpochSeconds, kMax);
}

std::string newGuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw HttpError("no randomness for a GUID");
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  return fmt::format("{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}"
                     "{:02x}{:02x}{:02x}{:02x}",
                     b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                     b[12], b[13], b[14], b[15]);
}

std::string gunzip(std::string_view compressed, std::uint64_t maxBytes) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw HttpError("zlib: cannot start inflate");
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(std::min<std::size_t>(compressed.size(), UINT32_MAX));
  char chunk[65536];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      throw HttpError(rc == Z_BUF_ERROR ? "the gzip body is truncated"
                                        : fmt::format("the gzip body is corrupt (zlib {})", rc));
    }
    // Stop as the cap is passed, not after: a small answer may inflate to gigabytes.
    if (out.size() + (sizeof chunk - z.avail_out) > maxBytes) {
      inflateEnd(&z);
      throw AnswerTooLarge(
          fmt::format("the answer inflates to more than {} bytes, more than any Graph "
                      "page; not read",
                      maxBytes));
    }
    out.append(chunk, sizeof chunk - z.avail_out);
  }
  inflateEnd(&z);
  return out;
}

} // namespace migready
