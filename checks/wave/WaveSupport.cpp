#include "checks/wave/WaveSupport.h"

#include "scanner/model/Setting.h"

#include <fmt/format.h>

namespace migready {

Evidence evidenceOf(const WaveRow& row) {
  return {"waves", fmt::format("{}:{}", row.file, row.line),
          fmt::format("wave {}; {} {}", row.wave, row.column, row.identity), 0};
}

std::string whyNoWaves(const Snapshot& snapshot) {
  if (snapshot.waves) return {};
  return fmt::format("no migration wave file given ({})", settingName(Setting::Waves));
}

} // namespace migready
