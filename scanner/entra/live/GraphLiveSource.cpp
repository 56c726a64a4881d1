#include "scanner/entra/live/GraphLiveSource.h"

#include "scanner/entra/snapshot/GraphSnapshotSource.h"
#include "scanner/io/FileOutput.h"
#include "scanner/io/StrictJson.h"
#include "scanner/model/Setting.h"
#include "scanner/model/Time.h"

#include <boost/json.hpp>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <thread>

namespace migready {

namespace json = boost::json;
namespace fs = std::filesystem;

const char* const kGraphUserSelect =
    "id,userPrincipalName,displayName,mail,accountEnabled,onPremisesSyncEnabled,"
    "onPremisesImmutableId,onPremisesSecurityIdentifier,onPremisesDistinguishedName,"
    "onPremisesLastSyncDateTime,assignedPlans,provisionedPlans,onPremisesProvisioningErrors";
const char* const kGraphDeletedUserSelect =
    "id,displayName,userPrincipalName,mail,deletedDateTime,onPremisesSyncEnabled,"
    "onPremisesImmutableId,onPremisesSecurityIdentifier";

namespace {

std::int64_t nowEpochSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The answer to a request that did not succeed, after the retries it was worth.
class GraphFailure : public SourceError {
public:
  GraphFailure(int status, const std::string& message) : SourceError(message), status_(status) {}
  int status() const { return status_; }

private:
  int status_;
};

std::string graphErrorOf(const HttpResponse& r) {
  try {
    const json::value doc = json::parse(r.body);
    const json::object& e = doc.at("error").as_object();
    auto text = [&](const char* k) {
      const json::value* v = e.if_contains(k);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    return fmt::format("{}: {}", text("code"), text("message"));
  } catch (const std::exception&) {
    return r.body.substr(0, 200);
  }
}

// Sends requests with the token, honouring throttling and transient faults within one budget
// for the whole collection.
class GraphCaller {
public:
  GraphCaller(HttpsClient& http, const GraphLiveOptions& options,
              std::chrono::steady_clock::time_point deadline)
      : http_(http), options_(options), deadline_(deadline), random_(std::random_device{}()) {}

  // Returns a 2xx answer whose body is JSON (the parsed form in `doc`).
  HttpResponse call(HttpRequest request, TokenSource& tokens, const std::string& step,
                    json::value& doc) {
    bool refreshed = false;
    const std::size_t authHeader = request.headers.size();
    request.headers.emplace_back("Authorization", "");
    for (;;) {
      request.headers[authHeader].second = "Bearer " + tokens.token();
      std::string transient;
      std::optional<std::chrono::milliseconds> retryAfter;
      try {
        HttpResponse r = http_.send(request);
        if (r.status >= 200 && r.status < 300) {
          // Read as strictly as a saved page: a duplicated "value" or "@odata.nextLink" is
          // malformed, never "the last one wins".
          JsonError error;
          if (auto parsed = parseStrictJson(r.body, error)) {
            doc = std::move(*parsed);
            return r;
          }
          transient = fmt::format("{} {}: the answer is not valid JSON ({} at {}; {})",
                                  request.method, redactedUrl(request.url), error.message,
                                  lineColumnAt(r.body, error.offset), r.diagnostics());
        } else if (r.status == 401 && !refreshed) {
          // Expired or revoked: sign in again, once.
          tokens.invalidate();
          refreshed = true;
          continue;
        } else if (r.status == 429 || r.status == 503 || r.status == 504 || r.status == 500 ||
                   r.status == 502) {
          transient = fmt::format("{} {}: HTTP {} {}", request.method, redactedUrl(request.url),
                                  r.status, graphErrorOf(r));
          if (const auto seconds = retryAfterSeconds(r.header("retry-after"), nowEpochSeconds()))
            retryAfter = std::chrono::seconds(*seconds);
          if (retryAfter && *retryAfter > options_.retry.maxRetryAfter)
            throw GraphFailure(r.status,
                               fmt::format("{} {}: throttled with Retry-After {} s, over the "
                                           "{} s this scan waits ({})",
                                           request.method, request.url, retryAfter->count() / 1000,
                                           options_.retry.maxRetryAfter.count(), r.diagnostics()));
        } else {
          throw GraphFailure(r.status,
                             fmt::format("{} {}: HTTP {} {} ({})", request.method, request.url,
                                         r.status, graphErrorOf(r), r.diagnostics()));
        }
      } catch (const AnswerTooLarge& e) {
        throw GraphFailure(0, e.what()); // it would come again as large
      } catch (const HttpError& e) {
        transient = e.what(); // connection reset, truncated body, timeout: worth another try
      }
      wait(transient, retryAfter, step);
    }
  }

  double waitedSeconds() const { return waited_.count() / 1000.0; }
  int retries() const { return retries_; }

private:
  void wait(const std::string& why, std::optional<std::chrono::milliseconds> retryAfter,
            const std::string& step) {
    const RetryPolicy& p = options_.retry;
    std::chrono::milliseconds delay;
    if (retryAfter) {
      delay = *retryAfter;
    } else { // capped exponential backoff with jitter (50-100 %)
      const auto base = std::min<std::chrono::milliseconds>(
          p.firstBackoff * (1LL << std::min(backoffStep_++, 20)), p.maxBackoff);
      std::uniform_real_distribution<double> jitter(0.5, 1.0);
      delay = std::chrono::milliseconds(
          static_cast<std::int64_t>(static_cast<double>(base.count()) * jitter(random_)));
    }
    const auto left = deadline_ - std::chrono::steady_clock::now();
    if (retries_ >= p.maxRetries || delay > left)
      throw GraphFailure(0, fmt::format("{}; gave up after {} retries and {:.1f} s of waiting ({})",
                                        why, retries_, waitedSeconds(),
                                        retries_ >= p.maxRetries
                                            ? "the retry budget"
                                            : "no time left for the whole live read"));
    ++retries_;
    waited_ += delay;
    if (options_.progress)
      options_.progress({step, 0, 0, waitedSeconds(),
                         fmt::format("retrying in {:.1f} s: {}", delay.count() / 1000.0, why)});
    std::this_thread::sleep_for(delay);
  }

  HttpsClient& http_;
  const GraphLiveOptions& options_;
  std::chrono::steady_clock::time_point deadline_; // of the whole live read
  std::mt19937 random_;
  std::chrono::milliseconds waited_{0};
  int retries_ = 0;
  int backoffStep_ = 0;
};

void writeFile(const fs::path& path, const std::string& body) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(body.data(), static_cast<std::streamsize>(body.size()));
  if (!out) throw SourceError(fmt::format("{}: cannot write", path.string()));
}

class Collector {
public:
  Collector(const GraphLiveOptions& options, const fs::path& dir)
      : options_(options), dir_(dir),
        deadline_(std::chrono::steady_clock::now() + options.retry.maxTotalWait),
        http_(policy(), withDeadline(options.https, deadline_)), caller_(http_, options, deadline_),
        graphTokens_(http_, options.endpoints.login, options.credentials, graphScope(),
                     options.say) {}

