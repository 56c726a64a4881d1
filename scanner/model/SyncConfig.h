#pragma once
// What the Azure AD Connect configuration export says about sync scope and attribute flow.
// Filled by the AD Connect export reader; absent from a Snapshot when no export was given,
// and then every check treats scope and flow as unknown (never as safe).
#include <string>
#include <vector>

namespace migready {

struct SyncConfig {
  std::string origin;       // the export folder
  std::string sourceAnchor; // "objectGUID" or "mS-DS-ConsistencyGuid"
  std::vector<std::string> includedContainers;
  std::vector<std::string> excludedContainers;
};

} // namespace migready
