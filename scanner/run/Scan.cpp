#include "scanner/run/Scan.h"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <thread>

#include "scanner/sources/AdLdifSource.h"
#include "scanner/sources/GraphSnapshotSource.h"
#include "scanner/sources/SnapshotJoin.h"

namespace migready {

namespace {
std::string_view flagOf(SourceKind kind) {
  switch (kind) {
  case SourceKind::Ad: return "--ad-ldif";
  case SourceKind::Graph: return "--graph-snapshot";
  case SourceKind::AdConnect: return "--adconnect-export";
  }
  return "";
}
} // namespace

Snapshot loadSnapshot(const ScanInputs& inputs) {
  Snapshot snapshot;
  // AD is the big one; Graph pages are read at the same time on a second thread.
  std::thread graphReader;
  if (inputs.graphSnapshot)
    graphReader = std::thread([&] {
      snapshot.source(SourceKind::Graph) = readGraphSnapshot(*inputs.graphSnapshot, snapshot.cloud);
    });
  if (inputs.adLdif) snapshot.source(SourceKind::Ad) = readAdLdif(*inputs.adLdif, snapshot.ad);
  if (graphReader.joinable()) graphReader.join();
  if (inputs.adConnectExport) {
    SourceState& s = snapshot.source(SourceKind::AdConnect);
    s.status = SourceStatus::Failed;
    s.origin = *inputs.adConnectExport;
    s.detail = "reading the AD Connect export is not implemented in this version; sync scope "
               "and attribute flow are unknown";
    s.errors.push_back(s.detail);
  }
  joinCloudToAd(snapshot);
  return snapshot;
}

Report evaluate(const Snapshot& snapshot, const CheckList& checks, const ScanOptions& options) {
  Report report;
  report.toolVersion = options.toolVersion;
  report.generatedAt = options.generatedAt;
  report.failOn = options.failOn;
  report.scope = options.scope;
  report.sources = snapshot.sources;

  std::vector<std::string> incomplete;
  for (std::size_t ci = 0; ci < checks.size(); ++ci) {
    const Check& check = *checks[ci];
    const CheckInfo& info = check.info();
    CheckResult result;
    result.id = info.id;
    result.title = info.title;
    result.group = info.group;
    result.severity = info.severity;
    std::vector<std::string> missing;
    for (SourceKind need : info.needs)
      if (snapshot.source(need).status == SourceStatus::NotProvided)
        missing.push_back(fmt::format("{} ({})", toString(need), flagOf(need)));
    if (!missing.empty()) {
      result.status = CheckStatus::NotRun;
      result.reason = fmt::format("needs {}, not given", fmt::join(missing, " and "));
      report.checks.push_back(std::move(result));
      continue;
    }
    if (std::string why = check.whyNotRunnable(snapshot); !why.empty()) {
      result.status = CheckStatus::NotRun;
      result.reason = std::move(why);
      report.checks.push_back(std::move(result));
      continue;
    }
    std::vector<Finding> found;
    const auto start = std::chrono::steady_clock::now();
    try {
      check.run(snapshot, found);
    } catch (const std::exception& e) {
      result.status = CheckStatus::Error;
      result.reason = e.what();
      incomplete.push_back(fmt::format("check {} failed: {}", info.id, e.what()));
      found.clear();
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (result.status != CheckStatus::Error) {
      const bool failing = std::any_of(found.begin(), found.end(),
                                       [](const Finding& f) { return f.severity > Severity::Info; });
      result.status = failing ? CheckStatus::Fail : CheckStatus::Pass;
      for (SourceKind need : info.needs)
        if (snapshot.source(need).status != SourceStatus::Complete)
          result.reason = fmt::format("ran on {} data from {}", toString(snapshot.source(need).status),
                                      toString(need));
    }
    result.findings = found.size();
    for (Finding& f : found) {
      f.check = info.id;
      f.fingerprint = fingerprintOf(f.check, f.subject);
    }
    std::sort(found.begin(), found.end(), [](const Finding& a, const Finding& b) {
      return std::tie(b.severity, a.subject.dn, a.subject.upn, a.subject.cloudId, a.fingerprint) <
             std::tie(a.severity, b.subject.dn, b.subject.upn, b.subject.cloudId, b.fingerprint);
    });
    std::move(found.begin(), found.end(), std::back_inserter(report.findings));
    report.checks.push_back(std::move(result));
  }

  // Verdict: findings at or above --fail-on first; then anything that makes the data doubtful.
  std::size_t failing = 0;
  for (const Finding& f : report.findings)
    if (f.severity >= options.failOn) ++failing;
  for (SourceKind kind : kAllSources) {
    const SourceState& s = snapshot.source(kind);
    if (s.status == SourceStatus::Failed || s.status == SourceStatus::Partial)
      incomplete.push_back(fmt::format("the {} source is {}: {}", toString(kind), toString(s.status),
                                       s.detail));
  }
  for (SourceKind kind : options.scope)
    if (snapshot.source(kind).status == SourceStatus::NotProvided)
      incomplete.push_back(fmt::format("the {} source is in scope but was not given ({}); narrow "
                                       "--scope to scan without it",
                                       toString(kind), flagOf(kind)));
  if (failing > 0) {
    report.verdict = Verdict::NotReady;
    report.verdictReason = fmt::format("{} finding(s) at or above {}", failing, toString(options.failOn));
    if (!incomplete.empty())
      report.verdictReason += fmt::format("; also incomplete: {}", fmt::join(incomplete, "; "));
  } else if (!incomplete.empty()) {
    report.verdict = Verdict::Incomplete;
    report.verdictReason = fmt::format("{}", fmt::join(incomplete, "; "));
  } else {
    report.verdict = Verdict::Ready;
    report.verdictReason = fmt::format("no finding at or above {}; every source in scope is complete",
                                       toString(options.failOn));
  }
  return report;
}

} // namespace migready
