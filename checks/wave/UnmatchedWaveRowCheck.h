#pragma once
#include "checks/Check.h"

namespace migready {

// WAVE001: Planned rows that match no AD account, or several.
// Documentation and rationale: kInfo in UnmatchedWaveRowCheck.cpp (`migready explain WAVE001`).
class UnmatchedWaveRowCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
