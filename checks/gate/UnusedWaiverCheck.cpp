#include "checks/gate/UnusedWaiverCheck.h"

#include "checks/gate/WaiverSubject.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "GATE002",
    "waiver-unused",
    "GATE",
    "Waivers that accepted no finding",
    Severity::Info,
    {},
    R"(Reads the waiver file (accepted exceptions, docs/waivers.md) and the findings of every
other check. An info finding for each waiver, not expired, that accepted no finding of this scan.

Why: a waiver that matches nothing is either stale (the exception was fixed, or the account
is gone) or written wrong (a typing error in a DN or UPN pattern, or the wrong check id). Both
should be seen: a stale entry lingers and may one day hide a new problem of the same name.

What to do: remove the entry if the exception no longer exists; otherwise correct its match
(check id, fingerprint, objectGuid, upn, dn or cloudId) against the report's findings.)",
    "info",
    "a waiver that accepted no finding of this scan: stale or written wrong",
    true,
    true};

const CheckInfo& UnusedWaiverCheck::info() const {
  return kInfo;
}

std::string UnusedWaiverCheck::whyNotRunnable(const Snapshot& snapshot) const {
  return whyNoWaivers(snapshot);
}

void UnusedWaiverCheck::review(const Snapshot& snapshot, const std::deque<Finding>& others,
                               FindingList& out) const {
  const WaiverList& list = *snapshot.waivers;
  std::vector<std::size_t> use(list.waivers.size(), 0);
  for (const Finding& f : others)
    if (f.waived() && static_cast<std::size_t>(f.waiver) < use.size())
      ++use[static_cast<std::size_t>(f.waiver)];
  std::size_t unused = 0;
  for (std::size_t i = 0; i < list.waivers.size(); ++i) {
    const Waiver& w = list.waivers[i];
    if (use[i] > 0 || w.expiredOn(list.today)) continue; // an expired one is GATE001's
    ++unused;
    Finding f;
    f.severity = Severity::Info;
    f.subject = subjectOf(w);
    f.message = fmt::format("waiver matched no finding: {} (owner {}, expires {})", coverageOf(w),
                            w.owner, w.expires);
    f.remediation = fmt::format("Remove the entry from {} if the exception no longer exists; "
                                "otherwise correct its check id or match against this report.",
                                w.where());
    f.evidence.push_back(evidenceOf(w));
    out.push_back(std::move(f));
  }
  out.note(fmt::format("{} of {} waiver(s) accepted at least one finding",
                       list.waivers.size() - unused, list.waivers.size()));
}

} // namespace migready