  void run() {
    json::object manifest;
    manifest["capturedAt"] = nowIsoTime();
    manifest["cloud"] = toString(options_.cloud);
    manifest["tool"] = "migready " MIGREADY_VERSION " (live collection)";
    json::object endpoints;
    const std::string v1 = options_.endpoints.graph + "/v1.0";

    // The tenant first: its id names the snapshot and the Exchange Online endpoint.
    std::string tenantId = options_.credentials.tenant;
    const std::string orgUrl = v1 + "/organization?$select=id,displayName,onPremisesSyncEnabled,"
                                    "onPremisesLastSyncDateTime,verifiedDomains";
    endpoints["organization"] = orgUrl;
    try {
      json::value doc;
      const HttpResponse r = get(orgUrl, {}, "organization", doc);
      writeFile(dir_ / "organization.json", r.body);
      if (const auto* value = doc.as_object().if_contains("value");
          value && value->is_array() && !value->as_array().empty())
        if (const auto* id = value->as_array()[0].as_object().if_contains("id");
            id && id->is_string())
          tenantId = id->as_string();
    } catch (const GraphFailure& e) {
      errors_.push_back(e.what());
    }
    manifest["tenantId"] = tenantId;

    // Synced users, then every licensed user (overlaps are counted once by the reader).
    const std::string synced =
        v1 + "/users?$filter=onPremisesSyncEnabled%20eq%20true&$select=" + kGraphUserSelect +
        "&$top=999";
    // assignedLicenses/$count needs the advanced query form: ConsistencyLevel on every page.
    const std::string licensed = v1 +
                                 "/users?$filter=assignedLicenses/$count%20ne%200&$count=true"
                                 "&$select=" +
                                 kGraphUserSelect + "&$top=999";
    endpoints["users"] = json::array{json::value(synced), json::value(licensed)};
    try {
      series(synced, {}, "users", "users");
      series(licensed, {{"ConsistencyLevel", "eventual"}}, "users", "users");
    } catch (const GraphFailure& e) {
      errors_.push_back(e.what());
      usersFailed_ = true;
    }

    const std::string deleted =
        v1 + "/directory/deletedItems/microsoft.graph.user?$select=" + kGraphDeletedUserSelect +
        "&$top=999";
    endpoints["deletedUsers"] = deleted;
    try {
      series(deleted, {}, "deletedUsers", "deletedUsers");
    } catch (const GraphFailure& e) {
      errors_.push_back(e.what());
    }

    // Readable only with delegated Global Administrator rights: a 403 is expected app-only and
    // only means the sync features stay unknown.
    const std::string syncUrl = v1 + "/directory/onPremisesSynchronization";
    endpoints["onPremisesSynchronization"] = syncUrl;
    try {
      json::value doc;
      const HttpResponse r = get(syncUrl, {}, "onPremisesSynchronization", doc);
      writeFile(dir_ / "onPremisesSynchronization.json", r.body);
    } catch (const GraphFailure& e) {
      notes_.push_back(
          e.status() == 403
              ? fmt::format("onPremisesSynchronization not collected (HTTP 403: only a "
                            "delegated Global Administrator may read it; {})",
                            settingName(Setting::DeviceCode))
              : fmt::format("onPremisesSynchronization not collected: {}", e.what()));
    }

    collectCloudSync(manifest, endpoints);

    if (options_.exchangeOnline) {
      manifest["exchangeOnline"] = true;
      const std::string invoke = fmt::format(
          "{}/adminapi/beta/{}/InvokeCommand?$select=ExchangeGuid,ExternalDirectoryObjectId,"
          "UserPrincipalName,RecipientTypeDetails",
          options_.endpoints.exchange, tenantId);
      endpoints["mailUsers"] = invoke;
      try {
        collectMailUsers(invoke, tenantId, false);
        // The recycle bin's users keep their MailUser (and ExchangeGuid) in Exchange Online.
        collectMailUsers(invoke, tenantId, true);
      } catch (const SourceError& e) {
        errors_.push_back(e.what());
      }
    }
    manifest["endpoints"] = std::move(endpoints);
    // Which pages make each series, so that a reader can tell a missing page from a new series.
    manifest["series"] = savedSeries_;
    if (!notes_.empty()) {
      json::array notes;
      for (const auto& n : notes_)
        notes.emplace_back(n);
      manifest["notes"] = std::move(notes);
    }
    writeFile(dir_ / "manifest.json", json::serialize(manifest));
  }

