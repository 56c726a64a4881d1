#pragma once
// What an Azure AD Connect configuration export (Get-ADSyncServerConfiguration) says about
// sync scope and attribute flow. Filled by the AD Connect export reader; absent from a
// Snapshot when no export was given, and then scope and flow are unknown (never safe).
#include <optional>
#include <string>
#include <vector>

namespace migready {

// The Azure AD connector's id is the same in every installation.
inline constexpr std::string_view kAzureAdConnectorId = "{B891884F-051E-4A83-95AF-2544101C9083}";

// A selected directory partition (one domain) of an AD connector and its container filter.
struct SyncPartition {
  std::string dn; // the partition's naming context, "DC=contoso,DC=com"
  std::vector<std::string> inclusions;
  std::vector<std::string> exclusions;
};

struct SyncConnector {
  enum class Kind { ActiveDirectory, AzureAd, Other };
  std::string id; // "{GUID}" as written; compare case-insensitively
  std::string name;
  Kind kind = Kind::Other;
  std::string file; // where it was read, for evidence
  std::vector<std::string> attributeInclusions;
  std::vector<SyncPartition> partitions;    // selected ones only
  std::vector<std::string> otherPartitions; // known but not selected (out of scope)
  bool includes(std::string_view attribute) const;
};

// One scoping condition of a sync rule: <scope><csAttribute/><csOperator/><csValue/></scope>.
struct ScopeCondition {
  std::string attribute;
  std::string op; // EQUAL, NOTEQUAL, STARTSWITH, ISNOTNULL, ...
  std::string value;
};

struct AttributeMapping {
  std::string dest;
  std::vector<std::string> sources; // <src><attr>
  std::string expression;           // empty for a direct flow
};

struct SyncRule {
  std::string id;
  std::string name;
  std::string file;
  std::string connector; // connector id, "{guid}"
  bool outbound = false;
  bool disabled = false;
  long precedence = 0;
  std::string sourceObjectType;
  std::string targetObjectType;
  // Conditions inside a group are ANDed, groups are ORed; no group: the rule applies to all.
  std::vector<std::vector<ScopeCondition>> scope;
  std::vector<AttributeMapping> mappings;

  const AttributeMapping* mappingTo(std::string_view dest) const;
};

struct SyncConfig {
  std::string origin;       // the export folder
  std::string sourceAnchor; // Microsoft.SynchronizationOption.AnchorAttribute
  std::optional<bool> stagingMode;
  std::optional<bool> exchangeHybrid;
  std::string serverVersion; // Microsoft.Synchronize.ServerConfigurationVersion
  std::string globalSettingsFile;
  std::vector<SyncConnector> connectors;
  std::vector<SyncRule> rules; // ordered by precedence

  const SyncConnector* azureAdConnector() const;
};

} // namespace migready
