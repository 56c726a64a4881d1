#pragma once
#include "checks/Check.h"

namespace migready {

// GATE001: a waiver whose expiry date has passed: it no longer accepts anything.
// Documentation and rationale: kInfo in ExpiredWaiverCheck.cpp (`migready explain GATE001`).
class ExpiredWaiverCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
