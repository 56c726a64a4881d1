// Feeds arbitrary bytes as the waiver file (docs/waivers.md): either waivers that keep every rule
// of the file (a check, a match that does not cover everyone, reason and owner not blank, no
// control character, each value within its cap, at most kMaxWaivers) or a GateInputError that
// names the file. No crash, no sanitizer report.
#include "scanner/gate/WaiverFile.h"
#include "scanner/io/ConfigText.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {
const std::vector<std::string_view> kChecks = {
    "AD001",    "AD002",   "AD003",   "AD004",   "CLOUD001", "CLOUD002", "CLOUD003", "CLOUD004",
    "CLOUD005", "SYNC001", "SYNC002", "SYNC003", "WAVE001",  "WAVE002",  "WAVE003",  "WAVE004"};

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t") == std::string::npos;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const migready::WaiverList list =
        migready::readWaiverText(std::string(reinterpret_cast<const char*>(data), size),
                                 "waivers.yaml", "2026-11-27", kChecks);
    if (list.waivers.size() > migready::kMaxWaivers) std::abort();
    for (const migready::Waiver& w : list.waivers) {
      if (w.checks.empty() || w.matchFields().empty()) std::abort();
      if (blank(w.reason) || blank(w.owner) || w.expires.size() != 10) std::abort();
      for (const std::string* value : {&w.reason, &w.owner, &w.ticket, &w.upn, &w.dn, &w.cloudId})
        if (migready::controlCharacterIn(*value)) std::abort();
      if (w.reason.size() > 4 * migready::kMaxWaiverTextChars ||
          w.dn.size() > 4 * migready::kMaxWaiverDnChars)
        std::abort();
      if (!w.upn.empty() && w.upn.find_first_not_of("*?@.") == std::string::npos) std::abort();
    }
  } catch (const migready::GateInputError& e) {
    if (std::string_view(e.what()).find("waivers.yaml") != 0) std::abort();
  }
  return 0;
}
