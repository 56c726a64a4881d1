#include "scanner/ad/AdEntryMapper.h"

#include "scanner/model/Dn.h"
#include "scanner/model/Guid.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

namespace {

enum class Attr {
  Unknown,
  ObjectClass,
  ObjectGuid,
  ConsistencyGuid,
  MailboxGuid,
  ObjectSid,
  RecipientTypeDetails,
  RemoteRecipientType,
  UserAccountControl,
  HomeMdb,
  MailNickname,
  SamAccountName,
  UserPrincipalName,
  ProxyAddresses,
  IsCriticalSystemObject,
  DisplayName,
  Mail,
  MemberOf,
  AdminDescription,
  GivenName,
  Surname,
};

struct AttrName {
  std::string_view name;
  Attr attr;
};
constexpr AttrName kAttributes[] = {
    {"objectClass", Attr::ObjectClass},
    {"objectGUID", Attr::ObjectGuid},
    {"mS-DS-ConsistencyGuid", Attr::ConsistencyGuid},
    {"msExchMailboxGuid", Attr::MailboxGuid},
    {"objectSid", Attr::ObjectSid},
    {"msExchRecipientTypeDetails", Attr::RecipientTypeDetails},
    {"msExchRemoteRecipientType", Attr::RemoteRecipientType},
    {"userAccountControl", Attr::UserAccountControl},
    {"homeMDB", Attr::HomeMdb},
    {"mailNickname", Attr::MailNickname},
    {"sAMAccountName", Attr::SamAccountName},
    {"userPrincipalName", Attr::UserPrincipalName},
    {"proxyAddresses", Attr::ProxyAddresses},
    {"isCriticalSystemObject", Attr::IsCriticalSystemObject},
    {"displayName", Attr::DisplayName},
    {"mail", Attr::Mail},
    {"memberOf", Attr::MemberOf},
    {"adminDescription", Attr::AdminDescription},
    {"givenName", Attr::GivenName},
    {"sn", Attr::Surname},
};

// kAttributes' names folded with | 0x20, which lower-cases ASCII letters and leaves digits and
// '-' alone: enough to compare attribute names (letters, digits, hyphens) case-insensitively.
struct FoldedNames {
  std::array<std::array<char, 32>, std::size(kAttributes)> names{};
  constexpr FoldedNames() {
    for (std::size_t i = 0; i < std::size(kAttributes); ++i)
      for (std::size_t k = 0; k < kAttributes[i].name.size(); ++k)
        names[i][k] = static_cast<char>(kAttributes[i].name[k] | 0x20);
  }
};
constexpr FoldedNames kFolded;

// Called for every attribute line of a multi-million-entry file: no allocation, no locale.
Attr attributeOf(std::string_view name) {
  // Options such as ";binary" or ";range=0-1499" do not change which attribute it is.
  if (const auto semi = name.find(';'); semi != std::string_view::npos) name = name.substr(0, semi);
  if (name.size() > 31) return Attr::Unknown;
  char folded[32];
  for (std::size_t k = 0; k < name.size(); ++k)
    folded[k] = static_cast<char>(name[k] | 0x20);
  for (std::size_t i = 0; i < std::size(kAttributes); ++i)
    if (kAttributes[i].name.size() == name.size() &&
        std::memcmp(kFolded.names[i].data(), folded, name.size()) == 0)
      return kAttributes[i].attr;
  return Attr::Unknown;
}

// What kind of directory object an entry is, from its objectClass values.
struct ObjectClasses {
  bool any = false, user = false, computer = false, contact = false, group = false, ou = false,
       container = false, inetOrgPerson = false;
  void add(std::string_view v) {
    any = true;
    if (equalsIgnoreCase(v, "user"))
      user = true;
    else if (equalsIgnoreCase(v, "inetOrgPerson"))
      inetOrgPerson = true;
    else if (equalsIgnoreCase(v, "computer"))
      computer = true;
    else if (equalsIgnoreCase(v, "contact"))
      contact = true;
    else if (equalsIgnoreCase(v, "group"))
      group = true;
    else if (equalsIgnoreCase(v, "organizationalUnit"))
      ou = true;
    else if (equalsIgnoreCase(v, "container"))
      container = true;
  }
  std::string_view nonUserKind() const {
    if (computer) return "computer";
    if (contact) return "contact";
    if (group) return "group";
    if (ou) return "organizationalUnit";
    if (container) return "container";
    return "other";
  }
};

std::optional<Guid> guidValue(const DirectoryAttribute& a, std::string_view path) {
  if (a.rawBytes) {
    if (auto g = Guid::fromBytes(a.value)) return g;
    throw AdEntryError(std::string(path), a.line,
                       fmt::format("{} is {} bytes; a GUID is 16", a.name, a.value.size()));
  }
  if (auto g = Guid::parse(a.value)) return g; // some tools write the text form
  throw AdEntryError(std::string(path), a.line,
                     fmt::format("{} is not a GUID (expected base64 of 16 bytes)", a.name));
}

// Text values (names, addresses) are UTF-8 without NUL: anything else is not what AD stores,
// and read on, it would end up in reports and on terminals.
std::string_view textValue(const DirectoryAttribute& a, std::string_view path) {
  if (a.value.find('\0') != std::string_view::npos)
    throw AdEntryError(std::string(path), a.line,
                       fmt::format("{} holds a NUL byte: not text", a.name));
  if (!isValidUtf8(a.value))
    throw AdEntryError(std::string(path), a.line, fmt::format("{} is not valid UTF-8", a.name));
  return a.value;
}

std::int64_t intValue(const DirectoryAttribute& a, std::string_view path) {
  if (auto v = parseInt64(a.value)) return *v;
  throw AdEntryError(std::string(path), a.line,
                     fmt::format("{} is not an integer: \"{}\"", a.name,
                                 a.value.substr(0, std::min<std::size_t>(a.value.size(), 40))));
}

} // namespace

