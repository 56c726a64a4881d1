#pragma once
#include "scanner/model/Snapshot.h"

namespace migready {

// Ties every cloud user and deleted cloud user to its on-premises account, once, before the
// checks run: onPremisesImmutableId against base64(objectGUID) or base64(mS-DS-ConsistencyGuid),
// else onPremisesSecurityIdentifier against objectSid.
void joinCloudToAd(Snapshot& snapshot);

} // namespace migready
