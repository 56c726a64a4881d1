#include "scanner/sources/GraphSnapshotSource.h"

#include "scanner/model/Encoding.h"
#include "scanner/sources/SourceError.h"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <unordered_set>

namespace migready {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxPageBytes = 256u << 20;

// Where a value sits: "file#/value/3/id".
struct Where {
  std::string file;
  std::string pointer;
  Where operator/(std::string_view key) const {
    std::string escaped;
    for (char c : key) {
      if (c == '~')
        escaped += "~0";
      else if (c == '/')
        escaped += "~1";
      else
        escaped += c;
    }
    return {file, pointer + "/" + escaped};
  }
  Where operator/(std::size_t index) const { return {file, fmt::format("{}/{}", pointer, index)}; }
  std::string str() const { return pointer.empty() ? file : fmt::format("{}#{}", file, pointer); }
};

[[noreturn]] void fail(const Where& at, std::string_view what) {
  throw SourceError(fmt::format("{}: {}", at.str(), what));
}

json::value parseFile(const fs::path& path) {
  std::error_code fsError;
  const auto size = fs::file_size(path, fsError);
  if (fsError)
    throw SourceError(fmt::format("{}: cannot read: {}", path.string(), fsError.message()));
  if (size > kMaxPageBytes)
    throw SourceError(
        fmt::format("{}: {} bytes is larger than any Graph page", path.string(), size));
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size)))
    throw SourceError(fmt::format("{}: cannot read", path.string()));
  std::string_view body = text;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3); // saved by a Windows tool
  json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(body.data(), body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    throw SourceError(fmt::format("{}:{}: malformed JSON: {}", path.string(),
                                  lineColumnAt(body, used), ec.message()));
  }
  return parser.release();
}

const json::object& asObject(const json::value& v, const Where& at) {
  if (!v.is_object()) fail(at, "expected a JSON object");
  return v.get_object();
}

// A string property; absent or null gives "".
std::string stringOf(const json::object& o, std::string_view key, const Where& at) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return {};
  if (!v->is_string()) fail(at / key, "expected a string or null");
  return std::string(v->get_string());
}

std::optional<bool> boolOf(const json::object& o, std::string_view key, const Where& at) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) fail(at / key, "expected true, false or null");
  return v->get_bool();
}

std::vector<ServicePlan> plansOf(const json::object& o, std::string_view key, const Where& at) {
  std::vector<ServicePlan> plans;
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return plans;
  if (!v->is_array()) fail(at / key, "expected an array");
  std::size_t i = 0;
  for (const json::value& p : v->get_array()) {
    const Where pat = at / key / i++;
    const json::object& po = asObject(p, pat);
    plans.push_back({stringOf(po, "service", pat), stringOf(po, "capabilityStatus", pat),
                     stringOf(po, "provisioningStatus", pat)});
  }
  return plans;
}

// A Graph error body saved instead of a page says why the capture failed.
void rejectErrorBody(const json::object& o, const Where& at) {
  if (const json::value* e = o.if_contains("error"); e && e->is_object()) {
    const auto& eo = e->get_object();
    fail(at,
         fmt::format("the saved response is a Graph error: {} {}",
                     stringOf(eo, "code", at / "error"), stringOf(eo, "message", at / "error")));
  }
}

std::vector<fs::path> pagesIn(const fs::path& folder) {
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      pages.push_back(entry.path());
  std::sort(pages.begin(), pages.end());
  return pages;
}

struct PageSeries {
  std::size_t pages = 0;
  std::string danglingNextLink; // file whose nextLink no saved page answers
};

// Calls `each(object, where)` for every element of `value` of every page in `folder`.
template <typename Each> PageSeries readPages(const fs::path& folder, Each each) {
  PageSeries series;
  const auto pages = pagesIn(folder);
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const json::value doc = parseFile(pages[p]);
    const Where at{pages[p].string(), ""};
    const json::object& page = asObject(doc, at);
    rejectErrorBody(page, at);
    const json::value* value = page.if_contains("value");
    if (!value || !value->is_array()) fail(at / "value", "expected the page's \"value\" array");
    std::size_t i = 0;
    for (const json::value& item : value->get_array()) {
      const Where iat = at / "value" / i++;
      each(asObject(item, iat), iat);
    }
    ++series.pages;
    const bool hasNext = page.contains("@odata.nextLink") && !page.at("@odata.nextLink").is_null();
    series.danglingNextLink = (hasNext && p + 1 == pages.size()) ? at.file : std::string();
  }
  return series;
}

} // namespace

