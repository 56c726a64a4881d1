#pragma once
#include "checks/Check.h"

namespace migready {

// WAVE002: Planned users with no mailbox to migrate.
// Documentation and rationale: kInfo in PlannedUserWithoutMailboxCheck.cpp (`migready explain
// WAVE002`).
class PlannedUserWithoutMailboxCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
