#pragma once
#include "reporters/Reporter.h"

namespace migready {

// One row per finding (RFC 4180, UTF-8 with BOM, formula-injection safe) for spreadsheets.
class CsvReporter final : public Reporter {
public:
  std::string_view format() const override { return "csv"; }
  void write(const Report& report, std::ostream& out) const override;
};

} // namespace migready
