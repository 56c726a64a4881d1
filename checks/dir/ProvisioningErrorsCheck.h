#pragma once
#include "checks/Check.h"

namespace migready {

// DIR003: the sync errors Entra ID recorded on its users (onPremisesProvisioningErrors), each
// joined to its AD account.
// Documentation and rationale: kInfo in ProvisioningErrorsCheck.cpp (`migready explain DIR003`).
class ProvisioningErrorsCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
