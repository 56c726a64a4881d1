#include "scanner/model/Wave.h"

#include "scanner/model/Text.h"

namespace migready {

std::string waveKey(std::string_view name) {
  return toLowerAscii(trimBlanks(name)); // a no-break or zero-width space is no other wave
}

const std::string* WavePlan::find(std::string_view name) const {
  const std::string key = waveKey(name);
  for (const std::string& wave : waves)
    if (waveKey(wave) == key) return &wave;
  return nullptr;
}

} // namespace migready
