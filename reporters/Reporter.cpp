// The one place that knows every reporter.
#include "reporters/Reporter.h"

#include "reporters/CsvReporter.h"
#include "reporters/JsonReporter.h"
#include "reporters/JunitReporter.h"
#include "reporters/MarkdownReporter.h"
#include "reporters/SarifReporter.h"
#include "reporters/UsersCsvReporter.h"
#include "reporters/WavesCsvReporter.h"
#include "reporters/html/HtmlReporter.h"

#include <type_traits>

namespace migready {

namespace {
template <typename R> std::unique_ptr<Reporter> make(const ReporterOptions& options) {
  if constexpr (std::is_constructible_v<R, const ReporterOptions&>)
    return std::make_unique<R>(options);
  else
    return std::make_unique<R>();
}
using Factory = std::unique_ptr<Reporter> (*)(const ReporterOptions&);
constexpr std::pair<std::string_view, Factory> kReporters[] = {
    {"json", &make<JsonReporter>},
    {"html", &make<HtmlReporter>},
    {"junit", &make<JunitReporter>},
    {"sarif", &make<SarifReporter>},
    {"csv", &make<CsvReporter>},
    {"md", &make<MarkdownReporter>},
    {"users-csv", &make<UsersCsvReporter>},
    {"waves-csv", &make<WavesCsvReporter>},
};
} // namespace

std::unique_ptr<Reporter> makeReporter(std::string_view format, const ReporterOptions& options) {
  for (const auto& [name, factory] : kReporters)
    if (name == format) return factory(options);
  return nullptr;
}

std::vector<std::string_view> reporterFormats() {
  std::vector<std::string_view> names;
  for (const auto& [name, factory] : kReporters)
    names.push_back(name);
  return names;
}

} // namespace migready
