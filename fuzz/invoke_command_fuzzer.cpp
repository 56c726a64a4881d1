// Feeds arbitrary bytes as an Exchange Online InvokeCommand answer (Get-MailUser), the page the
// live read saves under exchange/mailUsers and the snapshot reader then reads. No crash; an
// answer that is not a valid page fails or makes partial the source, with errors.
#include "FuzzInput.h"
#include "scanner/entra/snapshot/GraphSnapshotSource.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto dir = migready::fuzz::workDir() / "exchange";
  static const bool prepared = (migready::fuzz::writeGraphSnapshot(dir, true), true);
  (void)prepared;
  migready::fuzz::writeFile(dir / "exchange/mailUsers/page-001.json", data, size);
  migready::CloudDirectory cloud;
  const migready::SourceState state = migready::readGraphSnapshot(dir.string(), cloud);
  if (state.status != migready::SourceStatus::Complete && state.errors.empty()) std::abort();
  return 0;
}
