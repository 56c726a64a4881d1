#pragma once
// A reporter turns a finished Report into one output format. It sees only the Report: no
// snapshot, no check.
#include "scanner/model/Report.h"

#include <memory>
#include <ostream>
#include <string_view>
#include <vector>

namespace migready {

class Reporter {
public:
  virtual ~Reporter() = default;
  virtual std::string_view format() const = 0; // "json", "html", ...: how the user names the format
  virtual void write(const Report& report, std::ostream& out) const = 0;
};

// nullptr for an unknown format.
std::unique_ptr<Reporter> makeReporter(std::string_view format);
std::vector<std::string_view> reporterFormats();

} // namespace migready
