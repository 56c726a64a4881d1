#pragma once
// Facts several checks share, so each idea has one implementation.
#include "scanner/model/Finding.h"
#include "scanner/model/Snapshot.h"

#include <string>

namespace migready {

Subject subjectOf(const AdAccount& account);
// Adds the cloud side to a subject that may already name the AD account.
void addCloudSide(Subject& subject, const CloudUser& user);

Evidence evidenceOf(const Snapshot& snapshot, const AdAccount& account);
Evidence evidenceOf(const CloudUser& user);
Evidence evidenceOf(const DeletedCloudUser& user);

// True when the container list of the AD Connect export puts `dn` in scope: its deepest
// matching container (DN suffix, whole RDNs, case-insensitive) is an inclusion.
bool dnInSyncContainers(std::string_view dn, const SyncConfig& sync);

// In sync scope: passes Azure AD Connect's default filter and, when an export was given, lies
// in its containers. Without an export the containers are unknown and count as in scope.
bool inSyncScope(const AdAccount& account, const Snapshot& snapshot);

// AD001's rule, which CLOUD001 and CLOUD002 build on: an in-scope user whose
// msExchMailboxGuid reaches Entra ID while its mailbox is not already in Exchange Online.
bool carriesMailboxGuidToCloud(const AdAccount& account, const Snapshot& snapshot);

bool isExchangeService(std::string_view service);

} // namespace migready

namespace migready {
// The seed procedure's two remediations, worded once (docs/remediation.md). migready never
// runs any of them: they are for an administrator.
extern const std::string_view kExcludeMailboxGuidSteps;
// Removing already-synced users and purging them from the recycle bin, for one object id.
std::string hardDeleteSteps(std::string_view cloudId);
} // namespace migready
