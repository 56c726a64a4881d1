#include "scanner/sources/SourceError.h"

#include <algorithm>
#include <fmt/format.h>

namespace migready {

std::string lineColumnAt(std::string_view text, std::size_t offset) {
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t lineStart = before.rfind('\n');
  const std::size_t column =
      before.size() - (lineStart == std::string_view::npos ? 0 : lineStart + 1) + 1;
  return fmt::format("{}:{}", line, column);
}

LocatedError::LocatedError(std::string path, std::uint64_t line, std::string message)
    : SourceError(fmt::format("{}:{}: {}", path, line, message)), path_(std::move(path)),
      line_(line), message_(std::move(message)) {}

std::string LocatedError::relocated(std::uint64_t offset) const {
  return offset == 0 ? std::string(what())
                     : fmt::format("{}:{}: {}", path_, line_ + offset, message_);
}

} // namespace migready
