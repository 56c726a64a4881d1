#pragma once
// What the Cloud Sync job schemas decide for one AD user: does a job serve the user's domain,
// does it provision the user (object mapping, container or group filter, scoping filters), and
// does msExchMailboxGuid reach Entra ID through it (the MSExchMailboxGuid attribute mapping). The
// rules are in docs/cloud-sync.md. Every answer says why and where; what cannot be evaluated is
// Unknown, never taken as safe.
#include "checks/support/ScopeRegex.h"
#include "checks/support/SyncEvaluation.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace migready {

// Evaluates one scoping clause for a user; `ad` null with `account` null: the typical mailbox
// user of forAnyUser(). `why` says what could not be told, or (for No) what failed.
Tristate evaluateClause(const CloudSyncClause& clause, const AdAccount* account,
                        const AdDirectory* ad, std::string& why);

struct CloudSyncAnswer {
  // The user's domain is served by a schema (Yes), by a tenant job whose schema was not read
  // (Unknown), or by no Cloud Sync configuration given or found (No).
  Tristate served = Tristate::No;
  // The job's filters take the user in (domain, object mapping for its class, container or
  // group filter, scoping filters).
  Tristate scope = Tristate::No;
  // ... and the object mapping is enabled and adds or updates: the job provisions the user now.
  Tristate provisioned = Tristate::No;
  // Whether msExchMailboxGuid reaches Entra ID through the job (tool CloudSync; file is the
  // schema's "file#pointer" of what decided).
  FlowAnswer flow;
  // A No that only stops new flows: a value synced before stays in Entra ID (Cloud Sync never
  // writes a null for a removed, None or disabled mapping).
  bool clearsNothing = false;
  const CloudSyncSchema* schema = nullptr;
  const CloudSyncObjectMapping* objectMapping = nullptr;
  const CloudSyncAttributeMapping* mapping = nullptr;
};

class CloudSyncEvaluator {
public:
  // Keeps references into `snapshot`: it must outlive the evaluator.
  explicit CloudSyncEvaluator(const Snapshot& snapshot);
  ~CloudSyncEvaluator();
  CloudSyncEvaluator(const CloudSyncEvaluator&) = delete;
  CloudSyncEvaluator& operator=(const CloudSyncEvaluator&) = delete;

  // Any Cloud Sync configuration to judge by: a schema, or a tenant job that provisions users.
  bool configured() const;
  // words false: the values only (served, scope, provisioned, flow.value, clearsNothing and the
  // pointers, the same as with words), no text: for a caller that asks only those.
  CloudSyncAnswer forUser(const AdAccount& account, bool words = true) const;
  // For a typical mailbox user (an alias and an msExchMailboxGuid, nothing else known): the
  // answer when the scan has no AD data, or none that carries the attribute.
  CloudSyncAnswer forAnyUser() const;
  // The schema that serves `domain` (a DNS name), or null.
  const CloudSyncSchema* schemaFor(std::string_view domain) const;

  struct Compiled; // the schemas' filters, with their regular expressions compiled once

private:
  CloudSyncAnswer decide(const AdAccount* account, const CloudSyncSchema& schema,
                         const Compiled& compiled, bool words = true) const;
  const Compiled& compiled(std::size_t index) const;
  void compileSchemas() const;
  const Snapshot& snapshot_;
  mutable std::once_flag compiledOnce_;
  mutable std::vector<std::unique_ptr<Compiled>> compiled_; // by snapshot.cloudSync index
};

// One line naming a mapping for evidence and messages: `Cloud Sync job schema corp.json:
// "Provision Active Directory users", MSExchMailboxGuid <- [msExchMailboxGuid], Always`.
std::string describeMapping(const CloudSyncSchema& schema,
                            const CloudSyncObjectMapping* objectMapping,
                            const CloudSyncAttributeMapping* mapping);

} // namespace migready
