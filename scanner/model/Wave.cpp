#include "scanner/model/Wave.h"

#include "scanner/model/Text.h"

namespace migready {

std::string waveKey(std::string_view name) {
  const auto first = name.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return toLowerAscii(name.substr(first, name.find_last_not_of(" \t") - first + 1));
}

const std::string* WavePlan::find(std::string_view name) const {
  const std::string key = waveKey(name);
  for (const std::string& wave : waves)
    if (waveKey(wave) == key) return &wave;
  return nullptr;
}

} // namespace migready
