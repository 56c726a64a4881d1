#pragma once
// A scan: sources -> snapshot -> checks -> findings -> report. Knows no check by name and no
// command-line flag.
#include "checks/Check.h"
#include "scanner/model/Report.h"
#include "scanner/scan/ScanRequest.h"

#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace migready {

// The readers a scan calls, one per way of reading a source. Tests put their own in (a reader
// that throws what no reader should); the scan uses realReaders().
struct SourceReaders {
  std::function<SourceState(const LdifExports&, AdDirectory&)> ldif;
  std::function<SourceState(const LdapForest&, AdDirectory&)> ldap;
  std::function<SourceState(const GraphSnapshotFolder&, CloudDirectory&)> graphSnapshot;
  std::function<SourceState(const GraphTenant&, CloudDirectory&)> graphLive;
  std::function<SourceState(const AdConnectExportFolder&, SyncConfig&)> adConnect;
  std::function<SourceState(const CloudSyncSchemaFile&, CloudSyncSchema&)> cloudSync;
};
const SourceReaders& realReaders();

// Reads every source of the request (AD and Entra ID at the same time, on two threads), then
// joins them once. A reader that fails in a way it did not foresee (an exception of any kind)
// makes its source failed, with what it said; the scan goes on.
Snapshot loadSnapshot(const ScanRequest& request, const SourceReaders& readers = realReaders());

// The report header's facts about the environment (tenant, export settings, scope).
std::vector<Fact> factsOf(const Snapshot& snapshot);
// Where each source was read from (Report::inputs).
std::vector<InputRoot> inputsOf(const Snapshot& snapshot);
// Entra ID's tenant id as read (organization, else the snapshot's manifest); empty without it.
std::string tenantIdOf(const Snapshot& snapshot);
// Gathers the findings' plan steps into the two remediation procedures.
RemediationPlan planOf(const std::deque<Finding>& findings);
// What the plan needs from the environment: every synced user in the containers it takes out of
// scope (and whether each has a finding), and a free precedence number for a custom rule.
void addEnvironment(RemediationPlan& plan, const Snapshot& snapshot,
                    const std::deque<Finding>& findings);

// Runs the checks on a frozen snapshot and decides the verdict (docs/report-format.md).
Report evaluate(const Snapshot& snapshot, const CheckList& checks, const ScanOptions& options);

} // namespace migready
