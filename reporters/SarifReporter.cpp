#include "reporters/SarifReporter.h"

#include "reporters/common/JsonText.h"
#include "reporters/common/ReportText.h"
#include "reporters/common/TextClean.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <map>

namespace migready {

namespace json = boost::json;

namespace {

std::string_view levelOf(Severity s) {
  switch (s) {
  case Severity::Blocker:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Info:
    return "note";
  }
  return "note";
}

// The first paragraph of a check's doc: SARIF viewers show it as the rule's description.
std::string firstParagraph(std::string_view doc) {
  const auto end = doc.find("\n\n");
  std::string p(doc.substr(0, end));
  for (char& c : p)
    if (c == '\n') c = ' ';
  return p;
}

json::object locationOf(const Evidence& e, const Subject& subject) {
  json::object loc;
  const SplitLocation where = splitLocation(e.location);
  json::object physical{{"artifactLocation", json::object{{"uri", jsonText(where.file)}}}};
  if (where.line) physical["region"] = json::object{{"startLine", *where.line}};
  loc["physicalLocation"] = std::move(physical);
  json::array logical;
  if (!where.pointer.empty())
    logical.push_back(
        json::object{{"fullyQualifiedName", jsonText(where.pointer)}, {"kind", "element"}});
  if (!subject.dn.empty())
    logical.push_back(
        json::object{{"fullyQualifiedName", jsonText(subject.dn)}, {"kind", "object"}});
  if (!subject.cloudId.empty())
    logical.push_back(
        json::object{{"fullyQualifiedName", jsonText(subject.cloudId)}, {"kind", "object"}});
  if (!subject.configItem.empty())
    logical.push_back(
        json::object{{"fullyQualifiedName", jsonText(subject.configItem)}, {"kind", "object"}});
  if (!logical.empty()) loc["logicalLocations"] = std::move(logical);
  return loc;
}
} // namespace

void SarifReporter::write(const Report& r, std::ostream& out) const {
  json::array rules;
  std::map<std::string, std::size_t> ruleIndex;
  for (const CheckResult& c : r.checks) {
    ruleIndex[c.id] = rules.size();
    rules.push_back(json::object{
        {"id", jsonText(c.id)},
        {"name", jsonText(c.name.empty() ? c.id : c.name)},
        {"shortDescription", json::object{{"text", jsonText(c.title)}}},
        {"fullDescription", json::object{{"text", jsonText(firstParagraph(c.doc))}}},
        {"help", json::object{{"text", jsonText(c.doc)}, {"markdown", jsonText(c.doc)}}},
        {"defaultConfiguration", json::object{{"level", levelOf(c.severity)}}},
        {"properties",
         json::object{{"group", jsonText(c.group)}, {"status", jsonText(toString(c.status))}}}});
  }
  json::array results;
  for (const Finding& f : r.findings) {
    json::array locations;
    for (const Evidence& e : f.evidence)
      locations.push_back(locationOf(e, f.subject));
    json::object result{
        {"ruleId", jsonText(f.check)},
        {"level", levelOf(f.severity)},
        {"message", json::object{{"text", jsonText(f.message)}}},
        {"locations", std::move(locations)},
        {"partialFingerprints", json::object{{"migready/v1", jsonText(f.fingerprint)}}},
        {"properties", json::object{{"severity", jsonText(toString(f.severity))},
                                    {"remediation", jsonText(f.remediation)},
                                    {"upn", jsonText(f.subject.upn)},
                                    {"kind", jsonText(f.subject.kind)}}}};
    if (auto it = ruleIndex.find(f.check); it != ruleIndex.end()) result["ruleIndex"] = it->second;
    results.push_back(std::move(result));
  }
  json::array notifications;
  for (SourceKind k : kAllSources) {
    const SourceState& s = r.source(k);
    if (s.status == SourceStatus::Failed || s.status == SourceStatus::Partial)
      notifications.push_back(json::object{
          {"level", "error"}, {"message", json::object{{"text", jsonText(r.sourceSentence(k))}}}});
  }
  // Checks that did not run (a source not given or failed) or failed themselves: said in the
  // invocation, so that a viewer never reads their silence as a pass.
  for (const CheckResult& c : r.checks) {
    if (c.status != CheckStatus::NotRun && c.status != CheckStatus::Error) continue;
    json::object n{
        {"level", c.status == CheckStatus::Error ? "error" : "note"},
        {"message",
         json::object{
             {"text", jsonText(fmt::format("{} {}: {}", c.id, statusWords(c.status), c.reason))}}}};
    if (auto it = ruleIndex.find(c.id); it != ruleIndex.end())
      n["associatedRule"] = json::object{{"id", jsonText(c.id)}, {"index", it->second}};
    notifications.push_back(std::move(n));
  }
  const json::object doc{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       json::array{json::object{
           {"tool",
            json::object{{"driver", json::object{{"name", "migready"},
                                                 {"version", jsonText(r.toolVersion)},
                                                 {"semanticVersion", jsonText(r.toolVersion)},
                                                 {"rules", std::move(rules)}}}}},
           {"invocations",
            json::array{json::object{{"executionSuccessful", r.verdict != Verdict::Incomplete},
                                     {"endTimeUtc", jsonText(r.generatedAt)},
                                     {"toolExecutionNotifications", std::move(notifications)}}}},
           {"results", std::move(results)},
           {"properties", json::object{{"verdict", jsonText(toString(r.verdict))},
                                       {"verdictReason", jsonText(r.verdictReason)}}}}}}};
  out << json::serialize(doc) << "\n";
}

} // namespace migready
