#pragma once
#include "checks/Check.h"

namespace migready {

// AD002: in-scope users with msExchMailboxGuid but no mailbox anywhere (stale Exchange attributes).
// Documentation and rationale: kInfo in LeftoverExchangeAttributesCheck.cpp (`migready explain
// AD002`).
class LeftoverExchangeAttributesCheck final : public Check {
public:
  const CheckInfo& info() const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
