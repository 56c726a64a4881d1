#pragma once
#include "reporters/Reporter.h"

namespace migready {

// One row per affected user (RFC 4180, UTF-8 with BOM, formula-injection safe): who, where, which
// wave, how bad and which checks, for the consultant's worksheet. The findings themselves are in
// the csv format.
class UsersCsvReporter final : public Reporter {
public:
  std::string_view format() const override { return "users-csv"; }
  void write(const Report& report, std::ostream& out) const override;
};

} // namespace migready