std::vector<std::string_view> adUserAttributes() {
  std::vector<std::string_view> names;
  for (const AttrName& a : kAttributes)
    names.push_back(a.name);
  return names;
}

std::string_view canonicalAttributeName(std::string_view name) {
  if (const auto semi = name.find(';'); semi != std::string_view::npos) name = name.substr(0, semi);
  const Attr attr = attributeOf(name);
  for (const AttrName& a : kAttributes)
    if (a.attr == attr && attr != Attr::Unknown) return a.name;
  return name;
}

bool isBinaryAdAttribute(std::string_view name) {
  switch (attributeOf(name)) {
  case Attr::ObjectGuid:
  case Attr::ObjectSid:
  case Attr::ConsistencyGuid:
  case Attr::MailboxGuid:
    return true;
  default:
    return false;
  }
}

AdEntryMapper::AdEntryMapper(AdDirectory& out, std::string_view origin)
    : out_(out), path_(origin) {}

void AdEntryMapper::map(const DirectoryEntry& r) {
  if (r.dn.empty()) throw AdEntryError(path_, r.line, "an entry without a DN");
  if (r.dn.find('\0') != std::string_view::npos || !isValidUtf8(r.dn))
    throw AdEntryError(path_, r.line, "the DN holds a NUL byte or invalid UTF-8");
  if (!isValidDn(r.dn))
    throw AdEntryError(path_, r.line,
                       fmt::format("\"{}\" is not a valid DN",
                                   r.dn.substr(0, std::min<std::size_t>(r.dn.size(), 120))));
  std::size_t entryBytes = r.dn.size();
  for (const DirectoryAttribute& attr : r.attributes) {
    if (attr.value.size() > kMaxValueBytes)
      throw AdEntryError(path_, attr.line,
                         fmt::format("a value of {} is {} bytes, over the {} bytes a value may "
                                     "have here",
                                     attr.name, attr.value.size(), kMaxValueBytes));
    entryBytes += attr.name.size() + attr.value.size();
  }
  if (entryBytes > kMaxEntryBytes)
    throw AdEntryError(path_, r.line,
                       fmt::format("the entry is {} bytes, over the {} bytes an entry may have "
                                   "here",
                                   entryBytes, kMaxEntryBytes));
  ObjectClasses classes;
  AdAccount a;
  a.dn = r.dn;
  a.line = r.line;
  a.endLine = r.endLine;
  std::string_view homeMdb;
  std::string otherSmtp; // the smtp: addresses, when the directory keeps them
  std::string_view mail; // the first mail value (AD holds one)
  bool haveMail = false;
  std::string_view givenName, surname;
  std::vector<std::string> memberOf;
  const auto addOther = [&](std::string_view address) {
    if (!out_.keepOtherSmtp || address.empty()) return;
    if (!otherSmtp.empty()) otherSmtp += '\n';
    otherSmtp += address;
  };
  for (const DirectoryAttribute& attr : r.attributes) {
    switch (attributeOf(attr.name)) {
    case Attr::Unknown:
      break;
    case Attr::ObjectClass:
      classes.add(attr.value);
      break;
    case Attr::ObjectGuid:
      a.objectGuid = guidValue(attr, path_);
      break;
    case Attr::ConsistencyGuid:
      a.consistencyGuid = guidValue(attr, path_);
      break;
    case Attr::MailboxGuid:
      a.mailboxGuid = guidValue(attr, path_);
      if (a.mailboxGuid->isZero()) a.mailboxGuid.reset(); // an all-zero GUID is no GUID
      break;
    case Attr::ObjectSid:
      if (attr.rawBytes) {
        auto sid = sidToString(attr.value);
        if (!sid)
          throw AdEntryError(
              std::string(path_), attr.line,
              fmt::format("objectSid is not a valid SID ({} bytes)", attr.value.size()));
        out_.setSid(a, *sid);
      } else if (startsWithIgnoreCase(attr.value, "S-1-")) {
        out_.setSid(a, attr.value);
      } else {
        throw AdEntryError(std::string(path_), attr.line,
                           "objectSid is neither base64 nor S-1-... text");
      }
      break;
    case Attr::RecipientTypeDetails:
      a.recipientTypeDetails = intValue(attr, path_);
      break;
    case Attr::RemoteRecipientType:
      a.remoteRecipientType = intValue(attr, path_);
      break;
    case Attr::UserAccountControl:
      a.userAccountControl = static_cast<std::uint32_t>(intValue(attr, path_));
      break;
    case Attr::HomeMdb:
      homeMdb = textValue(attr, path_);
      break;
    case Attr::MailNickname:
      a.mailNickname = textValue(attr, path_);
      break;
    case Attr::SamAccountName:
      a.samAccountName = textValue(attr, path_);
      break;
    case Attr::UserPrincipalName:
      a.userPrincipalName = textValue(attr, path_);
      break;
    case Attr::ProxyAddresses: {
      ++a.proxyAddressCount;
      const std::string_view address = textValue(attr, path_);
      if (address.starts_with("SMTP:"))
        a.primarySmtp = address.substr(5);
      else if (address.size() > 5 && equalsIgnoreCase(address.substr(0, 5), "smtp:"))
        addOther(address.substr(5));
      break;
    }
    case Attr::IsCriticalSystemObject:
      a.isCriticalSystemObject = equalsIgnoreCase(attr.value, "TRUE");
      break;
    case Attr::DisplayName:
      a.displayName = textValue(attr, path_);
      break;
    case Attr::Mail:
      if (!haveMail) mail = textValue(attr, path_);
      haveMail = true;
      break;
    case Attr::GivenName:
      out_.sawAttributes |= AdDirectory::kSawGivenName;
      givenName = textValue(attr, path_);
      break;
    case Attr::Surname:
      out_.sawAttributes |= AdDirectory::kSawSurname;
      surname = textValue(attr, path_);
      break;
    case Attr::MemberOf:
      out_.sawAttributes |= AdDirectory::kSawMemberOf;
      memberOf.emplace_back(textValue(attr, path_));
      break;
    case Attr::AdminDescription:
      out_.sawAttributes |= AdDirectory::kSawAdminDescription;
      if (const std::string_view v = textValue(attr, path_); !v.empty()) {
        out_.adminDescriptions.emplace_back(v);
        a.adminDescription = static_cast<std::uint32_t>(out_.adminDescriptions.size() - 1);
      }
      break;
    }
  }
  // ldifde -l without objectClass writes entries with no class at all. The export filter was
  // for users, so such entries are taken as users (computer accounts end in '$'): counting a
  // user too many is safe, dropping one could hide a blocker.
  const bool isUser =
      classes.any ? (classes.user && !classes.computer) : !a.samAccountName.ends_with('$');
  if (!isUser) {
    ++out_.skippedByClass[std::string(classes.any ? classes.nonUserKind() : "computer")];
    return;
  }
  if (!classes.any) ++untypedUsers_;
  a.inetOrgPerson = classes.inetOrgPerson;
  if (!homeMdb.empty()) out_.setHomeMdb(a, homeMdb);
  if (!memberOf.empty()) out_.setMemberOf(a, std::move(memberOf));
  classify(a);
  if (out_.keepOtherSmtp && !mail.empty()) {
    // mail first: AdDirectory::mailOf
    otherSmtp.insert(0, otherSmtp.empty() ? std::string(mail) : std::string(mail) + '\n');
    a.otherSmtpHasMail = true;
  }
  if (!givenName.empty() || !surname.empty()) {
    std::string both(givenName);
    both += '\0';
    both += surname;
    out_.personNames.push_back(std::move(both));
    a.personNames = static_cast<std::uint32_t>(out_.personNames.size() - 1);
  }
  if (!otherSmtp.empty()) {
    out_.otherSmtp.push_back(std::move(otherSmtp));
    a.otherSmtp = static_cast<std::uint32_t>(out_.otherSmtp.size() - 1);
  }
  out_.accounts.push_back(std::move(a));
}

