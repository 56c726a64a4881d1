#pragma once
#include "checks/Check.h"

namespace migready {

// WAVE004: Users planned in more than one wave.
// Documentation and rationale: kInfo in UserInSeveralWavesCheck.cpp (`migready explain WAVE004`).
class UserInSeveralWavesCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
