#pragma once
#include "checks/Check.h"

namespace migready {

// CLOUD001: synced cloud users whose AD account carries msExchMailboxGuid into Entra ID.
// Documentation and rationale: kInfo in SyncedUserWithMailboxGuidCheck.cpp (`migready explain
// CLOUD001`).
class SyncedUserWithMailboxGuidCheck final : public Check {
public:
  const CheckInfo& info() const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
