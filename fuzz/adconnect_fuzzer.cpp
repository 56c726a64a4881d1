// Feeds arbitrary bytes as one connector file and one sync rule file of an otherwise valid AD
// Connect export: no crash, and every failure is a failed SourceState with a message.
#include "FuzzInput.h"
#include "scanner/adconnect/AdConnectExportSource.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto dir = migready::fuzz::workDir() / "export";
  static const bool prepared = [&] {
    migready::fuzz::writeText(
        dir / "Connectors/Connector_{b891884f-051e-4a83-95af-2544101c9083}.xml",
        "<ma-data><id>{B891884F-051E-4A83-95AF-2544101C9083}</id><name>t - AAD</name>"
        "<category>Extensible2</category><attribute-inclusion><attribute>msExchMailboxGuid"
        "</attribute></attribute-inclusion></ma-data>");
    migready::fuzz::writeText(
        dir / "GlobalSettings/MV.xml",
        "<saved-mv-configuration><mv-data><parameter-values><parameter "
        "name=\"Microsoft.Synchronize.StagingMode\">False</parameter></parameter-values>"
        "</mv-data></saved-mv-configuration>");
    return true;
  }();
  (void)prepared;
  // The same bytes serve as an AD connector and as a rule: both readers see them.
  migready::fuzz::writeFile(dir / "Connectors/Connector_{ad}.xml", data, size);
  migready::fuzz::writeFile(dir / "SynchronizationRules/SynchronizationRule_{r}.xml", data, size);
  migready::SyncConfig sync;
  const migready::SourceState state = migready::readAdConnectExport(dir.string(), sync);
  if (state.status == migready::SourceStatus::Failed && state.errors.empty()) std::abort();
  return 0;
}
