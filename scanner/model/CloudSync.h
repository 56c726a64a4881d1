#pragma once
// What an Entra Cloud Sync job schema says about scope and attribute flow (the job schema as
// Graph returns it to GET /servicePrincipals/{id}/synchronization/jobs/{jobId}/schema), and the
// Cloud Sync jobs a tenant has. Filled by the Cloud Sync schema reader (scanner/cloudsync) and
// by the Graph readers; evaluated per user in checks/support/CloudSyncEvaluation. Every element
// keeps its JSON pointer, so evidence can point into the file.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

// Which sync tool a configuration, an answer or a piece of advice is about.
enum class SyncTool : std::uint8_t { Connect, CloudSync };
std::string_view toString(SyncTool tool); // "connect", "cloudsync"
std::string_view nameOf(SyncTool tool);   // "Azure AD Connect", "Cloud Sync"

// The application template of Cloud Sync configurations, and the job template that provisions
// AD users to Entra ID.
inline constexpr std::string_view kCloudSyncTemplateId = "1a4721b3-e57f-4451-ae87-ef078703ec94";
inline constexpr std::string_view kCloudSyncJobTemplate = "AD2AADProvisioning";

// One clause of a scoping filter: {operatorName, sourceOperandName, targetOperand{values[]}}.
struct CloudSyncClause {
  std::string attribute; // sourceOperandName
  std::string op;        // operatorName as written: "NOT REGEX MATCH", "!&", "ENDS_WITH", ...
  std::vector<std::string> values;
  std::string pointer; // JSON pointer of the clause in its file
};

// A filter group: every clause must hold (AND).
struct CloudSyncFilterGroup {
  std::string name;
  std::vector<CloudSyncClause> clauses;
  std::string pointer;
};

// An object mapping's scope: each set holds when any of its groups holds (OR); an empty set
// filters nothing.
struct CloudSyncFilter {
  std::vector<CloudSyncFilterGroup> groups;
  std::vector<CloudSyncFilterGroup> inputFilterGroups;
  std::vector<CloudSyncFilterGroup> categoryFilterGroups;
  std::string pointer;
};

// Where an attribute mapping's value comes from (attributeMappingSource; recursive).
struct CloudSyncSource {
  enum class Type : std::uint8_t { Attribute, Constant, Function, None, Other };
  Type type = Type::None;
  std::string typeText;   // as written ("Attribute", ...), for evidence
  std::string key;        // the parameter's key when this is a function's parameter
  std::string name;       // attribute name, function name, or constant
  std::string expression; // as written: "[msExchMailboxGuid]", "Trim([mail])", "\"x\""
  std::vector<CloudSyncSource> parameters;
};

struct CloudSyncAttributeMapping {
  std::string target;     // targetAttributeName
  bool hasSource = false; // source is an object (null or absent: the "None" mapping type)
  CloudSyncSource source; // when hasSource
  std::optional<std::string> defaultValue;
  std::string flowType; // "Always", "ObjectAddOnly", ... ("" when absent: Always)
  std::string flowBehavior;
  std::string pointer;
};

struct CloudSyncObjectMapping {
  std::string name;
  bool enabled = true;
  std::string flowTypes; // "Add, Update, Delete" (2020) or "Add,Update,Delete" (2025)
  std::string sourceObjectName;
  std::string targetObjectName;
  std::optional<CloudSyncFilter> scope;
  std::vector<CloudSyncAttributeMapping> attributeMappings;
  std::string pointer;

  // `flow` ("Add", "Update", "Delete") is listed in flowTypes (comma-separated, any case).
  bool flows(std::string_view flow) const;
  // The mapping to `target`, names compared case-insensitively; null when there is none.
  const CloudSyncAttributeMapping* mappingTo(std::string_view target) const;
};

struct CloudSyncRule {
  std::string id;
  std::string name;
  std::string sourceDirectoryName;
  std::string targetDirectoryName;
  std::vector<CloudSyncObjectMapping> objectMappings;
  // The rule-level scope of the current model: containers (in or under one of them) or groups
  // (direct members); empty or null: no such filter.
  std::vector<std::string> includedContainers;
  std::vector<std::string> includedGroups;
  std::string containerPointer, groupPointer; // of containerFilter / groupFilter, when present
  std::string pointer;
};

// A Cloud Sync job as the tenant lists it (GET .../synchronization/jobs), with its service
// principal: what the live read and the snapshot know about a configuration.
struct CloudSyncJob {
  std::string servicePrincipalId;
  std::string servicePrincipalName; // displayName (defaults to the AD domain's name)
  std::string id;                   // AD2AADProvisioning.<hex>.<guid>
  std::string templateId;           // AD2AADProvisioning, AD2AADPasswordHash, ...
  std::string scheduleState;        // Active, Disabled, Paused
  std::string scheduleInterval;     // PT2M
  std::string statusCode;           // Active, Paused, Quarantine, NotRun, NotConfigured
  bool quarantined = false;         // status.quarantine is set
  std::string lastSuccessfulExecution;
  std::string domain;   // synchronizationJobSettings DomainFQDN (or Domain's DomainFQDN)
  std::string location; // "file#pointer" of the job in the saved page
  // The job's saved schema (synchronization/schemas/<job id>.json), when it was saved: where it
  // is (for evidence) and its text as UTF-8, which the scan's Cloud Sync reader parses.
  std::string schemaFile;
  std::string schemaText;
  bool provisionsUsers() const; // an AD2AADProvisioning job
};

// One job schema (a file given on the command line, or a job's schema read from the tenant).
struct CloudSyncSchema {
  std::string file; // as given, or the snapshot's schema file
  std::string
      domain; // the AD domain (DNS name) the job serves; empty: every domain of the AD input
  bool domainFromJob = false; // the domain came from the job's settings, not from the user
  bool fromTenant = false;    // read from the tenant's jobs (Graph), not given as a file
  std::string jobId;          // provisioningTaskIdentifier / id, when the file has them
  std::string version;        // "version" as written
  std::string shape;          // "Graph GET response" or "PUT body", for the report
  // Why the evaluator cannot trust this schema's decisions (a version or a property newer than
  // it knows); empty when it can.
  std::string newerThanKnown;
  std::vector<CloudSyncRule> rules; // the AD2AADProvisioning rule(s)
  std::optional<CloudSyncJob> job;  // the tenant's job for it, when the tenant was read

  // "file#pointer", or the file alone for an empty pointer.
  std::string locationOf(std::string_view pointer) const;
  // Which domain it serves, in words: "corp.contoso.com", or "every domain of the AD input".
  std::string domainText() const;
};

// The DNS name of the domain a DN lies in, from its trailing DC= RDNs ("CN=a,OU=b,DC=corp,
// DC=contoso,DC=com" -> "corp.contoso.com"), lower case; empty when it has none.
std::string dnsDomainOf(std::string_view dn);
// The same question without building the name: `dn`'s trailing DC= RDNs spell `domain` (any case).
bool dnInDomain(std::string_view dn, std::string_view domain);

} // namespace migready
