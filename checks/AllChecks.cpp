// The one place that knows every check, in catalog order. A new check is added with
// scripts/new-check.sh ID GROUP "Title": its file pair under checks/GROUP/, one line here, one in
// CMakeLists.txt, and its tests in tests/unit/checks/.
#include "checks/ad/LeftoverExchangeAttributesCheck.h"
#include "checks/ad/MailboxGuidNotRemoteCheck.h"
#include "checks/ad/MailboxOutsideSyncScopeCheck.h"
#include "checks/ad/RemoteMailboxCheck.h"
#include "checks/cloud/DirectorySyncFreshnessCheck.h"
#include "checks/cloud/ExchangeProvisioningCheck.h"
#include "checks/cloud/SyncedMailUserWithExchangeGuidCheck.h"
#include "checks/cloud/SyncedUserInRecycleBinCheck.h"
#include "checks/cloud/SyncedUserWithMailboxGuidCheck.h"
#include "checks/dir/DuplicateValuesCheck.h"
#include "checks/dir/InvalidValuesCheck.h"
#include "checks/dir/ProvisioningErrorsCheck.h"
#include "checks/gate/ExpiredWaiverCheck.h"
#include "checks/gate/UnusedWaiverCheck.h"
#include "checks/sync/BothSyncToolsCheck.h"
#include "checks/sync/MailboxGuidFlowCheck.h"
#include "checks/sync/SyncScopeCheck.h"
#include "checks/sync/SyncServerStateCheck.h"
#include "checks/sync/UncoveredCloudSyncJobCheck.h"
#include "checks/wave/PlannedUserOutsideSyncScopeCheck.h"
#include "checks/wave/PlannedUserWithoutMailboxCheck.h"
#include "checks/wave/UnmatchedWaveRowCheck.h"
#include "checks/wave/UserInSeveralWavesCheck.h"

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
  add<BothSyncToolsCheck>(list);                  // SYNC004
  add<UncoveredCloudSyncJobCheck>(list);          // SYNC005
  add<DuplicateValuesCheck>(list);                // DIR001
  add<InvalidValuesCheck>(list);                  // DIR002
  add<ProvisioningErrorsCheck>(list);             // DIR003
  add<UnmatchedWaveRowCheck>(list);               // WAVE001
  add<PlannedUserWithoutMailboxCheck>(list);      // WAVE002
  add<PlannedUserOutsideSyncScopeCheck>(list);    // WAVE003
  add<UserInSeveralWavesCheck>(list);             // WAVE004
  // The gate's own checks last: GATE002 reviews every other check's findings.
  add<ExpiredWaiverCheck>(list); // GATE001
  add<UnusedWaiverCheck>(list);  // GATE002
  return list;
}

} // namespace migready
