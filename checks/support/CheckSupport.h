#pragma once
// Facts several checks share, so each idea has one implementation.
#include "checks/support/SyncEvaluation.h"
#include "scanner/model/Finding.h"
#include "scanner/model/Remediation.h"
#include "scanner/model/Snapshot.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace migready {

Subject subjectOf(const AdAccount& account);
// Adds the cloud side to a subject that may already name the AD account.
void addCloudSide(Subject& subject, const CloudUser& user);

Evidence evidenceOf(const Snapshot& snapshot, const AdAccount& account);
Evidence evidenceOf(const CloudUser& user);
Evidence evidenceOf(const DeletedCloudUser& user);

// Sync scope of an AD user: No when Azure AD Connect's default filter excludes it, else the
// export's containers decide; Unknown without an export (and then it counts as in scope).
Answer syncScopeOf(const AdAccount& account, const Snapshot& snapshot);
bool mayBeInSyncScope(const AdAccount& account, const Snapshot& snapshot);

// AD001's rule, which CLOUD001-003 build on. Built once per check run.
class MailboxGuidExposure {
public:
  explicit MailboxGuidExposure(const Snapshot& snapshot);
  struct Result {
    // Carries msExchMailboxGuid, is not a remote mailbox, and is not provably out of scope.
    bool candidate = false;
    // For a candidate: whether the GUID reaches Entra ID. Unknown (and no `why`) without an
    // export; with one, the scope and the flow model decide.
    FlowAnswer flow;
  };
  // Scope and flow are worked out once per account.
  Result of(const AdAccount& account) const;
  // A candidate whose GUID is not provably kept from Entra ID.
  bool exposes(const AdAccount& account) const;

private:
  const Snapshot& snapshot_;
  std::optional<MailboxGuidFlow> flow_;
};

// The account carries an msExchMailboxGuid that is not an Exchange Online mailbox's own: once
// synced, its cloud user may hold it as an ExchangeGuid.
bool carriesForeignMailboxGuid(const AdAccount& account);

// Why an account's GUID does not reach Entra ID today, for an account that carries one: out of
// scope, or the export keeps the attribute out. Empty when it reaches Entra ID (or may).
std::string whyKeptOutNow(const MailboxGuidExposure::Result& exposed, const AdAccount& account,
                          const Snapshot& snapshot);

// Exchange Online's MailUsers (Get-MailUser), by the id of their Entra ID user; case-insensitive.
class MailUserIndex {
public:
  explicit MailUserIndex(const std::vector<ExchangeMailUser>& mailUsers);
  const ExchangeMailUser* find(std::string_view cloudId) const;

private:
  std::unordered_map<std::string, const ExchangeMailUser*> byId_;
};

// Evidence for a sync decision: the deciding rule's file, or the export folder.
Evidence evidenceOf(const SyncConfig& sync, const Answer& answer);

bool isExchangeService(std::string_view service);

} // namespace migready
