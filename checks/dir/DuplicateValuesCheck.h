#pragma once
#include "checks/Check.h"

namespace migready {

// DIR001: the same address or sign-in name on two or more AD users in sync scope.
// Documentation and rationale: kInfo in DuplicateValuesCheck.cpp (`migready explain DIR001`).
class DuplicateValuesCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
