#include "scanner/gate/Gate.h"

#include "scanner/model/Text.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unordered_map>
#include <unordered_set>

namespace migready {

std::optional<std::string> waiverCoveringEveryUser(const WaiverList& list,
                                                   const Snapshot& snapshot) {
  Subject subject;
  for (const Waiver& w : list.waivers) {
    // A fingerprint, objectGuid or cloudId names one finding or one user.
    if (w.expiredOn(list.today) || !w.fingerprint.empty() || !w.objectGuid.empty() ||
        !w.cloudId.empty())
      continue;
    // The users it could match: those the sync concerns (every finding a waiver can accept is
    // about one: an AD account the sync would export, a cloud user it made), and of them those
    // that have what it asks about (a user without a DN never matches a dn either way). The
    // built-in accounts the sync never exports and cloud-only users do not make a pattern for
    // every user of a check a narrow one.
    std::size_t users = 0;
    bool every = true;
    const auto judge = [&](std::string_view dn, std::string_view upn) {
      if ((!w.dn.empty() && dn.empty()) || (!w.upn.empty() && upn.empty())) return true;
      subject.dn = dn;
      subject.upn = upn;
      ++users;
      return every = w.matchesSubject(subject);
    };
    for (const AdAccount& a : snapshot.ad.accounts)
      if (a.passesDefaultFilter() && !judge(a.dn, a.userPrincipalName)) break;
    for (std::size_t i = 0; every && i < snapshot.cloud.users.size(); ++i) {
      const CloudUser& u = snapshot.cloud.users[i];
      if (u.onPremisesSyncEnabled.value_or(false) || !u.onPremisesImmutableId.empty())
        judge(u.onPremisesDistinguishedName, u.userPrincipalName);
    }
    if (!every || users < 2) continue; // one user is every user and also a named one
    std::string match;
    for (const auto& [name, value] : w.matchFields())
      match += fmt::format("{}{}: \"{}\"", match.empty() ? "" : ", ", name, value);
    return fmt::format(
        "{}: {} matches every one of the {} synced users scanned that it could match: "
        "name whom the waiver accepts (a waiver for every finding of a check is not "
        "a waiver: that is the fail-on setting)",
        w.where(), match, users);
  }
  return std::nullopt;
}

void applyWaivers(const WaiverList& list, Report& report) {
  report.waiverFile = list.file;
  report.waivers = list.waivers;
  report.waiverUse.assign(list.waivers.size(), 0);
  report.waived = 0;
  std::vector<std::size_t> active;
  for (std::size_t i = 0; i < list.waivers.size(); ++i)
    if (!list.waivers[i].expiredOn(list.today)) active.push_back(i);
  if (active.empty()) return;
  for (Finding& f : report.findings)
    for (std::size_t i : active)
      if (list.waivers[i].covers(f)) {
        f.waiver = static_cast<std::int32_t>(i);
        ++report.waiverUse[i];
        ++report.waived;
        break;
      }
}

void compareWithBaseline(const SavedReport& baseline, Report& report) {
  BaselineSummary summary;
  summary.file = baseline.file;
  summary.generatedAt = baseline.generatedAt;
  std::unordered_map<std::string_view, const Finding*> before;
  before.reserve(baseline.findings.size());
  for (const Finding& f : baseline.findings)
    before.emplace(f.fingerprint, &f); // the first of a fingerprint, as the report listed it
  std::unordered_set<std::string_view> now;
  now.reserve(report.findings.size());
  for (Finding& f : report.findings) {
    const auto it = before.find(f.fingerprint);
    f.baseline = baselineStateOf(it == before.end() ? nullptr : it->second, f);
    ++(f.baseline == BaselineState::Unchanged ? summary.unchanged : summary.newFindings);
    now.insert(f.fingerprint);
  }
  for (const Finding& f : baseline.findings)
    if (!now.count(f.fingerprint)) {
      summary.resolved.push_back(f);
      summary.resolved.back().waiver = -1; // the baseline's waivers are not this report's
    }
  report.baseline = std::move(summary);
}

namespace {
// The verdict on counted findings and the data's completeness: what the gate says for the whole
// scan and for each wave.
Verdict verdictOf(bool failing, const Report& r) {
  if (failing) return Verdict::NotReady;
  return r.incomplete.empty() ? Verdict::Ready : Verdict::Incomplete;
}

std::string reasonOf(const Report& r) {
  const GateDecision& g = r.gate;
  // What the count leaves out, said next to it.
  std::vector<std::string> leftOut;
  if (g.leftOutWaived > 0) leftOut.push_back(fmt::format("{} more waived", g.leftOutWaived));
  if (g.newOnly)
    leftOut.push_back(fmt::format("new findings only: {} already in the baseline not counted",
                                  g.leftOutExisting));
  if (!g.wave.empty())
    leftOut.push_back(fmt::format("wave {} only: {} finding(s) about users or rows of other "
                                  "waves not counted; findings about the tenant and the sync "
                                  "configuration count for every wave",
                                  g.wave, g.leftOutOtherWaves));
  const std::string aside = leftOut.empty() ? "" : fmt::format(" ({})", fmt::join(leftOut, "; "));
  const std::string_view fresh = g.newOnly ? "new " : "";
  switch (g.verdict) {
  case Verdict::NotReady: {
    std::string reason = fmt::format("{} user(s) {}, {} {}finding(s) at or above {}{}", g.users,
                                     g.failOn == Severity::Blocker ? "blocked" : "affected",
                                     g.counted, fresh, toString(g.failOn), aside);
    if (!r.incomplete.empty())
      reason += fmt::format("; also incomplete: {}", fmt::join(r.incomplete, "; "));
    return reason;
  }
  case Verdict::Incomplete:
    return fmt::format("{}; no counted {}finding at or above {}{}", fmt::join(r.incomplete, "; "),
                       fresh, toString(g.failOn), aside);
  case Verdict::Ready:
    break;
  }
  return fmt::format("no {}finding at or above {}{}; every source in scope is complete", fresh,
                     toString(g.failOn), aside);
}
} // namespace

void decide(const GateOptions& options, Report& report) {
  GateDecision& g = report.gate;
  g = GateDecision{};
  g.failOn = options.failOn;
  g.newOnly = options.newOnly && report.baseline.has_value();
  // The wave decided on, by its index among the waves (names compared as the wave files are).
  std::optional<std::size_t> gated;
  for (std::size_t i = 0; i < report.waves.size() && !options.wave.empty(); ++i)
    if (equalsIgnoreCase(report.waves[i].name, options.wave)) {
      gated = i;
      g.wave = report.waves[i].name;
      break;
    }
  if (!options.wave.empty() && !gated) g.wave = options.wave; // no such wave: nothing is in it

  std::unordered_map<std::string_view, CheckResult*> byId;
  for (CheckResult& c : report.checks) {
    c.gateWorst.reset();
    c.waived = 0;
    byId[c.id] = &c;
  }
  // Users told apart by a 64-bit hash of their key: a million users cost a few tens of MB.
  const std::hash<std::string> hash;
  std::unordered_set<std::size_t> failingUsers;
  std::vector<bool> waveFails(report.waves.size(), false);
  bool everyWaveFails = false;
  for (Finding& f : report.findings) {
    f.outsideGatedWave = !options.wave.empty() && (!gated || !report.concernsWave(f, *gated));
    const bool counts = g.counts(f);
    if (auto it = byId.find(f.check); it != byId.end()) {
      CheckResult& c = *it->second;
      if (f.waived()) ++c.waived;
      if (counts && (!c.gateWorst || f.severity > *c.gateWorst)) c.gateWorst = f.severity;
    }
    if (f.severity < g.failOn) continue;
    if (g.countsInItsWave(f)) {
      if (f.wave == 0 || f.wave >= report.waveLabels.size())
        everyWaveFails = true; // about every wave
      else
        for (std::uint32_t w : report.waveLabels[f.wave].waves)
          waveFails[w] = true;
    }
    if (counts) {
      ++g.counted;
      if (f.subject.isUser()) failingUsers.insert(hash(f.subject.key()));
    } else if (f.waived()) {
      ++g.leftOutWaived;
    } else if (g.newOnly && f.baseline == BaselineState::Unchanged) {
      ++g.leftOutExisting;
    } else {
      ++g.leftOutOtherWaves;
    }
  }
  g.users = failingUsers.size();
  g.verdict = verdictOf(g.counted > 0, report);
  g.reason = reasonOf(report);
  for (std::size_t w = 0; w < report.waves.size(); ++w)
    report.waves[w].gate = verdictOf(everyWaveFails || waveFails[w], report);
}

} // namespace migready
