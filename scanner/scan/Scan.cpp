#include "scanner/scan/Scan.h"

#include "scanner/ad/AdEntryMapper.h"
#include "scanner/ad/ldif/AdLdifSource.h"
#include "scanner/ad/ldif/LdifWriter.h"
#include "scanner/adconnect/AdConnectExportSource.h"
#include "scanner/cloudsync/CloudSyncSchemaSource.h"
#include "scanner/entra/snapshot/GraphSnapshotSource.h"
#include "scanner/gate/Gate.h"
#include "scanner/model/Dn.h"
#include "scanner/model/Setting.h"
#include "scanner/model/Text.h"
#include "scanner/net/HttpsClient.h"
#include "scanner/scan/SnapshotJoin.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace migready {

namespace {
SourceState failedSource(std::string_view source, std::string_view what) {
  SourceState s;
  s.status = SourceStatus::Failed;
  s.detail =
      fmt::format("reading the {} source stopped on an error it did not foresee: {}", source, what);
  s.errors.push_back(s.detail);
  return s;
}

// Runs a reader; whatever it throws makes its source failed instead of ending the process (a
// reader thread's exception would otherwise reach std::terminate).
template <typename Read> SourceState guarded(std::string_view source, Read&& read) {
  try {
    return read();
  } catch (const std::exception& e) {
    return failedSource(source, e.what());
  } catch (...) {
    return failedSource(source, "an error of an unknown kind");
  }
}
} // namespace

const SourceReaders& realReaders() {
  static const SourceReaders readers{
      [](const LdifExports& e, AdDirectory& out) { return readAdLdif(e.files, out); },
      [](const LdapForest& f, AdDirectory& out) {
        if (f.saveLdif.empty()) return readAdLdap(f.options, out);
        LdifCopy copy(f.saveLdif, isBinaryAdAttribute);
        AdLdapOptions options = f.options;
        options.copy = &copy;
        return readAdLdap(options, out);
      },
      [](const GraphSnapshotFolder& g, CloudDirectory& out) {
        return readGraphSnapshot(g.folder, out);
      },
      [](const GraphTenant& t, CloudDirectory& out) { return readGraphLive(t.options, out); },
      [](const AdConnectExportFolder& e, SyncConfig& out) {
        return readAdConnectExport(e.folder, out);
      },
      [](const CloudSyncSchemaFile& f, CloudSyncSchema& out) {
        return readCloudSyncSchema(f, out);
      }};
  return readers;
}

std::vector<std::string> prepare(ScanRequest& request) {
  std::vector<std::string> problems;
  if (auto* tenant = std::get_if<GraphTenant>(&request.cloud)) {
    GraphLiveOptions& o = tenant->options;
    const std::pair<Setting, std::string*> roots[] = {
        {Setting::LoginUrl, &o.endpoints.login},
        {Setting::GraphUrl, &o.endpoints.graph},
        {Setting::ExchangeUrl, &o.endpoints.exchange}};
    for (const auto& [setting, url] : roots) {
      while (url->ends_with('/'))
        url->pop_back();
      if (!isHttpsUrl(*url))
        problems.push_back(
            fmt::format("{} {}: an https:// URL", settingName(setting), redactedUrl(*url)));
    }
    try {
      o.https.proxy = ProxySettings::fromEnvironment();
    } catch (const SourceError& e) {
      problems.push_back(e.what()); // the proxy's password is never echoed (redactedUrl)
    }
  }
  return problems;
}

