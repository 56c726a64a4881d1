// Feeds arbitrary bytes as a Cloud Sync job schema file (any encoding a Windows tool may have
// used): no crash, and every failure is a failed SourceState with a message; a schema read
// whole holds at least one rule.
#include "FuzzInput.h"
#include "scanner/cloudsync/CloudSyncSchemaSource.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = migready::fuzz::workDir() / "schema.json";
  migready::fuzz::writeFile(file, data, size);
  migready::CloudSyncSchema schema;
  const migready::SourceState state =
      migready::readCloudSyncSchema({file.string(), "corp.example.com", {}}, schema);
  if (state.status == migready::SourceStatus::Failed && state.errors.empty()) std::abort();
  if (state.status == migready::SourceStatus::Complete && schema.rules.empty()) std::abort();
  return 0;
}
