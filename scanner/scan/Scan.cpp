#include "scanner/scan/Scan.h"

#include "scanner/ad/AdEntryMapper.h"
#include "scanner/ad/ldif/AdLdifSource.h"
#include "scanner/ad/ldif/LdifWriter.h"
#include "scanner/adconnect/AdConnectExportSource.h"
#include "scanner/cloudsync/CloudSyncSchemaSource.h"
#include "scanner/entra/snapshot/GraphSnapshotSource.h"
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
    if (!covered) out.push_back(readSchema({job.schemaFile, job.domain}, &job, readers));
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
  // Wave files name users by any of their addresses: only then are they all kept.
  snapshot.ad.keepOtherSmtp = request.waves.has_value();
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
    roots.push_back({i == 0 ? std::string(id) : fmt::format("{}{}", id, i + 1), source, folders[i],
                     false, std::string(description)});
}

std::vector<InputRoot> inputsOf(const Snapshot& s) {
  std::vector<InputRoot> roots;
  const SourceState& ad = s.source(SourceKind::Ad);
  if (ad.status != SourceStatus::NotProvided) {
    if (s.ad.live) {
      // The first server's URL; a live entry's location is its DN.
      const std::string first = ad.origin.substr(0, ad.origin.find(' '));
      roots.push_back({"ADSERVER", SourceKind::Ad, first, true,
                       "the domain controller read live (locations are distinguished names)"});
    } else {
      addFolderRoots(roots, s.ad.files, "ADEXPORT", SourceKind::Ad,
                     "the folder of the on-premises AD export (LDIF)");
    }
  }
  const SourceState& graph = s.source(SourceKind::Graph);
  if (graph.status != SourceStatus::NotProvided) {
    if (graph.origin.starts_with("https://"))
      roots.push_back({"GRAPHLIVE", SourceKind::Graph, "graph-live:", true,
                       "Microsoft Graph pages read live and not kept"});
    else
      roots.push_back({"GRAPHSNAPSHOT", SourceKind::Graph, graph.origin, false,
                       "the saved Microsoft Graph snapshot"});
  }
  std::vector<std::string> schemaFiles;
  for (const SyncInput& in : s.syncInputs)
    if (in.tool == SyncTool::Connect)
      roots.push_back({"ADCONNECTEXPORT", SourceKind::Sync, in.file, false,
                       "the Azure AD Connect configuration export"});
    else if (!in.fromTenant) // the tenant's schemas are under the Graph snapshot
      schemaFiles.push_back(in.file);
  addFolderRoots(roots, schemaFiles, "CLOUDSYNCSCHEMA", SourceKind::Sync,
                 "the folder of the Cloud Sync job schema");
  if (s.waivers)
    roots.push_back({"WAIVERS", std::nullopt,
                     std::filesystem::path(s.waivers->file).parent_path().generic_string(), false,
                     "the folder of the waiver file (accepted exceptions)"});
  if (s.waves)
    addFolderRoots(roots, s.waves->files, "WAVES", std::nullopt,
                   "the folder of the migration wave files");
  return roots;
}

