#include "checks/support/CheckSupport.h"

#include "scanner/model/Text.h"

#include <charconv>
#include <fmt/format.h>
#include <type_traits>

namespace migready {

Subject subjectOf(const AdAccount& a) {
  Subject s;
  s.dn = a.dn;
  s.upn = a.userPrincipalName;
  if (a.objectGuid) s.objectGuid = a.objectGuid->toString();
  s.displayName = a.displayName;
  s.kind = toString(a.kind);
  return s;
}

void addCloudSide(Subject& s, const CloudUser& u) {
  s.cloudId = u.id;
  if (s.upn.empty()) s.upn = u.userPrincipalName;
  if (s.displayName.empty()) s.displayName = u.displayName;
}

namespace {
// "CN=DB01,CN=Databases,..." -> "DB01": the full homeMDB is at the evidence's file:line.
std::string_view databaseName(std::string_view homeMdb) {
  std::string_view first = homeMdb.substr(0, homeMdb.find(','));
  if (startsWithIgnoreCase(first, "CN=")) first.remove_prefix(3);
  return first;
}
} // namespace

Evidence evidenceOf(const Snapshot& snapshot, const AdAccount& a) {
  // Built by hand: this runs for every flagged user of a directory of millions.
  std::string detail;
  detail.reserve(128);
  auto add = [&](std::string_view name, const auto& value) {
    if (!detail.empty()) detail += "; ";
    detail += name;
    detail += '=';
    if constexpr (std::is_integral_v<std::decay_t<decltype(value)>>) {
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
      detail.append(digits, end);
    } else {
      detail += value;
    }
  };
  if (a.mailboxGuid) add("msExchMailboxGuid", a.mailboxGuid->toString());
  if (a.recipientTypeDetails) add("msExchRecipientTypeDetails", *a.recipientTypeDetails);
  if (a.remoteRecipientType) add("msExchRemoteRecipientType", *a.remoteRecipientType);
  if (a.hasHomeMdb()) add("database", databaseName(snapshot.ad.homeMdbOf(a)));
  add("kind", toString(a.kind));
  if (!a.passesDefaultFilter()) add("defaultFilter", toString(a.defaultFilterExclusion));
  return {"ad", snapshot.ad.locationOf(a), std::move(detail), a.endLine};
}

Evidence evidenceOf(const CloudUser& u) {
  std::string detail = fmt::format("id={}", u.id);
  if (!u.onPremisesImmutableId.empty())
    detail += fmt::format("; onPremisesImmutableId={}", u.onPremisesImmutableId);
  if (!u.onPremisesSecurityIdentifier.empty())
    detail += fmt::format("; onPremisesSecurityIdentifier={}", u.onPremisesSecurityIdentifier);
  if (u.onPremisesSyncEnabled)
    detail += fmt::format("; onPremisesSyncEnabled={}", *u.onPremisesSyncEnabled);
  if (u.join.joined()) detail += fmt::format("; joined by {}", toString(u.join.key));
  return {"graph", u.location, detail};
}

Evidence evidenceOf(const DeletedCloudUser& d) {
  std::string detail = fmt::format("id={}; deletedDateTime={}", d.id,
                                   d.deletedDateTime.empty() ? "unknown" : d.deletedDateTime);
  if (!d.onPremisesImmutableId.empty())
    detail += fmt::format("; onPremisesImmutableId={}", d.onPremisesImmutableId);
  if (d.join.joined()) detail += fmt::format("; joined by {}", toString(d.join.key));
  return {"graph", d.location, detail};
}

Answer syncScopeOf(const AdAccount& a, const Snapshot& snapshot) {
  if (!a.passesDefaultFilter())
    return {
        Tristate::No,
        fmt::format("excluded by the default sync rules: {}", toString(a.defaultFilterExclusion)),
        nullptr,
        {}};
  if (!snapshot.sync) return {Tristate::Unknown, "no AD Connect export was given", nullptr, {}};
  return containerScopeOf(a.dn, *snapshot.sync);
}

bool mayBeInSyncScope(const AdAccount& a, const Snapshot& snapshot) {
  return syncScopeOf(a, snapshot).value != Tristate::No;
}

MailboxGuidExposure::MailboxGuidExposure(const Snapshot& snapshot) : snapshot_(snapshot) {
  if (snapshot.sync) flow_.emplace(*snapshot.sync);
}

MailboxGuidExposure::Result MailboxGuidExposure::of(const AdAccount& a) const {
  Result r;
  if (!carriesForeignMailboxGuid(a) || !a.passesDefaultFilter()) return r;
  if (!flow_) { // the common case without an export: cheap
    r.candidate = true;
    return r;
  }
  const Answer scope = containerScopeOf(a.dn, *snapshot_.sync);
  if (scope.value == Tristate::No) return r;
  r.candidate = true;
  if (scope.value == Tristate::Unknown) {
    r.flow.why = "sync scope unknown: " + scope.why;
    r.flow.file = scope.file;
    return r;
  }
  r.flow = flow_->forUser(a);
  return r;
}

bool MailboxGuidExposure::exposes(const AdAccount& a) const {
  const Result r = of(a);
  return r.candidate && r.flow.value != Tristate::No;
}

bool carriesForeignMailboxGuid(const AdAccount& a) {
  return a.mailboxGuid && a.kind != MailboxKind::RemoteMailbox;
}

std::string whyKeptOutNow(const MailboxGuidExposure::Result& exposed, const AdAccount& a,
                          const Snapshot& snapshot) {
  if (exposed.candidate)
    return exposed.flow.value == Tristate::No ? exposed.flow.why : std::string();
  const Answer scope = syncScopeOf(a, snapshot);
  return fmt::format("the account is outside the sync scope now ({})", scope.why);
}

MailUserIndex::MailUserIndex(const std::vector<ExchangeMailUser>& mailUsers) {
  byId_.reserve(mailUsers.size());
  for (const ExchangeMailUser& m : mailUsers)
    byId_.emplace(toLowerAscii(m.externalDirectoryObjectId), &m);
}

const ExchangeMailUser* MailUserIndex::find(std::string_view cloudId) const {
  const auto it = byId_.find(toLowerAscii(cloudId));
  return it == byId_.end() ? nullptr : it->second;
}

Evidence evidenceOf(const SyncConfig& sync, const Answer& answer) {
  return {"adconnect", answer.file.empty() ? sync.origin : locationIn(answer.file, answer.line),
          answer.why};
}

bool isExchangeService(std::string_view service) {
  return equalsIgnoreCase(service, "exchange");
}

} // namespace migready

namespace migready {} // namespace migready
