#pragma once
#include "checks/Check.h"

namespace migready {

// SYNC001: whether Azure AD Connect exports msExchMailboxGuid to Entra ID, and by which rule.
// Documentation and rationale: kInfo in MailboxGuidFlowCheck.cpp (`migready explain SYNC001`).
class MailboxGuidFlowCheck final : public Check {
public:
  const CheckInfo& info() const override;
  void run(const Snapshot& snapshot, FindingList& out) const override;
};

} // namespace migready
