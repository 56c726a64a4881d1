#include "reporters/html/HtmlReporter.h"

#include "reporters/common/AffectedUsers.h"
#include "reporters/common/InputLocations.h"
#include "reporters/common/ReportText.h"
#include "reporters/common/TextClean.h"
#include "reporters/html/ReportAssets.h"
#include "scanner/model/AdAccount.h"
#include "scanner/model/Dn.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <set>
#include <unordered_map>

namespace migready {

namespace {

// report.css and report.js, embedded at build time (reporters/CMakeLists.txt): everything is
// inline (no network), so the file is handed over as it is and prints to PDF. The script renders
// each check's findings from the JSON data block (filter, sort, page; one page of rows in the DOM;
// text goes in with textContent).

std::string h(std::string_view s) {
  return htmlEscape(s);
}

// A horizontal bar chart as inline SVG.
std::string barChart(const std::vector<std::pair<std::string, std::size_t>>& bars,
                     std::string_view color) {
  if (bars.empty()) return "<p class=\"muted\">Nothing to show.</p>";
  std::size_t max = 1;
  for (const auto& [label, n] : bars)
    max = std::max(max, n);
  const int rowH = 22, labelW = 260, barW = 300;
  std::string svg = fmt::format(
      R"(<svg role="img" width="{}" height="{}" xmlns="http://www.w3.org/2000/svg" font-size="12">)",
      labelW + barW + 60, rowH * static_cast<int>(bars.size()) + 4);
  int y = 0;
  for (const auto& [label, n] : bars) {
    const int w = static_cast<int>(static_cast<double>(n) / static_cast<double>(max) * barW);
    // DNs: the domain part says little in a chart; the full text is in the tooltip.
    std::string shown = label.substr(0, label.find(",DC="));
    if (shown.size() > 36) shown = shown.substr(0, 35) + "…";
    svg += fmt::format(
        R"(<text x="{}" y="{}" text-anchor="end"><title>{}</title>{}</text><rect x="{}" y="{}" width="{}" height="{}" fill="{}"/><text x="{}" y="{}">{}</text>)",
        labelW - 6, y + 15, h(label), h(shown), labelW, y + 3, std::max(w, 1), rowH - 6, color,
        labelW + w + 6, y + 15, n);
    y += rowH;
  }
  return svg + "</svg>";
}

// Interns strings into a JSON-array-bound table.
struct Table {
  std::map<std::string, int, std::less<>> index;
  std::vector<std::string> values;
  int of(std::string_view v) {
    if (auto it = index.find(v); it != index.end()) return it->second;
    const int i = static_cast<int>(values.size());
    values.emplace_back(v);
    index.emplace(std::string(v), i);
    return i;
  }
};

void appendArray(std::string& out, const std::vector<std::string>& values) {
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    appendJsonString(out, values[i], true);
  }
  out += ']';
}

// Where a finding stands with the gate, in words: "waived until 2027-06-30 (owner)", "new",
// "not counted: another wave".
std::string gateText(const Report& r, const Finding& f) {
  std::string text;
  if (const Waiver* w = r.waiverOf(f))
    text = fmt::format("waived until {} ({})", w->expires, w->owner);
  if (f.baseline == BaselineState::New) text += text.empty() ? "new" : ", new";
  if (!f.waived())
    if (const std::string_view why = notCountedWhy(r, f); !why.empty())
      text += fmt::format("{}not counted: {}", text.empty() ? "" : ", ", why);
  return text;
}

// A verdict as a badge's class and words.
std::string_view badgeClass(Verdict v) {
  return v == Verdict::Ready ? "s-pass" : v == Verdict::NotReady ? "s-fail" : "s-not_run";
}
std::string_view verdictWords(Verdict v) {
  return v == Verdict::Ready ? "ready" : v == Verdict::NotReady ? "not ready" : "incomplete";
}

// Readiness per migration wave: a table and a chart of blocked users.
std::string waveSection(const Report& r) {
  if (r.waves.empty()) return {};
  std::string o = "<section id=\"waves\"><h2>Readiness per wave</h2>";
  o += "<p>Each wave as scanned: not ready when a blocker concerns its users, its rows or the "
       "whole tenant (the tenant and the sync configuration concern every wave), incomplete when "
       "data the scan needs is missing. The gate column is what the gate decides for that wave "
       "alone (waivers and the baseline applied).</p>";
  if (!r.gate.wave.empty())
    o += fmt::format("<p>The gate's decision is about wave <b>{}</b>: its users and rows, and the "
                     "findings about the tenant and the sync configuration, which concern every "
                     "wave.</p>",
                     h(r.gate.wave));
  o += "<table><thead><tr><th>Wave</th><th>Readiness</th><th>Users</th><th>Blocked</th>"
       "<th>Warnings only</th><th>Gate</th><th>Why</th></tr></thead><tbody>";
  std::vector<std::pair<std::string, std::size_t>> bars;
  for (const WaveReadiness& w : r.waves) {
    o += fmt::format(
        "<tr><td class=\"short\">{}{}</td><td><span class=\"badge {}\">{}</span></td><td>{}</td>"
        "<td>{}{}</td><td>{}</td><td><span class=\"badge {}\">{}</span></td>"
        "<td class=\"text\">{}</td></tr>",
        h(w.name), !r.gate.wave.empty() && w.name == r.gate.wave ? " (gated)" : "",
        badgeClass(w.readiness), verdictWords(w.readiness), w.users, w.blocked,
        w.blockedWaived ? fmt::format(" ({} waived)", w.blockedWaived) : std::string(), w.warned,
        badgeClass(w.gate), verdictWords(w.gate), h(r.shownText(w.reason)));
    bars.emplace_back(w.name, w.blocked);
  }
  o += "</tbody></table><figure><figcaption>Blocked users per wave</figcaption>" +
       barChart(bars, "#b42318") + "</figure></section>\n";
  return o;
}

// The accepted exceptions: every waiver, what it accepted, and the ones that no longer apply.
std::string waiverSection(const Report& r) {
  if (r.waiverFile.empty()) return {};
  std::string o = fmt::format(
      "<section id=\"waivers\"><h2>Accepted exceptions</h2><p>{} finding(s) accepted by {} "
      "waiver(s) from <code>{}</code>: they stay listed below, marked, and the gate does not "
      "count them. The remediation plan never acts on a user a waiver protects.</p>",
      r.waived, r.waivers.size(), h(r.shownPath(r.waiverFile)));
  if (r.waivers.empty()) return o + "</section>\n";
  o += "<table><thead><tr><th>Checks</th><th>Matches</th><th>Owner</th><th>Expires</th>"
       "<th>Reason</th><th>Ticket</th><th>Accepted</th></tr></thead><tbody>";
  const std::string today = r.generatedAt.substr(0, 10);
  for (std::size_t i = 0; i < r.waivers.size(); ++i) {
    const Waiver& w = r.waivers[i];
    std::string match;
    for (const auto& [key, value] : w.matchFields())
      match += fmt::format("{}{} <code>{}</code>", match.empty() ? "" : "<br>", key, h(value));
    const std::size_t used = i < r.waiverUse.size() ? r.waiverUse[i] : 0;
    const bool expired = w.expiredOn(today);
    o += fmt::format("<tr><td>{}</td><td class=\"long\">{}</td><td>{}</td><td>{}{}</td>"
                     "<td class=\"text\">{}</td><td>{}</td><td>{}</td></tr>",
                     h(fmt::format("{}", fmt::join(w.checks, ", "))), match, h(w.owner),
                     h(w.expires), expired ? " <span class=\"badge s-fail\">expired</span>" : "",
                     h(w.reason), h(w.ticket),
                     expired     ? std::string("nothing (expired)")
                     : used == 0 ? std::string("nothing (stale?)")
                                 : fmt::format("{} finding(s)", used));
  }
  return o + "</tbody></table></section>\n";
}

// With a baseline: what is new, unchanged and resolved since.
std::string baselineSection(const Report& r) {
  if (!r.baseline) return {};
  const BaselineSummary& b = *r.baseline;
  std::string o = fmt::format(
      "<section id=\"baseline\"><h2>Compared with the baseline</h2><p>Baseline <code>{}</code> "
      "of {}: <b>{}</b> new finding(s), {} unchanged, {} resolved.{}</p>",
      h(r.shownPath(b.file)), h(b.generatedAt), b.newFindings, b.unchanged, b.resolved.size(),
      r.gate.newOnly ? " The gate ran in <b>new findings only</b> mode: findings already in the "
                       "baseline (and no worse, and not newly unwaived) are shown but the gate "
                       "does not count them."
                     : "");
  if (!b.resolved.empty()) {
    constexpr std::size_t kListed = 200;
    o += "<details><summary>Resolved since the baseline</summary><table><thead><tr><th>Check"
         "</th><th>Severity</th><th>User or item</th><th>Finding</th></tr></thead><tbody>";
    for (std::size_t i = 0; i < b.resolved.size() && i < kListed; ++i) {
      const Finding& f = b.resolved[i];
      const std::string& who = !f.subject.upn.empty()  ? f.subject.upn
                               : !f.subject.dn.empty() ? f.subject.dn
                                                       : f.subject.configItem;
      o += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=\"long\">{}</td><td class=\"text\">{}</td>"
          "</tr>",
          h(f.check), toString(f.severity), h(who), h(f.message));
    }
    if (b.resolved.size() > kListed)
      o += fmt::format("<tr><td colspan=\"4\">… {} more in the JSON report</td></tr>",
                       b.resolved.size() - kListed);
    o += "</tbody></table></details>";
  }
  return o + "</section>\n";
}

