#pragma once
// Facts several checks share, so each idea has one implementation.
#include "checks/support/CloudSyncEvaluation.h"
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

// Why a check that compares or judges every address of a user cannot run: the directory was read
// without the users' mail and secondary smtp: addresses (AdDirectory::keepOtherSmtp); "" when
// they were kept.
std::string whyAddressesNotKept(const Snapshot& snapshot);

// What every sync configuration given decides for one AD user, over both tools (the rules are
// in docs/cloud-sync.md, "Both tools"): the Azure AD Connect export (default filter, containers,
// the flow model, its pilot rules and staging mode) and the Cloud Sync job schemas (job filters,
// the MSExchMailboxGuid mapping). AD001's rule, which the other checks build on. Built once per
// check run; it keeps references into the snapshot.
class MailboxGuidExposure {
public:
  explicit MailboxGuidExposure(const Snapshot& snapshot);
  struct Result {
    // Carries msExchMailboxGuid, is not a remote mailbox, and is not provably out of scope.
    bool candidate = false;
    // For a candidate: whether the GUID reaches Entra ID, and through which tool (flow.tool).
    // Unknown (and no `why`) without any sync configuration; with one, the tools decide.
    FlowAnswer flow;
    // A No that only stops new flows: Cloud Sync clears nothing it sent before, so a value
    // synced earlier may still be in Entra ID.
    bool clearsNothing = false;
    // A candidate only because a Cloud Sync job that serves its domain leaves it out of scope
    // now (and no tool takes it in): what it synced before may stay in Entra ID (the cloud user,
    // or the recycle bin's, holding the value), so the user is not safe without the cloud's
    // word. Flow is No and clearsNothing set; SYNC001, which judges mappings, leaves it out.
    bool scopedOut = false;
    // Both tools take the user in and export it (Microsoft: an object in one tool only).
    bool bothTools = false;
    // What the other tool decided, when both take the user in (or may): its answer, and the
    // evidence of it.
    std::optional<FlowAnswer> other;
    std::vector<Evidence> alsoDecided;
  };
  // Scope and flow are worked out once per account.
  Result of(const AdAccount& account) const;
  // A candidate whose GUID is not provably kept from Entra ID.
  bool exposes(const AdAccount& account) const;
  // Sync scope of an AD user over every tool: Yes when a tool syncs it, No when none does
  // (Azure AD Connect's default filter, containers, Cloud Sync's filters), Unknown when it
  // cannot be told, or without any sync configuration (and then it counts as in scope).
  // words false: the value only (the same), no why.
  Answer scopeOf(const AdAccount& account, bool words = true) const;
  bool mayBeInScope(const AdAccount& account) const {
    return scopeOf(account, false).value != Tristate::No;
  }
  // Both tools take the user in and export it: the evidence of each (Connect's container, Cloud
  // Sync's job filters); empty when they do not.
  std::vector<Evidence> bothToolsTake(const AdAccount& account) const;
  // The tool that syncs the account (null: an account the scan did not read): the one whose
  // scope takes it in; Azure AD Connect when both or neither do, Cloud Sync when it is the only
  // tool configured.
  SyncTool syncingTool(const AdAccount* account) const;
  // The plan step that removes a synced user of `tool`.
  static PlanStep removalStep(SyncTool tool) {
    return tool == SyncTool::CloudSync ? PlanStep::RemoveCloudSyncUser : PlanStep::RemoveSyncedUser;
  }
  // Whether any sync configuration was given or found.
  bool configured() const { return snapshot_.sync.has_value() || cloud_.configured(); }
  const CloudSyncEvaluator& cloudSync() const { return cloud_; }

private:
  struct Parts; // each tool's answer for one user
  // words false: the values only, no text (what the Cloud Sync answer says, Connect's default
  // filter exclusion).
  Parts partsOf(const AdAccount& account, bool withFlow, bool words = true) const;
  // Unknown, for an account of a domain that no configuration given serves: what the given
  // ones serve, and what settles it; of Cloud Sync when only Cloud Sync is configured.
  FlowAnswer unserved(const AdAccount& account) const;
  const Snapshot& snapshot_;
  std::optional<MailboxGuidFlow> flow_;
  CloudSyncEvaluator cloud_;
};

// The account carries an msExchMailboxGuid that is not an Exchange Online mailbox's own: once
// synced, its cloud user may hold it as an ExchangeGuid.
bool carriesForeignMailboxGuid(const AdAccount& account);

// Why an account's GUID does not reach Entra ID today, for an account that carries one: out of
// scope, or the export keeps the attribute out. Empty when it reaches Entra ID (or may).
std::string whyKeptOutNow(const MailboxGuidExposure& exposure,
                          const MailboxGuidExposure::Result& exposed, const AdAccount& account);

// Exchange Online's MailUsers (Get-MailUser), by the id of their Entra ID user; case-insensitive.
class MailUserIndex {
public:
  explicit MailUserIndex(const std::vector<ExchangeMailUser>& mailUsers);
  const ExchangeMailUser* find(std::string_view cloudId) const;

private:
  std::unordered_map<std::string, const ExchangeMailUser*> byId_;
};

// What Entra ID data shows about the AD accounts: the synced cloud user (or recycle-bin user)
// joined to each, and what Exchange Online says of its ExchangeGuid. Built once per check run.
class CloudEvidence {
public:
  explicit CloudEvidence(const Snapshot& snapshot);
  // What the cloud data shows about account `index` (of snapshot.ad.accounts): whether a cloud
  // user synced from it (or its recycle-bin user) holds an ExchangeGuid.
  struct Shown {
    bool read = false;                  // Entra ID was read completely
    Tristate holds = Tristate::Unknown; // Yes: confirmed; No: shown clean; Unknown: cannot tell
    std::string why; // in words; for Unknown with `read`, also what would settle it
    std::vector<Evidence> evidence;
  };
  Shown shows(std::uint32_t index) const;
  // Why the cloud data shows that account `index` holds no msExchMailboxGuid synced before, in
  // words; empty when it cannot show it (no complete Entra ID read, a cloud user whose
  // ExchangeGuid Exchange Online did not show, ...).
  std::string showsClean(std::uint32_t index) const;

private:
  const Snapshot& snapshot_;
  std::vector<const CloudUser*> user_;           // by account
  std::vector<const DeletedCloudUser*> deleted_; // by account
  MailUserIndex mailUsers_, softDeleted_;
};

// Evidence for a sync decision: the deciding rule's file (or the export folder) for Azure AD
// Connect, the schema file and the JSON pointer of what decided for Cloud Sync.
Evidence evidenceOf(const Snapshot& snapshot, const Answer& answer);

bool isExchangeService(std::string_view service);

} // namespace migready
