#pragma once
// A reporter turns a finished Report into one output format. It sees only the Report: no
// snapshot, no check.
#include "scanner/model/Report.h"

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

// What the user chose about a format beyond the report itself.
struct ReporterOptions {
  // SARIF: give each input folder's absolute file:// URI (run.originalUriBaseIds). Off by
  // default: a SARIF file is uploaded to hosting services, and would leak this machine's folders.
  bool sarifAbsoluteBase = false;
  // HTML and Markdown: the remediation package's folder, as seen from the report's own folder,
  // when one was written; the plan then points to its files. Empty: none.
  std::string remediationPackage;
};

class Reporter {
public:
  virtual ~Reporter() = default;
  virtual std::string_view format() const = 0; // "json", "html", ...: how the user names the format
  virtual void write(const Report& report, std::ostream& out) const = 0;
};

// nullptr for an unknown format.
std::unique_ptr<Reporter> makeReporter(std::string_view format,
                                       const ReporterOptions& options = {});
std::vector<std::string_view> reporterFormats();

} // namespace migready
