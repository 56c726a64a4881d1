#pragma once
// Entra ID (Azure AD) objects as Microsoft Graph v1.0 returns them, reduced to what the
// checks read.
#include "scanner/model/CloudSync.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace migready {

// An assignedPlan or provisionedPlan entry (assignedPlans carry no provisioningStatus).
struct ServicePlan {
  std::string service;
  std::string capabilityStatus;
  std::string provisioningStatus;
};

// How a cloud object was tied to its on-premises account.
enum class JoinKey : std::uint8_t {
  None,
  ImmutableIdFromObjectGuid,      // onPremisesImmutableId == base64(objectGUID)
  ImmutableIdFromConsistencyGuid, // onPremisesImmutableId == base64(mS-DS-ConsistencyGuid)
  SecurityIdentifier,             // onPremisesSecurityIdentifier == objectSid
};
std::string_view toString(JoinKey key);

struct AdJoin {
  static constexpr std::uint32_t kNone = UINT32_MAX;
  std::uint32_t account = kNone; // index into AdDirectory::accounts
  JoinKey key = JoinKey::None;
  bool joined() const { return account != kNone; }
};

// An entry of a user's onPremisesProvisioningErrors: a value Entra ID did not accept from the sync
// (category PropertyConflict: another object holds it), as Graph v1.0 writes it.
struct ProvisioningError {
  std::string category;             // "PropertyConflict"
  std::string propertyCausingError; // "UserPrincipalName", "ProxyAddress"
  std::string value;
  std::string occurredDateTime;
  bool operator==(const ProvisioningError&) const = default;
};

struct CloudUser {
  std::string id;
  std::string userPrincipalName;
  std::string displayName;
  std::string mail;
  std::optional<bool> accountEnabled;
  std::optional<bool> onPremisesSyncEnabled; // null: never synced
  std::string onPremisesImmutableId;
  std::string onPremisesSecurityIdentifier;
  std::string onPremisesDistinguishedName;
  std::vector<ServicePlan> assignedPlans;
  std::vector<ServicePlan> provisionedPlans;
  std::string location; // "file#/json/pointer" of the object in the saved page
  AdJoin join;
  // onPremisesProvisioningErrors, and whether the saved object held the property at all (it is
  // $select-only: a snapshot saved without it says nothing about the errors).
  std::vector<ProvisioningError> provisioningErrors;
  bool provisioningErrorsRead = false;
};

// A user in the Entra ID recycle bin (directory/deletedItems).
struct DeletedCloudUser {
  std::string id;
  std::string userPrincipalName; // prefixed with the object id by Entra ID
  std::string displayName;
  std::string mail;
  std::optional<bool> onPremisesSyncEnabled;
  std::string onPremisesImmutableId;
  std::string onPremisesSecurityIdentifier;
  std::string deletedDateTime;
  std::string location;
  AdJoin join;
};

struct Tenant {
  std::string id;
  std::string displayName;
  bool onPremisesSyncEnabled = false; // Graph's null means "not enabled"
  std::string onPremisesLastSyncDateTime;
  std::string location;
  // The tenant's verified domains (organization's verifiedDomains, their names as Graph writes
  // them), when the saved organization holds the property.
  std::optional<std::vector<std::string>> verifiedDomains;
};

// Tenant-wide sync features from GET /directory/onPremisesSynchronization (readable only with
// delegated Global Administrator rights, so often absent). They decide how the re-sync after
// the hard delete matches users: by source anchor (hard match) or by SMTP/UPN (soft).
struct SyncFeatures {
  std::optional<bool> blockSoftMatchEnabled;
  std::optional<bool> blockCloudObjectTakeoverThroughHardMatchEnabled;
  std::optional<bool> softMatchOnUpnEnabled;
};

// A MailUser as Exchange Online's Get-MailUser returns it (read on a live scan of Exchange Online).
// A synced MailUser with a non-zero ExchangeGuid is the blocker itself: licensing it creates no
// mailbox.
struct ExchangeMailUser {
  std::string externalDirectoryObjectId; // the Entra ID user's id
  std::string userPrincipalName;
  std::string exchangeGuid; // as Exchange writes it; all-zero when none
  std::string recipientTypeDetails;
  bool hasExchangeGuid = false; // not empty and not all zeros
  std::string location;
};

struct CloudDirectory {
  std::optional<SyncFeatures> syncFeatures;
  std::string tenantId;   // from manifest.json
  std::string capturedAt; // from manifest.json, ISO 8601
  std::optional<Tenant> tenant;
  std::vector<CloudUser> users;
  std::vector<DeletedCloudUser> deletedUsers;
  bool deletedUsersCollected = false;
  std::vector<ExchangeMailUser> mailUsers;
  bool exchangeCollected = false; // Get-MailUser was read (manifest "exchangeOnline": true)
  // Get-MailUser -SoftDeletedMailUser: the MailUsers of users in the recycle bin.
  std::vector<ExchangeMailUser> softDeletedMailUsers;
  bool softDeletedMailUsersCollected = false;
  // Entra Cloud Sync: the jobs of the tenant's Cloud Sync configurations (service principals of
  // application template kCloudSyncTemplateId), when they were read (manifest "cloudSync": true).
  std::vector<CloudSyncJob> cloudSyncJobs;
  bool cloudSyncCollected = false;
  // Why they were not read, when the collector tried (a missing permission, named).
  std::string cloudSyncNotCollected;
};

} // namespace migready
