#include "scanner/gate/ScanDiff.h"

#include "scanner/model/Text.h"
#include "scanner/model/Time.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace migready {

namespace {
ScanPoint pointOf(const SavedReport& r) {
  ScanPoint p;
  p.file = r.file;
  p.generatedAt = r.generatedAt;
  p.verdict = r.verdict;
  p.readiness = r.readiness;
  p.verdictReason = r.verdictReason;
  p.sources = r.sources;
  p.findings = r.findings.size();
  // The tenant as that scan found it: every finding (a waiver accepts a finding, it does not
  // remove it), but the gate's own findings about the waiver file.
  std::map<std::string, Severity> worstByUser;
  for (const Finding& f : r.findings) {
    if (f.waived()) ++p.waived;
    if (f.check.starts_with("GATE")) continue;
    ++p.bySeverity[static_cast<std::size_t>(f.severity)];
    if (!f.subject.isUser()) continue;
    auto [it, added] = worstByUser.emplace(f.subject.key(), f.severity);
    if (!added && f.severity > it->second) it->second = f.severity;
  }
  for (const auto& [user, worst] : worstByUser) {
    if (worst == Severity::Blocker) ++p.blockedUsers;
    if (worst == Severity::Warning) ++p.warnedUsers;
  }
  return p;
}

std::string nameOf(const Subject& s) {
  return !s.upn.empty() ? s.upn : !s.dn.empty() ? s.dn : s.displayName;
}

std::string label(const Finding& f) {
  return fmt::format("{} ({})", f.check, toString(f.severity));
}

// Whether a source read in `a` and `b` covered the same: complete in both, or given in neither.
std::string coverageWarning(SourceKind k, const SavedReport& a, const SavedReport& b) {
  const SourceStatus sa = a.source(k).status, sb = b.source(k).status;
  if (sa == sb && (sa == SourceStatus::Complete || sa == SourceStatus::NotProvided)) return {};
  if (sa == sb)
    return fmt::format("{} was {} in both {} and {}: findings from it may be missing from either",
                       words(k), words(sa), a.file, b.file);
  return fmt::format("{} was {} in {} but {} in {}: findings that look new or resolved may only "
                     "have been unread",
                     words(k), words(sa), a.file, words(sb), b.file);
}
} // namespace

