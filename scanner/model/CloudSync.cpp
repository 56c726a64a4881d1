#include "scanner/model/CloudSync.h"

#include "scanner/model/Dn.h"
#include "scanner/model/Text.h"

#include <fmt/format.h>

namespace migready {

std::string_view toString(SyncTool tool) {
  return tool == SyncTool::Connect ? "connect" : "cloudsync";
}

std::string_view nameOf(SyncTool tool) {
  return tool == SyncTool::Connect ? "Azure AD Connect" : "Cloud Sync";
}

bool CloudSyncObjectMapping::flows(std::string_view flow) const {
  std::string_view rest = flowTypes;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    if (equalsIgnoreCase(item, flow)) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

const CloudSyncAttributeMapping* CloudSyncObjectMapping::mappingTo(std::string_view target) const {
  for (const auto& m : attributeMappings)
    if (equalsIgnoreCase(m.target, target)) return &m;
  return nullptr;
}

bool CloudSyncJob::provisionsUsers() const {
  return equalsIgnoreCase(templateId, kCloudSyncJobTemplate) ||
         startsWithIgnoreCase(id, fmt::format("{}.", kCloudSyncJobTemplate));
}

std::string CloudSyncSchema::locationOf(std::string_view pointer) const {
  return pointer.empty() ? file : fmt::format("{}#{}", file, pointer);
}

std::string CloudSyncSchema::domainText() const {
  return domain.empty() ? std::string("every domain of the AD input") : domain;
}

std::string dnsDomainOf(std::string_view dn) {
  std::string out;
  for (std::size_t start = 0; start < dn.size();) {
    const std::size_t end = rdnEnd(dn, start);
    std::string_view rdn = dn.substr(start, end - start);
    while (!rdn.empty() && rdn.front() == ' ')
      rdn.remove_prefix(1);
    if (startsWithIgnoreCase(rdn, "DC=")) {
      if (!out.empty()) out += '.';
      out += toLowerAscii(rdn.substr(3));
    } else {
      out.clear(); // only the trailing run of DC= RDNs names the domain
    }
    start = end + 1;
  }
  return out;
}

} // namespace migready
