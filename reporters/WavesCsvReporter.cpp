#include "reporters/WavesCsvReporter.h"

#include "reporters/common/TextClean.h"

#include <fmt/format.h>

namespace migready {

void WavesCsvReporter::write(const Report& r, std::ostream& out) const {
  std::string buffer(kUtf8Bom); // CRLF as RFC 4180 says
  // `readiness` is the wave as scanned (READY, NOT_READY, INCOMPLETE), whatever the gate's
  // options; `gate` what the gate decides for that wave alone (as --wave would); `gated` whether
  // the verdict and exit code are about it.
  // `reason` says why a wave is not READY (its users, its rows, the tenant, missing data).
  buffer += "wave,readiness,users,blocked,warnings_only,rows,gated,blocked_waived,gate,reason\r\n";
  for (const WaveReadiness& w : r.waves)
    buffer += fmt::format("{},{},{},{},{},{},{},{},{},{}\r\n", csvField(w.name),
                          toString(w.readiness), w.users, w.blocked, w.warned, w.rows,
                          !r.gate.wave.empty() && w.name == r.gate.wave ? "yes" : "no",
                          w.blockedWaived, toString(w.gate), csvField(r.shownText(w.reason)));
  out << buffer;
}

} // namespace migready