namespace {

// The tenant's job for a schema given as a file: the one of its domain (or the only one, for a
// schema that names no domain).
const CloudSyncJob* jobFor(const CloudSyncSchema& schema, const CloudDirectory& cloud) {
  const CloudSyncJob* only = nullptr;
  std::size_t jobs = 0;
  for (const CloudSyncJob& j : cloud.cloudSyncJobs) {
    if (!j.provisionsUsers()) continue;
    if (!schema.domain.empty() && equalsIgnoreCase(j.domain, schema.domain)) return &j;
    only = &j;
    ++jobs;
  }
  return schema.domain.empty() && jobs == 1 ? only : nullptr;
}

// One Cloud Sync job schema as read: what it says, and how the reading went.
struct ReadSchema {
  CloudSyncSchema schema;
  SyncInput input;
};

ReadSchema readSchema(const CloudSyncSchemaFile& file, const CloudSyncJob* job,
                      const SourceReaders& readers) {
  const bool fromTenant = job != nullptr;
  ReadSchema r;
  r.input = {SyncTool::CloudSync, file.file, file.domain, fromTenant, {}, {}, {}, {}, {}};
  r.input.state = guarded("Cloud Sync", [&] {
    return fromTenant ? readCloudSyncSchemaText(job->schemaText, file, r.schema)
                      : readers.cloudSync(file, r.schema);
  });
  r.schema.fromTenant = r.schema.domainFromJob = fromTenant;
  r.input.jobId = r.schema.jobId;
  r.input.shape = r.schema.shape;
  r.input.version = r.schema.version;
  return r;
}

// The schemas of the tenant's jobs for the domains no schema file covers, parsed on the thread
// that read the tenant (while AD is still being read); their text is then let go.
std::vector<ReadSchema> readTenantSchemas(const ScanRequest& request, CloudDirectory& cloud,
                                          const SourceReaders& readers) {
  std::vector<ReadSchema> out;
  for (CloudSyncJob& job : cloud.cloudSyncJobs) {
    if (!job.provisionsUsers() || job.schemaFile.empty()) continue;
    bool covered = false;
    for (const CloudSyncSchemaFile& file : request.cloudSync)
      covered = covered || file.domain.empty() || equalsIgnoreCase(file.domain, job.domain);
    if (!covered) out.push_back(readSchema({job.schemaFile, job.domain, job.id}, &job, readers));
    std::string().swap(job.schemaText);
  }
  return out;
}

// The Cloud Sync inputs into the snapshot, files first, each with the tenant's job for it when
// the tenant was read. A schema that failed decides nothing.
void addCloudSync(std::vector<ReadSchema> schemas, Snapshot& snapshot) {
  for (ReadSchema& r : schemas) {
    const CloudSyncJob* job = nullptr;
    for (const CloudSyncJob& j : snapshot.cloud.cloudSyncJobs)
      if (r.input.fromTenant && j.schemaFile == r.input.file) job = &j;
    if (!job) job = jobFor(r.schema, snapshot.cloud);
    if (job) r.schema.job = r.input.job = *job;
    if (r.input.state.status != SourceStatus::Failed)
      snapshot.cloudSync.push_back(std::move(r.schema));
    snapshot.syncInputs.push_back(std::move(r.input));
  }
}

// The sync source sums its inputs up: complete when every one is, failed when none gave
// anything, partial otherwise.
SourceState syncSourceOf(const std::vector<SyncInput>& inputs) {
  SourceState s;
  if (inputs.empty()) return s;
  std::size_t failed = 0, partial = 0;
  std::vector<std::string> origins, details;
  for (const SyncInput& in : inputs) {
    failed += in.state.status == SourceStatus::Failed;
    partial += in.state.status == SourceStatus::Partial;
    s.objects += in.state.objects;
    origins.push_back(in.state.origin.empty() ? in.file : in.state.origin);
    if (!in.state.detail.empty())
      details.push_back(inputs.size() == 1 ? in.state.detail
                                           : fmt::format("{}: {}", in.file, in.state.detail));
    for (const std::string& e : in.state.errors)
      if (s.errors.size() < kErrorsKept) s.errors.push_back(e);
  }
  s.status = failed == inputs.size()     ? SourceStatus::Failed
             : failed > 0 || partial > 0 ? SourceStatus::Partial
                                         : SourceStatus::Complete;
  s.origin = fmt::format("{}", fmt::join(origins, ", "));
  s.detail = fmt::format("{}", fmt::join(details, "; "));
  return s;
}

} // namespace

std::vector<std::string> cloudSyncDomainProblems(const Snapshot& snapshot) {
  std::vector<std::string> problems;
  const std::vector<SyncInput>& inputs = snapshot.syncInputs;
  bool unnamed = false;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].tool != SyncTool::CloudSync || inputs[i].fromTenant) continue;
    unnamed = unnamed || inputs[i].domain.empty();
    for (std::size_t j = 0; j < i; ++j)
      if (inputs[j].tool == SyncTool::CloudSync && !inputs[j].fromTenant &&
          equalsIgnoreCase(inputs[i].domain, inputs[j].domain))
        problems.push_back(
            fmt::format("{}: {} and {} both serve {}: give one schema per domain",
                        settingName(Setting::CloudSyncSchema), inputs[j].file, inputs[i].file,
                        inputs[i].domain.empty() ? std::string("every domain") : inputs[i].domain));
  }
  if (!unnamed) return problems;
  std::set<std::string> domains;
  for (const AdAccount& a : snapshot.ad.accounts)
    if (std::string d = dnsDomainOf(a.dn); !d.empty()) domains.insert(std::move(d));
  if (domains.size() > 1)
    problems.push_back(fmt::format(
        "{}: a schema without a domain serves every domain of the AD input, which holds {} "
        "domains ({}): name the domain each schema serves (DOMAIN=FILE)",
        settingName(Setting::CloudSyncSchema), domains.size(), fmt::join(domains, ", ")));
  return problems;
}

Snapshot loadSnapshot(const ScanRequest& request, const SourceReaders& readers) {
  Snapshot snapshot;
  // AD is the big one; Entra ID is read at the same time on a second thread, joined before the
  // AD Connect export is read (it is small) and the two sides are joined.
  std::thread cloudReader, schemaReader;
  std::vector<ReadSchema> tenantSchemas, fileSchemas;
  if (!std::holds_alternative<std::monostate>(request.cloud))
    cloudReader = std::thread([&] {
      snapshot.source(SourceKind::Graph) = guarded("Entra ID", [&] {
        if (const auto* f = std::get_if<GraphSnapshotFolder>(&request.cloud))
          return readers.graphSnapshot(*f, snapshot.cloud);
        return readers.graphLive(std::get<GraphTenant>(request.cloud), snapshot.cloud);
      });
      tenantSchemas = readTenantSchemas(request, snapshot.cloud, readers);
    });
  // The Cloud Sync schema files (megabytes of JSON each) are parsed on a third thread.
  if (!request.cloudSync.empty())
    schemaReader = std::thread([&] {
      for (const CloudSyncSchemaFile& file : request.cloudSync)
        fileSchemas.push_back(readSchema(file, nullptr, readers));
    });
  // Every address is kept: the directory readiness checks (DIR001, DIR002) compare and judge
  // them all, and wave files name users by any of them.
  snapshot.ad.keepOtherSmtp = true;
  if (const auto* e = std::get_if<LdifExports>(&request.ad))
    snapshot.source(SourceKind::Ad) = guarded("AD", [&] { return readers.ldif(*e, snapshot.ad); });
  else if (const auto* f = std::get_if<LdapForest>(&request.ad))
    snapshot.source(SourceKind::Ad) = guarded("AD", [&] { return readers.ldap(*f, snapshot.ad); });
  if (cloudReader.joinable()) cloudReader.join();
  if (schemaReader.joinable()) schemaReader.join();
  if (request.adConnect) {
    SyncConfig sync;
    SyncInput input{SyncTool::Connect, request.adConnect->folder, {}, false, {}, {}, {}, {}, {}};
    input.state =
        guarded("AD Connect", [&] { return readers.adConnect(*request.adConnect, sync); });
    // A failed export decides nothing: without it, scope and flow stay unknown (never safe).
    if (input.state.status != SourceStatus::Failed) snapshot.sync = std::move(sync);
    if (snapshot.sync && snapshot.source(SourceKind::Ad).status != SourceStatus::NotProvided)
      checkExportCompleteness(snapshot.ad, *snapshot.sync, input.state);
    snapshot.syncInputs.push_back(std::move(input));
  }
  addCloudSync(std::move(fileSchemas), snapshot);
  addCloudSync(std::move(tenantSchemas), snapshot);
  snapshot.source(SourceKind::Sync) = syncSourceOf(snapshot.syncInputs);
  snapshot.waivers = request.waivers;
  snapshot.waves = request.waves;
  joinCloudToAd(snapshot);
  joinWavesToAd(snapshot);
  return snapshot;
}

