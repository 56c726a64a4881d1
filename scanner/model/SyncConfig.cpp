#include "scanner/model/SyncConfig.h"

#include "scanner/model/Text.h"

#include <algorithm>
#include <fmt/format.h>

namespace migready {

std::string guidKey(std::string_view reference) {
  while (!reference.empty() && (reference.front() == ' ' || reference.front() == '{'))
    reference.remove_prefix(1);
  while (!reference.empty() && (reference.back() == ' ' || reference.back() == '}'))
    reference.remove_suffix(1);
  return toLowerAscii(reference);
}

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

std::string_view nameOf(StandardRule rule) {
  switch (rule) {
  case StandardRule::InFromAdUserExchange:
    return "In from AD - User Exchange";
  case StandardRule::OutToAadUserExchangeOnline:
    return "Out to AAD - User ExchangeOnline";
  }
  return "";
}

bool isStandardRule(const SyncRule& rule, StandardRule which) {
  const std::string_view tag = which == StandardRule::InFromAdUserExchange
                                   ? "Microsoft.InfromADUserExchange."
                                   : "Microsoft.OuttoAADUserExchangeOnline.";
  return startsWithIgnoreCase(rule.immutableTag, tag) || equalsIgnoreCase(rule.name, nameOf(which));
}

std::vector<const SyncRule*> SyncConfig::link() {
  for (SyncConnector& c : connectors)
    c.key = guidKey(c.id);
  std::stable_sort(rules.begin(), rules.end(), [](const SyncRule& a, const SyncRule& b) {
    return a.precedence < b.precedence;
  });
  std::vector<const SyncRule*> unresolved;
  for (SyncRule& r : rules) {
    r.connectorKey = guidKey(r.connector);
    r.connectorResolved = connectorByKey(r.connectorKey) != nullptr;
    if (!r.connectorResolved) unresolved.push_back(&r);
  }
  return unresolved;
}

const SyncConnector* SyncConfig::azureAdConnector() const {
  for (const auto& c : connectors)
    if (c.kind == SyncConnector::Kind::AzureAd) return &c;
  return nullptr;
}

const SyncConnector* SyncConfig::connectorByKey(std::string_view key) const {
  for (const auto& c : connectors)
    if (c.key == key) return &c;
  return nullptr;
}

bool SyncConfig::hasStandardRule(StandardRule which) const {
  for (const SyncRule& r : rules)
    if (isStandardRule(r, which)) return true;
  return false;
}

bool SyncConfig::wizardExcludes(std::string_view attribute) const {
  if (filterAad != true) return false;
  for (const auto& a : attributeExclusionList)
    if (equalsIgnoreCase(a, attribute)) return true;
  return false;
}

std::string locationIn(const std::string& file, std::uint32_t line) {
  return line == 0 ? file : fmt::format("{}:{}", file, line);
}

std::uint32_t SyncRule::decisionLine() const {
  const AttributeMapping* m = mappingTo("msExchMailboxGuid");
  return m && m->line ? m->line : line;
}

std::uint32_t SyncConfig::settingLine(std::string_view parameter) const {
  const auto it = settingLines.find(parameter);
  return it == settingLines.end() ? 0 : it->second;
}

} // namespace migready
