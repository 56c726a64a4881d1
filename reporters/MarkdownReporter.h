#pragma once
#include "reporters/Reporter.h"

namespace migready {

// A Markdown summary for a pull-request comment or a ticket.
class MarkdownReporter final : public Reporter {
public:
  MarkdownReporter() = default;
  explicit MarkdownReporter(const ReporterOptions& options) : options_(options) {}
  std::string_view format() const override { return "md"; }
  void write(const Report& report, std::ostream& out) const override;

private:
  ReporterOptions options_;
};

} // namespace migready
