#pragma once
#include "scanner/model/Snapshot.h"

namespace migready {

// Ties every cloud user and deleted cloud user to its on-premises account, once, before the
// checks run: onPremisesImmutableId against base64(objectGUID) or base64(mS-DS-ConsistencyGuid),
// else onPremisesSecurityIdentifier against objectSid.
void joinCloudToAd(Snapshot& snapshot);

// Matches each wave row to the AD accounts it names: by SMTP address (the primary address;
// case-insensitive) or UPN for address columns, by DN, objectGUID or sAMAccountName
// ("DOMAIN\\name" too) for theirs. A row may match none or several, and a row without an
// identity matches none: WAVE001 says so.
void joinWavesToAd(Snapshot& snapshot);

} // namespace migready
