// Feeds arbitrary bytes as a saved Graph users page (the other files are valid): no crash,
// and a page that is not a valid Graph page fails the source with a message.
#include "FuzzInput.h"
#include "scanner/entra/snapshot/GraphSnapshotSource.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto dir = migready::fuzz::workDir() / "graph";
  static const bool prepared = (migready::fuzz::writeGraphSnapshot(dir, false), true);
  (void)prepared;
  migready::fuzz::writeFile(dir / "users/page-001.json", data, size);
  migready::CloudDirectory cloud;
  const migready::SourceState state = migready::readGraphSnapshot(dir.string(), cloud);
  if (state.status == migready::SourceStatus::Failed && state.errors.empty()) std::abort();
  return 0;
}
