#pragma once
#include "checks/Check.h"

namespace migready {

// GATE002: a waiver that accepted no finding of this scan: stale, or written wrong.
// Documentation and rationale: kInfo in UnusedWaiverCheck.cpp (`migready explain GATE002`).
class UnusedWaiverCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot&, FindingList&) const override {}
  void review(const Snapshot& snapshot, const std::deque<Finding>& others,
              FindingList& out) const override;
};

} // namespace migready
