#include "scanner/model/Finding.h"

#include <fmt/format.h>
#include <memory>
#include <openssl/evp.h>

namespace migready {

const std::string& SharedText::str() const {
  static const std::string empty;
  return text_ ? *text_ : empty;
}

std::string_view toString(BaselineState state) {
  switch (state) {
  case BaselineState::New:
    return "new";
  case BaselineState::Unchanged:
    return "unchanged";
  case BaselineState::None:
    break;
  }
  return "";
}

BaselineState baselineStateOf(const Finding* before, const Finding& now) {
  if (!before) return BaselineState::New;
  if (before->waived() && !now.waived()) return BaselineState::New;
  // Outside the wave the earlier gate decided on: it did not count then, so it is not old. (This
  // gate's own wave is decided later, and a finding outside it does not count either way.)
  if (before->outsideGatedWave) return BaselineState::New;
  if (now.severity > before->severity) return BaselineState::New;
  return BaselineState::Unchanged;
}

std::string Subject::key() const {
  if (!objectGuid.empty()) return "guid:" + objectGuid;
  if (!cloudId.empty()) return "cloud:" + cloudId;
  if (!configItem.empty()) return "config:" + configItem;
  if (!dn.empty()) return "dn:" + dn;
  return "upn:" + upn;
}

std::string fingerprintOf(std::string_view check, const Subject& subject) {
  // The digest is fetched once and a context kept per thread: an implicit fetch per call costs
  // more than hashing a short string, and this runs for every finding.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                                 &EVP_MD_CTX_free);
  // The bytes hashed are those of "<check>\x1f<subject.key()>", without building that string.
  std::string_view prefix, value;
  if (!subject.objectGuid.empty())
    prefix = "guid:", value = subject.objectGuid;
  else if (!subject.cloudId.empty())
    prefix = "cloud:", value = subject.cloudId;
  else if (!subject.configItem.empty())
    prefix = "config:", value = subject.configItem;
  else if (!subject.dn.empty())
    prefix = "dn:", value = subject.dn;
  else
    prefix = "upn:", value = subject.upn;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestInit_ex(ctx.get(), sha256, nullptr);
  EVP_DigestUpdate(ctx.get(), check.data(), check.size());
  EVP_DigestUpdate(ctx.get(), "\x1f", 1);
  EVP_DigestUpdate(ctx.get(), prefix.data(), prefix.size());
  EVP_DigestUpdate(ctx.get(), value.data(), value.size());
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
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
