#include "scanner/sources/SourceError.h"

#include <fmt/format.h>

namespace migready {

LocatedError::LocatedError(std::string path, std::uint64_t line, std::string message)
    : SourceError(fmt::format("{}:{}: {}", path, line, message)), path_(std::move(path)),
      line_(line), message_(std::move(message)) {}

std::string LocatedError::relocated(std::uint64_t offset) const {
  return offset == 0 ? std::string(what())
                     : fmt::format("{}:{}: {}", path_, line_ + offset, message_);
}

} // namespace migready
