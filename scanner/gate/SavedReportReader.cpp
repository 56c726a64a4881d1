#include "scanner/gate/SavedReportReader.h"

#include "scanner/io/InputFile.h"
#include "scanner/io/StrictJson.h"
#include "scanner/model/Time.h"

#include <algorithm>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

namespace json = boost::json;

namespace {

bool matches(std::string_view s, std::string_view shape) { // '9' a digit, anything else itself
  if (s.size() != shape.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (shape[i] == '9' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i]) return false;
  return true;
}

// "1.N" or "2.N": the major versions this reader knows (2.0 renamed sources.adconnect to
// sources.sync), and any minor one.
bool isSchemaVersion(std::string_view s) {
  return s.size() > 2 && (s.starts_with("1.") || s.starts_with("2.")) &&
         s.find_first_not_of("0123456789", 2) == std::string_view::npos;
}

// YYYY-MM-DDTHH:MM:SSZ, a time that exists (the report's own form).
bool isUtcTime(std::string_view s) {
  if (!matches(s, "9999-99-99T99:99:99Z")) return false;
  const auto t = parseIsoTime(s);
  return t && formatIsoTime(*t) == s;
}

bool isGuidText(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : std::string_view("0123456789abcdef").find(s[i]) == s.npos)
      return false;
  }
  return true;
}

bool isCheckId(std::string_view s) { // ^[A-Z]+[0-9]{3}$
  if (s.size() < 4) return false;
  const std::size_t digits = s.size() - 3;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (i < digits ? (s[i] < 'A' || s[i] > 'Z') : (s[i] < '0' || s[i] > '9')) return false;
  return true;
}

// How a member of an object may be given.
enum class Need : std::uint8_t {
  Required, // present, of its type
  Optional, // absent, or of its type
  Nullable, // absent, null, or of its type
};

class Reader {
public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(std::string_view pointer, std::string_view message) const {
    throw GateInputError(fmt::format("{}: {}{}{}: not a migready JSON report (schema 1.x or 2.x)",
                                     path_, pointer, pointer.empty() ? "" : ": ", message));
  }

  static std::string at(std::string_view pointer, std::string_view key) {
    return fmt::format("{}/{}", pointer, key); // the keys read have no '/' or '~' to escape
  }
  static std::string at(std::string_view pointer, std::size_t index) {
    return fmt::format("{}/{}", pointer, index);
  }

  const json::object& object(const json::value& v, std::string_view pointer) const {
    if (!v.is_object()) fail(pointer, pointer.empty() ? "not a JSON object" : "not an object");
    return v.get_object();
  }

  // The member `key`, or null when it may be left out and is.
  const json::value* member(const json::object& o, std::string_view key, std::string_view pointer,
                            Need need) const {
    const json::value* v = o.if_contains(key);
    if (!v && need == Need::Required) fail(at(pointer, key), "missing");
    if (v && v->is_null() && need == Need::Nullable) return nullptr;
    return v;
  }

  std::string text(const json::object& o, std::string_view key, std::string_view pointer, Need need,
                   bool nonEmpty = false) const {
    const json::value* v = member(o, key, pointer, need);
    if (!v) return {};
    if (!v->is_string()) fail(at(pointer, key), "not a string");
    std::string s(v->get_string());
    if (nonEmpty && s.empty()) fail(at(pointer, key), "empty");
    return s;
  }

  const json::object& objectMember(const json::object& o, std::string_view key,
                                   std::string_view pointer) const {
    return object(*member(o, key, pointer, Need::Required), at(pointer, key));
  }
  const json::array& array(const json::object& o, std::string_view key,
                           std::string_view pointer) const {
    const json::value* v = member(o, key, pointer, Need::Required);
    if (!v->is_array()) fail(at(pointer, key), "not an array");
    return v->get_array();
  }

  // One of an enum's words (each value's toString), or a failure listing them.
  template <typename Enum, std::size_t N>
  Enum word(const std::string& s, const Enum (&values)[N], std::string_view pointer) const {
    std::string known;
    for (Enum e : values) {
      if (toString(e) == s) return e;
      known += fmt::format("{}{}", known.empty() ? "" : ", ", toString(e));
    }
    fail(pointer, fmt::format("\"{}\" is not one of {}", s, known));
  }

  Severity severity(const json::object& o, std::string_view key, std::string_view pointer) const {
    const std::string s = text(o, key, pointer, Need::Required);
    const auto parsed = parseSeverity(s);
    if (!parsed || toString(*parsed) != s)
      fail(at(pointer, key), fmt::format("\"{}\" is not blocker, warning or info", s));
    return *parsed;
  }

