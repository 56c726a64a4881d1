// Feeds arbitrary bytes as the sign-in endpoint's token answer: either a token that can be sent
// in a header (at most 64 KiB of token characters, expires_in within 0..86400) or a SourceError
// saying what is wrong. No crash, no overflow (UBSan in the fuzz build).
#include "scanner/entra/auth/EntraAuth.h"
#include "scanner/io/SourceError.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const migready::TokenAnswer answer =
        migready::readTokenAnswer(std::string_view(reinterpret_cast<const char*>(data), size));
    if (answer.accessToken.empty() || answer.accessToken.size() > (64u << 10)) std::abort();
    for (char c : answer.accessToken)
      if (c == '\r' || c == '\n' || c == ' ' || c == '\0') std::abort();
    if (answer.expiresInSeconds < 0 || answer.expiresInSeconds > 86400) std::abort();
  } catch (const migready::SourceError& e) {
    if (std::string_view(e.what()).empty()) std::abort();
  }
  return 0;
}
