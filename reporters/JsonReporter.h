#pragma once
#include "reporters/Reporter.h"

namespace migready {

// The machine-readable report: docs/report-format.md, schema in docs/report.schema.json.
class JsonReporter final : public Reporter {
public:
  static constexpr std::string_view kSchemaVersion = "1.3";
  std::string_view format() const override { return "json"; }
  void write(const Report& report, std::ostream& out) const override;
};

} // namespace migready
