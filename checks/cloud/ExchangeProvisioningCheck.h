#pragma once
#include "checks/Check.h"

namespace migready {

// CLOUD003: users with an enabled Exchange plan whose Exchange provisioning did not succeed.
// Documentation and rationale: kInfo in ExchangeProvisioningCheck.cpp (`migready explain
// CLOUD003`).
class ExchangeProvisioningCheck final : public Check {
public:
  const CheckInfo& info() const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
