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
    if (equalsIgnoreCase(trimSpaces(rest.substr(0, comma)), flow)) return true;
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
    const std::string_view rdn = trimSpaces(dn.substr(start, end - start));
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

namespace {
// The slow way: RDN by RDN, the trailing run of DC= RDNs against the domain's labels.
bool dcRunSpells(std::string_view dn, std::string_view domain) {
  std::size_t run = std::string_view::npos;
  for (std::size_t start = 0; start < dn.size();) {
    const std::size_t end = rdnEnd(dn, start);
    std::size_t from = start;
    while (from < end && dn[from] == ' ')
      ++from;
    const bool dc = startsWithIgnoreCase(dn.substr(from, end - from), "DC=");
    if (dc && run == std::string_view::npos) run = start;
    if (!dc) run = std::string_view::npos;
    start = end + 1;
  }
  if (run == std::string_view::npos) return false;
  for (std::size_t start = run; start < dn.size();) {
    const std::size_t end = rdnEnd(dn, start);
    std::size_t from = start;
    while (from < end && dn[from] == ' ')
      ++from;
    const std::string_view label = dn.substr(from + 3, end - from - 3);
    const std::size_t dot = domain.find('.');
    if (!equalsIgnoreCase(label, domain.substr(0, dot))) return false;
    domain = dot == std::string_view::npos ? std::string_view() : domain.substr(dot + 1);
    start = end + 1;
    if (start < dn.size() && dot == std::string_view::npos) return false;
  }
  return domain.empty();
}
} // namespace

bool dnInDomain(std::string_view dn, std::string_view domain) {
  // Most DNs spell their domain as ",DC=a,DC=b" at the end, without spaces: a DN that does not
  // end in the domain's last label cannot be in it; one written that way is, unless a further
  // DC= RDN comes before (a child domain). Anything else takes the slow way.
  const std::size_t lastDot = domain.rfind('.');
  const std::string_view last =
      lastDot == std::string_view::npos ? domain : domain.substr(lastDot + 1);
  if (dn.size() < last.size() + 4 || !equalsIgnoreCase(dn.substr(dn.size() - last.size()), last) ||
      !equalsIgnoreCase(dn.substr(dn.size() - last.size() - 3, 3), "DC="))
    return dcRunSpells(dn, domain); // spaces, or not this domain: be sure
  std::size_t at = dn.size();
  for (std::string_view rest = domain;;) {
    const std::size_t dot = rest.rfind('.');
    const std::string_view label = dot == std::string_view::npos ? rest : rest.substr(dot + 1);
    if (at < label.size() + 3 ||
        !equalsIgnoreCase(dn.substr(at - label.size(), label.size()), label) ||
        !equalsIgnoreCase(dn.substr(at - label.size() - 3, 3), "DC="))
      return dcRunSpells(dn, domain);
    at -= label.size() + 3;
    if (dot == std::string_view::npos) break;
    if (at == 0 || dn[at - 1] != ',') return dcRunSpells(dn, domain);
    --at;
    rest = rest.substr(0, dot);
  }
  // The RDN before must not be a DC= one (then the domain would be a child's).
  if (at == 0) return true;
  if (dn[at - 1] != ',') return dcRunSpells(dn, domain);
  const std::string_view before = dn.substr(0, at - 1);
  const std::size_t comma = before.rfind(',');
  const std::string_view rdn = comma == std::string_view::npos ? before : before.substr(comma + 1);
  return startsWithIgnoreCase(rdn, "DC=") ? dcRunSpells(dn, domain) : true;
}

} // namespace migready
