#pragma once
#include "reporters/Reporter.h"

namespace migready {

// SARIF 2.1.0, as Microsoft's SARIF Multitool validates it and GitHub code scanning ingests it:
// one rule per check, one result per finding. Every location is a relative reference under a
// base per input (the AD export's folder, the Graph snapshot, the AD Connect export), with the
// line region where the source has lines; absolute paths only when the user asks.
class SarifReporter final : public Reporter {
public:
  explicit SarifReporter(const ReporterOptions& options = {}) : options_(options) {}
  std::string_view format() const override { return "sarif"; }
  void write(const Report& report, std::ostream& out) const override;

private:
  ReporterOptions options_;
};

} // namespace migready
