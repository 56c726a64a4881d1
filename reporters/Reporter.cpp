// The one place that knows every reporter.
#include "reporters/Reporter.h"

#include "reporters/CsvReporter.h"
#include "reporters/JsonReporter.h"
#include "reporters/JunitReporter.h"
#include "reporters/MarkdownReporter.h"
#include "reporters/SarifReporter.h"
#include "reporters/html/HtmlReporter.h"

namespace migready {

namespace {
template <typename R> std::unique_ptr<Reporter> make() {
  return std::make_unique<R>();
}
using Factory = std::unique_ptr<Reporter> (*)();
constexpr std::pair<std::string_view, Factory> kReporters[] = {
    {"json", &make<JsonReporter>},   {"html", &make<HtmlReporter>}, {"junit", &make<JunitReporter>},
    {"sarif", &make<SarifReporter>}, {"csv", &make<CsvReporter>},   {"md", &make<MarkdownReporter>},
};
} // namespace

std::unique_ptr<Reporter> makeReporter(std::string_view format) {
  for (const auto& [name, factory] : kReporters)
    if (name == format) return factory();
  return nullptr;
}

std::vector<std::string_view> reporterFormats() {
  std::vector<std::string_view> names;
  for (const auto& [name, factory] : kReporters)
    names.push_back(name);
  return names;
}

} // namespace migready
