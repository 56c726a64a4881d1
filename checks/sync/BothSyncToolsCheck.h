#pragma once
#include "checks/Check.h"

namespace migready {

// SYNC004: users that Azure AD Connect and Cloud Sync both take in and export.
// Documentation and rationale: kInfo in BothSyncToolsCheck.cpp (`migready explain SYNC004`).
class BothSyncToolsCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
