// The one place that knows every check. Adding a check: its file pair, one line here, one
// line in CMakeLists.txt, a test in tests/unit/checks/.
#include "checks/DirectorySyncFreshnessCheck.h"
#include "checks/ExchangeProvisioningCheck.h"
#include "checks/LeftoverExchangeAttributesCheck.h"
#include "checks/MailboxGuidFlowCheck.h"
#include "checks/MailboxGuidNotRemoteCheck.h"
#include "checks/MailboxOutsideSyncScopeCheck.h"
#include "checks/RemoteMailboxCheck.h"
#include "checks/SyncScopeCheck.h"
#include "checks/SyncServerStateCheck.h"
#include "checks/SyncedMailUserWithExchangeGuidCheck.h"
#include "checks/SyncedUserInRecycleBinCheck.h"
#include "checks/SyncedUserWithMailboxGuidCheck.h"

namespace migready {

namespace {
template <typename C> void add(CheckList& list) {
  list.push_back(std::make_unique<const C>());
}
} // namespace

CheckList makeAllChecks() {
  CheckList list;
  add<MailboxGuidNotRemoteCheck>(list);           // AD001
  add<LeftoverExchangeAttributesCheck>(list);     // AD002
  add<MailboxOutsideSyncScopeCheck>(list);        // AD003
  add<RemoteMailboxCheck>(list);                  // AD004
  add<SyncedUserWithMailboxGuidCheck>(list);      // CLOUD001
  add<SyncedUserInRecycleBinCheck>(list);         // CLOUD002
  add<ExchangeProvisioningCheck>(list);           // CLOUD003
  add<DirectorySyncFreshnessCheck>(list);         // CLOUD004
  add<SyncedMailUserWithExchangeGuidCheck>(list); // CLOUD005
  add<MailboxGuidFlowCheck>(list);                // SYNC001
  add<SyncScopeCheck>(list);                      // SYNC002
  add<SyncServerStateCheck>(list);                // SYNC003
  return list;
}

} // namespace migready
