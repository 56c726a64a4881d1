#pragma once
#include "checks/Check.h"

namespace migready {

// CLOUD002: synced users in the Entra ID recycle bin that a re-sync would hard-match back.
// Documentation and rationale: kInfo in SyncedUserInRecycleBinCheck.cpp (`migready explain
// CLOUD002`).
class SyncedUserInRecycleBinCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
