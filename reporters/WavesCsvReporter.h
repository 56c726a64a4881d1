#pragma once
#include "reporters/Reporter.h"

namespace migready {

// Readiness per migration wave (RFC 4180, UTF-8 with BOM, formula-injection safe): one row per
// wave of the wave files, then the users no wave plans; the same figures as the JSON's waves[].
// Only a header row when no wave files were given.
class WavesCsvReporter final : public Reporter {
public:
  std::string_view format() const override { return "waves-csv"; }
  void write(const Report& report, std::ostream& out) const override;
};

} // namespace migready
