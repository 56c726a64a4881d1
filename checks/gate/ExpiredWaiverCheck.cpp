#include "checks/gate/ExpiredWaiverCheck.h"

#include "checks/gate/WaiverSubject.h"

#include <fmt/format.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "GATE001",
    "waiver-expired",
    "GATE",
    "Waivers past their expiry date",
    Severity::Warning,
    {},
    R"(Reads the waiver file (accepted exceptions, docs/waivers.md). A warning for each waiver
whose expiry date is before the day of the scan.

Why: an exception is accepted for a time, by an owner, for a reason. Once it expires it accepts
nothing any more: the findings it covered count toward the verdict again, and this finding says
why the gate fails again and who decided the exception.

What to do: the owner renews the waiver with a new expiry date (at most 366 days ahead) if the
reason still holds, or the findings it covered are fixed and the entry is removed.)",
    "warning",
    "a waiver whose expiry date has passed: its findings count again",
    false,
    true};

const CheckInfo& ExpiredWaiverCheck::info() const {
  return kInfo;
}

std::string ExpiredWaiverCheck::whyNotRunnable(const Snapshot& snapshot) const {
  return whyNoWaivers(snapshot);
}

void ExpiredWaiverCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const WaiverList& list = *snapshot.waivers;
  std::size_t expired = 0;
  for (const Waiver& w : list.waivers) {
    if (!w.expiredOn(list.today)) continue;
    ++expired;
    Finding f;
    f.severity = Severity::Warning;
    f.subject = subjectOf(w);
    f.message = fmt::format("waiver expired on {}, owner {}: {} no longer accepted ({})", w.expires,
                            w.owner, coverageOf(w), w.reason);
    f.remediation = fmt::format("Ask {} to renew the waiver with a new expiry date if the reason "
                                "still holds, or fix the findings it covered and remove the "
                                "entry from {}.",
                                w.owner, w.where());
    f.evidence.push_back(evidenceOf(w));
    out.push_back(std::move(f));
  }
  out.note(
      fmt::format("{} waiver(s) read, {} expired on {}", list.waivers.size(), expired, list.today));
}

} // namespace migready
