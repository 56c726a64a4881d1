#pragma once
#include "reporters/Reporter.h"

namespace migready {

// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers): one rule per check, one result per
// finding.
class SarifReporter final : public Reporter {
public:
  std::string_view format() const override { return "sarif"; }
  void write(const Report& report, std::ostream& out) const override;
};

} // namespace migready
