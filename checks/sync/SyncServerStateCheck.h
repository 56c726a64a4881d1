#pragma once
#include "checks/Check.h"

namespace migready {

// SYNC003: an export from a staging server, or from a retired 1.x version.
// Documentation and rationale: kInfo in SyncServerStateCheck.cpp (`migready explain SYNC003`).
class SyncServerStateCheck final : public Check {
public:
  const CheckInfo& info() const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