// The findings and the affected users as compact rows (shared strings once), escaped for a
// <script> block. A finding row: check, severity, display name, RDN, OU, UPN, cloud id, kind,
// evidence file (relative to its input) and ":line" or "#pointer", message, gate note, evidence
// lines (indexes into details: what was found there, then the other evidence), wave, user (an
// index into users, or -1). A user row: its first finding's row, then display name, RDN, OU, UPN
// and cloud id (null: as that row says), kind, wave, status (as scanned), worst severity, check
// ids, findings, waived, the gate's status (an index into statuses: counted, or why not).
std::string dataBlock(const Report& r, const std::vector<AffectedUser>& users) {
  Table checks, kinds, files, ous, gates, messages, waves, statuses, details;
  const InputLocations where(r.inputs);
  for (const CheckResult& c : r.checks)
    checks.of(c.id);
  std::unordered_map<std::string_view, std::size_t> userIndex;
  for (std::size_t i = 0; i < users.size(); ++i)
    userIndex.emplace(users[i].key, i);
  std::string rows;
  rows.reserve(r.findings.size() * 200);
  const auto number = [&rows](long long n) {
    rows += std::to_string(n);
    rows += ',';
  };
  const auto text = [&rows](std::string_view v) {
    appendJsonString(rows, v, true);
    rows += ',';
  };
  const auto dnParts = [&](std::string_view dn) {
    text(firstRdn(dn));
    const std::string_view ou = parentDn(dn);
    number(ou.empty() ? -1 : ous.of(ou));
  };
  bool first = true;
  // A user's row names the first finding of the user; it repeats only what that row does not say.
  std::vector<const Finding*> firstOf(users.size(), nullptr);
  std::vector<std::size_t> firstRow(users.size(), 0);
  std::size_t rowIndex = 0;
  for (const Finding& f : r.findings) {
    std::string suffix, detail;
    int fileIndex = -1;
    if (!f.evidence.empty()) {
      const std::string shown = where.shown(f.evidence[0]);
      const SplitLocation at = splitLocation(shown);
      fileIndex = files.of(at.file);
      // Appended piecewise: GCC 12 at -O3 warns (-Wrestrict) on "x" + std::string temporaries.
      if (at.line) {
        suffix = ":";
        suffix += std::to_string(*at.line);
      } else if (!at.pointer.empty()) {
        suffix = "#";
        suffix += at.pointer;
      }
      // The lines under the location: what was found there, then the other evidence.
      // Interned: many users share the same values ("msExchRecipientTypeDetails=1; ...").
      detail = "[";
      detail += std::to_string(details.of(f.evidence[0].detail));
      for (std::size_t i = 1; i < f.evidence.size(); ++i) {
        detail += ',';
        detail += std::to_string(
            details.of(fmt::format("{}: {} {}", evidenceSourceWords(f.evidence[i].source),
                                   where.shown(f.evidence[i]), f.evidence[i].detail)));
      }
      detail += ']';
    }
    rows += first ? "[" : ",[";
    first = false;
    number(checks.of(f.check));
    number(static_cast<int>(f.severity));
    text(f.subject.displayName);
    dnParts(f.subject.dn);
    text(f.subject.upn);
    text(f.subject.cloudId);
    number(kinds.of(subjectKindWords(f.subject.kind)));
    number(fileIndex);
    text(suffix);
    number(messages.of(f.message));
    const std::string gate = gateText(r, f);
    number(gate.empty() ? -1 : gates.of(gate));
    rows += detail.empty() ? "[]" : detail;
    rows += ',';
    const std::string_view wave = r.waveOf(f);
    number(wave.empty() ? -1 : waves.of(wave));
    const auto user = f.subject.isUser() ? userIndex.find(f.subject.key()) : userIndex.end();
    rows += std::to_string(user == userIndex.end() ? -1 : static_cast<long long>(user->second));
    rows += ']';
    if (user != userIndex.end() && !firstOf[user->second]) {
      firstOf[user->second] = &f;
      firstRow[user->second] = rowIndex;
    }
    ++rowIndex;
  }
  std::string findingRows = std::move(rows);
  rows.clear();
  first = true;
  const auto textOrSame = [&](const std::string& value, const std::string& same) {
    if (value == same)
      rows += "null,";
    else
      text(value);
  };
  for (std::size_t i = 0; i < users.size(); ++i) {
    const AffectedUser& u = users[i];
    const Subject& shown = firstOf[i]->subject;
    rows += first ? "[" : ",[";
    first = false;
    number(static_cast<long long>(firstRow[i]));
    textOrSame(u.subject.displayName, shown.displayName);
    if (u.subject.dn == shown.dn)
      rows += "null,-1,";
    else
      dnParts(u.subject.dn);
    textOrSame(u.subject.upn, shown.upn);
    textOrSame(u.subject.cloudId, shown.cloudId);
    number(kinds.of(subjectKindWords(u.subject.kind)));
    number(u.wave.empty() ? -1 : waves.of(u.wave));
    number(statuses.of(userStatus(u)));
    number(static_cast<int>(u.worst));
    text(fmt::format("{}", fmt::join(u.checks, " ")));
    number(static_cast<long long>(u.findings));
    number(static_cast<long long>(u.waived));
    const std::string_view gate = gateStatus(u);
    rows += std::to_string(gate.empty() ? -1 : statuses.of(gate));
    rows += ']';
  }
  std::string out = "{\"sev\":[\"info\",\"warning\",\"blocker\"]";
  for (const auto& [name, table] : {std::pair{"checks", &checks},
                                    {"kinds", &kinds},
                                    {"files", &files},
                                    {"ous", &ous},
                                    {"details", &details},
                                    {"gates", &gates},
                                    {"messages", &messages},
                                    {"waves", &waves},
                                    {"statuses", &statuses}}) {
    out += fmt::format(",\"{}\":", name);
    appendArray(out, table->values);
  }
  out += ",\"rows\":[";
  out += findingRows;
  out += "],\"users\":[";
  out += rows;
  out += "]}";
  return out;
}

