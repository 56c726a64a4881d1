// The one place that knows every reporter.
#include "reporters/Reporter.h"

#include "reporters/JsonReporter.h"

namespace migready {

std::unique_ptr<Reporter> makeReporter(std::string_view format) {
  if (format == "json") return std::make_unique<JsonReporter>();
  return nullptr;
}

std::vector<std::string_view> reporterFormats() {
  return {"json"};
}

} // namespace migready