  std::vector<std::string> errors_;
  std::vector<std::string> notes_;
  bool usersFailed_ = false;
  std::uint64_t pages_ = 0, objects_ = 0;
  const GraphCaller& caller() const { return caller_; }
  std::uint64_t requests() const { return http_.requestsSent(); }

private:
  static HttpsOptions withDeadline(HttpsOptions https, std::chrono::steady_clock::time_point at) {
    https.deadline = at;
    return https;
  }

  RequestPolicy policy() const {
    RequestPolicy p;
    p.allowGraph(options_.endpoints.graph);
    p.allowLogin(options_.endpoints.login);
    if (options_.exchangeOnline) p.allowExchange(options_.endpoints.exchange);
    return p;
  }

  std::string graphScope() const {
    if (options_.credentials.kind == AppCredentials::Kind::DeviceCode)
      return fmt::format("{0}/User.Read.All {0}/Organization.Read.All "
                         "{0}/OnPremDirectorySynchronization.Read.All "
                         "{0}/Application.Read.All {0}/Synchronization.Read.All",
                         options_.endpoints.graph);
    return options_.endpoints.graph + "/.default";
  }

  HttpResponse get(const std::string& url,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::string& step, json::value& doc) {
    HttpRequest request;
    request.url = url;
    request.headers = headers;
    return caller_.call(request, graphTokens_, step, doc);
  }

