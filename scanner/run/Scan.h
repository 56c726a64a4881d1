#pragma once
// A scan: sources -> snapshot -> checks -> findings -> report. Knows no check by name.
#include "checks/Check.h"
#include "scanner/model/Report.h"
#include "scanner/sources/AdLdapSource.h"
#include "scanner/sources/GraphLiveSource.h"

#include <optional>
#include <string>
#include <vector>

namespace migready {

struct ScanInputs {
  std::vector<std::string> adLdif;            // --ad-ldif FILE (repeatable: one per domain)
  std::optional<AdLdapOptions> adLdap;        // --ldap-url ... (live)
  std::optional<std::string> graphSnapshot;   // --graph-snapshot DIR
  std::optional<GraphLiveOptions> graphLive;  // --tenant ... (live)
  std::optional<std::string> adConnectExport; // --adconnect-export DIR
};

struct ScanOptions {
  Severity failOn = Severity::Blocker;
  std::vector<SourceKind> scope{SourceKind::Ad, SourceKind::Graph, SourceKind::AdConnect};
  std::string generatedAt; // ISO 8601; the CLI passes the clock in, tests a fixed value
  std::string toolVersion;
};

// Reads every given source (AD and Graph concurrently), then joins them once.
Snapshot loadSnapshot(const ScanInputs& inputs);

// The report header's facts about the environment (tenant, export settings, scope).
std::vector<Fact> factsOf(const Snapshot& snapshot);
// Gathers the findings' plan steps into the two remediation procedures.
RemediationPlan planOf(const std::deque<Finding>& findings);

// Runs the checks on a frozen snapshot and decides the verdict (docs/report-format.md).
Report evaluate(const Snapshot& snapshot, const CheckList& checks, const ScanOptions& options);

} // namespace migready
