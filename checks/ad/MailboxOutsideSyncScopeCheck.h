#pragma once
#include "checks/Check.h"

namespace migready {

// AD003: on-premises mailboxes that pass the default filter but lie outside the synced containers.
// Documentation and rationale: kInfo in MailboxOutsideSyncScopeCheck.cpp (`migready explain
// AD003`).
class MailboxOutsideSyncScopeCheck final : public Check {
public:
  const CheckInfo& info() const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