// The cover: what the deliverable is, for whom, the tenant's readiness and, labelled apart, the
// gate's decision.
std::string cover(const Report& r) {
  std::string o = fmt::format("<header class=\"verdict v-{}\">", toString(r.readiness));
  if (const std::string line = coverLine(r); !line.empty())
    o += fmt::format("<p class=\"cover\">{}</p>", h(line));
  o += fmt::format("<h1>{}</h1><p>{}</p><p>{}</p><p class=\"gate\">{}</p><p>migready {} · "
                   "generated {}</p></header>\n",
                   r.readiness == Verdict::Ready      ? "Ready"
                   : r.readiness == Verdict::NotReady ? "Not ready"
                                                      : "Incomplete",
                   h(verdictHeadline(r.readiness)), h(r.shownText(r.readinessReason)),
                   h(gateSentence(r)), h(r.toolVersion), h(r.generatedAt));
  o += "<section id=\"executive-summary\"><h2>Executive summary</h2><p>";
  const auto sentences = executiveSummary(r);
  for (std::size_t i = 0; i < sentences.size(); ++i)
    o += (i ? " " : "") + h(sentences[i]);
  return o + "</p></section>\n";
}

// One row per affected user, rendered by the script (paged like the findings); each links to
// that user's findings.
std::string usersSection(const Report& r, std::size_t count) {
  if (count == 0) return {};
  return fmt::format("<section id=\"users\"><h2>Affected users</h2><p>{} user(s) with any "
                     "finding: {} blocked{}, {} with warnings only. Worst first; a user's link "
                     "shows only that user's findings in every check below.</p>"
                     "<div class=\"users\"></div></section>\n",
                     count, r.users.blocked, blockedByWaivedOnly(r.users.blockedWaived),
                     r.users.warned);
}

} // namespace

