#include "checks/sync/SyncScopeCheck.h"

#include "checks/support/CheckSupport.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "SYNC002",
    "sync-scope",
    "SYNC",
    "What the sync configuration syncs (scope, anchor, Exchange attributes, state)",
    Severity::Info,
    {SourceKind::Sync},
    R"(Summarises the sync configuration. For the AD Connect export, one finding per AD
connector: the selected partitions with their included and excluded containers, the source
anchor (Microsoft.SynchronizationOption.AnchorAttribute), Exchange hybrid
(Microsoft.OptionalFeature.HybridExchange), staging mode and the server configuration version.
For each Cloud Sync job schema: the domain it serves, its rule's container or group filter,
each object mapping (class, enabled, flow types, scoping filter groups), the attribute
mappings that carry Exchange attributes (MSExch*, ProxyAddresses, Mail, TargetAddress,
LegacyExchangeDN, Alias), the source anchor mapping, and the job's state when the tenant was
read.

Why: the hard-delete and re-sync procedure takes the synced users out of scope and puts them
back; this is the list to work from, and the anchor decides how the re-sync hard-matches.)",
    "info",
    "the sync scope, one finding per AD connector or Cloud Sync job schema: partitions and "
    "containers (Connect) or container, group and scoping filters (Cloud Sync), source anchor, "
    "Exchange attributes, staging or job state, version"};

const CheckInfo& SyncScopeCheck::info() const {
  return kInfo;
}

