#pragma once
#include "checks/Check.h"

namespace migready {

// SYNC005: Cloud Sync jobs of the tenant whose domain no sync configuration read covers.
// Documentation and rationale: kInfo in UncoveredCloudSyncJobCheck.cpp (`migready explain
// SYNC005`).
class UncoveredCloudSyncJobCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