namespace {
// Runs one check and fills its result: status, count, timing; stamps id and fingerprint.
// `others`: for a check that reviews the other checks' findings, those findings.
void runOne(const Check& check, const Snapshot& snapshot, CheckResult& result, FindingList& found,
            const std::deque<Finding>* others = nullptr) {
  const CheckInfo& info = check.info();
  const auto start = std::chrono::steady_clock::now();
  try {
    if (others)
      check.review(snapshot, *others, found);
    else
      check.run(snapshot, found);
  } catch (const std::exception& e) {
    result.status = CheckStatus::Error;
    result.reason = e.what();
    found.clear();
    return;
  } catch (...) { // on a pool thread, anything uncaught would end the process
    result.status = CheckStatus::Error;
    result.reason = "an error of an unknown kind";
    found.clear();
    return;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool failing = std::any_of(found.begin(), found.end(),
                                   [](const Finding& f) { return f.severity > Severity::Info; });
  result.status = failing ? CheckStatus::Fail : CheckStatus::Pass;
  std::vector<std::string> notes;
  for (SourceKind need : info.needs)
    if (snapshot.source(need).status == SourceStatus::Partial)
      notes.push_back(fmt::format("ran on partial data from the {} source", toString(need)));
  notes.insert(notes.end(), found.notes.begin(), found.notes.end());
  result.reason = fmt::format("{}", fmt::join(notes, "; "));
  result.findings = found.size();
  for (Finding& f : found) {
    if (!result.worst || f.severity > *result.worst) result.worst = f.severity;
    f.check = info.id;
    f.fingerprint = fingerprintOf(f.check, f.subject);
  }
  // Worst first; within a severity, the order of the sources (the AD export's entries, the
  // Graph pages' users), which is stable from run to run and easy to look up. Most checks
  // report one severity: then nothing moves.
  const auto worstFirst = [](const Finding& a, const Finding& b) {
    return a.severity > b.severity;
  };
  if (!std::is_sorted(found.begin(), found.end(), worstFirst))
    std::stable_sort(found.begin(), found.end(), worstFirst);
}
} // namespace

std::vector<Fact> factsOf(const Snapshot& s) {
  std::vector<Fact> facts;
  auto add = [&](std::string label, std::string value) {
    if (!value.empty()) facts.push_back({std::move(label), std::move(value)});
  };
  if (s.source(SourceKind::Ad).status != SourceStatus::NotProvided) {
    add(s.ad.live ? "AD server" : "AD export", s.ad.origin);
    if (s.ad.live)
      add("AD servers that received a bind", fmt::format("{}", fmt::join(s.ad.boundServers, ", ")));
    add("AD users read", std::to_string(s.ad.accounts.size()));
  }
  if (s.source(SourceKind::Graph).status != SourceStatus::NotProvided) {
    add("Tenant id", s.cloud.tenantId);
    if (s.cloud.tenant) add("Tenant", s.cloud.tenant->displayName);
    add("Cloud data captured at", s.cloud.capturedAt);
    if (s.cloud.tenant) {
      add("Directory sync", s.cloud.tenant->onPremisesSyncEnabled ? "on" : "off");
      add("Last directory sync", s.cloud.tenant->onPremisesLastSyncDateTime);
    }
    auto flag = [](const std::optional<bool>& v) -> std::string {
      return v ? (*v ? "on" : "off") : "";
    };
    if (s.cloud.exchangeCollected)
      add("Exchange Online (Get-MailUser)",
          fmt::format("{} MailUser(s), read through the unofficial InvokeCommand admin API",
                      s.cloud.mailUsers.size()));
    if (s.cloud.syncFeatures) {
      add("Block soft match", flag(s.cloud.syncFeatures->blockSoftMatchEnabled));
      add("Block cloud object takeover through hard match",
          flag(s.cloud.syncFeatures->blockCloudObjectTakeoverThroughHardMatchEnabled));
      add("Soft match on UPN", flag(s.cloud.syncFeatures->softMatchOnUpnEnabled));
    } else {
      add("Sync features (onPremisesSynchronization)",
          "not captured (needs a Global Administrator)");
    }
  }
  if (s.sync) {
    const SyncConfig& c = *s.sync;
    add("AD Connect export", c.origin);
    add("Source anchor", c.sourceAnchor.empty() ? "unknown" : c.sourceAnchor);
    add("Exchange hybrid", c.exchangeHybrid ? (*c.exchangeHybrid ? "on" : "off") : "unknown");
    add("Staging mode", c.stagingMode ? (*c.stagingMode ? "on" : "off") : "unknown");
    add("AD Connect version", c.serverVersion.empty() ? "unknown" : c.serverVersion);
    for (const SyncConnector& k : c.connectors)
      for (const SyncPartition& p : k.partitions)
        if (k.kind == SyncConnector::Kind::ActiveDirectory && p.selected)
          add(fmt::format("Synced containers ({})", p.dn),
              fmt::format("included: {}; excluded: {}",
                          p.inclusions.empty() ? "none"
                                               : fmt::format("{}", fmt::join(p.inclusions, ", ")),
                          p.exclusions.empty() ? "none"
                                               : fmt::format("{}", fmt::join(p.exclusions, ", "))));
  }
  for (const CloudSyncSchema& schema : s.cloudSync) {
    const std::string name = std::filesystem::path(schema.file).filename().string();
    std::vector<std::string> filters;
    for (const CloudSyncRule& r : schema.rules) {
      if (!r.includedContainers.empty())
        filters.push_back(fmt::format("containers {}", fmt::join(r.includedContainers, "; ")));
      if (!r.includedGroups.empty())
        filters.push_back(fmt::format("groups {}", fmt::join(r.includedGroups, "; ")));
    }
    add(fmt::format("Cloud Sync job schema ({})", schema.domainText()),
        fmt::format("{}{} ({}{}); scope: {}{}", name,
                    schema.fromTenant ? ", read from the tenant" : "", schema.shape,
                    schema.version.empty() ? "" : ", version " + schema.version,
                    filters.empty() ? std::string("every user the scoping filters let in")
                                    : fmt::format("{}", fmt::join(filters, "; ")),
                    schema.job ? fmt::format("; job {} {} / {}", schema.job->id,
                                             schema.job->scheduleState, schema.job->statusCode)
                               : std::string()));
  }
  if (s.cloud.cloudSyncCollected) {
    std::vector<std::string> jobs;
    for (const CloudSyncJob& j : s.cloud.cloudSyncJobs)
      if (j.provisionsUsers())
        jobs.push_back(fmt::format("{} ({}, {})", j.domain.empty() ? j.id : j.domain,
                                   j.scheduleState, j.statusCode));
    add("Cloud Sync jobs in the tenant", jobs.empty()
                                             ? std::string("none (no AD2AADProvisioning job)")
                                             : fmt::format("{}", fmt::join(jobs, "; ")));
  } else if (!s.cloud.cloudSyncNotCollected.empty()) {
    add("Cloud Sync jobs in the tenant",
        fmt::format("not read: {}", s.cloud.cloudSyncNotCollected));
  }
  return facts;
}

// One base per folder that holds some of `files`: ID, ID2, ID3...
void addFolderRoots(std::vector<InputRoot>& roots, const std::vector<std::string>& files,
                    std::string_view id, std::optional<SourceKind> source,
                    std::string_view description) {
  std::vector<std::string> folders;
  for (const std::string& file : files) {
    const std::string folder = std::filesystem::path(file).parent_path().generic_string();
    if (std::find(folders.begin(), folders.end(), folder) == folders.end())
      folders.push_back(folder);
  }
  for (std::size_t i = 0; i < folders.size(); ++i)
    roots.push_back({i == 0 ? std::string(id) : fmt::format("{}{}", id, i + 1),
                     source,
                     folders[i],
                     false,
                     std::string(description),
                     {}});
}

std::vector<InputRoot> inputsOf(const Snapshot& s) {
  std::vector<InputRoot> roots;
  const SourceState& ad = s.source(SourceKind::Ad);
  if (ad.status != SourceStatus::NotProvided) {
    if (s.ad.live) {
      // The first server's URL; a live entry's location is its DN.
      const std::string first = ad.origin.substr(0, ad.origin.find(' '));
      roots.push_back({"ADSERVER",
                       SourceKind::Ad,
                       first,
                       true,
                       "the domain controller read live (locations are distinguished names)",
                       {}});
    } else {
      addFolderRoots(roots, s.ad.files, "ADEXPORT", SourceKind::Ad,
                     "the folder of the on-premises AD export (LDIF)");
    }
  }
  const SourceState& graph = s.source(SourceKind::Graph);
  if (graph.status != SourceStatus::NotProvided) {
    if (graph.origin.starts_with("https://"))
      roots.push_back({"GRAPHLIVE",
                       SourceKind::Graph,
                       "graph-live:",
                       true,
                       "Microsoft Graph pages read live and not kept",
                       {}});
    else
      roots.push_back({"GRAPHSNAPSHOT",
                       SourceKind::Graph,
                       graph.origin,
                       false,
                       "the saved Microsoft Graph snapshot",
                       {}});
  }
  std::vector<std::string> schemaFiles;
  for (const SyncInput& in : s.syncInputs)
    if (in.tool == SyncTool::Connect)
      roots.push_back({"ADCONNECTEXPORT",
                       SourceKind::Sync,
                       in.file,
                       false,
                       "the Azure AD Connect configuration export",
                       {}});
    else if (!in.fromTenant) // the tenant's schemas are under the Graph snapshot
      schemaFiles.push_back(in.file);
  addFolderRoots(roots, schemaFiles, "CLOUDSYNCSCHEMA", SourceKind::Sync,
                 "the folder of the Cloud Sync job schema");
  if (s.waivers)
    roots.push_back({"WAIVERS",
                     std::nullopt,
                     std::filesystem::path(s.waivers->file).parent_path().generic_string(),
                     false,
                     "the folder of the waiver file (accepted exceptions)",
                     {}});
  if (s.waves)
    addFolderRoots(roots, s.waves->files, "WAVES", std::nullopt,
                   "the folder of the migration wave files");
  return roots;
}

RemediationPlan planOf(const std::deque<Finding>& findings) {
  RemediationPlan plan;
  std::set<std::string> rules, mappings, containers;
  // The users the plan would act on, by cloud id, in the order of their first finding; a user
  // that a waiver protects (any of its findings of that step is waived) is kept, never acted on.
  struct Candidate {
    RemediationPlan::KeptUser user;
  };
  std::vector<Candidate> candidates;
  std::unordered_map<std::string, std::size_t> byCloudId;
  for (const Finding& f : findings) {
    switch (f.planStep) {
    case PlanStep::None:
      break;
    case PlanStep::ExcludeAttribute: // a waived finding asks for nothing
      if (f.waived()) break;
      plan.excludeAttribute = true;
      if (f.subject.kind == "sync_rule") rules.insert(f.subject.displayName);
      break;
    case PlanStep::ExcludeAttributeCloudSync:
      if (f.waived()) break;
      plan.excludeAttributeCloudSync = true;
      if (f.subject.kind == "cloudsync_mapping") mappings.insert(f.subject.displayName);
      break;
    case PlanStep::RemoveSyncedUser: // one entry per user, however many checks name them
    case PlanStep::RemoveCloudSyncUser:
    case PlanStep::PurgeDeletedUser: {
      auto [it, added] = byCloudId.emplace(f.subject.cloudId, candidates.size());
      if (added) candidates.push_back({{f.subject, f.planStep, -1, {}}});
      RemediationPlan::KeptUser& u = candidates[it->second].user;
      if (f.waived()) {
        if (u.waiver < 0) u.waiver = f.waiver;
      } else if (std::find(u.unwaivedChecks.begin(), u.unwaivedChecks.end(), f.check) ==
                 u.unwaivedChecks.end()) {
        u.unwaivedChecks.push_back(f.check);
      }
      break;
    }
    }
  }
  for (Candidate& c : candidates) {
    RemediationPlan::KeptUser& u = c.user;
    if (u.waiver >= 0) {
      plan.keptByWaiver.push_back(std::move(u));
    } else if (u.step == PlanStep::RemoveSyncedUser || u.step == PlanStep::RemoveCloudSyncUser) {
      (u.step == PlanStep::RemoveCloudSyncUser ? plan.cloudSyncUsers : plan.connectUsers) = true;
      if (const std::string_view ou = parentDn(u.subject.dn); !ou.empty()) containers.emplace(ou);
      plan.syncedUsers.push_back(std::move(u.subject));
    } else {
      plan.deletedUsers.push_back(std::move(u.subject));
    }
  }
  plan.rules.assign(rules.begin(), rules.end());
  plan.cloudSyncMappings.assign(mappings.begin(), mappings.end());
  plan.containers.assign(containers.begin(), containers.end());
  return plan;
}

std::string tenantIdOf(const Snapshot& snapshot) {
  const CloudDirectory& c = snapshot.cloud;
  return c.tenant && !c.tenant->id.empty() ? c.tenant->id : c.tenantId;
}

void addEnvironment(RemediationPlan& plan, const Snapshot& snapshot,
                    const std::deque<Finding>& findings) {
  for (SourceKind kind : kAllSources)
    plan.sourceStatus[static_cast<std::size_t>(kind)] = snapshot.source(kind).status;
  if (snapshot.sync) {
    std::set<long> taken;
    for (const SyncRule& rule : snapshot.sync->rules)
      taken.insert(rule.precedence);
    for (long p = 99; p >= 1 && !plan.freePrecedence; --p)
      if (!taken.count(p)) plan.freePrecedence = p;
  }
  if (plan.containers.empty()) return;
  std::unordered_set<std::string> withFinding;
  for (const Finding& f : findings)
    if (f.subject.isUser()) withFinding.insert(f.subject.key());
  std::unordered_map<std::string_view, std::int32_t> kept;
  for (const RemediationPlan::KeptUser& u : plan.keptByWaiver)
    kept.emplace(u.subject.cloudId, u.waiver);
  // Every synced cloud user whose on-premises object is in one of the containers (or below): its
  // DN's ancestors looked up among the containers, the deepest first (folded once each, not
  // compared with every container).
  std::vector<std::string> foldedContainers(plan.containers.size());
  std::unordered_map<std::string_view, const std::string*> containers;
  for (std::size_t i = 0; i < plan.containers.size(); ++i) {
    foldDnInto(plan.containers[i], foldedContainers[i]);
    containers.emplace(foldedContainers[i], &plan.containers[i]);
  }
  std::string folded;
  const auto containerOf = [&](std::string_view dn) -> const std::string* {
    foldDnInto(dn, folded);
    const std::string_view view(folded);
    for (std::size_t at = 0; at < view.size();) {
      if (auto it = containers.find(view.substr(at)); it != containers.end()) return it->second;
      at = rdnEnd(view, at) + 1;
    }
    return nullptr;
  };
  for (const CloudUser& u : snapshot.cloud.users) {
    if (u.onPremisesSyncEnabled != true) continue;
    const AdAccount* a = u.join.joined() ? &snapshot.ad.accounts[u.join.account] : nullptr;
    const std::string& dn = a ? a->dn : u.onPremisesDistinguishedName;
    if (const std::string* container = containerOf(dn)) {
      RemediationPlan::ContainerUser cu;
      cu.container = *container;
      cu.subject.dn = dn;
      cu.subject.upn = u.userPrincipalName;
      cu.subject.displayName = u.displayName;
      cu.subject.cloudId = u.id;
      if (a && a->objectGuid) cu.subject.objectGuid = a->objectGuid->toString();
      cu.hasFinding =
          withFinding.count(cu.subject.key()) > 0 || withFinding.count("cloud:" + u.id) > 0;
      if (auto it = kept.find(u.id); it != kept.end()) cu.waiver = it->second;
      plan.containerUsers.push_back(std::move(cu));
    }
  }
}

namespace {
// The Subject::key of an AD account's findings.
std::string accountKey(const AdAccount& a) {
  Subject s;
  s.dn = a.dn;
  if (a.objectGuid) s.objectGuid = a.objectGuid->toString();
  return s.key();
}

// The waves (Report::waves: each wave of the files, then kNoWave) and, for each finding, the
// waves it concerns (Finding::wave, a label of Report::waveLabels): a user's finding its user's
// waves, or kNoWave; a finding whose evidence points at planned rows the waves of those rows;
// any other finding (the tenant, the sync configuration) every wave.
void assignWaves(const Snapshot& snapshot, const WavesByAccount& byAccount, Report& report) {
  if (!snapshot.waves) return;
  std::unordered_map<std::string_view, std::uint32_t> index;
  for (const std::string& wave : snapshot.waves->waves) {
    index.emplace(wave, static_cast<std::uint32_t>(report.waves.size()));
    report.waves.push_back({wave});
  }
  const auto noWave = static_cast<std::uint32_t>(report.waves.size());
  report.waves.push_back({std::string(kNoWave)});
  std::map<std::vector<std::uint32_t>, std::uint32_t> labels;
  const auto labelOf = [&](std::vector<std::uint32_t> waves) {
    auto [it, added] = labels.emplace(waves, static_cast<std::uint32_t>(report.waveLabels.size()));
    if (added) {
      std::vector<std::string_view> names;
      for (std::uint32_t w : waves)
        names.push_back(report.waves[w].name);
      report.waveLabels.push_back({fmt::format("{}", fmt::join(names, ", ")), std::move(waves)});
    }
    return it->second;
  };
  std::unordered_map<std::string, std::uint32_t> ofAccount;
  for (std::size_t a = 0; a < byAccount.size(); ++a) {
    if (byAccount[a].empty()) continue;
    std::vector<std::uint32_t> waves;
    for (const std::string& wave : byAccount[a])
      if (auto it = index.find(wave); it != index.end()) waves.push_back(it->second);
    ofAccount.emplace(accountKey(snapshot.ad.accounts[a]), labelOf(std::move(waves)));
  }
  std::unordered_map<std::string, std::uint32_t> ofRow; // "file:line" -> its wave
  for (const WaveRow& row : snapshot.waves->rows)
    if (auto it = index.find(row.wave); it != index.end())
      ofRow.emplace(fmt::format("{}:{}", row.file, row.line), it->second);
  const std::uint32_t none = labelOf({noWave});
  for (Finding& f : report.findings) {
    if (f.subject.isUser()) {
      auto it = ofAccount.find(f.subject.key());
      f.wave = it == ofAccount.end() ? none : it->second;
      continue;
    }
    std::vector<std::uint32_t> waves;
    for (const Evidence& e : f.evidence)
      if (auto it = e.source == "waves" ? ofRow.find(e.location) : ofRow.end(); it != ofRow.end())
        if (std::find(waves.begin(), waves.end(), it->second) == waves.end())
          waves.push_back(it->second);
    if (!waves.empty()) {
      std::sort(waves.begin(), waves.end());
      f.wave = labelOf(std::move(waves));
    }
  }
}

// How a customer's copy shows each path the user gave (Report::shownPaths, InputRoot::shown):
// relative to the working folder, or its last name when it lies outside.
void addShownPaths(const Snapshot& snapshot, const ScanOptions& options, Report& report) {
  std::error_code ec;
  const std::string cwd = std::filesystem::current_path(ec).generic_string();
  for (InputRoot& in : report.inputs)
    in.shown = in.live ? in.path : displayPath(in.path, cwd);
  std::vector<std::string> given =
      snapshot.ad.live ? std::vector<std::string>{} : snapshot.ad.files;
  if (const std::string& origin = snapshot.source(SourceKind::Graph).origin;
      !origin.empty() && !origin.starts_with("https://"))
    given.push_back(origin);
  for (const SyncInput& in : snapshot.syncInputs) // the sync source's origin lists them all
    if (!in.fromTenant) given.push_back(in.file);
  if (snapshot.waivers) given.push_back(snapshot.waivers->file);
  if (snapshot.waves)
    given.insert(given.end(), snapshot.waves->files.begin(), snapshot.waves->files.end());
  if (options.baseline) given.push_back(options.baseline->file);
  for (const InputRoot& in : report.inputs)
    if (!in.live) given.push_back(in.path);
  std::sort(given.begin(), given.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  given.erase(std::unique(given.begin(), given.end()), given.end());
  for (std::string& path : given)
    if (!path.empty()) report.shownPaths.emplace_back(path, displayPath(path, cwd));
}

// What the data does not cover: a source failed or read in part, a source in scope not given.
void addIncompleteSources(const Snapshot& snapshot, Report& report) {
  for (SourceKind kind : kAllSources) {
    const SourceStatus status = snapshot.source(kind).status;
    if (status == SourceStatus::Failed || status == SourceStatus::Partial)
      report.incomplete.push_back(report.sourceSentence(kind));
  }
  for (SourceKind kind : report.scope)
    if (snapshot.source(kind).status == SourceStatus::NotProvided)
      report.incomplete.push_back(report.sourceSentence(kind));
}

// The tenant's facts, whatever the gate's options: the users by the worst of all their findings
// (and those blocked only by waived findings), the users per check, each wave's users and
// readiness, and the tenant's readiness. The gate's own findings are not about the tenant.
// Users are told apart by a 64-bit hash of their key: a million users cost a few tens of MB.
void describeTenant(const Snapshot& snapshot, const WavesByAccount& byAccount, Report& report) {
  struct Person {
    Severity worst = Severity::Info;
    bool unwaivedBlocker = false;
  };
  std::unordered_map<std::size_t, Person> people;
  const std::hash<std::string> hash;
  std::unordered_map<std::string_view, std::pair<CheckResult*, std::unordered_set<std::size_t>>>
      byCheck;
  for (CheckResult& c : report.checks)
    byCheck[c.id].first = &c;
  std::size_t blockers = 0;
  // Blockers about every wave (the tenant, the sync configuration), and per wave those about
  // something of it that is not a user (its rows): with its blocked users, a wave's reason.
  std::size_t everyWaveBlockers = 0;
  std::vector<std::size_t> rowBlockers(report.waves.size(), 0);
  std::vector<bool> waveBlocked(report.waves.size(), false);
  for (const Finding& f : report.findings) {
    if (report.aboutGate(f)) continue;
    if (f.severity == Severity::Blocker) {
      ++blockers;
      if (f.wave == 0 || f.wave >= report.waveLabels.size()) {
        ++everyWaveBlockers;
        waveBlocked.assign(waveBlocked.size(), true);
      } else {
        for (std::uint32_t w : report.waveLabels[f.wave].waves)
          if (w < waveBlocked.size()) {
            waveBlocked[w] = true;
            rowBlockers[w] += !f.subject.isUser();
          }
      }
    }
    if (!f.subject.isUser()) continue;
    const std::size_t user = hash(f.subject.key());
    if (auto it = byCheck.find(f.check); it != byCheck.end()) it->second.second.insert(user);
    auto [it, added] = people.emplace(user, Person{f.severity, false});
    if (!added && f.severity > it->second.worst) it->second.worst = f.severity;
    if (f.severity == Severity::Blocker && !f.waived()) it->second.unwaivedBlocker = true;
  }
  for (auto& [id, entry] : byCheck)
    entry.first->users = entry.second.size();
  UserCounts& u = report.users;
  u = {};
  u.total = people.size();
  for (const auto& [user, p] : people) {
    if (p.worst == Severity::Blocker) ++u.blocked, u.blockedWaived += !p.unwaivedBlocker;
    if (p.worst == Severity::Warning) ++u.warned;
  }
  const auto readinessOf = [&](bool blocked) {
    return blocked ? Verdict::NotReady
                   : (report.incomplete.empty() ? Verdict::Ready : Verdict::Incomplete);
  };
  if (snapshot.waves) {
    std::vector<std::vector<std::uint32_t>> accounts(report.waves.size());
    const std::size_t noWave = report.waves.size() - 1;
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t w = 0; w < noWave; ++w)
      index.emplace(report.waves[w].name, w);
    for (std::uint32_t a = 0; a < byAccount.size(); ++a) {
      if (byAccount[a].empty()) accounts[noWave].push_back(a);
      for (const std::string& wave : byAccount[a])
        if (auto it = index.find(wave); it != index.end()) accounts[it->second].push_back(a);
    }
    for (const WaveRow& row : snapshot.waves->rows)
      if (auto it = index.find(row.wave); it != index.end()) ++report.waves[it->second].rows;
    for (std::size_t w = 0; w < report.waves.size(); ++w) {
      WaveReadiness& r = report.waves[w];
      r.users = accounts[w].size();
      for (std::uint32_t a : accounts[w]) {
        auto it = people.find(hash(accountKey(snapshot.ad.accounts[a])));
        if (it == people.end()) continue;
        if (it->second.worst == Severity::Blocker)
          ++r.blocked, r.blockedWaived += !it->second.unwaivedBlocker;
        if (it->second.worst == Severity::Warning) ++r.warned;
      }
      r.readiness = readinessOf(waveBlocked[w]);
      std::vector<std::string> why;
      if (r.blocked > 0) why.push_back(fmt::format("{} user(s) blocked", r.blocked));
      if (rowBlockers[w] > 0)
        why.push_back(fmt::format("{} blocker finding(s) about its rows", rowBlockers[w]));
      if (everyWaveBlockers > 0)
        why.push_back(fmt::format("{} blocker finding(s) about the tenant or the sync "
                                  "configuration (they concern every wave)",
                                  everyWaveBlockers));
      if (r.readiness == Verdict::Incomplete || !report.incomplete.empty())
        why.push_back(fmt::format("{}incomplete: {}", why.empty() ? "" : "also ",
                                  fmt::join(report.incomplete, "; ")));
      r.reason =
          r.readiness == Verdict::Ready ? std::string() : fmt::format("{}", fmt::join(why, "; "));
    }
  }
  report.readiness = readinessOf(blockers > 0);
  switch (report.readiness) {
  case Verdict::NotReady:
    report.readinessReason =
        u.blocked > 0
            ? fmt::format("{} user(s) blocked, {} blocker finding(s)", u.blocked, blockers)
            : fmt::format("{} blocker finding(s) about the tenant or the sync "
                          "configuration",
                          blockers);
    if (u.blockedWaived > 0)
      report.readinessReason +=
          fmt::format("; {} of these user(s) blocked by accepted exceptions (waived findings) only",
                      u.blockedWaived);
    if (!report.incomplete.empty())
      report.readinessReason +=
          fmt::format("; also incomplete: {}", fmt::join(report.incomplete, "; "));
    break;
  case Verdict::Incomplete:
    report.readinessReason = fmt::format("no blocker found in what was read, but {}",
                                         fmt::join(report.incomplete, "; "));
    break;
  case Verdict::Ready:
    report.readinessReason = "no blocker found; every source in scope is complete";
    break;
  }
}
} // namespace

Report evaluate(const Snapshot& snapshot, const CheckList& checks, const ScanOptions& options) {
  Report report;
  report.toolVersion = options.toolVersion;
  report.title = options.title;
  report.customer = options.customer;
  report.generatedAt = options.generatedAt;
  report.scope = options.scope;
  report.sources = snapshot.sources;
  report.tenantId = tenantIdOf(snapshot);

  // Each check runs into its own list, on as many threads as the machine has (checks only read
  // the frozen snapshot); the lists are then joined in catalog order.
  struct Outcome {
    CheckResult result;
    FindingList findings;
    bool ran = false;
  };
  std::vector<Outcome> outcomes(checks.size());
  for (std::size_t ci = 0; ci < checks.size(); ++ci) {
    const CheckInfo& info = checks[ci]->info();
    CheckResult& result = outcomes[ci].result;
    result.id = info.id;
    result.name = info.name;
    result.doc = info.doc;
    result.title = info.title;
    result.group = info.group;
    result.severity = info.severity;
    result.aboutGate = info.aboutGate;
    // The runner, not the check, decides whether a check got its data: a source that was not
    // given or failed means not_run, never pass.
    std::vector<std::string> missing, failed;
    for (SourceKind need : info.needs) {
      if (snapshot.source(need).status == SourceStatus::NotProvided)
        missing.push_back(fmt::format("{} ({})", toString(need), settingsOf(need)));
      else if (snapshot.source(need).status == SourceStatus::Failed)
        failed.push_back(std::string(toString(need)));
    }
    result.status = CheckStatus::NotRun;
    if (!missing.empty())
      result.reason = fmt::format("needs {}, not given", fmt::join(missing, " and "));
    else if (!failed.empty())
      result.reason = fmt::format("needs the {} source, which failed", fmt::join(failed, " and "));
    else
      result.reason = checks[ci]->whyNotRunnable(snapshot);
    outcomes[ci].ran = result.reason.empty();
  }
  const auto reviews = [&](std::size_t ci) { return checks[ci]->info().reviewsFindings; };
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t ci = next++; ci < checks.size(); ci = next++)
      if (outcomes[ci].ran && !reviews(ci))
        runOne(*checks[ci], snapshot, outcomes[ci].result, outcomes[ci].findings);
  };
  const std::size_t threads =
      std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), checks.size());
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t)
    pool.emplace_back(worker);
  worker();
  for (auto& t : pool)
    t.join();

  // The findings in catalog order; then the waivers are marked, and the checks that review
  // findings (the gate's own) run on them and add theirs at the end.
  const auto collect = [&](Outcome& o) {
    while (!o.findings.empty()) { // moving out node by node frees as it goes
      report.findings.push_back(std::move(o.findings.front()));
      o.findings.pop_front();
    }
  };
  for (std::size_t ci = 0; ci < checks.size(); ++ci)
    if (!reviews(ci)) collect(outcomes[ci]);
  if (snapshot.waivers) applyWaivers(*snapshot.waivers, report);
  for (std::size_t ci = 0; ci < checks.size(); ++ci)
    if (outcomes[ci].ran && reviews(ci)) {
      runOne(*checks[ci], snapshot, outcomes[ci].result, outcomes[ci].findings, &report.findings);
      collect(outcomes[ci]);
    }
  if (options.baseline) compareWithBaseline(*options.baseline, report);

  for (Outcome& o : outcomes) {
    if (o.result.status == CheckStatus::Error)
      report.incomplete.push_back(fmt::format("check {} failed: {}", o.result.id, o.result.reason));
    report.checks.push_back(std::move(o.result));
  }
  addIncompleteSources(snapshot, report);

  // The tenant as scanned.
  const WavesByAccount byAccount = wavesByAccount(snapshot); // once, for the two below
  assignWaves(snapshot, byAccount, report);
  describeTenant(snapshot, byAccount, report);
  report.facts = factsOf(snapshot);
  report.inputs = inputsOf(snapshot);
  report.syncInputs = snapshot.syncInputs;
  report.cloudSyncJobs = snapshot.cloud.cloudSyncJobs;
  report.cloudSyncJobsRead = snapshot.cloud.cloudSyncCollected;
  report.cloudSyncJobsNote = snapshot.cloud.cloudSyncNotCollected;
  addShownPaths(snapshot, options, report);
  std::map<std::string_view, std::size_t> kinds;
  for (const AdAccount& a : snapshot.ad.accounts)
    ++kinds[toString(a.kind)];
  for (const auto& [kind, count] : kinds)
    report.usersByKind.emplace_back(kind, count);
  report.countFindings();
  // The remediation package follows the gate's marks: what a waiver protects is never an action.
  report.plan = planOf(report.findings);
  addEnvironment(report.plan, snapshot, report.findings);

  // The gate's decision, beside the tenant's facts.
  decide({options.failOn, options.newOnly, options.wave}, report);
  return report;
}

} // namespace migready
