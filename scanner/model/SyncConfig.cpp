#include "scanner/model/SyncConfig.h"

#include "scanner/model/Encoding.h"

namespace migready {

bool SyncConnector::includes(std::string_view attribute) const {
  for (const auto& a : attributeInclusions)
    if (equalsIgnoreCase(a, attribute)) return true;
  return false;
}

const AttributeMapping* SyncRule::mappingTo(std::string_view dest) const {
  for (const auto& m : mappings)
    if (equalsIgnoreCase(m.dest, dest)) return &m;
  return nullptr;
}

const SyncConnector* SyncConfig::azureAdConnector() const {
  for (const auto& c : connectors)
    if (c.kind == SyncConnector::Kind::AzureAd) return &c;
  return nullptr;
}

} // namespace migready
