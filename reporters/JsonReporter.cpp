#include "reporters/JsonReporter.h"

#include "reporters/common/AffectedUsers.h"
#include "reporters/common/InputLocations.h"
#include "reporters/common/JsonText.h"
#include "reporters/common/TextClean.h"

#include <boost/json.hpp>
#include <cstdint>
#include <cstring>
#include <future>
#include <sstream>

namespace migready {

namespace json = boost::json;

namespace {
constexpr std::size_t kBlockFindings = 4096;

json::value textOrNull(std::string_view s) {
  return s.empty() ? json::value(nullptr) : jsonText(s);
}

json::object sourceJson(const SourceState& s) {
  json::array errors;
  for (const auto& e : s.errors)
    errors.push_back(jsonText(e));
  return {{"status", jsonText(toString(s.status))},
          {"objects", s.objects},
          {"origin", textOrNull(s.origin)},
          {"detail", textOrNull(s.detail)},
          {"errors", std::move(errors)}};
}

// Appends `text` as a JSON string: invalid UTF-8 becomes U+FFFD, control characters are
// escaped. One pass; the report of a million findings spends most of its time here.
// Writes `"key":value` members of one JSON object, compactly.
class MemberWriter {
public:
  explicit MemberWriter(std::string& out) : out_(out) { out_ += '{'; }
  ~MemberWriter() { out_ += '}'; }
  MemberWriter(const MemberWriter&) = delete;
  MemberWriter& operator=(const MemberWriter&) = delete;
  void text(std::string_view key, std::string_view value) {
    open(key);
    appendJsonString(out_, value);
  }
  void textOrNull(std::string_view key, std::string_view value) {
    if (value.empty()) {
      open(key);
      out_ += "null";
    } else {
      text(key, value);
    }
  }
  // Starts a member whose value the caller writes.
  void raw(std::string_view key) { open(key); }

private:
  void open(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    appendJsonString(out_, key);
    out_ += ':';
  }
  std::string& out_;
  bool first_ = true;
};

// One finding on one line: a report of a million findings stays a third smaller than indented
// JSON, and still diffs line by line.
void appendFinding(std::string& out, const Finding& f, const InputLocations& where) {
  MemberWriter m(out);
  m.text("check", f.check);
  m.text("severity", toString(f.severity));
  m.raw("subject");
  {
    MemberWriter s(out);
    s.textOrNull("dn", f.subject.dn);
    s.textOrNull("upn", f.subject.upn);
    s.textOrNull("objectGuid", f.subject.objectGuid);
    s.textOrNull("cloudId", f.subject.cloudId);
    s.textOrNull("displayName", f.subject.displayName);
    s.textOrNull("kind", f.subject.kind);
    s.textOrNull("configItem", f.subject.configItem);
  }
  m.text("message", f.message);
  m.text("remediation", f.remediation);
  m.raw("evidence");
  out += '[';
  bool first = true;
  for (const Evidence& e : f.evidence) {
    if (!first) out += ',';
    first = false;
    MemberWriter ev(out);
    ev.text("source", e.source);
    ev.text("location", where.shown(e));
    ev.textOrNull("input", where.inputOf(e));
    ev.textOrNull("detail", e.detail);
  }
  out += ']';
  m.text("fingerprint", f.fingerprint);
}

// A finding of this scan: the finding, its waiver and where it stands against the baseline.
void appendScanFinding(std::string& out, const Report& r, const Finding& f,
                       const InputLocations& where) {
  appendFinding(out, f, where);
  out.pop_back(); // reopen the object: the gate's members follow
  out += ",\"waiver\":";
  if (const Waiver* w = r.waiverOf(f)) {
    MemberWriter m(out);
    m.text("reason", w->reason);
    m.text("owner", w->owner);
    m.text("expires", w->expires);
    m.textOrNull("ticket", w->ticket);
    m.text("location", where.shown(Evidence{"waivers", w->where(), {}}));
  } else {
    out += "null";
  }
  out += ",\"wave\":";
  if (const std::string_view wave = r.waveOf(f); wave.empty())
    out += "null";
  else
    appendJsonString(out, wave);
  out += ",\"baselineState\":";
  if (f.baseline == BaselineState::None)
    out += "null";
  else
    appendJsonString(out, toString(f.baseline));
  out += ",\"gate\":"; // how the gate treats it: counted, or why not
  const std::string_view why = notCountedWhy(r, f);
  appendJsonString(out, why.empty() ? std::string_view("counted") : why);
  out += '}';
}

json::object jobJson(const CloudSyncJob& j) {
  return {{"id", jsonText(j.id)},
          {"servicePrincipal", textOrNull(j.servicePrincipalName)},
          {"servicePrincipalId", textOrNull(j.servicePrincipalId)},
          {"templateId", textOrNull(j.templateId)},
          {"domain", textOrNull(j.domain)},
          {"schedule", textOrNull(j.scheduleState)},
          {"status", textOrNull(j.statusCode)},
          {"quarantined", j.quarantined}};
}

// The sync configuration's inputs: which tool, which file (and the input it is under), which
// domain, how it was read; and the tenant's Cloud Sync jobs when they were read.
json::object syncJson(const Report& r, const InputLocations& where) {
  json::array tools;
  for (const SyncInput& in : r.syncInputs) {
    const bool connect = in.tool == SyncTool::Connect;
    const Evidence e{"cloudsync", in.file, {}};
    json::object t{
        {"tool", jsonText(toString(in.tool))},
        {"path", jsonText(in.file)},
        {"input", textOrNull(connect ? std::string("ADCONNECTEXPORT") : where.inputOf(e))},
        {"domain", connect ? json::value(nullptr) : textOrNull(in.domain)},
        {"fromTenant", in.fromTenant},
        {"status", jsonText(toString(in.state.status))},
        {"detail", textOrNull(in.state.detail)},
        {"jobId", textOrNull(in.jobId)},
        {"shape", textOrNull(in.shape)},
        {"version", textOrNull(in.version)},
        {"job", in.job ? json::value(jobJson(*in.job)) : json::value(nullptr)}};
    tools.push_back(std::move(t));
  }
  json::value jobs = nullptr;
  if (r.cloudSyncJobsRead) {
    json::array list;
    for (const CloudSyncJob& j : r.cloudSyncJobs)
      list.push_back(jobJson(j));
    jobs = std::move(list);
  }
  return {{"tools", std::move(tools)},
          {"tenantJobs", std::move(jobs)},
          {"tenantJobsNote", textOrNull(r.cloudSyncJobsNote)}};
}

json::object waiverJson(const Waiver& w, std::size_t accepted, std::string_view today,
                        const InputLocations& where) {
  json::array checks;
  for (const auto& c : w.checks)
    checks.push_back(jsonText(c));
  json::object match;
  const auto add = [&](std::string_view key, const std::string& value) {
    if (!value.empty()) match[key] = jsonText(value);
  };
  add("fingerprint", w.fingerprint);
  add("objectGuid", w.objectGuid);
  add("upn", w.upn);
  add("dn", w.dn);
  add("cloudId", w.cloudId);
  return {{"check", std::move(checks)},
          {"match", std::move(match)},
          {"reason", jsonText(w.reason)},
          {"owner", jsonText(w.owner)},
          {"expires", jsonText(w.expires)},
          {"ticket", textOrNull(w.ticket)},
          {"location", jsonText(where.shown(Evidence{"waivers", w.where(), {}}))},
          {"expired", w.expiredOn(today)},
          {"accepted", accepted}};
}

// Two-space indented output, keys in insertion order, so reports diff well.
void pretty(std::ostream& os, const json::value& v, int indent) {
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  const std::string inner(static_cast<std::size_t>(indent + 1) * 2, ' ');
  if (v.is_object()) {
    const auto& o = v.get_object();
    if (o.empty()) {
      os << "{}";
      return;
    }
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
    if (a.empty()) {
      os << "[]";
      return;
    }
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
  const InputLocations where(r.inputs);
  json::object sources;
  for (SourceKind k : kAllSources)
    sources[toString(k)] = sourceJson(r.source(k));
  json::array scope;
  for (SourceKind k : r.scope)
    scope.push_back(jsonText(toString(k)));
  json::array checks;
  for (const CheckResult& c : r.checks)
    checks.push_back(json::object{{"id", jsonText(c.id)},
                                  {"title", jsonText(c.title)},
                                  {"group", jsonText(c.group)},
                                  {"severity", jsonText(toString(c.severity))},
                                  {"status", jsonText(toString(c.status))},
                                  {"findings", c.findings},
                                  {"waived", c.waived},
                                  {"users", c.users},
                                  {"reason", textOrNull(c.reason)}});
  // The tenant's counts (the gate's own findings left out), whatever the gate's options.
  json::object summary{{"findings", r.findingsAt(Severity::Blocker) +
                                        r.findingsAt(Severity::Warning) +
                                        r.findingsAt(Severity::Info)},
                       {"blocker", r.findingsAt(Severity::Blocker)},
                       {"warning", r.findingsAt(Severity::Warning)},
                       {"info", r.findingsAt(Severity::Info)},
                       {"waived", r.waived},
                       {"users", json::object{{"blocked", r.users.blocked},
                                              {"warned", r.users.warned},
                                              {"total", r.users.total},
                                              {"blockedWaived", r.users.blockedWaived}}}};
  const GateDecision& g = r.gate;
  json::object gate{{"mode", g.newOnly ? "new-findings-only" : "all-findings"},
                    {"waiverFile", textOrNull(r.waiverFile)},
                    {"baseline", nullptr}};
  if (r.baseline) {
    summary["new"] = r.baseline->newFindings;
    summary["unchanged"] = r.baseline->unchanged;
    summary["resolved"] = r.baseline->resolved.size();
    gate["baseline"] = json::object{{"file", jsonText(r.baseline->file)},
                                    {"generatedAt", jsonText(r.baseline->generatedAt)}};
  }
  json::array inputs; // what the evidence's locations are relative to
  for (const InputRoot& in : r.inputs)
    inputs.push_back(json::object{{"id", jsonText(in.id)},
                                  {"path", jsonText(in.path)},
                                  {"live", in.live},
                                  {"description", jsonText(in.description)}});
  json::array waivers;
  for (std::size_t i = 0; i < r.waivers.size(); ++i)
    waivers.push_back(waiverJson(r.waivers[i], i < r.waiverUse.size() ? r.waiverUse[i] : 0,
                                 r.generatedAt.substr(0, 10), where));
  gate["waivers"] = std::move(waivers);
  gate["wave"] = textOrNull(g.wave);
  std::size_t gateFindings = 0;
  for (const Finding& f : r.findings)
    gateFindings += r.aboutGate(f);
  gate["findings"] = gateFindings;
  gate["counted"] = json::object{{"findings", g.counted}, {"users", g.users}};
  gate["leftOut"] = json::object{{"waived", g.leftOutWaived},
                                 {"baseline", g.leftOutExisting},
                                 {"otherWaves", g.leftOutOtherWaves}};
  json::array incomplete;
  for (const std::string& why : r.incomplete)
    incomplete.push_back(jsonText(why));
  json::array waves;
  for (const WaveReadiness& w : r.waves)
    waves.push_back(json::object{{"name", jsonText(w.name)},
                                 {"verdict", jsonText(toString(w.readiness))},
                                 {"reason", jsonText(w.reason)},
                                 {"users", w.users},
                                 {"blocked", w.blocked},
                                 {"warned", w.warned},
                                 {"blockedWaived", w.blockedWaived},
                                 {"rows", w.rows},
                                 {"gate", jsonText(toString(w.gate))},
                                 {"gated", !g.wave.empty() && w.name == g.wave}});
  json::object doc{
      {"schemaVersion", jsonText(kSchemaVersion)},
      {"tool", json::object{{"name", jsonText(r.toolName)}, {"version", jsonText(r.toolVersion)}}},
      {"generatedAt", jsonText(r.generatedAt)},
      {"title", textOrNull(r.title)},
      {"customer", textOrNull(r.customer)},
      {"tenantId", textOrNull(r.tenantId)},
      {"readiness", json::object{{"status", jsonText(toString(r.readiness))},
                                 {"reason", jsonText(r.readinessReason)},
                                 {"incomplete", std::move(incomplete)}}},
      {"verdict", jsonText(toString(g.verdict))},
      {"verdictReason", jsonText(g.reason)},
      {"exitCode", exitCodeOf(g.verdict)},
      {"failOn", jsonText(toString(g.failOn))},
      {"scope", std::move(scope)},
      {"sources", std::move(sources)},
      {"sync", syncJson(r, where)},
      {"inputs", std::move(inputs)},
      {"gate", std::move(gate)},
      {"summary", std::move(summary)},
      {"waves", std::move(waves)},
      {"checks", std::move(checks)}};
  // The head is small; findings are written one at a time so that a report of a million
  // findings never exists twice in memory.
  std::ostringstream head;
  pretty(head, doc, 0);
  std::string headText = std::move(head).str();
  headText.resize(headText.size() - 2); // drop the closing "\n}": "findings" goes last
  out << headText;
  if (r.baseline) { // the baseline's findings gone from this scan, as it wrote them
    out << ",\n  \"resolved\": [";
    std::string block;
    for (std::size_t i = 0; i < r.baseline->resolved.size(); ++i) {
      block += i == 0 ? "\n    " : ",\n    ";
      appendFinding(block, r.baseline->resolved[i], where);
    }
    out << block << (r.baseline->resolved.empty() ? "]" : "\n  ]");
  }
  out << ",\n  \"findings\": [";
  // Findings are formatted in blocks; while one block is written, the next is formatted on a
  // second thread. Output order is the findings' order.
  const std::size_t count = r.findings.size();
  // Used by one thread at a time: each block is formatted after the one before it.
  auto format = [&r, &where, count](std::size_t begin) {
    std::string block;
    block.reserve(kBlockFindings * 1024);
    for (std::size_t i = begin; i < std::min(count, begin + kBlockFindings); ++i) {
      block += i == 0 ? "\n    " : ",\n    ";
      appendScanFinding(block, r, r.findings[i], where);
    }
    return block;
  };
  std::future<std::string> pending;
  if (count > 0) pending = std::async(std::launch::async, format, 0);
  for (std::size_t begin = 0; begin < count; begin += kBlockFindings) {
    std::string block = pending.get();
    if (begin + kBlockFindings < count)
      pending = std::async(std::launch::async, format, begin + kBlockFindings);
    out.write(block.data(), static_cast<std::streamsize>(block.size()));
  }
  out << (count == 0 ? "]\n}\n" : "\n  ]\n}\n");
}

} // namespace migready
