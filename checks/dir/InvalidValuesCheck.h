#pragma once
#include "checks/Check.h"

namespace migready {

// DIR002: values on AD users in sync scope that Entra ID refuses or changes on the way.
// Documentation and rationale: kInfo in InvalidValuesCheck.cpp (`migready explain DIR002`).
class InvalidValuesCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
