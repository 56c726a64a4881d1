#pragma once
// What an Azure AD Connect configuration export (Get-ADSyncServerConfiguration) says about
// sync scope and attribute flow. Filled by the AD Connect export reader; absent from a
// Snapshot when no export was given, and then scope and flow are unknown (never safe).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

// The Azure AD connector's id is the same in every installation.
inline constexpr std::string_view kAzureAdConnectorId = "{B891884F-051E-4A83-95AF-2544101C9083}";

// A GUID reference as exports write it ("{B891884F-...}", "{b891884f-...}" or without braces),
// reduced to one comparable form: lower case, no braces, no surrounding spaces.
std::string guidKey(std::string_view reference);

// A directory partition (one domain, or an application partition) of an AD connector and its
// container filter.
// "file:line" when the line is known, else the file: how evidence points into the export.
std::string locationIn(const std::string& file, std::uint32_t line);

struct SyncPartition {
  std::string dn;         // the partition's naming context, "DC=contoso,DC=com"
  std::uint32_t line = 0; // of its <partition> element
  std::vector<std::string> inclusions;
  std::vector<std::string> exclusions;
  bool selected = true; // only selected partitions are synced
};

struct SyncConnector {
  enum class Kind { ActiveDirectory, AzureAd, Other };
  std::string id;  // "{GUID}" as written
  std::string key; // guidKey(id)
  std::string name;
  Kind kind = Kind::Other;
  std::string file;                // where it was read, for evidence
  std::uint32_t inclusionLine = 0; // of <attribute-inclusion>, when present
  // <attribute-inclusion>: what the connector imports (AD) or exports (Azure AD). A connector
  // file without the element says nothing about it: hasAttributeInclusion is false.
  bool hasAttributeInclusion = false;
  std::vector<std::string> attributeInclusions;
  std::vector<SyncPartition> partitions; // selected and not selected
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
  std::uint32_t line = 0;           // of its <mapping> element
};

struct SyncRule {
  std::string id;
  std::string name;
  std::string immutableTag; // "Microsoft.InfromADUserExchange.003" for the standard rules
  std::string file;
  std::uint32_t line = 0;         // of its <synchronizationRule> element
  std::string connector;          // the connector reference as written
  std::string connectorKey;       // guidKey(connector)
  bool connectorResolved = false; // a connector of the export has that id
  bool outbound = false;
  bool disabled = false;
  std::string linkType; // Join, Provision, JoinNoFlow (the pilot of Cloud Sync), StickyJoin
  long precedence = 0;
  std::string sourceObjectType;
  std::string targetObjectType;
  // Conditions inside a group are ANDed, groups are ORed; no group: the rule applies to all.
  std::vector<std::vector<ScopeCondition>> scope;
  std::vector<AttributeMapping> mappings;

  const AttributeMapping* mappingTo(std::string_view dest) const;
  // Where it decides about msExchMailboxGuid: the line of its mapping of the attribute, else the
  // rule's own line.
  std::uint32_t decisionLine() const;
};

// The standard rules that carry msExchMailboxGuid by default, recognised by immutable tag (or,
// for a rule whose tag was lost in an edit, by name).
enum class StandardRule { InFromAdUserExchange, OutToAadUserExchangeOnline };
std::string_view nameOf(StandardRule rule);
bool isStandardRule(const SyncRule& rule, StandardRule which);

struct SyncConfig {
  std::string origin;       // the export folder
  std::string sourceAnchor; // Microsoft.SynchronizationOption.AnchorAttribute
  std::optional<bool> stagingMode;
  std::optional<bool> exchangeHybrid;
  std::string serverVersion; // Microsoft.Synchronize.ServerConfigurationVersion
  // The wizard's "I want to further limit the attributes exported to Azure AD":
  // Microsoft.OptionalFeature.FilterAAD and Microsoft.AADFilter.AttributeExclusionList.
  std::optional<bool> filterAad;
  std::vector<std::string> attributeExclusionList;
  std::string globalSettingsFile;
  std::map<std::string, std::uint32_t, std::less<>> settingLines; // parameter name -> line
  std::vector<SyncConnector> connectors;
  std::vector<SyncRule> rules; // ordered by precedence

  // Orders the rules by precedence and binds each to its connector by GUID (any case, with or
  // without braces). Returns the rules whose connector is not in the export. Readers (and tests
  // that build a config by hand) call it once, after filling connectors and rules.
  std::vector<const SyncRule*> link();

  const SyncConnector* azureAdConnector() const;
  const SyncConnector* connectorByKey(std::string_view key) const;
  bool hasStandardRule(StandardRule which) const;
  // The wizard's attribute filter is on and lists `attribute`.
  bool wizardExcludes(std::string_view attribute) const;
  // The line of a global parameter in globalSettingsFile; 0 when not read.
  std::uint32_t settingLine(std::string_view parameter) const;
};

} // namespace migready