  Finding finding(const json::value& v, const std::string& pointer, SavedReport& out) const {
    const json::object& o = object(v, pointer);
    Finding f;
    f.check = text(o, "check", pointer, Need::Required);
    if (!isCheckId(f.check))
      fail(at(pointer, "check"), fmt::format("\"{}\" is not a check id", f.check));
    f.severity = severity(o, "severity", pointer);
    f.message = text(o, "message", pointer, Need::Required, true);
    f.remediation = text(o, "remediation", pointer, Need::Optional, true);
    f.fingerprint = text(o, "fingerprint", pointer, Need::Required);
    if (f.fingerprint.size() != 32 ||
        f.fingerprint.find_first_not_of("0123456789abcdef") != std::string::npos)
      fail(at(pointer, "fingerprint"), "not 32 hexadecimal digits");
    const std::string sp = at(pointer, "subject");
    const json::object& s = objectMember(o, "subject", pointer);
    f.subject.dn = text(s, "dn", sp, Need::Nullable);
    f.subject.upn = text(s, "upn", sp, Need::Nullable);
    f.subject.objectGuid = text(s, "objectGuid", sp, Need::Nullable);
    if (!f.subject.objectGuid.empty() && !isGuidText(f.subject.objectGuid))
      fail(at(sp, "objectGuid"), "not a GUID in lower case");
    f.subject.cloudId = text(s, "cloudId", sp, Need::Nullable);
    f.subject.displayName = text(s, "displayName", sp, Need::Nullable);
    f.subject.kind = text(s, "kind", sp, Need::Nullable);
    f.subject.configItem = text(s, "configItem", sp, Need::Nullable);
    if (member(o, "evidence", pointer, Need::Optional)) {
      const std::string ep = at(pointer, "evidence");
      const json::array& evidence = array(o, "evidence", pointer);
      for (std::size_t i = 0; i < evidence.size(); ++i) {
        const std::string p = at(ep, i);
        const json::object& eo = object(evidence[i], p);
        f.evidence.push_back({text(eo, "source", p, Need::Required, true),
                              text(eo, "location", p, Need::Required, true),
                              text(eo, "detail", p, Need::Nullable), 0});
      }
    }
    if (const json::value* w = member(o, "waiver", pointer, Need::Nullable)) {
      const std::string wp = at(pointer, "waiver");
      const json::object& wo = object(*w, wp);
      Waiver waiver;
      waiver.checks = {f.check};
      waiver.reason = text(wo, "reason", wp, Need::Required, true);
      waiver.owner = text(wo, "owner", wp, Need::Required, true);
      waiver.expires = text(wo, "expires", wp, Need::Required);
      if (!matches(waiver.expires, "9999-99-99"))
        fail(at(wp, "expires"), fmt::format("\"{}\" is not a date (YYYY-MM-DD)", waiver.expires));
      waiver.ticket = text(wo, "ticket", wp, Need::Nullable);
      f.waiver = static_cast<std::int32_t>(out.waivers.size());
      out.waivers.push_back(std::move(waiver));
    }
    if (member(o, "baselineState", pointer, Need::Nullable)) {
      static constexpr BaselineState kStates[] = {BaselineState::New, BaselineState::Unchanged};
      f.baseline = word(text(o, "baselineState", pointer, Need::Required), kStates,
                        at(pointer, "baselineState"));
    }
    // How that report's gate treated it (1.3): one outside the wave decided on then did not
    // count, so it is no old finding for a gate of new findings only (baselineStateOf).
    if (member(o, "gate", pointer, Need::Optional)) {
      const std::string gate = text(o, "gate", pointer, Need::Required);
      static constexpr std::string_view kGates[] = {"counted", "waived",
                                                    "unchanged since the baseline", "another wave"};
      if (std::find(std::begin(kGates), std::end(kGates), gate) == std::end(kGates))
        fail(at(pointer, "gate"),
             fmt::format("\"{}\" is not one of: {}", gate, fmt::join(kGates, ", ")));
      f.outsideGatedWave = gate == "another wave";
    }
    return f;
  }