  void report(const std::string& step) {
    if (options_.progress) options_.progress({step, pages_, objects_, caller_.waitedSeconds(), ""});
  }

  // Starts a new series of pages in `folder` ("users", "exchange/mailUsers").
  void startSeries(const std::string& folder) {
    json::value& list = savedSeries_[folder];
    if (!list.is_array()) list.emplace_array();
    list.as_array().emplace_back(json::array());
    linksSeen_.clear();
  }

  // A next link the series already followed (pointing back to itself or in a cycle), or a series
  // longer than any tenant's, would be followed forever: both end the series, failed.
  void checkNext(const std::string& next, const std::string& folder, const std::string& url) {
    if (next.empty()) return;
    linksSeen_.insert(url);
    if (linksSeen_.count(next))
      throw GraphFailure(0, fmt::format("{}: @odata.nextLink {} points to a page this series "
                                        "already read, so paging would never end; stopped",
                                        folder, redactedUrl(next)));
    if (savedSeries_[folder].as_array().back().as_array().size() >= kMaxPagesPerSeries)
      throw GraphFailure(0, fmt::format("{}: more than {} pages in one series; stopped", folder,
                                        kMaxPagesPerSeries));
  }

  // Saves one page as received in the current series of `folder`, counts it, and returns its
  // @odata.nextLink ("" on the last).
  std::string keepPage(const std::string& folder, const std::string& url, const HttpResponse& r,
                       const json::value& doc, const std::string& step) {
    const std::string name = fmt::format("page-{:03}.json", ++pagesIn_[folder]);
    writeFile(dir_ / folder / name, r.body);
    savedSeries_[folder].as_array().back().as_array().emplace_back(name);
    ++pages_;
    std::string next;
    if (const auto* o = doc.if_object()) {
      if (const auto* value = o->if_contains("value"); value && value->is_array())
        objects_ += value->as_array().size();
      if (const auto* link = o->if_contains("@odata.nextLink"); link && link->is_string())
        next = link->as_string();
    }
    report(step);
    checkNext(next, folder, url);
    return next;
  }

  // Follows @odata.nextLink exactly as given; every page saved as received.
  void series(const std::string& first,
              const std::vector<std::pair<std::string, std::string>>& headers,
              const std::string& folder, const std::string& step,
              const std::function<void(const json::object& item)>& each = {}) {
    startSeries(folder);
    for (std::string url = first; !url.empty();) {
      json::value doc;
      const HttpResponse r = get(url, headers, step, doc);
      if (each)
        if (const auto* o = doc.if_object())
          if (const auto* value = o->if_contains("value"); value && value->is_array())
            for (const json::value& item : value->as_array())
              if (item.is_object()) each(item.as_object());
      url = keepPage(folder, url, r, doc, step);
    }
  }

