#include "scanner/entra/snapshot/GraphSnapshotSource.h"

#include "scanner/io/JsonFields.h"
#include "scanner/io/SourceError.h"
#include "scanner/io/StrictJson.h"
#include "scanner/io/TextInput.h"
#include "scanner/model/Guid.h"
#include "scanner/model/Text.h"
#include "scanner/model/Time.h"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <functional>
#include <map>
#include <unordered_map>

namespace migready {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

using Where = JsonWhere;

// A page is a few MB; the limit only stops a mistaken file from being read into memory.
json::value readPage(const std::string& path) {
  return readJsonFile(path, 256u << 20);
}

std::vector<ServicePlan> plansOf(const json::object& o, std::string_view key, const Where& at) {
  std::vector<ServicePlan> plans;
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return plans;
  if (!v->is_array()) failAt(at / key, "expected an array");
  std::size_t i = 0;
  for (const json::value& p : v->get_array()) {
    const Where pat = at / key / i++;
    const json::object& po = objectAt(p, pat);
    plans.push_back({stringAt(po, "service", pat), stringAt(po, "capabilityStatus", pat),
                     stringAt(po, "provisioningStatus", pat)});
  }
  return plans;
}

// onPremisesProvisioningErrors: an array of objects (null: none); absent, `read` stays false.
void provisioningErrorsOf(const json::object& o, const Where& at, CloudUser& u) {
  constexpr std::string_view key = "onPremisesProvisioningErrors";
  const json::value* v = o.if_contains(key);
  if (!v) return;
  u.provisioningErrorsRead = true;
  if (v->is_null()) return;
  if (!v->is_array()) failAt(at / key, "expected an array");
  std::size_t i = 0;
  for (const json::value& e : v->get_array()) {
    const Where eat = at / key / i++;
    const json::object& eo = objectAt(e, eat);
    ProvisioningError pe{stringAt(eo, "category", eat), stringAt(eo, "propertyCausingError", eat),
                         stringAt(eo, "value", eat), stringAt(eo, "occurredDateTime", eat)};
    if (!pe.occurredDateTime.empty() && !parseIsoTime(pe.occurredDateTime))
      failAt(eat / "occurredDateTime", "not an ISO 8601 date-time");
    u.provisioningErrors.push_back(std::move(pe));
  }
}

// A Graph error body saved instead of a page says why the capture failed.
void rejectErrorBody(const json::object& o, const Where& at) {
  if (const json::value* e = o.if_contains("error"); e && e->is_object()) {
    const auto& eo = e->get_object();
    failAt(at,
           fmt::format("the saved response is a Graph error: {} {}",
                       stringAt(eo, "code", at / "error"), stringAt(eo, "message", at / "error")));
  }
}

// A single object saved either as itself or as a one-element collection ({"value": [ {...} ]}).
const json::object& singleObject(const json::value& doc, Where& at, std::string_view what) {
  const json::object* o = &objectAt(doc, at);
  rejectErrorBody(*o, at);
  if (const json::value* value = o->if_contains("value")) {
    if (!value->is_array() || value->get_array().empty())
      failAt(at / "value", fmt::format("expected an array with {}", what));
    at = at / "value" / 0;
    o = &objectAt(value->get_array()[0], at);
  }
  return *o;
}

bool samePlans(const std::vector<ServicePlan>& a, const std::vector<ServicePlan>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const ServicePlan& x, const ServicePlan& y) {
                      return x.service == y.service && x.capabilityStatus == y.capabilityStatus &&
                             x.provisioningStatus == y.provisioningStatus;
                    });
}

