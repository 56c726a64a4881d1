#include "scanner/model/Time.h"

#include "scanner/model/Text.h"

#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <stdexcept>

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

std::optional<std::int64_t> sourceDateEpoch() {
  const char* value = std::getenv("SOURCE_DATE_EPOCH");
  if (!value) return std::nullopt;
  constexpr std::int64_t kLast = 253402300799; // 9999-12-31T23:59:59Z
  const std::string_view text(value);
  std::int64_t seconds = 0;
  bool valid = !text.empty() && text.size() <= 12;
  for (char c : text) {
    if (!valid) break;
    valid = c >= '0' && c <= '9';
    seconds = seconds * 10 + (c - '0');
  }
  if (!valid || seconds > kLast)
    throw std::invalid_argument(fmt::format(
        "SOURCE_DATE_EPOCH=\"{}\": not a time: give the seconds since 1970-01-01T00:00:00Z as "
        "date +%s writes them (digits only, at most {}), or unset the variable to use the clock",
        text.substr(0, 40), kLast));
  return seconds;
}

std::string nowIsoTime() {
  if (const auto fixed = sourceDateEpoch()) return formatIsoTime(*fixed);
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return formatIsoTime(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

} // namespace migready
