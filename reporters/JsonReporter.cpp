#include "reporters/JsonReporter.h"

#include <boost/json.hpp>
#include <sstream>

#include "reporters/TextClean.h"

namespace migready {

namespace json = boost::json;

namespace {
json::value text(std::string_view s) { return json::string(toValidUtf8(s)); }
json::value textOrNull(std::string_view s) { return s.empty() ? json::value(nullptr) : text(s); }

json::object sourceJson(const SourceState& s) {
  json::array errors;
  for (const auto& e : s.errors) errors.push_back(text(e));
  return {{"status", text(toString(s.status))},
          {"objects", s.objects},
          {"origin", textOrNull(s.origin)},
          {"detail", textOrNull(s.detail)},
          {"errors", std::move(errors)}};
}

json::object findingJson(const Finding& f) {
  json::array evidence;
  for (const Evidence& e : f.evidence)
    evidence.push_back(json::object{{"source", text(e.source)},
                                    {"location", text(e.location)},
                                    {"detail", textOrNull(e.detail)}});
  return {{"check", text(f.check)},
          {"severity", text(toString(f.severity))},
          {"subject",
           json::object{{"dn", textOrNull(f.subject.dn)},
                        {"upn", textOrNull(f.subject.upn)},
                        {"objectGuid", textOrNull(f.subject.objectGuid)},
                        {"cloudId", textOrNull(f.subject.cloudId)},
                        {"displayName", textOrNull(f.subject.displayName)},
                        {"kind", textOrNull(f.subject.kind)}}},
          {"message", text(f.message)},
          {"remediation", text(f.remediation)},
          {"evidence", std::move(evidence)},
          {"fingerprint", text(f.fingerprint)}};
}

// Two-space indented output, keys in insertion order, so reports diff well.
void pretty(std::ostream& os, const json::value& v, int indent) {
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  const std::string inner(static_cast<std::size_t>(indent + 1) * 2, ' ');
  if (v.is_object()) {
    const auto& o = v.get_object();
    if (o.empty()) { os << "{}"; return; }
    os << "{\n";
    bool first = true;
    for (const auto& kv : o) {
      if (!first) os << ",\n";
      first = false;
      os << inner << json::serialize(json::string(kv.key())) << ": ";
      pretty(os, kv.value(), indent + 1);
    }
    os << "\n" << pad << "}";
  } else if (v.is_array()) {
    const auto& a = v.get_array();
    if (a.empty()) { os << "[]"; return; }
    os << "[\n";
    bool first = true;
    for (const auto& e : a) {
      if (!first) os << ",\n";
      first = false;
      os << inner;
      pretty(os, e, indent + 1);
    }
    os << "\n" << pad << "]";
  } else {
    os << json::serialize(v);
  }
}
} // namespace

void JsonReporter::write(const Report& r, std::ostream& out) const {
  json::object sources;
  for (SourceKind k : kAllSources) sources[toString(k)] = sourceJson(r.source(k));
  json::array scope;
  for (SourceKind k : r.scope) scope.push_back(text(toString(k)));
  std::size_t bySeverity[3] = {0, 0, 0};
  for (const Finding& f : r.findings) ++bySeverity[static_cast<int>(f.severity)];
  json::array checks;
  for (const CheckResult& c : r.checks)
    checks.push_back(json::object{{"id", text(c.id)},
                                  {"title", text(c.title)},
                                  {"group", text(c.group)},
                                  {"severity", text(toString(c.severity))},
                                  {"status", text(toString(c.status))},
                                  {"findings", c.findings},
                                  {"reason", textOrNull(c.reason)}});
  json::object doc{
      {"schemaVersion", text(kSchemaVersion)},
      {"tool", json::object{{"name", text(r.toolName)}, {"version", text(r.toolVersion)}}},
      {"generatedAt", text(r.generatedAt)},
      {"verdict", text(toString(r.verdict))},
      {"verdictReason", text(r.verdictReason)},
      {"exitCode", exitCodeOf(r.verdict)},
      {"failOn", text(toString(r.failOn))},
      {"scope", std::move(scope)},
      {"sources", std::move(sources)},
      {"summary", json::object{{"findings", r.findings.size()},
                               {"blocker", bySeverity[2]},
                               {"warning", bySeverity[1]},
                               {"info", bySeverity[0]}}},
      {"checks", std::move(checks)}};
  // The head is small; findings are written one at a time so that a report of a million
  // findings never exists twice in memory.
  std::ostringstream head;
  pretty(head, doc, 0);
  std::string headText = std::move(head).str();
  headText.resize(headText.size() - 2); // drop the closing "\n}": "findings" goes last
  out << headText << ",\n  \"findings\": [";
  bool first = true;
  for (const Finding& f : r.findings) {
    out << (first ? "\n    " : ",\n    ");
    first = false;
    pretty(out, findingJson(f), 2);
  }
  out << (first ? "]\n}\n" : "\n  ]\n}\n");
}

} // namespace migready
