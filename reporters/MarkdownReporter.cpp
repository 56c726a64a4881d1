#include "reporters/MarkdownReporter.h"

#include "reporters/common/AffectedUsers.h"
#include "reporters/common/ReportText.h"
#include "reporters/common/TextClean.h"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

namespace migready {

namespace {
constexpr std::size_t kListed = 20;
}

void MarkdownReporter::write(const Report& r, std::ostream& out) const {
  // The heading states the tenant as scanned; the gate's decision follows, labelled.
  fmt::print(out, "## migready: {}{}\n\n{}\n\n", toString(r.readiness),
             r.gate.verdict == r.readiness
                 ? std::string()
                 : fmt::format(" (gate decision: {})", toString(r.gate.verdict)),
             markdownCell(verdictHeadline(r.readiness)));
  if (const std::string cover = coverLine(r); !cover.empty())
    fmt::print(out, "**{}**\n\n", markdownCell(cover));
  fmt::print(out, "{}\n\n", markdownCell(r.shownText(r.readinessReason)));
  fmt::print(out, "{}\n\n", markdownCell(fmt::format("{}", fmt::join(executiveSummary(r), " "))));
  fmt::print(out, "**{}** blocker · **{}** warning · **{}** info — generated {}\n\n",
             r.findingsAt(Severity::Blocker), r.findingsAt(Severity::Warning),
             r.findingsAt(Severity::Info), markdownCell(r.generatedAt));
  fmt::print(out, "**{}** user(s) blocked{}, **{}** with warnings only, {} with any finding.\n\n",
             r.users.blocked, blockedByWaivedOnly(r.users.blockedWaived), r.users.warned,
             r.users.total);
  fmt::print(out, "**{}**\n\n", markdownCell(gateSentence(r)));
  if (!r.waiverFile.empty())
    fmt::print(out,
               "{} finding(s) waived (accepted exceptions: the gate does not count them; see "
               "below).\n\n",
               r.waived);
  if (r.baseline)
    fmt::print(out,
               "Compared with the baseline `{}` ({}): **{}** new, {} unchanged, {} resolved.{}\n\n",
               markdownCell(r.shownPath(r.baseline->file)), markdownCell(r.baseline->generatedAt),
               r.baseline->newFindings, r.baseline->unchanged, r.baseline->resolved.size(),
               r.gate.newOnly ? " The gate ran in **new findings only** mode." : "");
  if (!r.waves.empty()) {
    fmt::print(out, "| wave | readiness | users | blocked | warnings only | gate | why |\n"
                    "|---|---|---|---|---|---|---|\n");
    for (const WaveReadiness& w : r.waves)
      fmt::print(out, "| {}{} | {} | {} | {}{} | {} | {} | {} |\n", markdownCell(w.name),
                 !r.gate.wave.empty() && w.name == r.gate.wave ? " (gated)" : "",
                 toString(w.readiness), w.users, w.blocked,
                 w.blockedWaived ? fmt::format(" ({} waived)", w.blockedWaived) : std::string(),
                 w.warned, toString(w.gate), markdownCell(r.shownText(w.reason)));
    out << "\n";
  }
  fmt::print(out, "| source | status | objects | detail |\n|---|---|---|---|\n");
  for (SourceKind k : kAllSources) {
    const SourceState& s = r.source(k);
    fmt::print(out, "| {} | {} | {} | {} |\n", words(k), words(s.status), s.objects,
               markdownCell(r.shownText(s.detail)));
  }
  if (!r.syncInputs.empty()) {
    fmt::print(out, "\n| sync tool | input | domain | status | job |\n|---|---|---|---|---|\n");
    for (const SyncInput& in : r.syncInputs)
      fmt::print(out, "| {} | {}{} | {} | {} | {} |\n", nameOf(in.tool),
                 markdownCell(r.shownPath(in.file)), in.fromTenant ? " (from the tenant)" : "",
                 in.tool == SyncTool::Connect
                     ? std::string()
                     : markdownCell(in.domain.empty() ? "every domain" : in.domain),
                 toString(in.state.status),
                 in.job ? markdownCell(fmt::format("{} ({}, {})", in.job->id, in.job->scheduleState,
                                                   in.job->statusCode))
                        : std::string());
  }
  if (r.cloudSyncJobsRead || !r.cloudSyncJobsNote.empty())
    fmt::print(out, "\nCloud Sync jobs in the tenant: {}\n",
               !r.cloudSyncJobsRead ? markdownCell("not read: " + r.cloudSyncJobsNote)
               : r.cloudSyncJobs.empty()
                   ? std::string("none")
                   : markdownCell(fmt::format("{}", fmt::join(
                                                        [&] {
                                                          std::vector<std::string> jobs;
                                                          for (const CloudSyncJob& j :
                                                               r.cloudSyncJobs)
                                                            jobs.push_back(fmt::format(
                                                                "{} {} ({}, {})", j.templateId,
                                                                j.domain.empty() ? j.id : j.domain,
                                                                j.scheduleState, j.statusCode));
                                                          return jobs;
                                                        }(),
                                                        "; "))));
  fmt::print(out, "\n| check | status | findings | users | title |\n|---|---|---|---|---|\n");
  for (const CheckResult& c : r.checks)
    fmt::print(out, "| {} | {}{} | {} | {} | {} |\n", c.id,
               failsGate(c, r.gate.failOn) ? "**failed**" : statusWords(c.status),
               c.reason.empty() ? "" : " (" + markdownCell(r.shownText(c.reason)) + ")", c.findings,
               c.users, markdownCell(c.title));
  // The findings at or above fail-on: those the gate counts first, then the others with why not.
  std::size_t listed = 0, atOrAbove = 0;
  for (const Finding& f : r.findings)
    atOrAbove += f.severity >= r.gate.failOn;
  for (const bool counted : {true, false})
    for (const Finding& f : r.findings) {
      if (f.severity < r.gate.failOn || r.gate.counts(f) != counted) continue;
      if (listed == kListed) break;
      if (listed++ == 0)
        fmt::print(out, "\n### Findings at or above {}\n\n", toString(r.gate.failOn));
      const std::string who = !f.subject.upn.empty()  ? f.subject.upn
                              : !f.subject.dn.empty() ? f.subject.dn
                                                      : f.subject.displayName;
      const std::string_view why = notCountedWhy(r, f);
      fmt::print(out, "- **{}** {}{}{}: {}\n", f.check, markdownCell(who),
                 f.baseline == BaselineState::New ? " (new)" : "",
                 why.empty() ? std::string() : fmt::format(" (not counted: {})", why),
                 markdownCell(r.shownText(f.message)));
    }
  if (listed < atOrAbove) fmt::print(out, "- … {} more in the full report\n", atOrAbove - listed);
  if (!r.waiverFile.empty()) {
    fmt::print(out,
               "\n### Accepted exceptions (waivers from `{}`)\n\n| checks | match | owner | "
               "expires | reason | ticket | accepted |\n|---|---|---|---|---|---|---|\n",
               markdownCell(r.shownPath(r.waiverFile)));
    const std::string today = r.generatedAt.substr(0, 10);
    for (std::size_t i = 0; i < r.waivers.size(); ++i) {
      const Waiver& w = r.waivers[i];
      std::string match;
      for (const auto& [key, value] : w.matchFields())
        match += fmt::format("{}{} {}", match.empty() ? "" : "; ", key, value);
      const std::size_t used = i < r.waiverUse.size() ? r.waiverUse[i] : 0;
      fmt::print(out, "| {} | {} | {} | {}{} | {} | {} | {} |\n",
                 markdownCell(fmt::format("{}", fmt::join(w.checks, ", "))), markdownCell(match),
                 markdownCell(w.owner), markdownCell(w.expires),
                 w.expiredOn(today) ? " **expired**" : "", markdownCell(w.reason),
                 markdownCell(w.ticket), used);
    }
  }
  const std::string& package = options_.remediationPackage;
  const auto steps = planSteps(r, package);
  if (!steps.empty()) {
    fmt::print(
        out, "\n### Remediation plan (to be run by an administrator; migready never runs it)\n\n");
    if (!package.empty())
      fmt::print(
          out,
          "The remediation package: [README.md]({0}/README.md), "
          "[hard-delete.csv]({0}/hard-delete.csv), [scope-change.csv]({0}/scope-change.csv), "
          "[remediate.ps1]({0}/remediate.ps1).\n\n",
          uriPath(package, true));
    for (std::size_t i = 0; i < steps.size(); ++i)
      fmt::print(out, "{}. {}\n", i + 1, markdownCell(steps[i]));
  }
}

} // namespace migready