// Two copies of one object (overlapping queries, or a page saved twice) are the same when every
// property migready reads is the same.
bool sameObject(const CloudUser& a, const CloudUser& b) {
  return a.userPrincipalName == b.userPrincipalName && a.displayName == b.displayName &&
         a.mail == b.mail && a.accountEnabled == b.accountEnabled &&
         a.onPremisesSyncEnabled == b.onPremisesSyncEnabled &&
         a.onPremisesImmutableId == b.onPremisesImmutableId &&
         a.onPremisesSecurityIdentifier == b.onPremisesSecurityIdentifier &&
         a.onPremisesDistinguishedName == b.onPremisesDistinguishedName &&
         samePlans(a.assignedPlans, b.assignedPlans) &&
         samePlans(a.provisionedPlans, b.provisionedPlans) &&
         a.provisioningErrors == b.provisioningErrors &&
         a.provisioningErrorsRead == b.provisioningErrorsRead;
}
bool sameObject(const DeletedCloudUser& a, const DeletedCloudUser& b) {
  return a.userPrincipalName == b.userPrincipalName && a.displayName == b.displayName &&
         a.mail == b.mail && a.onPremisesSyncEnabled == b.onPremisesSyncEnabled &&
         a.onPremisesImmutableId == b.onPremisesImmutableId &&
         a.onPremisesSecurityIdentifier == b.onPremisesSecurityIdentifier &&
         a.deletedDateTime == b.deletedDateTime;
}
bool sameObject(const ExchangeMailUser& a, const ExchangeMailUser& b) {
  return a.userPrincipalName == b.userPrincipalName && a.exchangeGuid == b.exchangeGuid &&
         a.recipientTypeDetails == b.recipientTypeDetails;
}
const std::string& idOf(const CloudUser& u) {
  return u.id;
}
const std::string& idOf(const DeletedCloudUser& u) {
  return u.id;
}
const std::string& idOf(const ExchangeMailUser& u) {
  return u.externalDirectoryObjectId;
}

// Collects one kind of object from its pages: a second copy of an id (ids compare
// case-insensitively) is merged when identical; copies that differ make the source partial, so
// that the page order never decides the verdict.
template <typename T> class ObjectSet {
public:
  ObjectSet(std::vector<T>& out, std::vector<std::string>& gaps) : out_(out), gaps_(gaps) {}
  void add(T object) {
    auto [it, inserted] = index_.try_emplace(toLowerAscii(idOf(object)), out_.size());
    if (inserted) {
      out_.push_back(std::move(object));
      return;
    }
    const T& first = out_[it->second];
    if (!sameObject(first, object))
      gaps_.push_back(fmt::format("{} and {} hold the same object {} with different values: "
                                  "which one is current cannot be told",
                                  first.location, object.location, idOf(object)));
  }

private:
  std::vector<T>& out_;
  std::vector<std::string>& gaps_;
  std::unordered_map<std::string, std::size_t> index_;
};

// The number in "page-007.json", or nullopt for a name of another form.
std::optional<int> pageNumber(const fs::path& page) {
  const std::string name = page.filename().string();
  if (!name.starts_with("page-") || !name.ends_with(".json")) return std::nullopt;
  const auto n = parseInt64(std::string_view(name).substr(5, name.size() - 10));
  if (!n || *n < 1 || *n > 1000000) return std::nullopt;
  return static_cast<int>(*n);
}

// Reads the page series of one folder and checks them whole (docs/graph-snapshot.md, "Page
// series"): with the manifest's list of series, each listed page must be there, every page but
// the last of a series must carry @odata.nextLink and the last none; without it, pages are taken
// in file-name order, `page-NNN.json` numbers must run without a gap, and a series ends at a
// page without @odata.nextLink.
class PageFolder {
public:
  using Each =
      std::function<void(const json::object& item, const Where& at, const json::object& page)>;
  PageFolder(const fs::path& dir, std::string_view what, std::vector<std::string>& gaps)
      : dir_(dir), what_(what), gaps_(gaps) {}