ScanDiff diffScans(const std::vector<SavedReport>& reports, Severity failOn) {
  ScanDiff d;
  d.failOn = failOn;
  // Every report names a tenant, or none does: one without a tenant id among reports that have
  // one is not known to be of that tenant (another tenant's report with its id taken out).
  for (const SavedReport& r : reports) {
    const SavedReport& first = reports.front();
    if (r.tenantId.empty() == first.tenantId.empty()) continue;
    const SavedReport& named = r.tenantId.empty() ? first : r;
    const SavedReport& unnamed = r.tenantId.empty() ? r : first;
    throw GateInputError(fmt::format("{} names tenant {} and {} names none: a diff compares scans "
                                     "known to be of one tenant (read Entra ID in every scan, or "
                                     "in none)",
                                     named.file, named.tenantId, unnamed.file));
  }
  for (const SavedReport& r : reports) {
    if (!r.tenantId.empty()) {
      if (d.tenantId.empty())
        d.tenantId = r.tenantId;
      else if (!equalsIgnoreCase(d.tenantId, r.tenantId))
        throw GateInputError(fmt::format("{}: tenant {} is not the tenant of the reports before "
                                         "it ({}): a diff compares scans of one tenant",
                                         r.file, r.tenantId, d.tenantId));
    }
    d.points.push_back(pointOf(r));
  }
  if (reports.size() >= 2) {
    const SavedReport &before = reports[reports.size() - 2], &now = reports.back();
    for (SourceKind k : kAllSources) {
      const SourceStatus was = before.source(k).status, is = now.source(k).status;
      if (is == SourceStatus::Partial || is == SourceStatus::Failed)
        d.incomplete.push_back(fmt::format("{}: {} was {}", now.file, words(k), words(is)));
      else if (was == SourceStatus::Complete && is != SourceStatus::Complete)
        d.incomplete.push_back(fmt::format("{}: {} was {} ({} read it completely)", now.file,
                                           words(k), words(is), before.file));
    }
    if (now.readiness == Verdict::Incomplete && d.incomplete.empty())
      d.incomplete.push_back(fmt::format("{}: the scan was incomplete", now.file));
  }
  for (std::size_t i = 0; i + 1 < reports.size(); ++i) {
    const SavedReport &a = reports[i], &b = reports[i + 1];
    for (SourceKind k : kAllSources)
      if (auto w = coverageWarning(k, a, b); !w.empty()) d.warnings.push_back(std::move(w));
    std::unordered_map<std::string_view, const Finding*> before; // by fingerprint
    std::unordered_set<std::string_view> after;
    for (const Finding& f : a.findings)
      before.emplace(f.fingerprint, &f);
    for (const Finding& f : b.findings)
      after.insert(f.fingerprint);
    ScanStep step{i, i + 1, 0, 0, 0, 0};
    const bool last = i + 2 == reports.size();
    std::map<std::string, CheckDelta> checks;
    std::map<std::string, UserChange> users;
    const auto user = [&](const Finding& f) -> UserChange* {
      if (!last || !f.subject.isUser()) return nullptr;
      UserChange& u = users[f.subject.key()];
      if (u.name.empty()) u.name = nameOf(f.subject), u.dn = f.subject.dn;
      return &u;
    };
    for (const Finding& f : b.findings) {
      CheckDelta& c = checks[f.check];
      const auto it = before.find(f.fingerprint);
      const Finding* was = it == before.end() ? nullptr : it->second;
      if (was && was->waived() != f.waived())
        if (UserChange* u = user(f)) (f.waived() ? u->waived : u->unwaived).push_back(label(f));
      // New to the gate as the scan's baseline judges it: not there before, waived then and not
      // now, or worse now.
      if (baselineStateOf(was, f) == BaselineState::Unchanged) {
        ++step.unchanged, ++c.unchanged;
        continue;
      }
      ++step.newFindings, ++c.newFindings;
      if (!f.waived() && f.severity >= failOn) ++step.newAtOrAbove;
      if (last) d.newFindings.push_back(f);
      if (UserChange* u = user(f); u && !was) u->added.push_back(label(f));
    }
    for (const Finding& f : a.findings)
      if (!after.count(f.fingerprint)) {
        ++step.resolved, ++checks[f.check].resolved;
        if (UserChange* u = user(f)) u->removed.push_back(label(f));
      }
    d.steps.push_back(step);
    if (!last) continue;
    // Titles from either report; checks in the newer report's order, then any it no longer has.
    std::vector<std::string> order;
    for (const CheckResult& c : b.checks)
      order.push_back(c.id);
    for (const CheckResult& c : a.checks)
      if (std::find(order.begin(), order.end(), c.id) == order.end()) order.push_back(c.id);
    for (const auto& [id, delta] : checks)
      if (std::find(order.begin(), order.end(), id) == order.end()) order.push_back(id);
    for (const std::string& id : order) {
      CheckDelta c = checks.count(id) ? checks[id] : CheckDelta{};
      c.id = id;
      for (const auto* r : {&b, &a})
        for (const CheckResult& cr : r->checks)
          if (cr.id == id && c.title.empty()) c.title = cr.title;
      d.checks.push_back(std::move(c));
    }
    // Each user's worst unwaived severity before and after.
    std::unordered_map<std::string, Severity> worstA, worstB;
    const auto worstOf = [&](const SavedReport& r, std::unordered_map<std::string, Severity>& to) {
      for (const Finding& f : r.findings)
        if (!f.waived() && f.subject.isUser() && users.count(f.subject.key())) {
          auto [it, added] = to.emplace(f.subject.key(), f.severity);
          if (!added && f.severity > it->second) it->second = f.severity;
        }
    };
    worstOf(a, worstA);
    worstOf(b, worstB);
    for (auto& [key, u] : users) {
      if (auto it = worstA.find(key); it != worstA.end()) u.before = toString(it->second);
      if (auto it = worstB.find(key); it != worstB.end()) u.after = toString(it->second);
      std::sort(u.added.begin(), u.added.end());
      std::sort(u.removed.begin(), u.removed.end());
      std::sort(u.waived.begin(), u.waived.end());
      std::sort(u.unwaived.begin(), u.unwaived.end());
      d.users.push_back(std::move(u));
    }
    std::sort(d.users.begin(), d.users.end(),
              [](const UserChange& x, const UserChange& y) { return x.name < y.name; });
    std::stable_sort(d.newFindings.begin(), d.newFindings.end(),
                     [](const Finding& x, const Finding& y) { return x.severity > y.severity; });
  }
  return d;
}

bool orderByTime(std::vector<SavedReport>& reports) {
  std::vector<std::pair<std::int64_t, std::size_t>> times; // generatedAt, place given
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const auto t = parseIsoTime(reports[i].generatedAt);
    if (!t)
      throw GateInputError(fmt::format("{}: generatedAt \"{}\" is not a time: a diff puts the "
                                       "reports in the order they were made by it",
                                       reports[i].file, reports[i].generatedAt));
    times.emplace_back(*t, i);
  }
  std::sort(times.begin(), times.end());
  for (std::size_t i = 1; i < times.size(); ++i)
    if (times[i].first == times[i - 1].first)
      throw GateInputError(
          fmt::format("{} and {} were both made at {}: a diff puts the reports in the order "
                      "they were made (generatedAt), and cannot tell which is newer",
                      reports[times[i - 1].second].file, reports[times[i].second].file,
                      reports[times[i].second].generatedAt));
  bool moved = false;
  std::vector<SavedReport> ordered;
  ordered.reserve(reports.size());
  for (std::size_t i = 0; i < times.size(); ++i) {
    moved = moved || times[i].second != i;
    ordered.push_back(std::move(reports[times[i].second]));
  }
  reports = std::move(ordered);
  return moved;
}

} // namespace migready