  // Entra Cloud Sync (beta, Synchronization.Read.All): its configurations (service principals
  // made from the Cloud Sync application template, or naming it, as older ones do), their jobs,
  // and each AD2AADProvisioning job's schema. Not allowed to read them, the scan says which
  // permission is missing; the Graph source is not the worse for it.
  void collectCloudSync(json::object& manifest, json::object& endpoints) {
    const std::string beta = options_.endpoints.graph + "/beta";
    const std::string select =
        "$select=id,appId,displayName,applicationTemplateId,servicePrincipalNames&$top=999";
    const std::string byTemplate =
        fmt::format("{}/servicePrincipals?$filter=applicationTemplateId%20eq%20'{}'&{}", beta,
                    kCloudSyncTemplateId, select);
    const std::string byName =
        fmt::format("{}/servicePrincipals?$filter=servicePrincipalNames/any(x:x%20eq%20'{}')&{}",
                    beta, kCloudSyncTemplateId, select);
    endpoints["cloudSyncServicePrincipals"] =
        json::array{json::value(byTemplate), json::value(byName)};
    std::vector<std::pair<std::string, std::string>> configurations; // id, name
    std::vector<std::pair<std::string, std::string>> jobs;           // sp id, job id
    try {
      const auto configuration = [&](const json::object& sp) {
        const auto* id = sp.if_contains("id");
        if (!id || !id->is_string()) return;
        const std::string text(id->as_string());
        for (const auto& c : configurations)
          if (c.first == text) return;
        const auto* name = sp.if_contains("displayName");
        configurations.emplace_back(text, name && name->is_string() ? std::string(name->as_string())
                                                                    : std::string());
      };
      series(byTemplate, {}, "synchronization/servicePrincipals", "cloudSync", configuration);
      series(byName, {}, "synchronization/servicePrincipals", "cloudSync", configuration);
      for (const auto& [sp, name] : configurations) {
        if (sp.find('/') != std::string::npos || sp.starts_with(".")) continue;
        series(fmt::format("{}/servicePrincipals/{}/synchronization/jobs", beta, sp), {},
               "synchronization/jobs/" + sp, "cloudSync", [&](const json::object& job) {
                 const auto* id = job.if_contains("id");
                 const auto* tmpl = job.if_contains("templateId");
                 if (id && id->is_string() && tmpl && tmpl->is_string() &&
                     tmpl->as_string() == kCloudSyncJobTemplate)
                   jobs.emplace_back(sp, std::string(id->as_string()));
               });
      }
    } catch (const GraphFailure& e) {
      const std::string why =
          e.status() == 403
              ? fmt::format("HTTP 403: the app needs the Synchronization.Read.All application "
                            "permission (and Application.Read.All to list the Cloud Sync "
                            "configurations); {}",
                            e.what())
              : std::string(e.what());
      manifest["cloudSync"] = false;
      manifest["cloudSyncNotCollected"] = why;
      notes_.push_back("Cloud Sync jobs not read: " + why);
      return;
    }
    for (const auto& [sp, job] : jobs) {
      if (job.find('/') != std::string::npos || job.starts_with(".")) continue;
      const std::string url =
          fmt::format("{}/servicePrincipals/{}/synchronization/jobs/{}/schema", beta, sp, job);
      try {
        json::value doc;
        const HttpResponse r = get(url, {}, "cloudSync", doc);
        writeFile(dir_ / "synchronization" / "schemas" / (job + ".json"), r.body);
        ++pages_;
        report("cloudSync");
      } catch (const GraphFailure& e) {
        notes_.push_back(
            fmt::format("the schema of Cloud Sync job {} was not read: {}", job, e.what()));
      }
    }
    manifest["cloudSync"] = true;
  }

