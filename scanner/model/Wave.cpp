#include "scanner/model/Wave.h"

#include "scanner/model/Text.h"

#include <cctype>
#include <fmt/format.h>

namespace migready {

std::string waveKey(std::string_view name) {
  return toLowerAscii(trimBlanks(name)); // a no-break or zero-width space is no other wave
}

std::optional<std::string> waveNameProblem(std::string_view name) {
  const auto letters = [](std::string_view text) { // letters, digits and parentheses only
    std::string key;
    for (char c : text)
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '(' || c == ')')
        key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
  };
  if (letters(name) == letters(kNoWave))
    return fmt::format("the name {} is reserved for the users no wave plans", kNoWave);
  if (name.find(',') != std::string_view::npos)
    return "a wave's name holds no ',' (the reports separate a user's waves with it)";
  return std::nullopt;
}

const std::string* WavePlan::find(std::string_view name) const {
  const std::string key = waveKey(name);
  for (const std::string& wave : waves)
    if (waveKey(wave) == key) return &wave;
  return nullptr;
}

} // namespace migready