SourceState readGraphSnapshot(const std::string& dirText, CloudDirectory& out) {
  SourceState state;
  state.origin = dirText;
  std::vector<std::string> gaps; // what makes the source partial
  const fs::path dir(dirText);
  try {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      throw SourceError(
          fmt::format("{}: no such folder (expected a saved Graph snapshot)", dirText));

    // manifest.json: when and from which tenant.
    const fs::path manifestPath = dir / "manifest.json";
    if (!fs::exists(manifestPath, ec))
      throw SourceError(fmt::format("{}: missing; it says when and from which tenant the pages "
                                    "were captured",
                                    manifestPath.string()));
    const json::value manifestDoc = parseFile(manifestPath);
    const Where mat{manifestPath.string(), ""};
    const json::object& manifest = asObject(manifestDoc, mat);
    out.capturedAt = stringOf(manifest, "capturedAt", mat);
    out.tenantId = stringOf(manifest, "tenantId", mat);
    if (out.capturedAt.empty()) fail(mat / "capturedAt", "missing");
    if (!parseIsoTime(out.capturedAt))
      fail(mat / "capturedAt", "not an ISO 8601 date-time with a zone");
    if (out.tenantId.empty()) fail(mat / "tenantId", "missing");

    // users/: the pages of GET /v1.0/users.
    const fs::path usersDir = dir / "users";
    if (!fs::is_directory(usersDir, ec))
      throw SourceError(fmt::format("{}: missing (pages of GET /v1.0/users)", usersDir.string()));
    std::unordered_set<std::string> seen;
    const PageSeries users = readPages(usersDir, [&](const json::object& o, const Where& at) {
      CloudUser u;
      u.id = stringOf(o, "id", at);
      if (u.id.empty()) fail(at / "id", "a user without an id");
      // The collector may save overlapping queries (synced users, licensed users).
      if (!seen.insert(u.id).second) return;
      u.userPrincipalName = stringOf(o, "userPrincipalName", at);
      u.displayName = stringOf(o, "displayName", at);
      u.mail = stringOf(o, "mail", at);
      u.accountEnabled = boolOf(o, "accountEnabled", at);
      u.onPremisesSyncEnabled = boolOf(o, "onPremisesSyncEnabled", at);
      u.onPremisesImmutableId = stringOf(o, "onPremisesImmutableId", at);
      u.onPremisesSecurityIdentifier = stringOf(o, "onPremisesSecurityIdentifier", at);
      u.onPremisesDistinguishedName = stringOf(o, "onPremisesDistinguishedName", at);
      u.assignedPlans = plansOf(o, "assignedPlans", at);
      u.provisionedPlans = plansOf(o, "provisionedPlans", at);
      u.location = at.str();
      out.users.push_back(std::move(u));
    });
    if (users.pages == 0)
      throw SourceError(fmt::format("{}: no pages (*.json)", usersDir.string()));
    if (!users.danglingNextLink.empty())
      gaps.push_back(fmt::format("{} has @odata.nextLink but no later page was saved: users "
                                 "are missing",
                                 users.danglingNextLink));

    // deletedUsers/: the recycle bin.
    const fs::path deletedDir = dir / "deletedUsers";
    if (fs::is_directory(deletedDir, ec)) {
      const PageSeries deleted = readPages(deletedDir, [&](const json::object& o, const Where& at) {
        DeletedCloudUser d;
        d.id = stringOf(o, "id", at);
        if (d.id.empty()) fail(at / "id", "a deleted user without an id");
        d.userPrincipalName = stringOf(o, "userPrincipalName", at);
        d.displayName = stringOf(o, "displayName", at);
        d.mail = stringOf(o, "mail", at);
        d.onPremisesSyncEnabled = boolOf(o, "onPremisesSyncEnabled", at);
        d.onPremisesImmutableId = stringOf(o, "onPremisesImmutableId", at);
        d.onPremisesSecurityIdentifier = stringOf(o, "onPremisesSecurityIdentifier", at);
        d.deletedDateTime = stringOf(o, "deletedDateTime", at);
        d.location = at.str();
        out.deletedUsers.push_back(std::move(d));
      });
      out.deletedUsersCollected = true;
      if (!deleted.danglingNextLink.empty())
        gaps.push_back(fmt::format("{} has @odata.nextLink but no later page was saved: deleted "
                                   "users are missing",
                                   deleted.danglingNextLink));
    } else {
      gaps.push_back(
          fmt::format("{}: missing, so the recycle bin was not read", deletedDir.string()));
    }

    // organization.json: tenant-wide sync state.
    const fs::path orgPath = dir / "organization.json";
    if (fs::exists(orgPath, ec)) {
      const json::value doc = parseFile(orgPath);
      Where at{orgPath.string(), ""};
      const json::object* org = &asObject(doc, at);
      rejectErrorBody(*org, at);
      if (const json::value* value = org->if_contains("value")) { // GET /organization: a collection
        if (!value->is_array() || value->get_array().empty())
          fail(at / "value", "expected an array with the organization");
        at = at / "value" / 0;
        org = &asObject(value->get_array()[0], at);
      }
      Tenant t;
      t.id = stringOf(*org, "id", at);
      t.displayName = stringOf(*org, "displayName", at);
      t.onPremisesSyncEnabled = boolOf(*org, "onPremisesSyncEnabled", at).value_or(false);
      t.onPremisesLastSyncDateTime = stringOf(*org, "onPremisesLastSyncDateTime", at);
      if (!t.onPremisesLastSyncDateTime.empty() && !parseIsoTime(t.onPremisesLastSyncDateTime))
        fail(at / "onPremisesLastSyncDateTime", "not an ISO 8601 date-time");
      t.location = at.str();
      out.tenant = std::move(t);
    } else {
      gaps.push_back(
          fmt::format("{}: missing, so the tenant's sync state is unknown", orgPath.string()));
    }

    // exchange/mailUsers/: Get-MailUser through Exchange Online's InvokeCommand (optional; the
    // manifest says whether it was collected).
    const json::value* exchange = manifest.if_contains("exchangeOnline");
    const bool exchangeExpected = exchange && exchange->is_bool() && exchange->get_bool();
    auto readMailUsers = [&](const fs::path& folder, std::vector<ExchangeMailUser>& into,
                             std::string_view what) {
      const PageSeries series = readPages(folder, [&](const json::object& o, const Where& at) {
        ExchangeMailUser m;
        m.externalDirectoryObjectId = stringOf(o, "ExternalDirectoryObjectId", at);
        m.userPrincipalName = stringOf(o, "UserPrincipalName", at);
        m.exchangeGuid = stringOf(o, "ExchangeGuid", at);
        m.recipientTypeDetails = stringOf(o, "RecipientTypeDetails", at);
        const auto guid = Guid::parse(m.exchangeGuid);
        if (!m.exchangeGuid.empty() && !guid) fail(at / "ExchangeGuid", "not a GUID");
        m.hasExchangeGuid = guid && !guid->isZero();
        m.location = at.str();
        into.push_back(std::move(m));
      });
      if (!series.danglingNextLink.empty())
        gaps.push_back(fmt::format("{} has @odata.nextLink but no later page was saved: {} are "
                                   "missing",
                                   series.danglingNextLink, what));
    };
    const fs::path mailUsersDir = dir / "exchange" / "mailUsers";
    if (fs::is_directory(mailUsersDir, ec)) {
      readMailUsers(mailUsersDir, out.mailUsers, "mail users");
      out.exchangeCollected = true;
    } else if (exchangeExpected) {
      gaps.push_back(fmt::format("{}: missing, although the manifest says Exchange Online was "
                                 "read",
                                 mailUsersDir.string()));
    }
    // Get-MailUser -SoftDeletedMailUser: optional (older snapshots lack it; CLOUD002 then says
    // what it cannot tell).
    const fs::path softDeletedDir = dir / "exchange" / "softDeletedMailUsers";
    if (fs::is_directory(softDeletedDir, ec)) {
      readMailUsers(softDeletedDir, out.softDeletedMailUsers, "soft-deleted mail users");
      out.softDeletedMailUsersCollected = true;
    }

    // onPremisesSynchronization.json is optional (it needs a Global Administrator to read).
    const fs::path syncPath = dir / "onPremisesSynchronization.json";
    if (fs::exists(syncPath, ec)) {
      const json::value doc = parseFile(syncPath);
      Where at{syncPath.string(), ""};
      const json::object* sync = &asObject(doc, at);
      rejectErrorBody(*sync, at);
      if (const json::value* value = sync->if_contains("value")) { // the collection form
        if (!value->is_array() || value->get_array().empty())
          fail(at / "value", "expected an array with the tenant's sync settings");
        at = at / "value" / 0;
        sync = &asObject(value->get_array()[0], at);
      }
      SyncFeatures features;
      if (const json::value* f = sync->if_contains("features"); f && !f->is_null()) {
        const Where fat = at / "features";
        const json::object& fo = asObject(*f, fat);
        features.blockSoftMatchEnabled = boolOf(fo, "blockSoftMatchEnabled", fat);
        features.blockCloudObjectTakeoverThroughHardMatchEnabled =
            boolOf(fo, "blockCloudObjectTakeoverThroughHardMatchEnabled", fat);
        features.softMatchOnUpnEnabled = boolOf(fo, "softMatchOnUpnEnabled", fat);
      }
      out.syncFeatures = features;
    }
  } catch (const SourceError& e) {
    state.status = SourceStatus::Failed;
    state.errors.push_back(e.what());
    state.detail = e.what();
    state.objects = out.users.size() + out.deletedUsers.size();
    return state;
  } catch (const std::exception& e) { // filesystem errors
    state.status = SourceStatus::Failed;
    state.errors.push_back(fmt::format("{}: {}", dirText, e.what()));
    state.detail = state.errors.back();
    state.objects = out.users.size() + out.deletedUsers.size();
    return state;
  }
  state.objects = out.users.size() + out.deletedUsers.size();
  if (!gaps.empty()) {
    state.status = SourceStatus::Partial;
    state.errors = gaps;
    state.detail = fmt::format("{} user(s), {} deleted user(s); incomplete: {}", out.users.size(),
                               out.deletedUsers.size(), fmt::join(gaps, "; "));
  } else {
    state.status = SourceStatus::Complete;
    state.detail = fmt::format("{} user(s), {} deleted user(s), tenant {}", out.users.size(),
                               out.deletedUsers.size(), out.tenantId);
  }
  return state;
}

} // namespace migready
