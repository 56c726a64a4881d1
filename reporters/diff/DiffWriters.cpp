// The diff's formats: JSON (for machines), Markdown (for a pull request or a ticket), HTML (for
// people, with the chart of blocked users over the scans). One file: they share their wording.
#include "reporters/common/JsonText.h"
#include "reporters/common/ReportText.h"
#include "reporters/common/TextClean.h"
#include "reporters/diff/DiffWriter.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

namespace migready {

namespace json = boost::json;

namespace {
constexpr std::size_t kUsersListed = 200; // Markdown and HTML; JSON has them all

// A user's changes in words: "+AD001 (blocker); -CLOUD001 (blocker); waived: AD003 (warning)".
std::string changesOf(const UserChange& u) {
  std::vector<std::string> parts;
  if (!u.added.empty()) parts.push_back(fmt::format("new: {}", fmt::join(u.added, ", ")));
  if (!u.removed.empty()) parts.push_back(fmt::format("resolved: {}", fmt::join(u.removed, ", ")));
  if (!u.waived.empty()) parts.push_back(fmt::format("now waived: {}", fmt::join(u.waived, ", ")));
  if (!u.unwaived.empty())
    parts.push_back(fmt::format("no longer waived: {}", fmt::join(u.unwaived, ", ")));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string pointName(const ScanDiff& d, std::size_t i) {
  return fmt::format("{} ({})", d.points[i].file, d.points[i].generatedAt);
}

// "133 users blocked (was 141): 12 new findings, 20 resolved, 380 unchanged."
std::string headline(const ScanDiff& d) {
  const ScanPoint &a = d.points[d.points.size() - 2], &b = d.points.back();
  const ScanStep& s = d.steps.back();
  // The tenant first; each scan's own gate decision after it, labelled as such (a scan gated on
  // new findings only is READY on a tenant of blocked users).
  std::string text = fmt::format(
      "{} user(s) blocked, {} before; {} new finding(s) ({} at or above {}, not waived), {} "
      "resolved, {} unchanged. The tenant as scanned: {} (was {}); that scan's own gate decided "
      "{} (was {}).",
      b.blockedUsers, a.blockedUsers, s.newFindings, s.newAtOrAbove, toString(d.failOn), s.resolved,
      s.unchanged, toString(b.readiness), toString(a.readiness), toString(b.verdict),
      toString(a.verdict));
  if (!d.incomplete.empty())
    text += fmt::format(" Incomplete, so no new finding proves nothing: {}.",
                        fmt::join(d.incomplete, "; "));
  return text;
}

// The diff's own decision, in words: what the exit code says.
std::string_view decisionWords(const ScanDiff& d) {
  if (d.failsGate()) return "new findings fail the gate";
  if (!d.incomplete.empty()) return "incomplete: the newest scan did not read everything";
  return "no new finding fails the gate";
}

class JsonDiff final : public DiffWriter {
public:
  std::string_view format() const override { return "json"; }
  void write(const ScanDiff& d, std::ostream& out) const override {
    json::array points;
    for (const ScanPoint& p : d.points) {
      json::object sources;
      for (SourceKind k : kAllSources)
        sources[toString(k)] = json::object{
            {"status", jsonText(toString(p.sources[static_cast<std::size_t>(k)].status))},
            {"detail", jsonText(p.sources[static_cast<std::size_t>(k)].detail)}};
      points.push_back(json::object{
          {"file", jsonText(p.file)},
          {"generatedAt", jsonText(p.generatedAt)},
          {"verdict", jsonText(toString(p.verdict))},
          {"readiness", jsonText(toString(p.readiness))},
          {"verdictReason", jsonText(p.verdictReason)},
          {"sources", std::move(sources)},
          {"findings", p.findings},
          {"waived", p.waived},
          {"blocker", p.bySeverity[static_cast<std::size_t>(Severity::Blocker)]},
          {"warning", p.bySeverity[static_cast<std::size_t>(Severity::Warning)]},
          {"info", p.bySeverity[static_cast<std::size_t>(Severity::Info)]},
          {"users", json::object{{"blocked", p.blockedUsers}, {"warned", p.warnedUsers}}}});
    }
    json::array steps;
    for (const ScanStep& s : d.steps)
      steps.push_back(json::object{{"from", jsonText(d.points[s.from].file)},
                                   {"to", jsonText(d.points[s.to].file)},
                                   {"new", s.newFindings},
                                   {"resolved", s.resolved},
                                   {"unchanged", s.unchanged},
                                   {"newAtOrAboveFailOn", s.newAtOrAbove}});
    json::array checks;
    for (const CheckDelta& c : d.checks)
      checks.push_back(json::object{{"id", jsonText(c.id)},
                                    {"title", jsonText(c.title)},
                                    {"new", c.newFindings},
                                    {"resolved", c.resolved},
                                    {"unchanged", c.unchanged}});
    json::array users;
    for (const UserChange& u : d.users) {
      json::array added, removed;
      for (const auto& a : u.added)
        added.push_back(jsonText(a));
      for (const auto& r : u.removed)
        removed.push_back(jsonText(r));
      json::array waived, unwaived;
      for (const auto& w : u.waived)
        waived.push_back(jsonText(w));
      for (const auto& w : u.unwaived)
        unwaived.push_back(jsonText(w));
      users.push_back(json::object{{"user", jsonText(u.name)},
                                   {"dn", u.dn.empty() ? json::value(nullptr) : jsonText(u.dn)},
                                   {"added", std::move(added)},
                                   {"removed", std::move(removed)},
                                   {"nowWaived", std::move(waived)},
                                   {"noLongerWaived", std::move(unwaived)},
                                   {"worstBefore", jsonText(u.before)},
                                   {"worstAfter", jsonText(u.after)}});
    }
    json::array warnings;
    for (const auto& w : d.warnings)
      warnings.push_back(jsonText(w));
    json::array fresh;
    for (const Finding& f : d.newFindings)
      fresh.push_back(
          json::object{{"check", jsonText(f.check)},
                       {"severity", jsonText(toString(f.severity))},
                       {"user", jsonText(f.subject.upn.empty() ? f.subject.dn : f.subject.upn)},
                       {"message", jsonText(f.message)},
                       {"waived", f.waived()},
                       {"fingerprint", jsonText(f.fingerprint)}});
    const json::object doc{
        {"kind", "migready-diff"},
        {"schemaVersion", "1.1"}, // 1.1: scans[].readiness, incomplete
        {"failOn", jsonText(toString(d.failOn))},
        {"tenantId", d.tenantId.empty() ? json::value(nullptr) : jsonText(d.tenantId)},
        {"gateFailed", d.failsGate()},
        {"incomplete",
         [&] {
           json::array why;
           for (const std::string& w : d.incomplete)
             why.push_back(jsonText(w));
           return why;
         }()},
        {"summary", jsonText(headline(d))},
        {"scans", std::move(points)},
        {"steps", std::move(steps)},
        {"coverageWarnings", std::move(warnings)},
        {"checks", std::move(checks)},
        {"users", std::move(users)},
        {"newFindings", std::move(fresh)}};
    out << json::serialize(doc) << "\n";
  }
};

class MarkdownDiff final : public DiffWriter {
public:
  std::string_view format() const override { return "md"; }
  void write(const ScanDiff& d, std::ostream& out) const override {
    fmt::print(out, "## migready diff: {}\n\n{}\n\n", decisionWords(d), markdownCell(headline(d)));
    for (const auto& w : d.warnings)
      fmt::print(out, "> **Coverage differs:** {}\n\n", markdownCell(w));
    fmt::print(
        out,
        "| scan | generated | tenant | its gate | blocked users | blocker | warning | info | "
        "waived | {} | {} | {} |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n",
        words(SourceKind::Ad), words(SourceKind::Graph), words(SourceKind::Sync));
    for (const ScanPoint& p : d.points) {
      fmt::print(out, "| {} | {} | {} | {} | {} | {} | {} | {} | {} |", markdownCell(p.file),
                 markdownCell(p.generatedAt), toString(p.readiness), toString(p.verdict),
                 p.blockedUsers, p.bySeverity[2], p.bySeverity[1], p.bySeverity[0], p.waived);
      for (const SourceState& s : p.sources)
        fmt::print(out, " {} |", words(s.status));
      out << "\n";
    }
    fmt::print(out,
               "\n### Per check, {} → {}\n\n| check | new | resolved | unchanged | title "
               "|\n|---|---|---|---|---|\n",
               markdownCell(d.points[d.points.size() - 2].file),
               markdownCell(d.points.back().file));
    for (const CheckDelta& c : d.checks)
      fmt::print(out, "| {} | {} | {} | {} | {} |\n", markdownCell(c.id), c.newFindings, c.resolved,
                 c.unchanged, markdownCell(c.title));
    if (!d.users.empty()) {
      fmt::print(out,
                 "\n### Users whose findings changed ({})\n\n| user | what changed | "
                 "worst before | worst after |\n|---|---|---|---|\n",
                 d.users.size());
      std::size_t listed = 0;
      for (const UserChange& u : d.users) {
        if (listed++ == kUsersListed) {
          fmt::print(out, "| … {} more in the JSON diff | | | |\n", d.users.size() - kUsersListed);
          break;
        }
        fmt::print(out, "| {} | {} | {} | {} |\n", markdownCell(u.name), markdownCell(changesOf(u)),
                   u.before.empty() ? "none" : u.before, u.after.empty() ? "none" : u.after);
      }
    }
  }
};

class HtmlDiff final : public DiffWriter {
public:
  std::string_view format() const override { return "html"; }
  void write(const ScanDiff& d, std::ostream& out) const override {
    std::string o =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta "
        "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
        "'unsafe-inline'; img-src data:\"><title>migready diff</title><style>"
        "body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2939}"
        "table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid "
        "#d0d5dd;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f2f4f7}"
        "td.n{text-align:right;font-variant-numeric:tabular-nums}.warn{background:#fffaeb;"
        "border-left:4px solid #f79009;padding:.5rem 1rem}.fail{color:#b42318}.pass{color:#067647}"
        "</style></head><body>\n";
    o += fmt::format("<h1>migready diff: <span class=\"{}\">{}</span></h1><p>{}</p>\n",
                     d.failsGate() || !d.incomplete.empty() ? "fail" : "pass", decisionWords(d),
                     htmlEscape(headline(d)));
    for (const auto& w : d.warnings)
      o += fmt::format("<p class=\"warn\"><b>Coverage differs:</b> {}</p>\n", htmlEscape(w));
    o += "<h2>Blocked users per scan</h2>" + chart(d);
    o += fmt::format(
        "<h2>Scans</h2><table><thead><tr><th>Scan</th><th>Generated</th><th>Tenant</th><th>Its "
        "gate</th><th>Blocked users</th><th>Blocker</th><th>Warning</th><th>Info</th><th>Waived"
        "</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        words(SourceKind::Ad), words(SourceKind::Graph), words(SourceKind::Sync));
    for (const ScanPoint& p : d.points) {
      o += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td "
                       "class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td "
                       "class=\"n\">{}</td>",
                       htmlEscape(p.file), htmlEscape(p.generatedAt), toString(p.readiness),
                       toString(p.verdict), p.blockedUsers, p.bySeverity[2], p.bySeverity[1],
                       p.bySeverity[0], p.waived);
      for (const SourceState& s : p.sources)
        o += fmt::format("<td>{}</td>", words(s.status));
      o += "</tr>";
    }
    o += "</tbody></table>\n";
    o += fmt::format("<h2>Per check: {} → {}</h2><table><thead><tr><th>Check</th><th>Title</th>"
                     "<th>New</th><th>Resolved</th><th>Unchanged</th></tr></thead><tbody>",
                     htmlEscape(pointName(d, d.points.size() - 2)),
                     htmlEscape(pointName(d, d.points.size() - 1)));
    for (const CheckDelta& c : d.checks)
      o += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td "
                       "class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                       htmlEscape(c.id), htmlEscape(c.title), c.newFindings, c.resolved,
                       c.unchanged);
    o += "</tbody></table>\n";
    o += fmt::format("<h2>Users whose findings changed ({})</h2>", d.users.size());
    if (d.users.empty()) {
      o += "<p>None.</p>";
    } else {
      o += "<table><thead><tr><th>User</th><th>What changed</th><th>Worst before</th>"
           "<th>Worst after</th></tr></thead><tbody>";
      std::size_t listed = 0;
      for (const UserChange& u : d.users) {
        if (listed++ == kUsersListed) {
          o += fmt::format("<tr><td colspan=\"4\">… {} more in the JSON diff</td></tr>",
                           d.users.size() - kUsersListed);
          break;
        }
        o += fmt::format("<tr><td title=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                         htmlEscape(u.dn), htmlEscape(u.name), htmlEscape(changesOf(u)),
                         u.before.empty() ? "none" : u.before, u.after.empty() ? "none" : u.after);
      }
      o += "</tbody></table>";
    }
    o += "\n</body></html>\n";
    out << o;
  }

private:
  // Blocked users per scan as inline SVG columns, oldest on the left.
  static std::string chart(const ScanDiff& d) {
    std::size_t max = 1;
    for (const ScanPoint& p : d.points)
      max = std::max(max, p.blockedUsers);
    const int colW = 90, h = 160;
    std::string svg =
        fmt::format(R"(<svg role="img" aria-label="Blocked users per scan" width="{}" height="{}" )"
                    R"(xmlns="http://www.w3.org/2000/svg" font-size="12">)",
                    colW * static_cast<int>(d.points.size()) + 20, h + 40);
    for (std::size_t i = 0; i < d.points.size(); ++i) {
      const ScanPoint& p = d.points[i];
      const int barH = static_cast<int>(static_cast<double>(p.blockedUsers) /
                                        static_cast<double>(max) * (h - 20));
      const int x = 10 + static_cast<int>(i) * colW;
      svg += fmt::format(
          R"(<rect x="{}" y="{}" width="{}" height="{}" fill="#b42318"><title>{}</title></rect>)"
          R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)"
          R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)",
          x + 15, h - barH, colW - 30, std::max(barH, 1), htmlEscape(pointName(d, i)), x + colW / 2,
          h - barH - 4, p.blockedUsers, x + colW / 2, h + 16,
          htmlEscape(p.generatedAt.substr(0, 10)));
    }
    return svg + "</svg>";
  }
};
} // namespace

std::unique_ptr<DiffWriter> makeDiffWriter(std::string_view format) {
  if (format == "json") return std::make_unique<JsonDiff>();
  if (format == "md") return std::make_unique<MarkdownDiff>();
  if (format == "html") return std::make_unique<HtmlDiff>();
  return nullptr;
}

std::vector<std::string_view> diffFormats() {
  return {"json", "md", "html"};
}

} // namespace migready