void HtmlReporter::write(const Report& r, std::ostream& out) const {
  // Users (not findings) per OU: a user with three blockers is one person to fix.
  std::map<std::string, std::set<std::string>> blockedByOu;
  for (const Finding& f : r.findings)
    if (f.severity == Severity::Blocker && !r.aboutGate(f) && !f.subject.dn.empty())
      blockedByOu[std::string(parentDn(f.subject.dn))].insert(f.subject.key());
  std::map<std::string, std::size_t> blockersByOu;
  for (const auto& [ou, users] : blockedByOu)
    blockersByOu[ou] = users.size();
  std::string o;
  o.reserve(r.findings.size() * 200 + 64 * 1024);
  const std::string verdict(toString(r.readiness));
  o += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
       "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">";
  o += fmt::format("<title>{}migready: {} — {}</title><style>{}</style></head><body>\n",
                   r.title.empty() ? "" : h(r.title) + " — ", verdict, h(r.generatedAt), kStyle);
  o += cover(r);
  o += fmt::format("<section id=\"summary\"><div class=\"counts\"><div class=\"count "
                   "blocker\"><b>{}</b>blocker(s)</div>"
                   "<div class=\"count warning\"><b>{}</b>warning(s)</div><div class=\"count "
                   "info\"><b>{}</b>info</div></div>\n",
                   r.findingsAt(Severity::Blocker), r.findingsAt(Severity::Warning),
                   r.findingsAt(Severity::Info));
  o += fmt::format("<p><b>{}</b> user(s) blocked{}, <b>{}</b> with warnings only, of {} user(s) "
                   "with any finding.</p>",
                   r.users.blocked, blockedByWaivedOnly(r.users.blockedWaived), r.users.warned,
                   r.users.total);
  if (!r.waiverFile.empty())
    o += fmt::format("<p class=\"muted\">{} finding(s) waived (accepted exceptions): the gate "
                     "does not count them.</p>",
                     r.waived);
  o += "<h2>Sources: what was "
       "scanned</h2><table><thead><tr><th>Source</th><th>Status</th><th>Objects</th><th>From</"
       "th><th>Detail</th></tr></thead><tbody>";
  for (SourceKind k : kAllSources) {
    const SourceState& s = r.source(k);
    o +=
        fmt::format("<tr><td>{}</td><td><span class=\"badge "
                    "{}\">{}</span></td><td>{}</td><td class=\"long\"><code>{}</code></td>"
                    "<td class=\"text\">{}</td></tr>",
                    words(k),
                    s.status == SourceStatus::Complete      ? "s-pass"
                    : s.status == SourceStatus::NotProvided ? "s-not_run"
                                                            : "s-fail",
                    words(s.status), s.objects, h(r.shownText(s.origin)), h(r.shownText(s.detail)));
  }
  o += "</tbody></table>\n";
  if (!r.facts.empty()) {
    o += "<h2>Environment</h2><table><tbody>";
    for (const Fact& f : r.facts)
      o += fmt::format("<tr><th>{}</th><td class=\"text\">{}</td></tr>", h(f.label),
                       h(r.shownText(f.value)));
    o += "</tbody></table>\n";
  }
  o += "</section>\n<section id=\"charts\"><h2>At a glance</h2><div class=\"charts\">";
  o += "<figure><figcaption>Findings by severity</figcaption>" +
       barChart({{"blocker", r.findingsAt(Severity::Blocker)},
                 {"warning", r.findingsAt(Severity::Warning)},
                 {"info", r.findingsAt(Severity::Info)}},
                "#b42318") +
       "</figure>";
  std::vector<std::pair<std::string, std::size_t>> kindBars;
  for (const auto& [kind, n] : r.usersByKind)
    kindBars.emplace_back(subjectKindWords(kind), n);
  o += "<figure><figcaption>AD users by kind</figcaption>" + barChart(kindBars, "#175cd3") +
       "</figure>";
  std::vector<std::pair<std::string, std::size_t>> ous(blockersByOu.begin(), blockersByOu.end());
  std::sort(ous.begin(), ous.end(), [](const auto& a, const auto& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  if (ous.size() > 10) ous.resize(10);
  o += "<figure><figcaption>Blocked users per OU (top 10)</figcaption>" + barChart(ous, "#b42318") +
       "</figure>";
  o += "</div></section>\n";
  const std::string& package = options_.remediationPackage;
  const auto steps = planSteps(r, package);
  o += "<section id=\"plan\"><h2>Remediation plan</h2>";
  if (steps.empty()) {
    o += "<p class=\"muted\">No remediation needed for what was scanned.</p>";
  } else {
    o += "<div class=\"plan\"><p><b>To be run by an administrator; migready never runs it.</b> "
         "The steps follow the documented procedure for third-party migrations: first keep "
         "msExchMailboxGuid out of the sync, then remove the users that already carry it from "
         "Entra ID and bring them back.</p><ol>";
    for (const std::string& s : steps)
      o += "<li>" + h(s) + "</li>";
    o += "</ol>";
    if (!package.empty()) {
      o += "<p>The remediation package:";
      for (const char* file : {"README.md", "hard-delete.csv", "scope-change.csv", "remediate.ps1"})
        o += fmt::format(" <a href=\"{}/{}\">{}</a>", h(uriPath(package, true)), file, file);
      o += "</p>";
    }
    o += "</div>";
  }
  o += "</section>\n";
  o += waveSection(r);
  const std::vector<AffectedUser> users = affectedUsers(r);
  o += usersSection(r, users.size());
  o += waiverSection(r);
  o += baselineSection(r);
  o += "<section id=\"checks\"><h2>Checks</h2>";
  for (const CheckResult& c : r.checks) {
    const bool fails = failsGate(c, r.gate.failOn);
    const std::string status = fails ? "fail" : std::string(toString(c.status));
    o += fmt::format(
        "<details class=\"check\"{}><summary>{} {} <span class=\"badge s-{}\">{}</span> "
        "<span class=\"muted\">{} finding(s), {} user(s){}</span></summary><div "
        "class=\"doc\">{}</div>"
        "<div class=\"findings\" data-check=\"{}\"></div></details>\n",
        fails ? " open" : "", h(c.id), h(c.title), status,
        fails ? statusWords(CheckStatus::Fail) : statusWords(c.status), c.findings, c.users,
        c.reason.empty() ? "" : " — " + h(r.shownText(c.reason)), h(c.doc), h(c.id));
  }
  o += "</section>\n<script type=\"application/json\" id=\"migready-data\">";
  o += dataBlock(r, users);
  o += "</script>\n<script>";
  o += kScript;
  o += "</script>\n</body></html>\n";
  out << o;
}

} // namespace migready