RemediationPlan planOf(const std::deque<Finding>& findings) {
  RemediationPlan plan;
  std::set<std::string> rules, mappings, containers, removed, purged;
  for (const Finding& f : findings) {
    switch (f.planStep) {
    case PlanStep::None:
      break;
    case PlanStep::ExcludeAttribute:
      plan.excludeAttribute = true;
      if (f.subject.kind == "sync_rule") rules.insert(f.subject.displayName);
      break;
    case PlanStep::ExcludeAttributeCloudSync:
      plan.excludeAttributeCloudSync = true;
      if (f.subject.kind == "cloudsync_mapping") mappings.insert(f.subject.displayName);
      break;
    case PlanStep::RemoveSyncedUser: // one entry per user, however many checks name them
    case PlanStep::RemoveCloudSyncUser:
      (f.planStep == PlanStep::RemoveCloudSyncUser ? plan.cloudSyncUsers : plan.connectUsers) =
          true;
      if (removed.insert(f.subject.cloudId).second) plan.syncedUsers.push_back(f.subject);
      if (const std::string_view ou = parentDn(f.subject.dn); !ou.empty()) containers.emplace(ou);
      break;
    case PlanStep::PurgeDeletedUser:
      if (purged.insert(f.subject.cloudId).second) plan.deletedUsers.push_back(f.subject);
      break;
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
  // Every synced cloud user whose on-premises object is in one of the containers (or below).
  for (const CloudUser& u : snapshot.cloud.users) {
    if (u.onPremisesSyncEnabled != true) continue;
    const AdAccount* a = u.join.joined() ? &snapshot.ad.accounts[u.join.account] : nullptr;
    const std::string& dn = a ? a->dn : u.onPremisesDistinguishedName;
    for (const std::string& container : plan.containers) {
      if (!dnInSubtree(dn, container)) continue;
      RemediationPlan::ContainerUser cu;
      cu.container = container;
      cu.subject.dn = dn;
      cu.subject.upn = u.userPrincipalName;
      cu.subject.displayName = u.displayName;
      cu.subject.cloudId = u.id;
      if (a && a->objectGuid) cu.subject.objectGuid = a->objectGuid->toString();
      cu.hasFinding =
          withFinding.count(cu.subject.key()) > 0 || withFinding.count("cloud:" + u.id) > 0;
      plan.containerUsers.push_back(std::move(cu));
      break;
    }
  }
}

namespace {
// Marks each finding an unexpired waiver accepts (the first that covers it), and counts what
// each waiver accepted. Expired waivers accept nothing: the gate fails again on their findings.
void applyWaivers(const Snapshot& snapshot, Report& report) {
  if (!snapshot.waivers) return;
  const WaiverList& list = *snapshot.waivers;
  report.waiverFile = list.file;
  report.waivers = list.waivers;
  report.waiverUse.assign(list.waivers.size(), 0);
  std::vector<std::size_t> active;
  for (std::size_t i = 0; i < list.waivers.size(); ++i)
    if (!list.waivers[i].expiredOn(list.today)) active.push_back(i);
  if (active.empty()) return;
  for (Finding& f : report.findings)
    for (std::size_t i : active)
      if (list.waivers[i].covers(f)) {
        f.waiver = static_cast<std::int32_t>(i);
        ++report.waiverUse[i];
        break;
      }
}

// New or unchanged per finding; the baseline's findings that are gone are resolved.
void compareWithBaseline(const SavedReport& baseline, Report& report) {
  BaselineSummary summary;
  summary.file = baseline.file;
  summary.generatedAt = baseline.generatedAt;
  std::unordered_set<std::string_view> before;
  before.reserve(baseline.findings.size());
  for (const Finding& f : baseline.findings)
    before.insert(f.fingerprint);
  std::unordered_set<std::string_view> now;
  now.reserve(report.findings.size());
  for (Finding& f : report.findings) {
    const bool known = before.count(f.fingerprint) > 0;
    f.baseline = known ? BaselineState::Unchanged : BaselineState::New;
    ++(known ? summary.unchanged : summary.newFindings);
    now.insert(f.fingerprint);
  }
  for (const Finding& f : baseline.findings)
    if (!now.count(f.fingerprint)) {
      summary.resolved.push_back(f);
      summary.resolved.back().waiver = -1; // the baseline's waivers are not this report's
    }
  report.baseline = std::move(summary);
}

// The Subject::key of an AD account's findings.
std::string accountKey(const AdAccount& a) {
  Subject s;
  s.dn = a.dn;
  if (a.objectGuid) s.objectGuid = a.objectGuid->toString();
  return s.key();
}

// With one wave gated: findings about users outside it are listed, not counted. Findings that
// are not about a user (the tenant, the sync configuration, a wave row) concern every wave.
void markOutsideGatedWave(const Snapshot& snapshot, const WavesByAccount& byAccount,
                          const std::string& wave, Report& report) {
  if (wave.empty() || !snapshot.waves) return;
  report.gatedWave = wave;
  std::unordered_set<std::string> inWave;
  for (std::size_t a = 0; a < byAccount.size(); ++a)
    if (std::find(byAccount[a].begin(), byAccount[a].end(), wave) != byAccount[a].end())
      inWave.insert(accountKey(snapshot.ad.accounts[a]));
  for (Finding& f : report.findings)
    f.outsideGatedWave = f.subject.isUser() && !inWave.count(f.subject.key());
}

// Each user finding gets its user's wave(s): the waves of the rows that name that one account,
// in the files' order, or kNoWave.
void assignWaves(const Snapshot& snapshot, const WavesByAccount& byAccount, Report& report) {
  if (!snapshot.waves) return;
  std::unordered_map<std::string, const std::vector<std::string>*> wavesOf;
  for (std::size_t a = 0; a < byAccount.size(); ++a)
    if (!byAccount[a].empty()) wavesOf.emplace(accountKey(snapshot.ad.accounts[a]), &byAccount[a]);
  std::unordered_map<std::string, std::uint32_t> labels;
  const auto labelOf = [&](std::string text) {
    auto [it, added] = labels.emplace(text, static_cast<std::uint32_t>(report.waveLabels.size()));
    if (added) report.waveLabels.push_back(std::move(text));
    return it->second;
  };
  for (Finding& f : report.findings) {
    if (!f.subject.isUser()) continue;
    auto it = wavesOf.find(f.subject.key());
    f.wave = labelOf(it == wavesOf.end() ? std::string(kNoWave)
                                         : fmt::format("{}", fmt::join(*it->second, ", ")));
  }
}

// Per check: how many findings are waived, the worst one that counts toward the gate, and how
// many users its findings name; for the report, the users by their worst counted finding.
// Users are told apart by a 64-bit hash of their key: a million users cost a few tens of MB.
void countGate(const Snapshot& snapshot, const WavesByAccount& byAccount, Report& report) {
  std::unordered_map<std::string_view, std::pair<CheckResult*, std::unordered_set<std::size_t>>>
      byId;
  for (CheckResult& c : report.checks)
    byId[c.id].first = &c;
  struct Worst {
    std::optional<Severity> counted;
    std::optional<Severity> planned; // as counted, but whatever wave is gated
  };
  std::unordered_map<std::size_t, Worst> users;
  const std::hash<std::string> hash;
  report.waived = 0;
  for (const Finding& f : report.findings) {
    auto it = byId.find(f.check);
    if (it == byId.end()) continue;
    CheckResult* c = it->second.first;
    const bool counts = report.countsTowardGate(f);
    if (f.waived()) ++c->waived, ++report.waived;
    if (counts && (!c->gateWorst || f.severity > *c->gateWorst)) c->gateWorst = f.severity;
    if (!f.subject.isUser()) continue;
    const std::size_t user = hash(f.subject.key());
    it->second.second.insert(user);
    Worst& w = users[user];
    if (counts && (!w.counted || f.severity > *w.counted)) w.counted = f.severity;
    if (report.countsInItsWave(f) && (!w.planned || f.severity > *w.planned))
      w.planned = f.severity;
  }
  // Per wave: its users by their worst finding (whatever wave the verdict is about).
  if (snapshot.waves) {
    const auto readiness = [&](std::string name, const std::vector<std::uint32_t>& accounts,
                               std::size_t rows) {
      WaveReadiness r{std::move(name), accounts.size(), 0, 0, rows};
      for (std::uint32_t a : accounts) {
        auto it = users.find(hash(accountKey(snapshot.ad.accounts[a])));
        if (it == users.end() || !it->second.planned) continue;
        if (*it->second.planned == Severity::Blocker) ++r.blocked;
        if (*it->second.planned == Severity::Warning) ++r.warned;
      }
      report.waves.push_back(std::move(r));
    };
    const std::vector<std::string>& waves = snapshot.waves->waves;
    std::vector<std::vector<std::uint32_t>> accounts(waves.size());
    std::vector<std::uint32_t> rest; // the accounts no wave plans
    for (std::uint32_t a = 0; a < byAccount.size(); ++a) {
      if (byAccount[a].empty()) rest.push_back(a);
      for (const std::string& wave : byAccount[a])
        accounts[std::find(waves.begin(), waves.end(), wave) - waves.begin()].push_back(a);
    }
    std::unordered_map<std::string_view, std::size_t> rows;
    for (const WaveRow& row : snapshot.waves->rows)
      ++rows[row.wave];
    for (std::size_t i = 0; i < waves.size(); ++i)
      readiness(waves[i], accounts[i], rows[waves[i]]);
    readiness(std::string(kNoWave), rest, 0);
  }
  for (auto& [id, entry] : byId)
    entry.first->users = entry.second.size();
  report.users = {};
  report.users.total = users.size();
  for (const auto& [user, w] : users) {
    if (!w.counted) continue;
    if (*w.counted == Severity::Blocker) ++report.users.blocked;
    if (*w.counted == Severity::Warning) ++report.users.warned;
    if (*w.counted >= report.failOn) ++report.users.failing;
  }
}
} // namespace

Report evaluate(const Snapshot& snapshot, const CheckList& checks, const ScanOptions& options) {
  Report report;
  report.toolVersion = options.toolVersion;
  report.title = options.title;
  report.customer = options.customer;
  report.generatedAt = options.generatedAt;
  report.failOn = options.failOn;
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

  // The findings in catalog order; then the waivers are applied, and the checks that review
  // findings (the gate's own) run on them and add theirs at the end.
  const auto collect = [&](Outcome& o) {
    while (!o.findings.empty()) { // moving out node by node frees as it goes
      report.findings.push_back(std::move(o.findings.front()));
      o.findings.pop_front();
    }
  };
  for (std::size_t ci = 0; ci < checks.size(); ++ci)
    if (!reviews(ci)) collect(outcomes[ci]);
  applyWaivers(snapshot, report);
  for (std::size_t ci = 0; ci < checks.size(); ++ci)
    if (outcomes[ci].ran && reviews(ci)) {
      runOne(*checks[ci], snapshot, outcomes[ci].result, outcomes[ci].findings, &report.findings);
      collect(outcomes[ci]);
    }
  if (options.baseline) compareWithBaseline(*options.baseline, report);
  report.newOnly = options.newOnly && options.baseline.has_value();

  std::vector<std::string> incomplete;
  for (Outcome& o : outcomes) {
    if (o.result.status == CheckStatus::Error)
      incomplete.push_back(fmt::format("check {} failed: {}", o.result.id, o.result.reason));
    report.checks.push_back(std::move(o.result));
  }
  const WavesByAccount byAccount = wavesByAccount(snapshot); // once, for the three below
  assignWaves(snapshot, byAccount, report);
  markOutsideGatedWave(snapshot, byAccount, options.wave, report);
  countGate(snapshot, byAccount, report);

  report.facts = factsOf(snapshot);
  report.inputs = inputsOf(snapshot);
  report.syncInputs = snapshot.syncInputs;
  report.cloudSyncJobs = snapshot.cloud.cloudSyncJobs;
  report.cloudSyncJobsRead = snapshot.cloud.cloudSyncCollected;
  report.cloudSyncJobsNote = snapshot.cloud.cloudSyncNotCollected;
  std::map<std::string_view, std::size_t> kinds;
  for (const AdAccount& a : snapshot.ad.accounts)
    ++kinds[toString(a.kind)];
  for (const auto& [kind, count] : kinds)
    report.usersByKind.emplace_back(kind, count);
  report.plan = planOf(report.findings);
  addEnvironment(report.plan, snapshot, report.findings);
  report.countFindings();

  // Verdict: findings at or above the fail-on severity first; then anything that makes the data
  // doubtful.
  std::size_t failing = 0, waivedFailing = 0, existing = 0;
  for (const Finding& f : report.findings) {
    if (f.severity < options.failOn) continue;
    if (report.countsTowardGate(f))
      ++failing;
    else if (f.waived())
      ++waivedFailing;
    else if (!f.outsideGatedWave)
      ++existing;
  }
  // What the count leaves out, said next to it.
  std::vector<std::string> leftOut;
  if (waivedFailing > 0) leftOut.push_back(fmt::format("{} more waived", waivedFailing));
  if (report.newOnly)
    leftOut.push_back(
        fmt::format("new findings only: {} already in the baseline not counted", existing));
  if (!report.gatedWave.empty())
    leftOut.push_back(fmt::format("wave {} only: users of other waves not counted; findings about "
                                  "the tenant and the sync configuration count for every wave",
                                  report.gatedWave));
  const std::string aside = leftOut.empty() ? "" : fmt::format(" ({})", fmt::join(leftOut, "; "));
  for (SourceKind kind : kAllSources) {
    const SourceStatus status = snapshot.source(kind).status;
    if (status == SourceStatus::Failed || status == SourceStatus::Partial)
      incomplete.push_back(report.sourceSentence(kind));
  }
  for (SourceKind kind : options.scope)
    if (snapshot.source(kind).status == SourceStatus::NotProvided)
      incomplete.push_back(report.sourceSentence(kind));
  if (failing > 0) {
    report.verdict = Verdict::NotReady;
    report.verdictReason =
        fmt::format("{} user(s) {}, {} {}finding(s) at or above {}{}", report.users.failing,
                    options.failOn == Severity::Blocker ? "blocked" : "affected", failing,
                    report.newOnly ? "new " : "", toString(options.failOn), aside);
    if (!incomplete.empty())
      report.verdictReason += fmt::format("; also incomplete: {}", fmt::join(incomplete, "; "));
  } else if (!incomplete.empty()) {
    report.verdict = Verdict::Incomplete;
    report.verdictReason = fmt::format("{}", fmt::join(incomplete, "; "));
    if (!aside.empty())
      report.verdictReason +=
          fmt::format("; no counted finding at or above {}{}", toString(options.failOn), aside);
  } else {
    report.verdict = Verdict::Ready;
    report.verdictReason =
        fmt::format("no {}finding at or above {}{}; every source in scope is complete",
                    report.newOnly ? "new " : "", toString(options.failOn), aside);
  }
  return report;
}

} // namespace migready
