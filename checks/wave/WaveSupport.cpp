#include "checks/wave/WaveSupport.h"

#include "scanner/model/Setting.h"

#include <algorithm>
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

std::vector<std::vector<std::string>> wavesByAccount(const Snapshot& snapshot) {
  std::vector<std::vector<std::string>> waves(snapshot.ad.accounts.size());
  for (const WaveRow& row : snapshot.waves->rows)
    if (row.accounts.size() == 1) {
      auto& of = waves[row.accounts[0]];
      if (std::find(of.begin(), of.end(), row.wave) == of.end()) of.push_back(row.wave);
    }
  return waves;
}

} // namespace migready
