#include "checks/support/CheckSupport.h"

#include "scanner/model/Setting.h"
#include "scanner/model/Text.h"

#include <charconv>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>
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
  add("kind", words(a.kind));
  if (!a.passesDefaultFilter()) add("defaultFilter", toString(a.defaultFilterExclusion));
  return {"ad", snapshot.ad.locationOf(a), std::move(detail), a.endLine};
}

std::string whyAddressesNotKept(const Snapshot& snapshot) {
  if (!snapshot.ad.keepOtherSmtp)
    return "the users' mail and secondary smtp: proxy addresses were not kept when AD was read";
  return {};
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

struct MailboxGuidExposure::Parts {
  bool connect = false, cloud = false; // the tool's configuration was given (or found)
  // Azure AD Connect: the user's domain is in a partition of the export; the user passes the
  // default filter and lies in the synced containers; Connect exports for it (no pilot rule, no
  // staging mode beside Cloud Sync).
  Tristate connectServed = Tristate::No;
  Answer connectScope;
  Answer connectAside; // Yes: Connect stands aside for Cloud Sync
  FlowAnswer connectFlow;
  CloudSyncAnswer cloudSync;
  // Each tool's part in the decision: it takes the user in and exports (Yes, No, Unknown).
  Tristate connectActive = Tristate::No, cloudActive = Tristate::No;
};

namespace {
Tristate both(Tristate a, Tristate b) {
  if (a == Tristate::No || b == Tristate::No) return Tristate::No;
  return a == Tristate::Yes && b == Tristate::Yes ? Tristate::Yes : Tristate::Unknown;
}
} // namespace

MailboxGuidExposure::MailboxGuidExposure(const Snapshot& snapshot)
    : snapshot_(snapshot), cloud_(snapshot) {
  if (snapshot.sync) flow_.emplace(*snapshot.sync);
}

MailboxGuidExposure::Parts MailboxGuidExposure::partsOf(const AdAccount& a, bool withFlow,
                                                        bool words) const {
  Parts p;
  p.cloud = cloud_.configured();
  if (p.cloud) {
    p.cloudSync = cloud_.forUser(a, words);
    p.cloudActive = p.cloudSync.scope;
  }
  if (snapshot_.sync) {
    p.connect = true;
    const SyncConfig& sync = *snapshot_.sync;
    p.connectServed = partitionOf(a.dn, sync).partition ? Tristate::Yes : Tristate::No;
    if (!a.passesDefaultFilter())
      p.connectScope = {Tristate::No,
                        words ? fmt::format("excluded by Azure AD Connect's default sync rules: {}",
                                            toString(a.defaultFilterExclusion))
                              : std::string(),
                        nullptr,
                        {}};
    else
      p.connectScope = containerScopeOf(a.dn, sync);
    p.connectActive = p.connectServed == Tristate::No ? Tristate::No : p.connectScope.value;
    // Beside Cloud Sync, Connect's pilot rules and staging mode say which tool exports.
    if (p.connectActive != Tristate::No && p.cloudSync.served != Tristate::No) {
      p.connectAside = connectStandsAside(a, sync);
      p.connectActive = both(p.connectActive, negated(p.connectAside.value));
    }
    if (withFlow && p.connectActive != Tristate::No) p.connectFlow = flow_->forUser(a);
  }
  return p;
}

Answer MailboxGuidExposure::scopeOf(const AdAccount& a, bool words) const {
  if (!configured()) {
    if (!a.passesDefaultFilter())
      return {
          Tristate::No,
          fmt::format("excluded by the default sync rules: {}", toString(a.defaultFilterExclusion)),
          nullptr,
          {}};
    return {Tristate::Unknown, "no sync configuration was given", nullptr, {}};
  }
  const Parts p = partsOf(a, false, words);
  if (!p.cloud) return p.connectScope; // Azure AD Connect alone, as it has always been judged
  Answer connect = p.connectScope;
  if (p.connectServed == Tristate::No && p.connect)
    connect = {Tristate::No, "its domain is in no AD connector of the export", nullptr,
               snapshot_.sync->origin};
  if (p.connectAside.value == Tristate::Yes)
    connect = {Tristate::No, p.connectAside.why, p.connectAside.rule, p.connectAside.file,
               p.connectAside.line};
  Answer cloud{p.cloudSync.scope,  p.cloudSync.flow.why, nullptr, p.cloudSync.flow.file, 0,
               SyncTool::CloudSync};
  if (p.cloudSync.scope == Tristate::Yes && p.cloudSync.provisioned == Tristate::No)
    cloud.value = Tristate::No; // a disabled mapping provisions no one now
  const bool connectServes = p.connect && p.connectServed == Tristate::Yes;
  const bool cloudServes = p.cloud && p.cloudSync.served != Tristate::No;
  if (!connectServes && !cloudServes)
    return words ? Answer(unserved(a)) : Answer(Tristate::Unknown, {});
  if (!cloudServes) return connect;
  if (!connectServes) return cloud;
  if (connect.value == Tristate::Yes) return connect;
  if (cloud.value == Tristate::Yes) return cloud;
  if (connect.value == Tristate::Unknown) return connect;
  if (cloud.value == Tristate::Unknown) return cloud;
  if (words) connect.why = fmt::format("{}; and {}", connect.why, cloud.why);
  return connect;
}

FlowAnswer MailboxGuidExposure::unserved(const AdAccount& a) const {
  std::set<std::string> served; // what the Cloud Sync configurations serve, in words
  for (const CloudSyncSchema& s : snapshot_.cloudSync)
    served.insert(s.domainText());
  for (const CloudSyncJob& j : snapshot_.cloud.cloudSyncJobs)
    if (j.provisionsUsers() && !j.domain.empty()) served.insert(j.domain);
  const std::string domain = dnsDomainOf(a.dn);
  FlowAnswer out;
  out.value = Tristate::Unknown;
  out.why = fmt::format(
      "its domain ({}) is served by no sync configuration given ({}{}); another sync server or "
      "Cloud Sync configuration may serve it. What settles it: the AD Connect export or the Cloud "
      "Sync job schema that serves {}",
      domain.empty() ? std::string("unknown") : domain,
      snapshot_.sync ? "the AD Connect export has no AD connector for it" : "",
      served.empty()   ? std::string()
      : snapshot_.sync ? fmt::format("; the Cloud Sync ones serve {}", fmt::join(served, ", "))
                       : fmt::format("the Cloud Sync ones serve {}", fmt::join(served, ", ")),
      domain.empty() ? std::string("it") : domain);
  if (snapshot_.sync) {
    out.file = snapshot_.sync->origin;
  } else {
    out.tool = SyncTool::CloudSync;
    if (!snapshot_.cloudSync.empty())
      out.file = snapshot_.cloudSync.front().file;
    else if (!snapshot_.cloud.cloudSyncJobs.empty())
      out.file = snapshot_.cloud.cloudSyncJobs.front().location;
  }
  return out;
}

MailboxGuidExposure::Result MailboxGuidExposure::of(const AdAccount& a) const {
  Result r;
  if (!carriesForeignMailboxGuid(a)) return r;
  if (!configured()) { // the common case without a sync configuration: cheap
    r.candidate = a.passesDefaultFilter();
    return r;
  }
  Parts p = partsOf(a, true);
  const bool connectServes = p.connect && p.connectServed == Tristate::Yes;
  const bool cloudServes = p.cloud && p.cloudSync.served != Tristate::No;
  if (!p.cloud && !connectServes) { // Azure AD Connect alone: as it has always been judged
    if (!a.passesDefaultFilter()) return r;
    r.candidate = true;
    r.flow.why = "sync scope unknown: " + p.connectScope.why;
    r.flow.file = p.connectScope.file;
    return r;
  }
  if (!connectServes && !cloudServes) {
    r.candidate = true;
    r.flow = unserved(a);
    return r;
  }
  const Tristate connectActive = connectServes ? p.connectActive : Tristate::No;
  const Tristate cloudActive = cloudServes ? p.cloudActive : Tristate::No;
  if (connectActive == Tristate::No && cloudActive == Tristate::No) {
    // Out of every tool's scope. Out of a Cloud Sync job's scope is not proof of safety: the
    // job may have synced the user before, and a user that leaves its scope is at most
    // soft-deleted (into the recycle bin, from which it comes back with its values), so the value
    // may still be in Entra ID (docs/cloud-sync.md, "Clears nothing").
    if (!cloudServes) return r;
    r.candidate = r.scopedOut = r.clearsNothing = true;
    r.flow = std::move(p.cloudSync.flow);
    r.flow.value = Tristate::No;
    return r;
  }
  r.candidate = true;
  r.bothTools = connectActive == Tristate::Yes && cloudActive == Tristate::Yes;
  FlowAnswer& connect = p.connectFlow;
  if (connectActive == Tristate::Unknown) {
    // In scope or not: unknown (a domain without a partition, or a pilot rule that cannot be
    // evaluated): the flow counts only where it is not provably kept out.
    const Answer& why = p.connectScope.value == Tristate::Unknown ? p.connectScope : p.connectAside;
    if (connect.value == Tristate::Yes || connect.why.empty()) {
      connect.value = Tristate::Unknown;
      connect.why = fmt::format("{} ({})",
                                connect.why.empty() ? "whether Azure AD Connect syncs "
                                                      "the user is unknown"
                                                    : connect.why,
                                why.why);
    }
  }
  FlowAnswer& cloud = p.cloudSync.flow;
  // The tool that decides: the one that sends the attribute, else the one that may, else (both
  // keep it out) Cloud Sync's, which clears nothing.
  const auto rank = [](Tristate t) {
    return t == Tristate::Yes ? 2 : t == Tristate::Unknown ? 1 : 0;
  };
  const bool useCloud = cloudActive != Tristate::No &&
                        (connectActive == Tristate::No || rank(cloud.value) > rank(connect.value) ||
                         (rank(cloud.value) == rank(connect.value) && cloud.value == Tristate::No));
  r.clearsNothing = useCloud && p.cloudSync.clearsNothing;
  FlowAnswer& other = useCloud ? connect : cloud;
  r.flow = std::move(useCloud ? cloud : connect); // p is this call's own: moved, not copied
  if (connectActive != Tristate::No && cloudActive != Tristate::No) {
    r.alsoDecided.push_back(evidenceOf(snapshot_, other));
    r.other = std::move(other);
    if (r.bothTools)
      r.flow.why = fmt::format("{}; the user is also in scope of {}, which {}", r.flow.why,
                               nameOf(r.other->tool),
                               r.other->value == Tristate::Yes  ? "sends it too"
                               : r.other->value == Tristate::No ? "does not send it"
                                                                : "may send it");
  }
  return r;
}

std::vector<Evidence> MailboxGuidExposure::bothToolsTake(const AdAccount& a) const {
  if (!snapshot_.sync || !cloud_.configured()) return {};
  const Parts p = partsOf(a, false);
  if (p.connectActive != Tristate::Yes || p.cloudActive != Tristate::Yes ||
      p.cloudSync.provisioned != Tristate::Yes)
    return {};
  Answer cloud{Tristate::Yes,
               fmt::format("{}: the job's filters take the user in", p.cloudSync.flow.item),
               nullptr,
               p.cloudSync.flow.file,
               0,
               SyncTool::CloudSync};
  if (p.cloudSync.objectMapping)
    cloud.file = p.cloudSync.schema->locationOf(p.cloudSync.objectMapping->pointer);
  return {evidenceOf(snapshot_, p.connectScope), evidenceOf(snapshot_, cloud)};
}

SyncTool MailboxGuidExposure::syncingTool(const AdAccount* a) const {
  if (!cloud_.configured()) return SyncTool::Connect;
  if (!snapshot_.sync) return SyncTool::CloudSync;
  if (!a) return SyncTool::Connect;
  const Parts p = partsOf(*a, false, false);
  return p.cloudActive == Tristate::Yes && p.connectActive != Tristate::Yes ? SyncTool::CloudSync
                                                                            : SyncTool::Connect;
}

bool MailboxGuidExposure::exposes(const AdAccount& a) const {
  const Result r = of(a);
  return r.candidate && r.flow.value != Tristate::No;
}

bool carriesForeignMailboxGuid(const AdAccount& a) {
  return a.mailboxGuid && a.kind != MailboxKind::RemoteMailbox;
}

std::string whyKeptOutNow(const MailboxGuidExposure& exposure,
                          const MailboxGuidExposure::Result& exposed, const AdAccount& a) {
  if (exposed.candidate && !exposed.scopedOut)
    return exposed.flow.value == Tristate::No ? exposed.flow.why : std::string();
  return fmt::format("the account is outside the sync scope now ({})", exposure.scopeOf(a).why);
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

CloudEvidence::CloudEvidence(const Snapshot& snapshot)
    : snapshot_(snapshot), user_(snapshot.ad.accounts.size(), nullptr),
      deleted_(snapshot.ad.accounts.size(), nullptr), mailUsers_(snapshot.cloud.mailUsers),
      softDeleted_(snapshot.cloud.softDeletedMailUsers) {
  for (const CloudUser& u : snapshot.cloud.users)
    if (u.join.joined() && u.join.account < user_.size()) user_[u.join.account] = &u;
  for (const DeletedCloudUser& d : snapshot.cloud.deletedUsers)
    if (d.join.joined() && d.join.account < deleted_.size()) deleted_[d.join.account] = &d;
}

CloudEvidence::Shown CloudEvidence::shows(std::uint32_t index) const {
  const CloudDirectory& c = snapshot_.cloud;
  Shown out;
  if (snapshot_.source(SourceKind::Graph).status != SourceStatus::Complete || index >= user_.size())
    return out;
  out.read = true;
  const CloudUser* u = user_[index];
  const DeletedCloudUser* d = deleted_[index];
  std::vector<std::string> unknown; // what cannot be told, and what settles it
  std::string clean;
  const auto mailUser = [&](const ExchangeMailUser* m) {
    out.evidence.push_back({"graph", m->location,
                            fmt::format("Get-MailUser: ExchangeGuid={}; RecipientTypeDetails={}",
                                        m->exchangeGuid, m->recipientTypeDetails)});
  };
  if (d) {
    out.evidence.push_back(evidenceOf(*d));
    const ExchangeMailUser* m =
        c.softDeletedMailUsersCollected ? softDeleted_.find(d->id) : nullptr;
    if (m) mailUser(m);
    if (m && m->hasExchangeGuid) {
      out.holds = Tristate::Yes;
      out.why = fmt::format("its deleted cloud user {} (in the recycle bin) holds ExchangeGuid {} "
                            "in Exchange Online (Get-MailUser -SoftDeletedMailUser)",
                            d->id, m->exchangeGuid);
    } else if (!m) {
      unknown.push_back(fmt::format(
          "its deleted cloud user {} is in the recycle bin, and Exchange Online {} (what settles "
          "it: Get-MailUser -SoftDeletedMailUser, read with {})",
          d->id,
          c.softDeletedMailUsersCollected ? "shows no soft-deleted mail user for it"
                                          : "was not asked about soft-deleted mail users",
          settingName(Setting::ExchangeOnline)));
    }
  }
  if (u) {
    out.evidence.push_back(evidenceOf(*u));
    const ExchangeMailUser* m = c.exchangeCollected ? mailUsers_.find(u->id) : nullptr;
    if (m) mailUser(m);
    if (m && m->hasExchangeGuid) {
      out.holds = Tristate::Yes;
      out.why = fmt::format("its synced cloud user {} ({}) holds ExchangeGuid {} in Exchange "
                            "Online (Get-MailUser)",
                            u->userPrincipalName, u->id, m->exchangeGuid);
    } else if (m) {
      clean = fmt::format("its synced cloud user {} ({}) holds no ExchangeGuid in Exchange "
                          "Online (Get-MailUser)",
                          u->userPrincipalName, u->id);
    } else {
      unknown.push_back(fmt::format(
          "its synced cloud user {} ({}) is in Entra ID, and {} (what settles it: Get-MailUser, "
          "read with {})",
          u->userPrincipalName, u->id,
          c.exchangeCollected ? "Exchange Online shows no mail user for it"
                              : "Exchange Online was not read",
          settingName(Setting::ExchangeOnline)));
    }
  }
  if (out.holds == Tristate::Yes) return out;
  if (!unknown.empty()) {
    out.why = fmt::format("{}", fmt::join(unknown, "; "));
    return out;
  }
  if (u) {
    out.holds = Tristate::No;
    out.why = std::move(clean);
  } else if (d) {
    out.holds = Tristate::No;
    out.why = fmt::format("its deleted cloud user {} holds no ExchangeGuid (Get-MailUser)", d->id);
  } else if (c.deletedUsersCollected) {
    out.holds = Tristate::No;
    out.why = "no synced user of Entra ID, in the recycle bin or not, is joined to it: it never "
              "reached Entra ID";
  } else {
    out.why = fmt::format("no synced user of Entra ID is joined to it, but the recycle bin "
                          "(deleted users) was not read, and a user deleted from Entra ID keeps "
                          "its values there (what settles it: a scan that reads deleted users)");
  }
  return out;
}

std::string CloudEvidence::showsClean(std::uint32_t index) const {
  Shown s = shows(index);
  return s.holds == Tristate::No ? std::move(s.why) : std::string();
}

Evidence evidenceOf(const Snapshot& snapshot, const Answer& answer) {
  if (answer.tool == SyncTool::CloudSync) return {"cloudsync", answer.file, answer.why};
  const std::string& origin = snapshot.sync ? snapshot.sync->origin : answer.file;
  return {"adconnect", answer.file.empty() ? origin : locationIn(answer.file, answer.line),
          answer.why};
}

bool isExchangeService(std::string_view service) {
  return equalsIgnoreCase(service, "exchange");
}

} // namespace migready

namespace migready {} // namespace migready
