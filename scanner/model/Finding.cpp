#include "scanner/model/Finding.h"

#include <fmt/format.h>
#include <openssl/evp.h>

namespace migready {

const std::string& SharedText::str() const {
  static const std::string empty;
  return text_ ? *text_ : empty;
}

std::string Subject::key() const {
  if (!objectGuid.empty()) return "guid:" + objectGuid;
  if (!cloudId.empty()) return "cloud:" + cloudId;
  if (!dn.empty()) return "dn:" + dn;
  return "upn:" + upn;
}

std::string fingerprintOf(std::string_view check, const Subject& subject) {
  std::string input(check);
  input += '\x1f';
  input += subject.key();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // Fetched once: an implicit fetch per call costs more than the hash of a short string.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_Digest(input.data(), input.size(), digest, &length, sha256, nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (unsigned i = 0; i < 16 && i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

} // namespace migready
