#pragma once
#include "reporters/Reporter.h"

namespace migready {

// The self-contained assessment report a consultant hands to the customer.
class HtmlReporter final : public Reporter {
public:
  HtmlReporter() = default;
  explicit HtmlReporter(const ReporterOptions& options) : options_(options) {}
  std::string_view format() const override { return "html"; }
  void write(const Report& report, std::ostream& out) const override;

private:
  ReporterOptions options_;
};

} // namespace migready
