// Feeds arbitrary bytes as a migration batch CSV (--waves): either rows within the caps, each in
// a wave of the plan, or a GateInputError that names the file. No crash, no sanitizer report.
#include "scanner/gate/WaveFile.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    migready::WavePlan plan;
    migready::readWaveText(std::string(reinterpret_cast<const char*>(data), size), "batch.csv",
                           plan);
    if (plan.rows.size() > migready::kMaxWaveRows || plan.waves.size() > migready::kMaxWaves)
      std::abort();
    for (const migready::WaveRow& row : plan.rows) {
      if (std::find(plan.waves.begin(), plan.waves.end(), row.wave) == plan.waves.end())
        std::abort();
      if (row.line == 0 || row.identity.size() > 4 * migready::kMaxWaveFieldChars) std::abort();
      if (!row.identity.empty() && (row.identity.front() == ' ' || row.identity.back() == ' '))
        std::abort();
      if (plan.find(row.wave) != &*std::find(plan.waves.begin(), plan.waves.end(), row.wave))
        std::abort();
    }
  } catch (const migready::GateInputError& e) {
    if (std::string_view(e.what()).find("batch.csv") != 0) std::abort();
  }
  return 0;
}