namespace {

std::uint64_t dnHash(std::string_view dn) {
  std::uint64_t h = 1469598103934665603ull; // FNV-1a
  foldDn(dn, [&](char c) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  });
  return h;
}

std::string foldedDn(std::string_view dn) {
  std::string out;
  foldDnInto(dn, out);
  return out;
}

// Every value read, apart from where it was read.
bool sameAccount(const AdDirectory& dir, const AdAccount& a, const AdAccount& b) {
  return a.dn == b.dn && a.samAccountName == b.samAccountName &&
         a.userPrincipalName == b.userPrincipalName && a.displayName == b.displayName &&
         a.mailNickname == b.mailNickname && a.primarySmtp == b.primarySmtp &&
         a.objectGuid == b.objectGuid && a.consistencyGuid == b.consistencyGuid &&
         a.mailboxGuid == b.mailboxGuid && a.recipientTypeDetails == b.recipientTypeDetails &&
         a.remoteRecipientType == b.remoteRecipientType &&
         a.userAccountControl == b.userAccountControl && a.sidDomain == b.sidDomain &&
         a.sidRid == b.sidRid && a.homeMdb == b.homeMdb &&
         a.proxyAddressCount == b.proxyAddressCount &&
         a.isCriticalSystemObject == b.isCriticalSystemObject && a.kind == b.kind &&
         a.inetOrgPerson == b.inetOrgPerson && dir.otherSmtpOf(a) == dir.otherSmtpOf(b) &&
         dir.adminDescriptionOf(a) == dir.adminDescriptionOf(b) &&
         a.otherSmtpHasMail == b.otherSmtpHasMail &&
         dir.personNames[a.personNames] == dir.personNames[b.personNames] &&
         dir.memberOfOf(a) == dir.memberOfOf(b);
}

} // namespace

