#include "scanner/sources/AdEntryMapper.h"

#include "scanner/model/Encoding.h"

#include <array>
#include <cstring>
#include <fmt/format.h>

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
       container = false;
  void add(std::string_view v) {
    any = true;
    if (equalsIgnoreCase(v, "user"))
      user = true;
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

std::optional<Guid> guidValue(const LdifAttribute& a, std::string_view path) {
  if (a.wasBase64) {
    if (auto g = Guid::fromBytes(a.value)) return g;
    throw AdEntryError(std::string(path), a.line,
                       fmt::format("{} is {} bytes; a GUID is 16", a.name, a.value.size()));
  }
  if (auto g = Guid::parse(a.value)) return g; // some tools write the text form
  throw AdEntryError(std::string(path), a.line,
                     fmt::format("{} is not a GUID (expected base64 of 16 bytes)", a.name));
}

std::int64_t intValue(const LdifAttribute& a, std::string_view path) {
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

void AdEntryMapper::map(const LdifRecord& r) {
  ObjectClasses classes;
  AdAccount a;
  a.dn = r.dn;
  a.line = r.line;
  std::string_view homeMdb;
  for (const LdifAttribute& attr : r.attributes) {
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
      if (attr.wasBase64) {
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
      homeMdb = attr.value;
      break;
    case Attr::MailNickname:
      a.mailNickname = attr.value;
      break;
    case Attr::SamAccountName:
      a.samAccountName = attr.value;
      break;
    case Attr::UserPrincipalName:
      a.userPrincipalName = attr.value;
      break;
    case Attr::ProxyAddresses:
      ++a.proxyAddressCount;
      if (attr.value.starts_with("SMTP:")) a.primarySmtp = attr.value.substr(5);
      break;
    case Attr::IsCriticalSystemObject:
      a.isCriticalSystemObject = equalsIgnoreCase(attr.value, "TRUE");
      break;
    case Attr::DisplayName:
      a.displayName = attr.value;
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
  if (!homeMdb.empty()) out_.setHomeMdb(a, homeMdb);
  classify(a);
  out_.accounts.push_back(std::move(a));
}

} // namespace migready
