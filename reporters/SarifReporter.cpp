#include "reporters/SarifReporter.h"

#include "reporters/common/InputLocations.h"
#include "reporters/common/JsonText.h"
#include "reporters/common/ReportText.h"
#include "reporters/common/TextClean.h"

#include <boost/json.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <optional>

namespace migready {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// Where the project's documentation lives (a build setting, MIGREADY_HOME_URL): the tool's
// informationUri and each rule's helpUri (docs/checks/ID.md, the check's `explain` text).
constexpr std::string_view kHome = MIGREADY_HOME_URL;
// The fingerprint's key: versioned, so that a change of how fingerprints are made starts a new
// series in code scanning instead of matching old results wrongly.
constexpr std::string_view kFingerprintKey = "migready/v1";

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

json::object locationOf(const Evidence& e, const Subject& subject,
                        const InputLocations& artifacts) {
  json::object loc;
  const SplitLocation where = splitLocation(e.location);
  if (const auto& ref = artifacts.of(e, where.file)) {
    json::object physical{
        {"artifactLocation", json::object{{"uri", jsonText(uriPath(ref->path, !ref->dn))},
                                          {"uriBaseId", jsonText(ref->baseId)}}}};
    if (where.line) {
      json::object region{{"startLine", *where.line}};
      if (e.endLine > *where.line) region["endLine"] = e.endLine;
      physical["region"] = std::move(region);
    }
    loc["physicalLocation"] = std::move(physical);
  }
  json::array logical;
  if (!where.pointer.empty()) {
    // Graph pages are saved as Microsoft sent them, most often on one line: the JSON pointer
    // says where in the page the object is; a line would say nothing.
    logical.push_back(
        json::object{{"fullyQualifiedName", jsonText(where.pointer)}, {"kind", "element"}});
    loc["properties"] = json::object{{"jsonPointer", jsonText(where.pointer)}};
  }
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

// run.originalUriBaseIds: each base described; its absolute URI only when asked for.
json::object baseIdsOf(const std::vector<InputRoot>& roots, bool absolute) {
  json::object ids;
  for (const InputRoot& r : roots) {
    json::object base{{"description", json::object{{"text", jsonText(r.description)}}}};
    if (r.live && r.path.find("://") != std::string::npos) {
      std::string uri = r.path;
      if (!uri.ends_with('/')) uri += '/';
      base["uri"] = jsonText(uri); // the server the user named: nothing of this machine
    } else if (absolute && !r.live) {
      std::error_code ec;
      std::string folder =
          fs::absolute(r.path.empty() ? "." : r.path, ec).lexically_normal().generic_string();
      if (!folder.ends_with('/')) folder += '/';
      base["uri"] = jsonText("file://" + uriPath(folder, true));
    }
    ids[r.id] = std::move(base);
  }
  return ids;
}
} // namespace

void SarifReporter::write(const Report& r, std::ostream& out) const {
  const InputLocations artifacts(r.inputs);
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
        {"helpUri",
         jsonText(fmt::format("{}/blob/main/docs/checks/{}.md", kHome, uriPath(c.id, false)))},
        {"defaultConfiguration", json::object{{"level", levelOf(c.severity)}}},
        {"properties",
         json::object{{"group", jsonText(c.group)}, {"status", jsonText(toString(c.status))}}}});
  }
  // What every result has: rule, level, message, locations and fingerprint (a finding of this
  // scan, or one of the baseline that is gone); callers add the rest in their order.
  const auto resultOf = [&](const Finding& f, std::string_view message,
                            const InputLocations& bases) {
    json::array locations;
    for (const Evidence& e : f.evidence)
      locations.push_back(locationOf(e, f.subject, bases));
    return json::object{
        {"ruleId", jsonText(f.check)},
        {"level", levelOf(f.severity)},
        {"message", json::object{{"text", jsonText(message)}}},
        {"locations", std::move(locations)},
        {"partialFingerprints", json::object{{kFingerprintKey, jsonText(f.fingerprint)}}}};
  };
  const auto addRuleIndex = [&](json::object& result, const Finding& f) {
    if (auto it = ruleIndex.find(f.check); it != ruleIndex.end()) result["ruleIndex"] = it->second;
  };
  json::array results;
  for (const Finding& f : r.findings) {
    json::object result = resultOf(f, r.shownText(f.message), artifacts);
    result["properties"] = json::object{{"severity", jsonText(toString(f.severity))},
                                        {"remediation", jsonText(r.shownText(f.remediation))},
                                        {"upn", jsonText(f.subject.upn)},
                                        {"kind", jsonText(f.subject.kind)}};
    addRuleIndex(result, f);
    // An accepted exception: code scanning shows it as dismissed, with who and why.
    if (const Waiver* w = r.waiverOf(f))
      result["suppressions"] = json::array{json::object{
          {"kind", "external"},
          {"status", "accepted"},
          {"justification", jsonText(waiverSentence(*w))},
          {"properties", json::object{{"owner", jsonText(w->owner)},
                                      {"expires", jsonText(w->expires)},
                                      {"location", jsonText(artifacts.shown(
                                                       Evidence{"waivers", w->where(), {}}))}}}}};
    if (f.baseline != BaselineState::None) result["baselineState"] = toString(f.baseline);
    results.push_back(std::move(result));
  }
  // With a baseline, its findings that are gone are results too, marked absent (SARIF 3.27.24).
  if (r.baseline)
    for (const Finding& f : r.baseline->resolved) {
      json::object result =
          resultOf(f, fmt::format("resolved since the baseline: {}", f.message), artifacts);
      result["baselineState"] = "absent";
      result["properties"] = json::object{{"severity", jsonText(toString(f.severity))},
                                          {"upn", jsonText(f.subject.upn)},
                                          {"kind", jsonText(f.subject.kind)}};
      addRuleIndex(result, f);
      results.push_back(std::move(result));
    }
  // The run did not succeed as a whole when a source failed or was read in part, or a check
  // failed: each is said in a notification, as are the checks that did not run, so that a
  // viewer never reads their silence as a pass.
  bool successful = true;
  json::array notifications;
  for (SourceKind k : kAllSources) {
    const SourceState& s = r.source(k);
    if (s.status == SourceStatus::Failed || s.status == SourceStatus::Partial) {
      successful = false;
      notifications.push_back(json::object{
          {"level", "error"},
          {"message", json::object{{"text", jsonText(r.shownText(r.sourceSentence(k)))}}}});
    }
  }
  for (const CheckResult& c : r.checks) {
    if (c.status != CheckStatus::NotRun && c.status != CheckStatus::Error) continue;
    if (c.status == CheckStatus::Error) successful = false;
    json::object n{
        {"level", c.status == CheckStatus::Error ? "error" : "note"},
        {"message",
         json::object{
             {"text", jsonText(fmt::format("{} {}: {}", c.id, statusWords(c.status), c.reason))}}}};
    if (auto it = ruleIndex.find(c.id); it != ruleIndex.end())
      n["associatedRule"] = json::object{{"id", jsonText(c.id)}, {"index", it->second}};
    notifications.push_back(std::move(n));
  }
  json::object run{
      {"tool", json::object{{"driver", json::object{{"name", "migready"},
                                                    {"version", jsonText(r.toolVersion)},
                                                    {"semanticVersion", jsonText(r.toolVersion)},
                                                    {"informationUri", jsonText(kHome)},
                                                    {"rules", std::move(rules)}}}}},
      {"invocations",
       json::array{json::object{{"executionSuccessful", successful},
                                {"endTimeUtc", jsonText(r.generatedAt)},
                                {"toolExecutionNotifications", std::move(notifications)}}}},
      {"results", std::move(results)},
      {"properties", json::object{{"verdict", jsonText(toString(r.gate.verdict))},
                                  {"verdictReason", jsonText(r.shownText(r.gate.reason))},
                                  {"readiness", jsonText(toString(r.readiness))},
                                  {"readinessReason", jsonText(r.shownText(r.readinessReason))}}}};
  if (!r.inputs.empty())
    run["originalUriBaseIds"] = baseIdsOf(r.inputs, options_.sarifAbsoluteBase);
  const json::object doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                         {"version", "2.1.0"},
                         {"runs", json::array{std::move(run)}}};
  out << json::serialize(doc) << "\n";
}

} // namespace migready
