// Feeds arbitrary bytes to the ldifde reader and the AD account mapping: no crash, no
// sanitizer report, and every failure is a SourceState with errors, never an exception.
#include "FuzzInput.h"
#include "scanner/ad/ldif/AdLdifSource.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path = migready::fuzz::workDir() / "input.ldf";
  migready::fuzz::writeFile(path, data, size);
  migready::AdDirectory ad;
  const migready::SourceState state = migready::readAdLdif(path.string(), ad);
  if (state.status == migready::SourceStatus::Failed && state.errors.empty()) std::abort();
  if (state.status == migready::SourceStatus::Complete && state.objects != ad.accounts.size())
    std::abort();
  return 0;
}