  // Pages read; `series` is the manifest's list for this folder (null: none).
  std::size_t read(const json::value* series, const Where& seriesAt, const Each& each) {
    if (series) return readListed(*series, seriesAt, each);
    std::vector<fs::path> pages;
    for (const auto& entry : fs::directory_iterator(dir_))
      if (entry.is_regular_file() && entry.path().extension() == ".json")
        pages.push_back(entry.path());
    std::sort(pages.begin(), pages.end());
    std::optional<int> previous;
    for (std::size_t p = 0; p < pages.size(); ++p) {
      const auto number = pageNumber(pages[p]);
      if (number && *number != (previous ? *previous + 1 : 1))
        gaps_.push_back(fmt::format("{}: page number {} is missing before {}: {} are missing",
                                    dir_.string(), previous ? *previous + 1 : 1,
                                    pages[p].filename().string(), what_));
      previous = number;
      const bool next = readItems(pages[p], each);
      if (next && p + 1 == pages.size()) dangling(pages[p]);
    }
    return pages.size();
  }

private:
  std::size_t readListed(const json::value& series, const Where& at, const Each& each) {
    if (!series.is_array()) failAt(at, "expected an array of page series");
    std::size_t pages = 0, s = 0;
    std::map<std::string, bool> listed;
    for (const json::value& one : series.get_array()) {
      const Where sat = at / s++;
      if (!one.is_array()) failAt(sat, "expected an array of page file names");
      const json::array& names = one.get_array();
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (!names[i].is_string()) failAt(sat / i, "expected a page file name");
        const std::string name(names[i].get_string());
        if (name.find('/') != std::string::npos || name.starts_with("."))
          failAt(sat / i, "a page file name, without folders");
        listed[name] = true;
        const fs::path page = dir_ / name;
        std::error_code ec;
        if (!fs::is_regular_file(page, ec)) {
          gaps_.push_back(fmt::format("{}: listed in the manifest but missing: {} are missing",
                                      page.string(), what_));
          continue;
        }
        ++pages;
        const bool next = readItems(page, each);
        const bool last = i + 1 == names.size();
        if (next && last) dangling(page);
        if (!next && !last)
          gaps_.push_back(fmt::format("{} has no @odata.nextLink, but the manifest lists more "
                                      "pages after it in its series",
                                      page.string()));
      }
    }
    for (const auto& entry : fs::directory_iterator(dir_))
      if (entry.is_regular_file() && entry.path().extension() == ".json" &&
          !listed.count(entry.path().filename().string()))
        gaps_.push_back(fmt::format("{}: a page the manifest does not list: which series it "
                                    "belongs to cannot be told",
                                    entry.path().string()));
    return pages;
  }

  void dangling(const fs::path& page) {
    gaps_.push_back(fmt::format("{} has @odata.nextLink but no later page was saved: {} are "
                                "missing",
                                page.string(), what_));
  }

  // Calls `each` for every element of the page's "value"; true when the page names a next page.
  bool readItems(const fs::path& path, const Each& each) {
    const json::value doc = readPage(path.string());
    const Where at{path.string(), ""};
    const json::object& page = objectAt(doc, at);
    rejectErrorBody(page, at);
    const json::value* value = page.if_contains("value");
    if (!value || !value->is_array()) failAt(at / "value", "expected the page's \"value\" array");
    std::size_t i = 0;
    for (const json::value& item : value->get_array()) {
      const Where iat = at / "value" / i++;
      each(objectAt(item, iat), iat, page);
    }
    const json::value* next = page.if_contains("@odata.nextLink");
    if (next && !next->is_null() && !next->is_string())
      failAt(at / "@odata.nextLink", "expected a URL or null");
    return next && next->is_string() && !next->get_string().empty();
  }

  fs::path dir_;
  std::string what_;
  std::vector<std::string>& gaps_;
};

ExchangeMailUser mailUserOf(const json::object& o, const Where& at) {
  ExchangeMailUser m;
  m.externalDirectoryObjectId = stringAt(o, "ExternalDirectoryObjectId", at);
  if (m.externalDirectoryObjectId.empty())
    failAt(at / "ExternalDirectoryObjectId", "a MailUser without the id of its Entra ID user");
  m.userPrincipalName = stringAt(o, "UserPrincipalName", at);
  m.exchangeGuid = stringAt(o, "ExchangeGuid", at);
  m.recipientTypeDetails = stringAt(o, "RecipientTypeDetails", at);
  const auto guid = Guid::parse(m.exchangeGuid);
  if (!m.exchangeGuid.empty() && !guid) failAt(at / "ExchangeGuid", "not a GUID");
  m.hasExchangeGuid = guid && !guid->isZero();
  m.location = at.str();
  return m;
}

// A recycle-bin entry that is not a user (a hand-saved /directory/deletedItems answer holds
// groups and applications too): by its @odata.type, or by the page's @odata.context.
bool isDeletedUser(const json::object& item, const json::object& page) {
  if (const json::value* type = item.if_contains("@odata.type"); type && type->is_string())
    return equalsIgnoreCase(type->get_string(), "#microsoft.graph.user");
  if (const json::value* context = page.if_contains("@odata.context");
      context && context->is_string()) {
    const std::string c = toLowerAscii(context->get_string());
    return c.find("microsoft.graph.group") == std::string::npos &&
           c.find("#groups") == std::string::npos &&
           c.find("microsoft.graph.application") == std::string::npos &&
           c.find("microsoft.graph.serviceprincipal") == std::string::npos;
  }
  return true;
}