  void collectMailUsers(const std::string& first, const std::string& tenantId, bool softDeleted) {
    if (!exchangeTokens_) {
      exchangeTokens_.emplace(http_, options_.endpoints.login, options_.credentials,
                              options_.endpoints.exchange + "/.default", options_.say);
      exchangeTokens_->shareSignIn(graphTokens_);
    }
    TokenSource& exchangeTokens = *exchangeTokens_;
    const std::string body =
        softDeleted
            ? R"({"CmdletInput":{"CmdletName":"Get-MailUser","Parameters":{"ResultSize":"Unlimited","SoftDeletedMailUser":true}}})"
            : R"({"CmdletInput":{"CmdletName":"Get-MailUser","Parameters":{"ResultSize":"Unlimited"}}})";
    const std::string step = softDeleted ? "softDeletedMailUsers" : "mailUsers";
    const std::string connection = newGuid();
    const std::string folder = "exchange/" + step;
    startSeries(folder);
    for (std::string url = first; !url.empty();) {
      HttpRequest request;
      request.method = "POST";
      request.url = url;
      request.body = body;
      request.headers = {
          {"Content-Type", "application/json"},
          {"X-CmdletName", "Get-MailUser"},
          {"Prefer", "odata.maxpagesize=1000"},
          {"connection-id", connection},
          // The routing hint ExchangeOnlineManagement sends for app-only sessions.
          {"X-AnchorMailbox",
           fmt::format("APP:SystemMailbox{{bb558c35-97f1-4cb9-8ff7-d53741dc928c}}@{}", tenantId)}};
      json::value doc;
      const HttpResponse r = caller_.call(request, exchangeTokens, step, doc);
      url = keepPage(folder, url, r, doc, step);
    }
  }

