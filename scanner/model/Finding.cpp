#include "scanner/model/Finding.h"

#include <fmt/format.h>
#include <openssl/evp.h>

namespace migready {

std::string Subject::key() const {
  if (!objectGuid.empty()) return "guid:" + objectGuid;
  if (!cloudId.empty()) return "cloud:" + cloudId;
  if (!dn.empty()) return "dn:" + dn;
  return "upn:" + upn;
}

std::string fingerprintOf(std::string_view check, const Subject& subject) {
  const std::string input = fmt::format("{}\x1f{}", check, subject.key());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned i = 0; i < 16 && i < length; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

} // namespace migready
