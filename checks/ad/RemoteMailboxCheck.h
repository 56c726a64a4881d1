#pragma once
#include "checks/Check.h"

namespace migready {

// AD004: remote mailboxes: already in Exchange Online, not migration targets.
// Documentation and rationale: kInfo in RemoteMailboxCheck.cpp (`migready explain AD004`).
class RemoteMailboxCheck final : public Check {
public:
  const CheckInfo& info() const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