  const GraphLiveOptions& options_;
  fs::path dir_;
  std::chrono::steady_clock::time_point deadline_; // the whole read: requests and waits
  HttpsClient http_;
  GraphCaller caller_;
  TokenSource graphTokens_;
  std::optional<TokenSource> exchangeTokens_;
  json::object savedSeries_;                     // folder -> [[page names of one series], ...]
  std::set<std::string> linksSeen_;              // the pages the current series requested
  std::map<std::string, std::uint64_t> pagesIn_; // folder -> pages saved there
};

void relabel(std::string& location, const std::string& prefix, const std::string& label) {
  if (location.starts_with(prefix)) location = label + location.substr(prefix.size());
}

} // namespace

SourceState readGraphLive(const GraphLiveOptions& options, CloudDirectory& out) {
  const bool keep = !options.saveDir.empty();
  fs::path dir;
  SourceState state;
  // Where the pages go while they are read: a private temporary folder, or for
  // a saved snapshot (saveDir) a new folder beside the target that takes its name when the
  // collection is done (an existing empty folder is written into directly). Either is removed if
  // the run is interrupted.
  fs::path staging; // removed at the end unless it became the saved snapshot
  try {
    std::error_code ec;
    if (keep && fs::exists(options.saveDir, ec)) {
      if (fs::exists(fs::path(options.saveDir) / "manifest.json", ec))
        throw SourceError(fmt::format("{} {}: already holds a snapshot; give an empty or new "
                                      "folder",
                                      settingName(Setting::SaveGraphSnapshot), options.saveDir));
      dir = options.saveDir;
    } else {
      const fs::path target(options.saveDir);
      std::string pattern =
          keep ? (target.parent_path().empty() ? fs::path(".") : target.parent_path()) /
                     fmt::format(".{}.partial-XXXXXX", target.filename().string())
               : fs::temp_directory_path() / "migready-graph.XXXXXX";
      if (!mkdtemp(pattern.data()))
        throw SourceError(fmt::format("cannot create a folder for the Graph pages ({}): {}",
                                      pattern, std::strerror(errno)));
      registerTemporary(pattern);
      dir = staging = pattern;
    }
  } catch (const std::exception& e) {
    state.status = SourceStatus::Failed;
    state.origin = options.endpoints.graph;
    state.detail = e.what();
    state.errors.push_back(e.what());
    return state;
  }
  struct RemoveStaging { // on every way out of this function
    const fs::path& path;
    ~RemoveStaging() {
      if (path.empty()) return;
      std::error_code ec;
      fs::remove_all(path, ec);
      forgetTemporary(path.string());
    }
  } removeStaging{staging};

  std::vector<std::string> errors, notes;
  bool usersFailed = false;
  std::string counts;
  try {
    Collector collector(options, dir);
    collector.run();
    errors = collector.errors_;
    notes = collector.notes_;
    usersFailed = collector.usersFailed_;
    counts = fmt::format("{} page(s) in {} request(s); {} retry(ies), {:.1f} s waiting",
                         collector.pages_, collector.requests(), collector.caller().retries(),
                         collector.caller().waitedSeconds());
  } catch (const std::exception& e) { // sign-in refused, a refused request, the file system
    errors.push_back(e.what());
    usersFailed = true;
  }

  std::error_code ec;
  const bool saved = fs::exists(dir / "manifest.json", ec);
  if (saved) state = readGraphSnapshot(dir.string(), out);
  // Evidence names the pages where a reader will find them: in the saved snapshot, or (read
  // from a private folder that is removed) as "graph-live:users/page-003.json".
  const std::string prefix = dir.string() + "/";
  const std::string label = keep ? fs::path(options.saveDir).string() + "/" : "graph-live:";
  auto relabelAll = [&](auto& objects) {
    for (auto& o : objects)
      relabel(o.location, prefix, label);
  };
  relabelAll(out.users);
  relabelAll(out.deletedUsers);
  relabelAll(out.mailUsers);
  relabelAll(out.softDeletedMailUsers);
  for (CloudSyncJob& j : out.cloudSyncJobs) {
    relabel(j.location, prefix, label);
    relabel(j.schemaFile, prefix, label);
  }
  if (out.tenant) relabel(out.tenant->location, prefix, label);
  if (keep && saved && !staging.empty()) {
    std::error_code ignored;
    fs::remove(options.saveDir, ignored); // an empty folder made meanwhile may be replaced
    fs::rename(staging, options.saveDir, ec);
    if (ec) {
      errors.push_back(fmt::format("{} {}: cannot put the saved pages in place: {}",
                                   settingName(Setting::SaveGraphSnapshot), options.saveDir,
                                   ec.message()));
    } else {
      forgetTemporary(staging.string());
      staging.clear(); // now the saved snapshot: kept
    }
  }
  state.origin = keep ? options.saveDir : options.endpoints.graph;
  if (!errors.empty()) {
    // What the collector could not read makes the source partial at best; without users it
    // failed.
    state.status = usersFailed || state.status == SourceStatus::Failed ? SourceStatus::Failed
                                                                       : SourceStatus::Partial;
    state.errors.insert(state.errors.begin(), errors.begin(), errors.end());
    state.detail = fmt::format("{} error(s) reading the tenant live; first: {}", errors.size(),
                               errors.front());
  }
  if (!counts.empty()) state.detail += "; " + counts;
  for (const auto& n : notes)
    state.detail += "; " + n;
  // Say what was really done: after a failed sign-in nothing was read, and nothing saved.
  if (out.exchangeCollected)
    state.detail += "; Get-MailUser read through Exchange Online's unofficial admin API "
                    "(InvokeCommand, as the ExchangeOnlineManagement module does)";
  else if (options.exchangeOnline)
    state.detail += "; Exchange Online (Get-MailUser) was not read";
  if (keep)
    state.detail += saved && staging.empty()
                        ? fmt::format("; saved to {}", options.saveDir)
                        : fmt::format("; nothing saved to {}", options.saveDir);
  return state;
}

} // namespace migready
