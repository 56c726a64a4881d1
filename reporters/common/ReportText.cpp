#include "reporters/common/ReportText.h"

#include "scanner/model/Text.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <unordered_set>

namespace migready {

namespace {

// "1 user", "133 users".
std::string users(std::size_t n) {
  return fmt::format("{} user{}", n, n == 1 ? "" : "s");
}

// Why users are blocked: the checks whose blockers name the most of them, with how many each
// names (every blocker, waived ones included: the tenant as scanned).
std::string whyBlocked(const Report& r) {
  std::map<std::string_view, std::unordered_set<std::string>> byCheck;
  for (const Finding& f : r.findings)
    if (f.severity == Severity::Blocker && f.subject.isUser() && !r.aboutGate(f))
      byCheck[f.check].insert(f.subject.key());
  std::vector<std::pair<std::size_t, const CheckResult*>> ranked;
  for (const CheckResult& c : r.checks)
    if (auto it = byCheck.find(c.id); it != byCheck.end())
      ranked.emplace_back(it->second.size(), &c);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> reasons;
  for (std::size_t i = 0; i < ranked.size() && i < 3; ++i)
    reasons.push_back(fmt::format("{} ({}, {})", ranked[i].second->title, users(ranked[i].first),
                                  ranked[i].second->id));
  if (reasons.empty()) return {};
  return fmt::format("The reasons, by the users they concern (a user can have several): {}.",
                     fmt::join(reasons, "; "));
}

// The next step and who takes it, from the remediation plan.
std::string nextStep(const Report& r) {
  const RemediationPlan& p = r.plan;
  if (r.readiness == Verdict::Incomplete)
    return "Next step: whoever runs the scan provides the data that is missing and scans again; "
           "until then no user can be called ready.";
  if (r.readiness == Verdict::Ready)
    return r.waves.empty() ? "Next step: the migration team can start the mailbox migration."
                           : "Next step: the migration team can start with the first wave.";
  // Who does what, in the plan's order: the AD Connect side first, then Entra ID.
  std::vector<std::string> sync, entra;
  if (p.excludeAttribute) sync.push_back("keeps msExchMailboxGuid out of the sync");
  if (p.excludeAttributeCloudSync)
    sync.push_back("removes Cloud Sync's MSExchMailboxGuid attribute mapping");
  if (!p.syncedUsers.empty()) {
    sync.push_back(fmt::format("takes the {} container(s) of the affected users out of the sync "
                               "scope",
                               p.containers.size()));
    entra.push_back(
        fmt::format("permanently deletes the {} that already carry the attribute in Entra ID",
                    users(p.syncedUsers.size())));
  }
  if (!p.deletedUsers.empty())
    entra.push_back(fmt::format("purges {} from Deleted users", users(p.deletedUsers.size())));
  std::string step;
  if (sync.empty() && entra.empty()) {
    step = "Next step: the AD and Exchange administrators work through the blocked users' "
           "findings below; each check says what to do";
  } else {
    step = "Next step, as the remediation plan below details: ";
    const bool connect = p.excludeAttribute || (!p.syncedUsers.empty() && !p.cloudSyncUsers);
    const bool cloud = p.excludeAttributeCloudSync || p.cloudSyncUsers;
    if (!sync.empty())
      step += fmt::format("the {} administrator {}",
                          connect && cloud ? "sync (Azure AD Connect and Cloud Sync)"
                          : cloud          ? "Cloud Sync"
                                           : "AD Connect",
                          fmt::join(sync, " and "));
    if (!entra.empty())
      step += fmt::format("{}the Entra ID administrator {}", sync.empty() ? "" : "; then ",
                          fmt::join(entra, " and "));
    if (!p.syncedUsers.empty()) step += "; a re-sync brings the users back";
  }
  if (!p.keptByWaiver.empty())
    step += fmt::format("; {} that waivers protect {} left out of every deletion",
                        users(p.keptByWaiver.size()), p.keptByWaiver.size() == 1 ? "is" : "are");
  if ((p.excludeAttribute || p.excludeAttributeCloudSync) && !p.cloudKnown())
    step += fmt::format(
        "; which users already carry the attribute in Entra ID is {} until Entra "
        "ID is read {}({})",
        p.statusOf(SourceKind::Graph) == SourceStatus::Partial ? "known only in part" : "not known",
        p.statusOf(SourceKind::Graph) == SourceStatus::Partial ? "completely " : "",
        settingsOf(SourceKind::Graph));
  return step + ".";
}

// The gate's options in words: "fail-on warning", "waivers from waivers.yaml", ...
std::vector<std::string> gateMode(const Report& r) {
  std::vector<std::string> mode;
  mode.push_back(fmt::format("fails at {}", toString(r.gate.failOn)));
  if (!r.waiverFile.empty())
    mode.push_back(fmt::format("waivers from {}", r.shownPath(r.waiverFile)));
  if (r.baseline)
    mode.push_back(fmt::format("{} the baseline {}",
                               r.gate.newOnly ? "new findings only, against" : "compared with",
                               r.shownPath(r.baseline->file)));
  if (!r.gate.wave.empty()) mode.push_back(fmt::format("wave {} only", r.gate.wave));
  return mode;
}

} // namespace

std::string blockedByWaivedOnly(std::size_t blockedWaived) {
  return blockedWaived == 0 ? std::string()
                            : fmt::format(" ({} by waived findings only)", blockedWaived);
}

bool gateOptionsGiven(const Report& r) {
  return r.gate.failOn != Severity::Blocker || !r.waiverFile.empty() || r.baseline ||
         !r.gate.wave.empty();
}

std::string gateSentence(const Report& r) {
  return fmt::format("Gate decision ({}): {}, exit code {}: {}.", fmt::join(gateMode(r), "; "),
                     toString(r.gate.verdict), exitCodeOf(r.gate.verdict),
                     r.shownText(r.gate.reason));
}

std::string coverLine(const Report& r) {
  if (r.customer.empty()) return r.title;
  if (r.title.empty()) return fmt::format("Prepared for {}", r.customer);
  return fmt::format("{} · prepared for {}", r.title, r.customer);
}

std::vector<std::string> executiveSummary(const Report& r) {
  std::size_t adUsers = 0;
  for (const auto& [kind, n] : r.usersByKind)
    adUsers += n;
  std::vector<std::string> out;
  // The tenant as scanned, whatever the gate's options.
  switch (r.readiness) {
  case Verdict::Ready:
    out.push_back(
        fmt::format("The mailbox migration can start: nothing in what was scanned blocks it{}.",
                    r.users.warned > 0
                        ? fmt::format(", though {} {} warnings worth reading",
                                      users(r.users.warned), r.users.warned == 1 ? "has" : "have")
                        : ""));
    break;
  case Verdict::NotReady:
    if (r.users.blocked == 0) {
      out.push_back("The mailbox migration cannot start yet: the tenant or the sync configuration "
                    "stops it, whatever the users.");
      break;
    }
    out.push_back(fmt::format(
        "The mailbox migration cannot start yet: {} {} blocked{}.",
        adUsers > 0
            ? fmt::format("{} of the {} on-premises users scanned", r.users.blocked, adUsers)
            : users(r.users.blocked),
        r.users.blocked == 1 ? "is" : "are",
        r.users.blockedWaived == 0
            ? std::string()
            : fmt::format(" ({} of them only by findings that waivers accept)",
                          r.users.blockedWaived)));
    break;
  case Verdict::Incomplete:
    out.push_back(fmt::format("Readiness could not be decided, because some data could not be "
                              "read: {}.",
                              r.shownText(fmt::format("{}", fmt::join(r.incomplete, "; ")))));
    break;
  }
  if (r.readiness == Verdict::NotReady)
    if (std::string why = whyBlocked(r); !why.empty()) out.push_back(std::move(why));
  if (!r.waves.empty()) {
    std::vector<std::string> ready, notReady, undecided;
    for (const WaveReadiness& w : r.waves)
      if (w.name != kNoWave)
        (w.readiness == Verdict::Ready      ? ready
         : w.readiness == Verdict::NotReady ? notReady
                                            : undecided)
            .push_back(w.name);
    const std::size_t all = ready.size() + notReady.size() + undecided.size();
    std::vector<std::string> parts;
    if (!notReady.empty()) parts.push_back(fmt::format("not yet: {}", fmt::join(notReady, ", ")));
    if (!undecided.empty())
      parts.push_back(fmt::format("cannot be decided until the missing data is read: {}",
                                  fmt::join(undecided, ", ")));
    if (ready.empty() && undecided.empty())
      out.push_back(fmt::format("None of the {} migration wave(s) is ready: {}.", all,
                                fmt::join(notReady, ", ")));
    else if (ready.empty())
      out.push_back(fmt::format("None of the {} migration wave(s) is ready; {}.", all,
                                fmt::join(parts, "; ")));
    else
      out.push_back(fmt::format("Of the {} migration wave(s), {} {} ready ({}){}.", all,
                                ready.size(), ready.size() == 1 ? "is" : "are",
                                fmt::join(ready, ", "),
                                parts.empty() ? "" : fmt::format("; {}", fmt::join(parts, "; "))));
  }
  out.push_back(nextStep(r));
  // The gate's decision: a sentence of its own, labelled, never mixed into the tenant's.
  if (gateOptionsGiven(r) || r.gate.verdict != r.readiness) out.push_back(gateSentence(r));
  return out;
}

std::string_view verdictHeadline(Verdict verdict) {
  switch (verdict) {
  case Verdict::Ready:
    return "Ready: nothing found that would stop a third-party mailbox migration.";
  case Verdict::NotReady:
    return "Not ready: some users or settings would stop a third-party mailbox migration.";
  case Verdict::Incomplete:
    return "Incomplete: some data could not be read, so readiness cannot be confirmed.";
  }
  return "";
}

SplitLocation splitLocation(std::string_view location) {
  SplitLocation s;
  if (const auto hash = location.find("#/"); hash != std::string_view::npos) {
    s.file = location.substr(0, hash);
    s.pointer = location.substr(hash + 1);
    return s;
  }
  if (const auto colon = location.rfind(':');
      colon != std::string_view::npos && colon + 1 < location.size()) {
    if (auto line = parseInt64(location.substr(colon + 1)); line && *line > 0) {
      s.file = location.substr(0, colon);
      s.line = static_cast<std::uint64_t>(*line);
      return s;
    }
  }
  s.file = location;
  return s;
}

std::string_view evidenceSourceWords(std::string_view source) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"ad", "Active Directory"},
      {"graph", "Entra ID"},
      {"adconnect", "Azure AD Connect export"},
      {"cloudsync", "Cloud Sync job schema"},
      {"waivers", "waiver file"},
      {"waves", "wave file"}};
  for (const auto& [id, words] : kWords)
    if (source == id) return words;
  return source;
}

std::string_view statusWords(CheckStatus status) {
  switch (status) {
  case CheckStatus::Pass:
    return "passed";
  case CheckStatus::Fail:
    return "failed";
  case CheckStatus::NotRun:
    return "did not run";
  case CheckStatus::Error:
    return "error";
  }
  return "error";
}

bool failsGate(const CheckResult& c, Severity failOn) {
  return c.status == CheckStatus::Fail && c.gateWorst && *c.gateWorst >= failOn;
}

} // namespace migready