void reconcileDirectory(AdDirectory& dir, SourceState& state) {
  std::vector<std::string> problems;
  std::uint64_t problemCount = 0;
  auto report = [&](std::string text) {
    if (problems.size() < kErrorsKept) problems.push_back(std::move(text));
    ++problemCount;
  };
  std::vector<AdAccount>& accounts = dir.accounts;
  std::vector<bool> drop(accounts.size(), false);
  std::uint64_t merged = 0;

  // The same DN twice. Hashes first (16 bytes per account, sorted), DNs compared only on a match.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> byDn;
  byDn.reserve(accounts.size());
  for (std::uint32_t i = 0; i < accounts.size(); ++i)
    byDn.emplace_back(dnHash(accounts[i].dn), i);
  std::sort(byDn.begin(), byDn.end());
  for (std::size_t run = 0; run < byDn.size();) {
    std::size_t end = run + 1;
    while (end < byDn.size() && byDn[end].first == byDn[run].first)
      ++end;
    for (std::size_t i = run + 1; i < end; ++i) {
      const std::uint32_t later = byDn[i].second;
      for (std::size_t j = run; j < i; ++j) {
        const std::uint32_t first = byDn[j].second;
        if (drop[first] || foldedDn(accounts[first].dn) != foldedDn(accounts[later].dn)) continue;
        if (sameAccount(dir, accounts[first], accounts[later])) {
          drop[std::max(first, later)] = true;
          ++merged;
        } else {
          const AdAccount& a = accounts[std::min(first, later)];
          const AdAccount& b = accounts[std::max(first, later)];
          report(fmt::format("{} was read twice with different values ({}): which one is current "
                             "cannot be told",
                             a.dn,
                             a.line == 0 && b.line == 0
                                 ? std::string("two entries of the live read")
                                 : fmt::format("{} and {}", dir.locationOf(a), dir.locationOf(b))));
        }
        break;
      }
    }
    run = end;
  }

  // One objectGUID on two different entries: an object is one object in AD.
  std::vector<std::pair<Guid, std::uint32_t>> byGuid;
  for (std::uint32_t i = 0; i < accounts.size(); ++i)
    if (!drop[i] && accounts[i].objectGuid) byGuid.emplace_back(*accounts[i].objectGuid, i);
  std::sort(byGuid.begin(), byGuid.end(), [](const auto& x, const auto& y) {
    return x.first.bytes != y.first.bytes ? x.first.bytes < y.first.bytes : x.second < y.second;
  });
  for (std::size_t i = 1; i < byGuid.size(); ++i) {
    if (byGuid[i].first != byGuid[i - 1].first) continue;
    const AdAccount& a = accounts[byGuid[i - 1].second];
    const AdAccount& b = accounts[byGuid[i].second];
    if (foldedDn(a.dn) == foldedDn(b.dn)) continue; // reported above
    auto where = [&](const AdAccount& x) {
      return x.line == 0 ? x.dn : fmt::format("{} ({})", x.dn, dir.locationOf(x));
    };
    report(fmt::format("objectGUID {} is on two entries, {} and {}: the directory data is "
                       "inconsistent",
                       byGuid[i].first.toString(), where(a), where(b)));
  }

  if (merged > 0) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < accounts.size(); ++i)
      if (!drop[i]) {
        if (kept != i) accounts[kept] = std::move(accounts[i]);
        ++kept;
      }
    accounts.resize(kept);
    state.objects = accounts.size();
    state.detail +=
        fmt::format("; {} entries read twice with the same values counted once", merged);
  }
  if (problemCount == 0) return;
  if (problemCount > problems.size())
    problems.push_back(fmt::format("... {} such problems in all", problemCount));
  if (state.status == SourceStatus::Complete) state.status = SourceStatus::Partial;
  state.detail += fmt::format("; inconsistent: {}", fmt::join(problems, "; "));
  state.errors.insert(state.errors.end(), problems.begin(), problems.end());
}

} // namespace migready
