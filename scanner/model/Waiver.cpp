#include "scanner/model/Waiver.h"

#include "scanner/model/Dn.h"

#include <algorithm>
#include <fmt/format.h>
#include <fnmatch.h>

namespace migready {

namespace {
bool equalsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}
} // namespace

bool dnInSubtree(std::string_view dn, std::string_view subtree) {
  if (subtree.empty() || dn.size() < subtree.size()) return false;
  // Walk the RDN boundaries (escaped commas are not boundaries) and compare the rest.
  for (std::size_t at = 0; at < dn.size();) {
    std::string_view rest = dn.substr(at);
    while (!rest.empty() && rest.front() == ' ')
      rest.remove_prefix(1);
    if (equalsNoCase(rest, subtree)) return true;
    const std::size_t end = rdnEnd(dn, at);
    if (end >= dn.size()) break;
    at = end + 1;
  }
  return false;
}

bool Waiver::covers(const Finding& f) const {
  if (std::find(checks.begin(), checks.end(), f.check) == checks.end()) return false;
  if (!fingerprint.empty() && fingerprint != f.fingerprint) return false;
  return matchesSubject(f.subject);
}

bool Waiver::matchesSubject(const Subject& s) const {
  if (!objectGuid.empty() && !equalsNoCase(objectGuid, s.objectGuid)) return false;
  if (!cloudId.empty() && !equalsNoCase(cloudId, s.cloudId)) return false;
  if (!dn.empty() && !dnInSubtree(s.dn, dn)) return false;
  if (!upn.empty() && (s.upn.empty() || fnmatch(upn.c_str(), s.upn.c_str(), FNM_CASEFOLD) != 0))
    return false;
  return true;
}

std::vector<std::pair<std::string_view, std::string_view>> Waiver::matchFields() const {
  std::vector<std::pair<std::string_view, std::string_view>> fields;
  for (const auto& [name, value] :
       {std::pair<std::string_view, const std::string*>{"fingerprint", &fingerprint},
        {"objectGuid", &objectGuid},
        {"upn", &upn},
        {"dn", &dn},
        {"cloudId", &cloudId}})
    if (!value->empty()) fields.emplace_back(name, *value);
  return fields;
}

std::string waiverSentence(const Waiver& w) {
  return fmt::format("waived until {} by {}: {}{}", w.expires, w.owner, w.reason,
                     w.ticket.empty() ? std::string() : fmt::format(" (ticket {})", w.ticket));
}

std::string Waiver::where() const {
  return fmt::format("{}:{}", file, line);
}

} // namespace migready
