#pragma once
#include "checks/Check.h"

namespace migready {

// CLOUD005: synced Exchange Online MailUsers whose ExchangeGuid is not all-zero.
// Documentation and rationale: kInfo in SyncedMailUserWithExchangeGuidCheck.cpp (`migready
// explain CLOUD005`).
class SyncedMailUserWithExchangeGuidCheck final : public Check {
public:
  const CheckInfo& info() const override;
  std::string whyNotRunnable(const Snapshot& snapshot) const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
