#pragma once
#include <stdexcept>
#include <string>

namespace migready {

// A reader could not go on. The message names the file and line (or JSON pointer) and is
// written for the person who handed over the file.
class SourceError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace migready
