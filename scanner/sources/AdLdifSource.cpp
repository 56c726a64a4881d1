#include "scanner/sources/AdLdifSource.h"

#include <fmt/format.h>
#include <unordered_map>

#include "scanner/model/Encoding.h"
#include "scanner/sources/LdifReader.h"
#include "scanner/sources/SourceError.h"

namespace migready {

namespace {

constexpr std::size_t kErrorsKept = 20;
constexpr std::size_t kErrorsBeforeGivingUp = 1000;

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

Attr attributeOf(std::string_view name) {
  // Options such as ";binary" or ";range=0-1499" do not change which attribute it is.
  if (const auto semi = name.find(';'); semi != std::string_view::npos) name = name.substr(0, semi);
  for (const auto& a : kAttributes)
    if (a.name.size() == name.size() && equalsIgnoreCase(a.name, name)) return a.attr;
  return Attr::Unknown;
}

// What kind of directory object an entry is, from its objectClass values.
struct ObjectClasses {
  bool any = false, user = false, computer = false, contact = false, group = false, ou = false,
       container = false;
  void add(std::string_view v) {
    any = true;
    if (equalsIgnoreCase(v, "user")) user = true;
    else if (equalsIgnoreCase(v, "computer")) computer = true;
    else if (equalsIgnoreCase(v, "contact")) contact = true;
    else if (equalsIgnoreCase(v, "group")) group = true;
    else if (equalsIgnoreCase(v, "organizationalUnit")) ou = true;
    else if (equalsIgnoreCase(v, "container")) container = true;
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

class EntryError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

std::optional<Guid> guidValue(const LdifAttribute& a, std::string_view path) {
  if (a.wasBase64) {
    if (auto g = Guid::fromBytes(a.value)) return g;
    throw EntryError(fmt::format("{}:{}: {} is {} bytes; a GUID is 16", path, a.line, a.name,
                                 a.value.size()));
  }
  if (auto g = Guid::parse(a.value)) return g; // some tools write the text form
  throw EntryError(fmt::format("{}:{}: {} is not a GUID (expected base64 of 16 bytes)", path,
                               a.line, a.name));
}

std::int64_t intValue(const LdifAttribute& a, std::string_view path) {
  if (auto v = parseInt64(a.value)) return *v;
  throw EntryError(fmt::format("{}:{}: {} is not an integer: \"{}\"", path, a.line, a.name,
                               a.value.substr(0, std::min<std::size_t>(a.value.size(), 40))));
}

class Mapper {
public:
  Mapper(AdDirectory& out, std::string_view path) : out_(out), path_(path) {}

  // Adds the entry to `out_` when it is a user; counts it otherwise.
  void map(const LdifRecord& r) {
    ObjectClasses classes;
    AdAccount a;
    a.dn = r.dn;
    a.line = r.line;
    std::string_view homeMdb;
    for (const LdifAttribute& attr : r.attributes) {
      switch (attributeOf(attr.name)) {
      case Attr::Unknown: break;
      case Attr::ObjectClass: classes.add(attr.value); break;
      case Attr::ObjectGuid: a.objectGuid = guidValue(attr, path_); break;
      case Attr::ConsistencyGuid: a.consistencyGuid = guidValue(attr, path_); break;
      case Attr::MailboxGuid:
        a.mailboxGuid = guidValue(attr, path_);
        if (a.mailboxGuid->isZero()) a.mailboxGuid.reset(); // an all-zero GUID is no GUID
        break;
      case Attr::ObjectSid:
        if (attr.wasBase64) {
          auto sid = sidToString(attr.value);
          if (!sid)
            throw EntryError(fmt::format("{}:{}: objectSid is not a valid SID ({} bytes)", path_,
                                         attr.line, attr.value.size()));
          a.sid = std::move(*sid);
        } else if (startsWithIgnoreCase(attr.value, "S-1-")) {
          a.sid = attr.value;
        } else {
          throw EntryError(fmt::format("{}:{}: objectSid is neither base64 nor S-1-... text",
                                       path_, attr.line));
        }
        break;
      case Attr::RecipientTypeDetails: a.recipientTypeDetails = intValue(attr, path_); break;
      case Attr::RemoteRecipientType: a.remoteRecipientType = intValue(attr, path_); break;
      case Attr::UserAccountControl:
        a.userAccountControl = static_cast<std::uint32_t>(intValue(attr, path_));
        break;
      case Attr::HomeMdb: homeMdb = attr.value; break;
      case Attr::MailNickname: a.mailNickname = attr.value; break;
      case Attr::SamAccountName: a.samAccountName = attr.value; break;
      case Attr::UserPrincipalName: a.userPrincipalName = attr.value; break;
      case Attr::ProxyAddresses:
        ++a.proxyAddressCount;
        if (attr.value.starts_with("SMTP:")) a.primarySmtp = attr.value.substr(5);
        break;
      case Attr::IsCriticalSystemObject:
        a.isCriticalSystemObject = equalsIgnoreCase(attr.value, "TRUE");
        break;
      case Attr::DisplayName: a.displayName = attr.value; break;
      }
    }
    // ldifde -l without objectClass writes entries with no class at all. The export filter was
    // for users, so such entries are taken as users (computer accounts end in '$'): counting a
    // user too many is safe, dropping one could hide a blocker.
    const bool isUser = classes.any ? (classes.user && !classes.computer)
                                    : !a.samAccountName.ends_with('$');
    if (!isUser) {
      ++out_.skippedByClass[std::string(classes.any ? classes.nonUserKind() : "computer")];
      return;
    }
    if (!classes.any) ++untypedUsers_;
    if (!homeMdb.empty()) a.homeMdb = intern(homeMdb);
    classify(a);
    out_.accounts.push_back(std::move(a));
  }

  std::uint64_t untypedUsers() const { return untypedUsers_; }

private:
  std::uint32_t intern(std::string_view dn) {
    auto [it, inserted] =
        ids_.try_emplace(std::string(dn), static_cast<std::uint32_t>(out_.homeMdbs.size()));
    if (inserted) out_.homeMdbs.emplace_back(dn);
    return it->second;
  }

  AdDirectory& out_;
  std::string_view path_;
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::uint64_t untypedUsers_ = 0;
};

} // namespace

SourceState readAdLdif(const std::string& path, AdDirectory& out) {
  SourceState state;
  state.origin = path;
  out.origin = path;
  std::uint64_t errorCount = 0;
  auto addError = [&](std::string message) {
    ++errorCount;
    if (state.errors.size() < kErrorsKept) state.errors.push_back(std::move(message));
  };
  std::uint64_t records = 0;
  Mapper mapper(out, path);
  try {
    LdifReader reader(path);
    LdifRecord record;
    for (;;) {
      try {
        if (!reader.next(record)) break;
        ++records;
        mapper.map(record);
      } catch (const LdifRecordError& e) {
        addError(e.what());
      } catch (const EntryError& e) {
        addError(e.what());
      }
      if (errorCount >= kErrorsBeforeGivingUp) {
        addError(fmt::format("{}: stopped after {} errors: this does not look like an ldifde "
                             "export",
                             path, errorCount));
        break;
      }
    }
  } catch (const SourceError& e) {
    addError(e.what());
  }
  state.objects = out.accounts.size();
  std::uint64_t skipped = 0;
  for (const auto& [kind, count] : out.skippedByClass) skipped += count;
  if (errorCount > 0) {
    state.status = SourceStatus::Failed;
    state.detail = fmt::format("{} error(s); {} user(s) read from {} entries; first: {}",
                               errorCount, out.accounts.size(), records, state.errors.front());
  } else if (records == 0) {
    state.status = SourceStatus::Failed;
    state.detail = fmt::format("{}: no LDIF entries in the file", path);
    state.errors.push_back(state.detail);
  } else {
    state.status = SourceStatus::Complete;
    state.detail = fmt::format("{} user(s) of {} entries; {} non-user entries skipped", 
                               out.accounts.size(), records, skipped);
    if (mapper.untypedUsers() > 0)
      state.detail += fmt::format("; {} entries without objectClass taken as users",
                                  mapper.untypedUsers());
  }
  return state;
}

} // namespace migready
