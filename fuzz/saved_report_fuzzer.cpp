// Feeds arbitrary bytes as an earlier JSON report (--baseline, migready diff): either a report
// whose every value read keeps the report schema's rules, or a GateInputError that names the
// file. No crash, no sanitizer report.
#include "scanner/gate/SavedReportReader.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const migready::SavedReport r = migready::readSavedReportText(
        std::string(reinterpret_cast<const char*>(data), size), "report.json");
    if (!(r.schemaVersion.starts_with("1.") || r.schemaVersion.starts_with("2.")) ||
        r.generatedAt.size() != 20)
      std::abort();
    for (const migready::Finding& f : r.findings) {
      if (f.fingerprint.size() != 32 || f.message.empty()) std::abort();
      if (f.waived() && (static_cast<std::size_t>(f.waiver) >= r.waivers.size() ||
                         r.waivers[static_cast<std::size_t>(f.waiver)].reason.empty()))
        std::abort();
    }
  } catch (const migready::GateInputError& e) {
    if (std::string_view(e.what()).find("report.json") != 0) std::abort();
  }
  return 0;
}
