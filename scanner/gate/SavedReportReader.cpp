#include "scanner/gate/SavedReportReader.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <fstream>

namespace migready {

namespace json = boost::json;

namespace {
// A report of a few million findings is a few GiB; beyond that it is not a report.
constexpr std::uint64_t kMaxReportBytes = 8ull << 30;

class Reader {
public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& message) const {
    throw GateInputError(fmt::format("{}: {}{}: not a migready JSON report (schema 1.x or 2.x)",
                                     path_, where.empty() ? "" : where + ": ", message));
  }

  const json::object& object(const json::value& v, const std::string& where) const {
    if (!v.is_object()) fail(where, "expected an object");
    return v.get_object();
  }
  const json::object& member(const json::object& o, std::string_view key) const {
    const json::value* v = o.if_contains(key);
    if (!v) fail("", fmt::format("\"{}\" is missing", key));
    return object(*v, std::string(key));
  }
  std::string text(const json::object& o, std::string_view key, const std::string& where,
                   bool required = true) const {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) {
      if (required) fail(where, fmt::format("\"{}\" is missing", key));
      return {};
    }
    if (!v->is_string()) fail(where, fmt::format("\"{}\" is not a string", key));
    return std::string(v->get_string());
  }
  const json::array& array(const json::object& o, std::string_view key,
                           const std::string& where) const {
    const json::value* v = o.if_contains(key);
    if (!v || !v->is_array()) fail(where, fmt::format("\"{}\" is not an array", key));
    return v->get_array();
  }

  Severity severity(const json::object& o, const std::string& where) const {
    const std::string s = text(o, "severity", where);
    const auto parsed = parseSeverity(s);
    if (!parsed) fail(where, fmt::format("severity \"{}\" is not blocker, warning or info", s));
    return *parsed;
  }

  Finding finding(const json::value& v, std::size_t index, SavedReport& out) const {
    const std::string where = fmt::format("findings[{}]", index);
    const json::object& o = object(v, where);
    Finding f;
    f.check = text(o, "check", where);
    f.severity = severity(o, where);
    f.message = text(o, "message", where);
    f.remediation = text(o, "remediation", where, false);
    f.fingerprint = text(o, "fingerprint", where);
    if (f.fingerprint.size() != 32 ||
        f.fingerprint.find_first_not_of("0123456789abcdef") != std::string::npos)
      fail(where, "\"fingerprint\" is not 32 hexadecimal digits");
    const json::value* subject = o.if_contains("subject");
    if (!subject) fail(where, "\"subject\" is missing");
    const json::object& s = object(*subject, where + ".subject");
    const std::string sw = where + ".subject";
    f.subject.dn = text(s, "dn", sw, false);
    f.subject.upn = text(s, "upn", sw, false);
    f.subject.objectGuid = text(s, "objectGuid", sw, false);
    f.subject.cloudId = text(s, "cloudId", sw, false);
    f.subject.displayName = text(s, "displayName", sw, false);
    f.subject.kind = text(s, "kind", sw, false);
    f.subject.configItem = text(s, "configItem", sw, false);
    if (const json::value* ev = o.if_contains("evidence"); ev && ev->is_array())
      for (const json::value& e : ev->get_array()) {
        if (!e.is_object()) continue;
        const json::object& eo = e.get_object();
        f.evidence.push_back({text(eo, "source", where, false), text(eo, "location", where, false),
                              text(eo, "detail", where, false), 0});
      }
    if (const json::value* w = o.if_contains("waiver"); w && w->is_object()) {
      const json::object& wo = w->get_object();
      Waiver waiver;
      waiver.checks = {f.check};
      waiver.reason = text(wo, "reason", where + ".waiver", false);
      waiver.owner = text(wo, "owner", where + ".waiver", false);
      waiver.expires = text(wo, "expires", where + ".waiver", false);
      waiver.ticket = text(wo, "ticket", where + ".waiver", false);
      f.waiver = static_cast<std::int32_t>(out.waivers.size());
      out.waivers.push_back(std::move(waiver));
    }
    if (const json::value* b = o.if_contains("baselineState"); b && b->is_string())
      f.baseline = b->get_string() == "new" ? BaselineState::New : BaselineState::Unchanged;
    return f;
  }