// A saved file's text as UTF-8 (a BOM dropped, UTF-16 converted), at most `maxBytes`.
std::string readText(const fs::path& path, std::uintmax_t maxBytes) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) throw SourceError(fmt::format("{}: cannot read: {}", path.string(), ec.message()));
  if (size > maxBytes)
    throw SourceError(fmt::format("{}: {} bytes is more than the {} bytes such a file can hold",
                                  path.string(), size, maxBytes));
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size)))
    throw SourceError(fmt::format("{}: cannot read", path.string()));
  return decodeTextBytes(std::move(bytes));
}

// The Cloud Sync configuration a service principal is: made from application template
// kCloudSyncTemplateId, or (older ones) naming it among its servicePrincipalNames.
bool isCloudSyncConfiguration(const json::object& sp, const Where& at) {
  if (equalsIgnoreCase(stringAt(sp, "applicationTemplateId", at), kCloudSyncTemplateId))
    return true;
  if (const json::value* names = sp.if_contains("servicePrincipalNames");
      names && names->is_array())
    for (const json::value& n : names->get_array())
      if (n.is_string() &&
          (equalsIgnoreCase(n.get_string(), kCloudSyncTemplateId) ||
           toLowerAscii(n.get_string()).find("adprovisioningtoaad") != std::string::npos))
        return true;
  return false;
}

// synchronizationJobSettings: DomainFQDN, or the Domain setting's JSON {"DomainFQDN": ...}.
std::string domainOf(const json::object& job, const Where& at) {
  const json::value* settings = job.if_contains("synchronizationJobSettings");
  if (!settings || !settings->is_array()) return {};
  std::string fromDomain;
  for (const json::value& s : settings->get_array()) {
    if (!s.is_object()) continue;
    const std::string name = stringAt(s.get_object(), "name", at);
    const std::string value = stringAt(s.get_object(), "value", at);
    if (equalsIgnoreCase(name, "DomainFQDN")) return toLowerAscii(value);
    if (equalsIgnoreCase(name, "Domain")) {
      JsonError ignored;
      if (const auto doc = parseStrictJson(value, ignored); doc && doc->is_object())
        if (const json::value* d = doc->get_object().if_contains("DomainFQDN"); d && d->is_string())
          fromDomain = toLowerAscii(d->get_string());
    }
  }
  return fromDomain;
}

CloudSyncJob jobOf(const json::object& o, const Where& at) {
  CloudSyncJob j;
  j.id = stringAt(o, "id", at);
  if (j.id.empty()) failAt(at / "id", "a synchronization job without an id");
  j.templateId = stringAt(o, "templateId", at);
  if (const json::value* s = o.if_contains("schedule"); s && s->is_object()) {
    j.scheduleState = stringAt(s->get_object(), "state", at / "schedule");
    j.scheduleInterval = stringAt(s->get_object(), "interval", at / "schedule");
  }
  if (const json::value* s = o.if_contains("status"); s && s->is_object()) {
    const json::object& so = s->get_object();
    j.statusCode = stringAt(so, "code", at / "status");
    const json::value* q = so.if_contains("quarantine");
    j.quarantined = q && !q->is_null();
    if (const json::value* last = so.if_contains("lastSuccessfulExecution");
        last && last->is_object())
      j.lastSuccessfulExecution =
          stringAt(last->get_object(), "timeEnded", at / "status" / "lastSuccessfulExecution");
  }
  j.domain = domainOf(o, at);
  j.location = at.str();
  return j;
}

