#pragma once
#include <stdexcept>

namespace migready {

// The command line asks for something that cannot be done: exit code 2, before anything is read
// or written.
class UsageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

inline constexpr int kUsageError = 2;

} // namespace migready