  SavedReport read() const {
    std::ifstream in(path_, std::ios::binary | std::ios::ate);
    if (!in) throw GateInputError(fmt::format("{}: cannot open", path_));
    const auto size = static_cast<std::uint64_t>(in.tellg());
    if (size > kMaxReportBytes) fail("", "larger than 8 GiB");
    in.seekg(0);
    std::string content(size, '\0');
    in.read(content.data(), static_cast<std::streamsize>(size));
    json::stream_parser parser;
    std::error_code ec;
    const std::size_t used = parser.write(content.data(), content.size(), ec);
    if (!ec) parser.finish(ec);
    if (ec)
      throw GateInputError(fmt::format("{}: {}: not JSON ({}): not a migready JSON report", path_,
                                       lineColumnAt(content, used), ec.message()));
    content.clear();
    content.shrink_to_fit();
    const json::value doc = parser.release();
    const json::object& root = object(doc, "");
    SavedReport r;
    r.file = path_;
    r.schemaVersion = text(root, "schemaVersion", "");
    if (!r.schemaVersion.starts_with("1.") && !r.schemaVersion.starts_with("2."))
      fail("", fmt::format("schemaVersion \"{}\" is not 1.x or 2.x", r.schemaVersion));
    const json::object& tool = member(root, "tool");
    if (text(tool, "name", "tool") != "migready") fail("tool", "\"name\" is not migready");
    r.toolVersion = text(tool, "version", "tool", false);
    r.generatedAt = text(root, "generatedAt", "");
    r.tenantId = text(root, "tenantId", "", false);
    const std::string verdict = text(root, "verdict", "");
    if (verdict == "READY")
      r.verdict = Verdict::Ready;
    else if (verdict == "NOT_READY")
      r.verdict = Verdict::NotReady;
    else if (verdict == "INCOMPLETE")
      r.verdict = Verdict::Incomplete;
    else
      fail("", fmt::format("verdict \"{}\" is not READY, NOT_READY or INCOMPLETE", verdict));
    r.verdictReason = text(root, "verdictReason", "", false);
    if (const auto failOn = parseSeverity(text(root, "failOn", "", false))) r.failOn = *failOn;
    const json::object& sources = member(root, "sources");
    for (SourceKind k : kAllSources) {
      std::string key(toString(k));
      // Schema 1.x called the sync configuration (then only AD Connect's) "adconnect".
      if (k == SourceKind::Sync && !sources.contains(key)) key = "adconnect";
      if (!sources.contains(key)) continue;
      const json::object& so = object(sources.at(key), "sources." + key);
      SourceState& s = r.sources[static_cast<std::size_t>(k)];
      const std::string status = text(so, "status", "sources." + key);
      if (status == "complete")
        s.status = SourceStatus::Complete;
      else if (status == "partial")
        s.status = SourceStatus::Partial;
      else if (status == "failed")
        s.status = SourceStatus::Failed;
      else
        s.status = SourceStatus::NotProvided;
      s.detail = text(so, "detail", "sources." + key, false);
      s.origin = text(so, "origin", "sources." + key, false);
      if (const json::value* n = so.if_contains("objects"); n && n->is_int64())
        s.objects = static_cast<std::uint64_t>(std::max<std::int64_t>(0, n->get_int64()));
    }
    for (const json::value& c : array(root, "checks", "")) {
      const json::object& co = object(c, "checks[]");
      CheckResult result;
      result.id = text(co, "id", "checks[]");
      result.title = text(co, "title", "checks[]", false);
      result.group = text(co, "group", "checks[]", false);
      const std::string status = text(co, "status", "checks[]", false);
      result.status = status == "pass"    ? CheckStatus::Pass
                      : status == "fail"  ? CheckStatus::Fail
                      : status == "error" ? CheckStatus::Error
                                          : CheckStatus::NotRun;
      r.checks.push_back(std::move(result));
    }
    const json::array& findings = array(root, "findings", "");
    for (std::size_t i = 0; i < findings.size(); ++i)
      r.findings.push_back(finding(findings[i], i, r));
    return r;
  }

private:
  std::string path_;
};
} // namespace

SavedReport readSavedReport(const std::string& path) {
  return Reader(path).read();
}

} // namespace migready