namespace {

bool carriesExchange(std::string_view target) {
  for (std::string_view name :
       {"ProxyAddresses", "Mail", "TargetAddress", "LegacyExchangeDN", "Alias", "MailNickname"})
    if (equalsIgnoreCase(target, name)) return true;
  return startsWithIgnoreCase(target, "MSExch");
}

// The source of a mapping as it reads: "[employeeID]", "Trim([mail])", "\"x\"", "None".
std::string sourceText(const CloudSyncAttributeMapping& m) {
  if (!m.hasSource) return "None";
  if (!m.source.expression.empty()) return m.source.expression;
  return m.source.type == CloudSyncSource::Type::Constant ? fmt::format("\"{}\"", m.source.name)
                                                          : m.source.name;
}

void connectScope(const SyncConfig& sync, FindingList& out) {
  auto flag = [](const std::optional<bool>& v) { return v ? (*v ? "on" : "off") : "unknown"; };
  const std::string settings = fmt::format(
      "source anchor {}; Exchange hybrid {}; staging mode {}; version {}",
      sync.sourceAnchor.empty() ? "unknown" : sync.sourceAnchor, flag(sync.exchangeHybrid),
      flag(sync.stagingMode), sync.serverVersion.empty() ? "unknown" : sync.serverVersion);
  for (const SyncConnector& c : sync.connectors) {
    if (c.kind != SyncConnector::Kind::ActiveDirectory) continue;
    std::vector<std::string> parts;
    for (const SyncPartition& p : c.partitions)
      if (p.selected)
        parts.push_back(fmt::format(
            "{} (included: {}; excluded: {})", p.dn,
            p.inclusions.empty() ? "none" : fmt::format("{}", fmt::join(p.inclusions, ", ")),
            p.exclusions.empty() ? "none" : fmt::format("{}", fmt::join(p.exclusions, ", "))));
    Finding f;
    f.severity = Severity::Info;
    f.subject.configItem = "connector " + c.id;
    f.subject.displayName = c.name;
    f.subject.kind = "connector";
    f.message = fmt::format("connector \"{}\" syncs {}; {}", c.name,
                            parts.empty() ? std::string("no selected partition")
                                          : fmt::format("{}", fmt::join(parts, "; ")),
                            settings);
    f.remediation =
        "No action: the scope to take out and restore in the hard-delete and re-sync procedure, "
        "and the anchor the re-sync will hard-match on.";
    f.evidence.push_back({"adconnect",
                          locationIn(c.file, c.partitions.empty() ? 0 : c.partitions.front().line),
                          "ma-partition-data: selected partitions and containers"});
    if (!sync.globalSettingsFile.empty())
      f.evidence.push_back(
          {"adconnect",
           locationIn(sync.globalSettingsFile,
                      sync.settingLine("Microsoft.SynchronizationOption.AnchorAttribute")),
           settings});
    out.push_back(std::move(f));
  }
}

void cloudSyncScope(const CloudSyncSchema& schema, FindingList& out) {
  std::vector<std::string> parts, exchange;
  std::string anchor = "not mapped (Cloud Sync uses ms-DS-ConsistencyGuid, else objectGUID)";
  std::string mailboxGuid = "no MSExchMailboxGuid mapping";
  for (const CloudSyncRule& r : schema.rules) {
    std::string filter = "all users of the domain";
    if (!r.includedContainers.empty())
      filter = fmt::format("the containers {}", fmt::join(r.includedContainers, "; "));
    if (!r.includedGroups.empty())
      filter = fmt::format("direct members of {}", fmt::join(r.includedGroups, "; "));
    parts.push_back(fmt::format("rule \"{}\" takes {}", r.name, filter));
    for (const CloudSyncObjectMapping& m : r.objectMappings) {
      if (m.sourceObjectName.empty()) continue; // the credentials item, not an object class
      std::vector<std::string> groups;
      if (m.scope)
        for (const auto* set :
             {&m.scope->groups, &m.scope->inputFilterGroups, &m.scope->categoryFilterGroups})
          for (const CloudSyncFilterGroup& g : *set)
            groups.push_back(fmt::format("{} ({} clause(s))", g.name, g.clauses.size()));
      parts.push_back(fmt::format(
          "{} objects: \"{}\" {}, {}; scoping filter {}", m.sourceObjectName, m.name,
          m.enabled ? "enabled" : "disabled", m.flowTypes.empty() ? "no flow types" : m.flowTypes,
          groups.empty() ? std::string("none") : fmt::format("{}", fmt::join(groups, ", "))));
      for (const CloudSyncAttributeMapping& a : m.attributeMappings) {
        if (equalsIgnoreCase(a.target, "SourceAnchor"))
          anchor = fmt::format("SourceAnchor <- {}", sourceText(a));
        if (equalsIgnoreCase(a.target, "MSExchMailboxGuid") && m.sourceObjectName == "user")
          mailboxGuid = fmt::format("MSExchMailboxGuid <- {}, {}", sourceText(a),
                                    a.flowType.empty() ? "Always" : a.flowType);
        if (carriesExchange(a.target) &&
            std::find(exchange.begin(), exchange.end(), a.target) == exchange.end())
          exchange.push_back(a.target);
      }
    }
  }
  std::string job = "job state not read (the tenant's Cloud Sync jobs were not read)";
  if (schema.job)
    job = fmt::format("job {}: schedule {}, status {}{}", schema.job->id,
                      schema.job->scheduleState.empty() ? "unknown" : schema.job->scheduleState,
                      schema.job->statusCode.empty() ? "unknown" : schema.job->statusCode,
                      schema.job->quarantined ? ", in quarantine" : "");
  Finding f;
  f.severity = Severity::Info;
  const std::string name = std::filesystem::path(schema.file).filename().string();
  f.subject.configItem = fmt::format("cloudsync schema {} ({})", name, schema.domainText());
  f.subject.displayName = schema.jobId.empty() ? name : schema.jobId;
  f.subject.kind = "cloudsync_job";
  f.message = fmt::format("Cloud Sync job schema {} ({}) serves {}: {}; source anchor: {}; {}; "
                          "{} mapping(s) carry Exchange attributes ({}); {}",
                          name, schema.shape, schema.domainText(), fmt::join(parts, "; "), anchor,
                          mailboxGuid, exchange.size(), fmt::join(exchange, ", "), job);
  f.remediation = "No action: the scope to take out and restore in the hard-delete and re-sync "
                  "procedure (the configuration's scoping filters), and the anchor the re-sync "
                  "will match on.";
  f.evidence.push_back(
      {"cloudsync",
       schema.locationOf(schema.rules.empty() ? std::string() : schema.rules.front().pointer),
       fmt::format("{} rule(s), schema version {}", schema.rules.size(),
                   schema.version.empty() ? "not given" : schema.version)});
  if (schema.job) f.evidence.push_back({"graph", schema.job->location, job});
  out.push_back(std::move(f));
}

} // namespace

void SyncScopeCheck::run(const Snapshot& snapshot, FindingList& out) const {
  if (snapshot.sync) connectScope(*snapshot.sync, out);
  for (const CloudSyncSchema& schema : snapshot.cloudSync)
    cloudSyncScope(schema, out);
}

} // namespace migready