// synchronization/servicePrincipals/ (the Cloud Sync configurations), synchronization/jobs/<sp
// id>/ (each one's jobs) and synchronization/schemas/<job id>.json (the schema of each
// AD2AADProvisioning job, when it was saved).
void readCloudSyncJobs(const fs::path& dir, const json::object* series, const Where& mat,
                       CloudDirectory& out, std::vector<std::string>& gaps) {
  std::error_code ec;
  const fs::path sps = dir / "synchronization" / "servicePrincipals";
  if (!fs::is_directory(sps, ec)) {
    gaps.push_back(fmt::format("{}: missing, so the tenant's Cloud Sync configurations were not "
                               "read although the manifest says they were",
                               sps.string()));
    return;
  }
  struct Configuration {
    std::string id, name;
  };
  std::vector<Configuration> configurations;
  std::map<std::string, bool> seen;
  const auto listed = [&](const std::string& folder) {
    return series ? series->if_contains(folder) : nullptr;
  };
  PageFolder(sps, "Cloud Sync configurations", gaps)
      .read(listed("synchronization/servicePrincipals"),
            mat / "series" / "synchronization/servicePrincipals",
            [&](const json::object& o, const Where& at, const json::object&) {
              if (!isCloudSyncConfiguration(o, at)) return;
              const std::string id = stringAt(o, "id", at);
              if (id.empty()) failAt(at / "id", "a service principal without an id");
              if (seen[toLowerAscii(id)]) return; // two queries may both list it
              seen[toLowerAscii(id)] = true;
              configurations.push_back({id, stringAt(o, "displayName", at)});
            });
  for (const Configuration& c : configurations) {
    const std::string folder = "synchronization/jobs/" + c.id;
    const fs::path jobs = dir / folder;
    if (!fs::is_directory(jobs, ec)) {
      gaps.push_back(fmt::format("{}: missing, so the jobs of Cloud Sync configuration {} were "
                                 "not read",
                                 jobs.string(), c.name));
      continue;
    }
    PageFolder(jobs, "synchronization jobs", gaps)
        .read(listed(folder), mat / "series" / folder,
              [&](const json::object& o, const Where& at, const json::object&) {
                CloudSyncJob j = jobOf(o, at);
                j.servicePrincipalId = c.id;
                j.servicePrincipalName = c.name;
                const fs::path schema = dir / "synchronization" / "schemas" / (j.id + ".json");
                if (j.id.find('/') == std::string::npos && fs::is_regular_file(schema, ec)) {
                  j.schemaFile = schema.string();
                  j.schemaText = readText(schema, 64u << 20);
                }
                out.cloudSyncJobs.push_back(std::move(j));
              });
  }
  out.cloudSyncCollected = true;
  out.cloudSyncNotCollected.clear();
}

} // namespace