  SavedReport read(std::string bytes) const {
    json::value doc;
    try {
      doc = parseJsonBytes(std::move(bytes), path_);
    } catch (const SourceError& e) {
      throw GateInputError(e.what());
    }
    const json::object& root = object(doc, "");
    SavedReport r;
    r.file = path_;
    r.schemaVersion = text(root, "schemaVersion", "", Need::Required);
    if (!isSchemaVersion(r.schemaVersion))
      fail("/schemaVersion", fmt::format("\"{}\" is not 1.N or 2.N", r.schemaVersion));
    const json::object& tool = objectMember(root, "tool", "");
    const std::string name = text(tool, "name", "/tool", Need::Required);
    if (name != "migready") fail("/tool/name", fmt::format("\"{}\" is not migready", name));
    r.toolVersion = text(tool, "version", "/tool", Need::Optional);
    r.generatedAt = text(root, "generatedAt", "", Need::Required);
    if (!isUtcTime(r.generatedAt))
      fail("/generatedAt",
           fmt::format("\"{}\" is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)", r.generatedAt));
    r.tenantId = text(root, "tenantId", "", Need::Nullable);
    static constexpr Verdict kVerdicts[] = {Verdict::Ready, Verdict::NotReady, Verdict::Incomplete};
    r.verdict = word(text(root, "verdict", "", Need::Required), kVerdicts, "/verdict");
    r.verdictReason = text(root, "verdictReason", "", Need::Optional);
    r.readiness = r.verdict;
    if (member(root, "readiness", "", Need::Optional)) {
      const json::object& readiness = objectMember(root, "readiness", "");
      r.readiness = word(text(readiness, "status", "/readiness", Need::Required), kVerdicts,
                         "/readiness/status");
    }
    if (member(root, "failOn", "", Need::Optional)) r.failOn = severity(root, "failOn", "");
    const json::object& sources = objectMember(root, "sources", "");
    for (SourceKind k : kAllSources) {
      std::string key(toString(k));
      // Schema 1.x called the sync configuration (then only AD Connect's) "adconnect".
      if (k == SourceKind::Sync && !sources.contains(key)) key = "adconnect";
      if (!sources.contains(key)) continue;
      const std::string p = at("/sources", key);
      const json::object& so = object(sources.at(key), p);
      SourceState& s = r.sources[static_cast<std::size_t>(k)];
      static constexpr SourceStatus kStatuses[] = {SourceStatus::Complete, SourceStatus::Partial,
                                                   SourceStatus::Failed, SourceStatus::NotProvided};
      s.status = word(text(so, "status", p, Need::Required), kStatuses, at(p, "status"));
      s.detail = text(so, "detail", p, Need::Nullable);
      s.origin = text(so, "origin", p, Need::Nullable);
      if (const json::value* n = member(so, "objects", p, Need::Optional)) {
        if (!n->is_int64() && !n->is_uint64()) fail(at(p, "objects"), "not a whole number");
        if (n->is_int64() && n->get_int64() < 0) fail(at(p, "objects"), "less than 0");
        s.objects = n->is_int64() ? static_cast<std::uint64_t>(n->get_int64()) : n->get_uint64();
      }
    }
    const json::array& checks = array(root, "checks", "");
    for (std::size_t i = 0; i < checks.size(); ++i) {
      const std::string p = at("/checks", i);
      const json::object& co = object(checks[i], p);
      CheckResult result;
      result.id = text(co, "id", p, Need::Required);
      if (!isCheckId(result.id))
        fail(at(p, "id"), fmt::format("\"{}\" is not a check id", result.id));
      result.title = text(co, "title", p, Need::Optional);
      result.group = text(co, "group", p, Need::Optional);
      static constexpr CheckStatus kStatuses[] = {CheckStatus::Pass, CheckStatus::Fail,
                                                  CheckStatus::NotRun, CheckStatus::Error};
      result.status = word(text(co, "status", p, Need::Required), kStatuses, at(p, "status"));
      r.checks.push_back(std::move(result));
    }
    const json::array& findings = array(root, "findings", "");
    for (std::size_t i = 0; i < findings.size(); ++i)
      r.findings.push_back(finding(findings[i], at("/findings", i), r));
    return r;
  }

private:
  std::string path_;
};
} // namespace

SavedReport readSavedReportText(std::string bytes, const std::string& path) {
  return Reader(path).read(std::move(bytes));
}

SavedReport readSavedReport(const std::string& path) {
  std::string bytes;
  try {
    bytes = readInputFile(path, kMaxSavedReportBytes, "a JSON report");
  } catch (const SourceError& e) {
    throw GateInputError(e.what());
  }
  return readSavedReportText(std::move(bytes), path);
}

} // namespace migready
