#pragma once
#include "checks/Check.h"

namespace migready {

// SYNC002: what the AD Connect export syncs: partitions, containers, anchor, hybrid, version.
// Documentation and rationale: kInfo in SyncScopeCheck.cpp (`migready explain SYNC002`).
class SyncScopeCheck final : public Check {
public:
  const CheckInfo& info() const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