SourceState readGraphSnapshot(const std::string& dirText, CloudDirectory& out) {
  SourceState state;
  state.origin = dirText;
  std::vector<std::string> gaps;  // what makes the source partial
  std::vector<std::string> notes; // what was set aside, said in the detail
  const fs::path dir(dirText);
  try {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      throw SourceError(fmt::format("{}: {}", dirText,
                                    fs::exists(dir, ec)
                                        ? "is a file, not a folder (expected a saved Graph "
                                          "snapshot folder)"
                                        : "no such folder (expected a saved Graph snapshot)"));

    // manifest.json: when and from which tenant, and which pages make a series.
    const fs::path manifestPath = dir / "manifest.json";
    if (!fs::exists(manifestPath, ec))
      throw SourceError(fmt::format("{}: missing; it says when and from which tenant the pages "
                                    "were captured",
                                    manifestPath.string()));
    const json::value manifestDoc = readPage(manifestPath.string());
    const Where mat{manifestPath.string(), ""};
    const json::object& manifest = objectAt(manifestDoc, mat);
    out.capturedAt = stringAt(manifest, "capturedAt", mat);
    out.tenantId = stringAt(manifest, "tenantId", mat);
    if (out.capturedAt.empty()) failAt(mat / "capturedAt", "missing");
    if (!parseIsoTime(out.capturedAt))
      failAt(mat / "capturedAt", "not an ISO 8601 date-time with a zone");
    if (out.tenantId.empty()) failAt(mat / "tenantId", "missing");
    const json::object* series = nullptr;
    if (const json::value* s = manifest.if_contains("series"); s && !s->is_null())
      series = &objectAt(*s, mat / "series");
    const json::value* exchange = manifest.if_contains("exchangeOnline");
    if (exchange && !exchange->is_bool() && !exchange->is_null())
      failAt(mat / "exchangeOnline", "expected true or false");
    const bool exchangeExpected = exchange && exchange->is_bool() && exchange->get_bool();

    // The page folders. `required`: without it the source fails (users) or is partial.
    struct Folder {
      std::string relative; // "users", "exchange/mailUsers"
      std::string what;     // "users", "mail users"
      bool expected;        // missing or empty makes the source partial
      bool* collected;      // set when the folder was read
      PageFolder::Each each;
    };
    ObjectSet<CloudUser> users(out.users, gaps);
    ObjectSet<DeletedCloudUser> deleted(out.deletedUsers, gaps);
    ObjectSet<ExchangeMailUser> mailUsers(out.mailUsers, gaps);
    ObjectSet<ExchangeMailUser> softDeleted(out.softDeletedMailUsers, gaps);
    bool usersRead = false;
    std::uint64_t notUsers = 0;
    const std::vector<Folder> folders = {
        {"users", "users", true, &usersRead,
         [&](const json::object& o, const Where& at, const json::object&) {
           CloudUser u;
           u.id = stringAt(o, "id", at);
           if (u.id.empty()) failAt(at / "id", "a user without an id");
           u.userPrincipalName = stringAt(o, "userPrincipalName", at);
           u.displayName = stringAt(o, "displayName", at);
           u.mail = stringAt(o, "mail", at);
           u.accountEnabled = boolAt(o, "accountEnabled", at);
           u.onPremisesSyncEnabled = boolAt(o, "onPremisesSyncEnabled", at);
           u.onPremisesImmutableId = stringAt(o, "onPremisesImmutableId", at);
           u.onPremisesSecurityIdentifier = stringAt(o, "onPremisesSecurityIdentifier", at);
           u.onPremisesDistinguishedName = stringAt(o, "onPremisesDistinguishedName", at);
           u.assignedPlans = plansOf(o, "assignedPlans", at);
           u.provisionedPlans = plansOf(o, "provisionedPlans", at);
           provisioningErrorsOf(o, at, u);
           u.location = at.str();
           users.add(std::move(u));
         }},
        {"deletedUsers", "deleted users", true, &out.deletedUsersCollected,
         [&](const json::object& o, const Where& at, const json::object& page) {
           if (!isDeletedUser(o, page)) {
             ++notUsers;
             return;
           }
           DeletedCloudUser d;
           d.id = stringAt(o, "id", at);
           if (d.id.empty()) failAt(at / "id", "a deleted user without an id");
           d.userPrincipalName = stringAt(o, "userPrincipalName", at);
           d.displayName = stringAt(o, "displayName", at);
           d.mail = stringAt(o, "mail", at);
           d.onPremisesSyncEnabled = boolAt(o, "onPremisesSyncEnabled", at);
           d.onPremisesImmutableId = stringAt(o, "onPremisesImmutableId", at);
           d.onPremisesSecurityIdentifier = stringAt(o, "onPremisesSecurityIdentifier", at);
           d.deletedDateTime = stringAt(o, "deletedDateTime", at);
           d.location = at.str();
           deleted.add(std::move(d));
         }},
        {"exchange/mailUsers", "mail users", exchangeExpected, &out.exchangeCollected,
         [&](const json::object& o, const Where& at, const json::object&) {
           mailUsers.add(mailUserOf(o, at));
         }},
        // Optional even when Exchange Online was read (older snapshots lack it); CLOUD002 then
        // says what it cannot tell.
        {"exchange/softDeletedMailUsers", "soft-deleted mail users", false,
         &out.softDeletedMailUsersCollected,
         [&](const json::object& o, const Where& at, const json::object&) {
           softDeleted.add(mailUserOf(o, at));
         }},
    };
    for (const Folder& f : folders) {
      const fs::path folder = dir / f.relative;
      if (!fs::is_directory(folder, ec)) {
        if (f.relative == "users")
          throw SourceError(fmt::format("{}: missing (pages of GET /v1.0/users)", folder.string()));
        if (f.expected)
          gaps.push_back(fmt::format("{}: missing, so the {} were not read{}", folder.string(),
                                     f.what,
                                     f.relative.starts_with("exchange")
                                         ? " although the manifest says Exchange Online was read"
                                         : ""));
        continue;
      }
      const json::value* listed = series ? series->if_contains(f.relative) : nullptr;
      const std::size_t pages =
          PageFolder(folder, f.what, gaps).read(listed, mat / "series" / f.relative, f.each);
      if (pages == 0) {
        if (f.relative == "users")
          throw SourceError(fmt::format("{}: no pages (*.json)", folder.string()));
        gaps.push_back(
            fmt::format("{}: no pages (*.json), so the {} were not read", folder.string(), f.what));
        continue;
      }
      *f.collected = true;
    }
    if (notUsers > 0)
      notes.push_back(fmt::format("{} recycle-bin entries that are not users set aside", notUsers));

    // synchronization/: the tenant's Cloud Sync configurations, their jobs and job schemas.
    const json::value* cloudSync = manifest.if_contains("cloudSync");
    if (cloudSync && !cloudSync->is_bool() && !cloudSync->is_null())
      failAt(mat / "cloudSync", "expected true or false");
    out.cloudSyncNotCollected = stringAt(manifest, "cloudSyncNotCollected", mat);
    const bool cloudSyncExpected = cloudSync && cloudSync->is_bool() && cloudSync->get_bool();
    // Read when the manifest says they were collected, or (a hand-saved snapshot without the
    // flag) when the folder is there; "cloudSync": false means they were not.
    const bool flagGiven = cloudSync && cloudSync->is_bool();
    if (cloudSyncExpected || (!flagGiven && fs::is_directory(dir / "synchronization", ec)))
      readCloudSyncJobs(dir, series, mat, out, gaps);

    // organization.json: tenant-wide sync state.
    const fs::path orgPath = dir / "organization.json";
    if (fs::exists(orgPath, ec)) {
      const json::value doc = readPage(orgPath.string());
      Where at{orgPath.string(), ""};
      const json::object& org = singleObject(doc, at, "the organization");
      Tenant t;
      t.id = stringAt(org, "id", at);
      t.displayName = stringAt(org, "displayName", at);
      t.onPremisesSyncEnabled = boolAt(org, "onPremisesSyncEnabled", at).value_or(false);
      t.onPremisesLastSyncDateTime = stringAt(org, "onPremisesLastSyncDateTime", at);
      if (!t.onPremisesLastSyncDateTime.empty() && !parseIsoTime(t.onPremisesLastSyncDateTime))
        failAt(at / "onPremisesLastSyncDateTime", "not an ISO 8601 date-time");
      if (const json::value* v = org.if_contains("verifiedDomains"); v && !v->is_null()) {
        const Where vat = at / "verifiedDomains";
        if (!v->is_array()) failAt(vat, "expected an array");
        std::vector<std::string> names;
        std::size_t i = 0;
        for (const json::value& d : v->get_array()) {
          const Where dat = vat / i++;
          const std::string name = stringAt(objectAt(d, dat), "name", dat);
          if (name.empty()) failAt(dat / "name", "a verified domain without a name");
          names.push_back(name);
        }
        t.verifiedDomains = std::move(names);
      }
      t.location = at.str();
      out.tenant = std::move(t);
    } else {
      gaps.push_back(
          fmt::format("{}: missing, so the tenant's sync state is unknown", orgPath.string()));
    }

    // onPremisesSynchronization.json is optional (it needs a Global Administrator to read).
    const fs::path syncPath = dir / "onPremisesSynchronization.json";
    if (fs::exists(syncPath, ec)) {
      const json::value doc = readPage(syncPath.string());
      Where at{syncPath.string(), ""};
      const json::object& sync = singleObject(doc, at, "the tenant's sync settings");
      SyncFeatures features;
      if (const json::value* f = sync.if_contains("features"); f && !f->is_null()) {
        const Where fat = at / "features";
        const json::object& fo = objectAt(*f, fat);
        features.blockSoftMatchEnabled = boolAt(fo, "blockSoftMatchEnabled", fat);
        features.blockCloudObjectTakeoverThroughHardMatchEnabled =
            boolAt(fo, "blockCloudObjectTakeoverThroughHardMatchEnabled", fat);
        features.softMatchOnUpnEnabled = boolAt(fo, "softMatchOnUpnEnabled", fat);
      }
      out.syncFeatures = features;
    }
  } catch (const std::exception& e) { // SourceError, and filesystem errors
    state.status = SourceStatus::Failed;
    state.errors.push_back(dynamic_cast<const SourceError*>(&e)
                               ? std::string(e.what())
                               : fmt::format("{}: {}", dirText, e.what()));
    state.detail = state.errors.back();
    state.objects = out.users.size() + out.deletedUsers.size();
    return state;
  }
  state.objects = out.users.size() + out.deletedUsers.size();
  const std::string counts =
      fmt::format("{} user(s), {} deleted user(s)", out.users.size(), out.deletedUsers.size());
  const std::string noted =
      notes.empty() ? std::string() : fmt::format("; {}", fmt::join(notes, "; "));
  if (!gaps.empty()) {
    state.status = SourceStatus::Partial;
    state.errors = gaps;
    state.detail = fmt::format("{}{}; incomplete: {}", counts, noted, fmt::join(gaps, "; "));
  } else {
    state.status = SourceStatus::Complete;
    state.detail = fmt::format("{}, tenant {}{}", counts, out.tenantId, noted);
  }
  return state;
}

} // namespace migready
