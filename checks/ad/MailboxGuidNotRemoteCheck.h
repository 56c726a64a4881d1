#pragma once
#include "checks/Check.h"

namespace migready {

// AD001: in-scope users whose msExchMailboxGuid reaches Entra ID while their mailbox is not in
// Exchange Online. Documentation and rationale: kInfo in MailboxGuidNotRemoteCheck.cpp (`migready
// explain AD001`).
class MailboxGuidNotRemoteCheck final : public Check {
public:
  const CheckInfo& info() const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
