#pragma once
#include "reporters/Reporter.h"

namespace migready {

// A Markdown summary for a pull-request comment or a ticket.
class MarkdownReporter final : public Reporter {
public:
  std::string_view format() const override { return "md"; }
  void write(const Report& report, std::ostream& out) const override;
};

} // namespace migready
