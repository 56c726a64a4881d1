#pragma once
#include "checks/Check.h"

namespace migready {

// WAVE003: Planned users outside the sync scope.
// Documentation and rationale: kInfo in PlannedUserOutsideSyncScopeCheck.cpp (`migready explain
// WAVE003`).
class PlannedUserOutsideSyncScopeCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
