#include "reporters/WavesCsvReporter.h"

#include "reporters/common/TextClean.h"

#include <fmt/format.h>

namespace migready {

void WavesCsvReporter::write(const Report& r, std::ostream& out) const {
  std::string buffer(kUtf8Bom); // CRLF as RFC 4180 says
  buffer += "wave,readiness,users,blocked,warnings_only,rows,gated\r\n";
  for (const WaveReadiness& w : r.waves)
    buffer +=
        fmt::format("{},{},{},{},{},{},{}\r\n", csvField(w.name), w.ready() ? "READY" : "NOT_READY",
                    w.users, w.blocked, w.warned, w.rows, w.name == r.gatedWave ? "yes" : "no");
  out << buffer;
}

} // namespace migready
