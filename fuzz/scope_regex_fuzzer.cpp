// Feeds arbitrary bytes to the .NET regular expression subset of Cloud Sync's scoping clauses
// (a pattern read from a job schema): the first line is the pattern, the rest the text. No
// crash, whatever the pattern; a pattern either compiles or says why not.
#include "checks/support/ScopeRegex.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view pattern = input.substr(0, newline);
  const std::string_view text =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  const migready::ScopeRegex regex(pattern);
  if (!regex.usable() && regex.error().empty()) std::abort();
  const auto matched = regex.matches(text);
  if (regex.usable() != matched.has_value() && regex.usable()) {
    // Only Unicode classes on text that is not ASCII may leave a usable pattern without answer.
    bool ascii = true;
    for (char c : text)
      ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) std::abort();
  }
  return 0;
}
