#pragma once
#include "checks/Check.h"

namespace migready {

// CLOUD004: directory sync on but stale (last sync more than 24 h before the capture).
// Documentation and rationale: kInfo in DirectorySyncFreshnessCheck.cpp (`migready explain
// CLOUD004`).
class DirectorySyncFreshnessCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
