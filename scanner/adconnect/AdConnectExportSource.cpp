#include "scanner/adconnect/AdConnectExportSource.h"

#include "scanner/io/SourceError.h"
#include "scanner/io/TextInput.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <map>
#include <memory>
#include <pugixml.hpp>

namespace migready {

namespace fs = std::filesystem;

namespace {

std::string trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return std::string(text);
}

std::string textOf(const pugi::xml_node& node) {
  return trimmed(node.child_value());
}

bool isTrue(std::string_view v) {
  return equalsIgnoreCase(v, "true") || v == "1";
}

// A list setting of the wizard: names separated by commas, semicolons or white space.
std::vector<std::string> listOf(std::string_view text) {
  std::vector<std::string> items;
  std::string item;
  for (char c : text) {
    if (c == ',' || c == ';' || std::isspace(static_cast<unsigned char>(c))) {
      if (!item.empty()) items.push_back(std::move(item));
      item.clear();
    } else {
      item += c;
    }
  }
  if (!item.empty()) items.push_back(std::move(item));
  return items;
}

std::vector<fs::path> xmlFilesIn(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && equalsIgnoreCase(ext, ".xml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// An XML file of the export, with what it takes to say on which line an element stands.
struct XmlFile {
  std::string text; // UTF-8, as parsed: pugixml's offsets point into it
  pugi::xml_document doc;
  std::uint32_t lineOf(pugi::xml_node node) const {
    const std::ptrdiff_t offset = node.offset_debug();
    if (offset < 0) return 0;
    const auto end = text.begin() + std::min<std::ptrdiff_t>(offset, text.size());
    return static_cast<std::uint32_t>(1 + std::count(text.begin(), end, '\n'));
  }
};

// Loads an XML file (UTF-8 or UTF-16 with its BOM, as PowerShell writes it); a parse error names
// the file, line and column.
std::unique_ptr<XmlFile> load(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SourceError(fmt::format("{}: cannot read", path.string()));
  auto file = std::make_unique<XmlFile>();
  file->text = decodeTextBytes(
      std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
  const pugi::xml_parse_result result = file->doc.load_buffer(
      file->text.data(), file->text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result) {
    const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(result.offset, 0));
    throw SourceError(fmt::format("{}:{}: malformed XML: {}", path.string(),
                                  lineColumnAt(file->text, offset), result.description()));
  }
  return file;
}

SyncConnector readConnector(const fs::path& path) {
  const auto xml = load(path);
  const pugi::xml_document& doc = xml->doc;
  pugi::xml_node ma = doc.child("ma-data");
  if (!ma) ma = doc.child("saved-ma-configuration").child("ma-data"); // MIM/FIM export
  if (!ma)
    throw SourceError(
        fmt::format("{}: not a connector (no <ma-data> root element)", path.string()));
  SyncConnector c;
  c.file = path.string();
  c.id = textOf(ma.child("id"));
  c.name = textOf(ma.child("name"));
  if (c.id.empty()) throw SourceError(fmt::format("{}: <ma-data> has no <id>", path.string()));
  const std::string category = textOf(ma.child("category"));
  const std::string subtype = textOf(ma.child("subtype"));
  if (equalsIgnoreCase(c.id, kAzureAdConnectorId) ||
      equalsIgnoreCase(subtype, "Windows Azure Active Directory (Microsoft)"))
    c.kind = SyncConnector::Kind::AzureAd;
  else if (equalsIgnoreCase(category, "AD") || equalsIgnoreCase(category, "ADAM"))
    c.kind = SyncConnector::Kind::ActiveDirectory;
  const pugi::xml_node inclusion = ma.child("attribute-inclusion");
  c.hasAttributeInclusion = static_cast<bool>(inclusion);
  if (inclusion) c.inclusionLine = xml->lineOf(inclusion);
  for (pugi::xml_node a : inclusion.children("attribute"))
    if (std::string name = textOf(a); !name.empty())
      c.attributeInclusions.push_back(std::move(name));
  for (pugi::xml_node p : ma.child("ma-partition-data").children("partition")) {
    SyncPartition part;
    part.dn = textOf(p.child("name"));
    part.line = xml->lineOf(p);
    part.selected = isTrue(textOf(p.child("selected")));
    pugi::xml_node containers = p.child("filter").child("containers");
    for (pugi::xml_node i : containers.child("inclusions").children("inclusion"))
      if (std::string v = textOf(i); !v.empty()) part.inclusions.push_back(std::move(v));
    for (pugi::xml_node e : containers.child("exclusions").children("exclusion"))
      if (std::string v = textOf(e); !v.empty()) part.exclusions.push_back(std::move(v));
    c.partitions.push_back(std::move(part));
  }
  return c;
}

SyncRule readRule(const fs::path& path) {
  const auto xml = load(path);
  const pugi::xml_document& doc = xml->doc;
  const pugi::xml_node r = doc.child("synchronizationRule");
  if (!r)
    throw SourceError(
        fmt::format("{}: not a sync rule (no <synchronizationRule> root element)", path.string()));
  SyncRule rule;
  rule.file = path.string();
  rule.line = xml->lineOf(r);
  rule.id = textOf(r.child("id"));
  rule.name = textOf(r.child("name"));
  rule.immutableTag = textOf(r.child("immutable-tag"));
  rule.connector = textOf(r.child("connector"));
  const std::string direction = textOf(r.child("direction"));
  if (!equalsIgnoreCase(direction, "Outbound") && !equalsIgnoreCase(direction, "Inbound"))
    throw SourceError(fmt::format("{}: <direction> is \"{}\", expected Inbound or Outbound",
                                  path.string(), direction));
  rule.outbound = equalsIgnoreCase(direction, "Outbound");
  rule.disabled = isTrue(textOf(r.child("disabled")));
  rule.linkType = textOf(r.child("linkType"));
  const std::string precedence = textOf(r.child("precedence"));
  const auto p = parseInt64(precedence);
  if (!p)
    throw SourceError(
        fmt::format("{}: <precedence> \"{}\" is not a number", path.string(), precedence));
  rule.precedence = static_cast<long>(*p);
  rule.sourceObjectType = textOf(r.child("sourceObjectType"));
  rule.targetObjectType = textOf(r.child("targetObjectType"));
  for (pugi::xml_node group : r.child("synchronizationCriteria").children("conditions")) {
    std::vector<ScopeCondition> conditions;
    for (pugi::xml_node s : group.children("scope"))
      conditions.push_back({textOf(s.child("csAttribute")), textOf(s.child("csOperator")),
                            textOf(s.child("csValue"))});
    if (!conditions.empty()) rule.scope.push_back(std::move(conditions));
  }
  for (pugi::xml_node m : r.child("attribute-mappings").children("mapping")) {
    AttributeMapping mapping;
    mapping.dest = textOf(m.child("dest"));
    mapping.line = xml->lineOf(m);
    for (pugi::xml_node a : m.child("src").children("attr"))
      mapping.sources.push_back(textOf(a));
    mapping.expression = textOf(m.child("expression"));
    // Some builds write a constant as <constant>; it means the same as the expression.
    if (mapping.expression.empty()) mapping.expression = textOf(m.child("constant"));
    rule.mappings.push_back(std::move(mapping));
  }
  return rule;
}

} // namespace

SourceState readAdConnectExport(const std::string& dirText, SyncConfig& out) {
  SourceState state;
  state.origin = dirText;
  out.origin = dirText;
  std::vector<std::string> gaps;
  const fs::path dir(dirText);
  try {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      throw SourceError(fmt::format("{}: no such folder (expected a Get-ADSyncServerConfiguration "
                                    "export)",
                                    dirText));
    const fs::path connectors = dir / "Connectors", rules = dir / "SynchronizationRules",
                   global = dir / "GlobalSettings";
    if (!fs::is_directory(connectors, ec))
      throw SourceError(fmt::format("{}: missing (one Connector_{{guid}}.xml per connector)",
                                    connectors.string()));
    for (const fs::path& f : xmlFilesIn(connectors))
      out.connectors.push_back(readConnector(f));
    if (!out.azureAdConnector())
      throw SourceError(fmt::format("{}: no Azure AD connector (id {}): the export cannot say what "
                                    "reaches Entra ID",
                                    connectors.string(), kAzureAdConnectorId));
    if (std::none_of(out.connectors.begin(), out.connectors.end(), [](const SyncConnector& c) {
          return c.kind == SyncConnector::Kind::ActiveDirectory;
        }))
      throw SourceError(fmt::format("{}: no Active Directory connector: the sync scope is unknown",
                                    connectors.string()));
    if (!fs::is_directory(rules, ec))
      throw SourceError(fmt::format("{}: missing (one SynchronizationRule_{{guid}}.xml per rule)",
                                    rules.string()));
    for (const fs::path& f : xmlFilesIn(rules))
      out.rules.push_back(readRule(f));
    if (out.rules.empty()) throw SourceError(fmt::format("{}: no sync rules", rules.string()));
    // A rule is bound to its connector by GUID, written with or without braces in any case. A
    // reference that names no connector of the export leaves that rule's effect unknown.
    std::map<std::string, std::vector<const SyncRule*>> unresolved;
    for (const SyncRule* r : out.link())
      unresolved[r->connector].push_back(r);
    for (const auto& [connector, rules] : unresolved)
      gaps.push_back(
          fmt::format("{} sync rule(s) refer to connector {}, which is not in the export, "
                      "so what they do cannot be evaluated (first: \"{}\", {})",
                      rules.size(), connector.empty() ? "(none)" : connector, rules.front()->name,
                      rules.front()->file));

    if (fs::is_directory(global, ec)) {
      for (const fs::path& f : xmlFilesIn(global)) {
        const auto xml = load(f);
        for (pugi::xpath_node p : xml->doc.select_nodes("//mv-data/parameter-values/parameter")) {
          const std::string name = p.node().attribute("name").value();
          const std::string value = textOf(p.node());
          if (name == "Microsoft.SynchronizationOption.AnchorAttribute")
            out.sourceAnchor = value;
          else if (name == "Microsoft.Synchronize.StagingMode")
            out.stagingMode = isTrue(value);
          else if (name == "Microsoft.OptionalFeature.HybridExchange")
            out.exchangeHybrid = isTrue(value);
          else if (name == "Microsoft.Synchronize.ServerConfigurationVersion")
            out.serverVersion = value;
          else if (name == "Microsoft.OptionalFeature.FilterAAD")
            out.filterAad = isTrue(value);
          else if (name == "Microsoft.AADFilter.AttributeExclusionList")
            out.attributeExclusionList = listOf(value);
          else
            continue;
          out.globalSettingsFile = f.string();
          out.settingLines[name] = xml->lineOf(p.node());
        }
      }
      if (out.globalSettingsFile.empty())
        gaps.push_back(fmt::format("{}: no global parameters (source anchor, staging mode, "
                                   "version unknown)",
                                   global.string()));
    } else {
      gaps.push_back(fmt::format("{}: missing, so the source anchor, staging mode and version are "
                                 "unknown",
                                 global.string()));
    }
  } catch (const SourceError& e) {
    state.status = SourceStatus::Failed;
    state.errors.push_back(e.what());
    state.detail = e.what();
    return state;
  } catch (const std::exception& e) { // filesystem errors
    state.status = SourceStatus::Failed;
    state.errors.push_back(fmt::format("{}: {}", dirText, e.what()));
    state.detail = state.errors.back();
    return state;
  }
  state.objects = out.connectors.size() + out.rules.size();
  const std::string summary = fmt::format(
      "{} connector(s), {} sync rule(s), source anchor {}, version {}", out.connectors.size(),
      out.rules.size(), out.sourceAnchor.empty() ? "unknown" : out.sourceAnchor,
      out.serverVersion.empty() ? "unknown" : out.serverVersion);
  if (!gaps.empty()) {
    state.status = SourceStatus::Partial;
    state.errors = gaps;
    state.detail = fmt::format("{}; incomplete: {}", summary, fmt::join(gaps, "; "));
  } else {
    state.status = SourceStatus::Complete;
    state.detail = summary;
  }
  return state;
}

void checkExportCompleteness(const AdDirectory& ad, const SyncConfig& sync, SourceState& state) {
  if (state.status != SourceStatus::Complete && state.status != SourceStatus::Partial) return;
  const auto carrier = std::find_if(ad.accounts.begin(), ad.accounts.end(),
                                    [](const AdAccount& a) { return a.mailboxGuid.has_value(); });
  if (carrier == ad.accounts.end()) return;
  std::vector<std::string> missing;
  for (StandardRule rule :
       {StandardRule::InFromAdUserExchange, StandardRule::OutToAadUserExchangeOnline})
    if (!sync.hasStandardRule(rule)) missing.push_back(fmt::format("\"{}\"", nameOf(rule)));
  if (missing.empty()) return;
  const std::string gap = fmt::format(
      "{}: the export has no standard rule {}, although AD users carry msExchMailboxGuid (the "
      "first: {}): the export looks incomplete, so the flow of the attribute is unknown where "
      "those rules would decide it",
      sync.origin, fmt::join(missing, " or "), carrier->dn);
  state.status = SourceStatus::Partial;
  state.errors.push_back(gap);
  state.detail += "; incomplete: " + gap;
}

} // namespace migready
