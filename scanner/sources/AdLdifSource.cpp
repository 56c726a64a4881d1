#include "scanner/sources/AdLdifSource.h"

#include "scanner/model/Encoding.h"
#include "scanner/sources/LdifReader.h"
#include "scanner/sources/SourceError.h"

#include <array>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <thread>

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

// A user entry whose values cannot be read; the other entries still can.
class EntryError : public LocatedError {
public:
  using LocatedError::LocatedError;
};

std::optional<Guid> guidValue(const LdifAttribute& a, std::string_view path) {
  if (a.wasBase64) {
    if (auto g = Guid::fromBytes(a.value)) return g;
    throw EntryError(std::string(path), a.line,
                     fmt::format("{} is {} bytes; a GUID is 16", a.name, a.value.size()));
  }
  if (auto g = Guid::parse(a.value)) return g; // some tools write the text form
  throw EntryError(std::string(path), a.line,
                   fmt::format("{} is not a GUID (expected base64 of 16 bytes)", a.name));
}

std::int64_t intValue(const LdifAttribute& a, std::string_view path) {
  if (auto v = parseInt64(a.value)) return *v;
  throw EntryError(std::string(path), a.line,
                   fmt::format("{} is not an integer: \"{}\"", a.name,
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
            throw EntryError(
                std::string(path_), attr.line,
                fmt::format("objectSid is not a valid SID ({} bytes)", attr.value.size()));
          out_.setSid(a, *sid);
        } else if (startsWithIgnoreCase(attr.value, "S-1-")) {
          out_.setSid(a, attr.value);
        } else {
          throw EntryError(std::string(path_), attr.line,
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

  std::uint64_t untypedUsers() const { return untypedUsers_; }

private:
  AdDirectory& out_;
  std::string_view path_;
  std::uint64_t untypedUsers_ = 0;
};

} // namespace

namespace {

// What one reader made of its part of the file. Line numbers are relative to the part.
struct PartResult {
  AdDirectory dir;
  std::uint64_t records = 0;
  std::uint64_t lines = 0; // lines in the part, to renumber the next part
  std::uint64_t errorCount = 0;
  std::uint64_t untypedUsers = 0;
  std::vector<LocatedError> errors; // the first kErrorsKept, relative line numbers
  std::string fatal;                // why reading stopped early (already formatted), if it did
  bool stopped = false;
};

// Reads [begin, end) of the file (the whole file when `whole`). The first part reserves room
// for the accounts of the whole file, so that the second part's can be appended in place.
PartResult readPart(const std::string& path, std::uint64_t begin, std::uint64_t end, bool whole,
                    std::uint64_t reserveForBytes) {
  PartResult part;
  // A user entry of an ldifde export takes more than 150 bytes (dn, objectClass lines, the
  // attributes); the bound only reserves address space, see AdDirectory::accounts.
  constexpr std::uint64_t kMinBytesPerEntry = 150;
  part.dir.accounts.reserve(static_cast<std::size_t>(reserveForBytes / kMinBytesPerEntry) + 16);
  auto addError = [&](const LocatedError& e) {
    ++part.errorCount;
    if (part.errors.size() < kErrorsKept) part.errors.push_back(e);
  };
  try {
    std::unique_ptr<LdifReader> reader =
        whole ? std::make_unique<LdifReader>(path) : std::make_unique<LdifReader>(path, begin, end);
    Mapper mapper(part.dir, path);
    LdifRecord record;
    for (;;) {
      try {
        if (!reader->next(record)) break;
        ++part.records;
        mapper.map(record);
      } catch (const LdifRecordError& e) {
        addError(e);
      } catch (const EntryError& e) {
        addError(e);
      }
      if (part.errorCount >= kErrorsBeforeGivingUp) {
        ++part.errorCount;
        part.fatal = fmt::format("{}: stopped after {} errors: this does not look like an ldifde "
                                 "export",
                                 path, kErrorsBeforeGivingUp);
        part.stopped = true;
        break;
      }
    }
    part.lines = reader->input().lineNumber();
    part.untypedUsers = mapper.untypedUsers();
  } catch (const LocatedError& e) { // NUL byte or overlong line: the rest is unreadable
    addError(e);
    part.stopped = true;
  } catch (const SourceError& e) { // cannot open or read
    ++part.errorCount;
    part.fatal = e.what();
    part.stopped = true;
  }
  return part;
}

// Where the second half of a large UTF-8/ANSI file starts: just after a blank line (records
// are separated by one, and no value contains a line break), at or after the middle. 0 when
// the file is small, UTF-16, or has no such place.
std::uint64_t splitPoint(const std::string& path, std::uint64_t minBytes) {
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(path, ec);
  if (ec || size < minBytes || size < 2) return 0;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  std::string window(1 << 20, '\0');
  unsigned char bom[2] = {0, 0};
  std::uint64_t found = 0;
  if (std::fread(bom, 1, 2, f) == 2 &&
      !((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF)) &&
      std::fseek(f, static_cast<long>(size / 2), SEEK_SET) == 0) {
    const std::size_t n = std::fread(window.data(), 1, window.size(), f);
    std::string_view w(window.data(), n);
    for (std::size_t i = w.find('\n'); i != std::string_view::npos && i + 1 < w.size();
         i = w.find('\n', i + 1)) {
      std::size_t j = i + 1;
      if (w[j] == '\r') ++j;
      if (j < w.size() && w[j] == '\n') { // a blank line: the next record starts after it
        found = size / 2 + j + 1;
        break;
      }
    }
  }
  std::fclose(f);
  return found < size ? found : 0;
}

} // namespace

SourceState readAdLdif(const std::string& path, AdDirectory& out, std::uint64_t splitAtBytes) {
  SourceState state;
  state.origin = path;
  out.origin = path;
  // A large file is read as two halves at once (the machines this runs on have two cores or
  // more); the halves are joined in file order.
  const std::uint64_t split = splitPoint(path, splitAtBytes);
  std::error_code sizeError;
  const std::uint64_t size = std::filesystem::file_size(path, sizeError);
  std::vector<PartResult> parts;
  if (split == 0) {
    parts.push_back(readPart(path, 0, 0, true, sizeError ? 0 : size));
  } else {
    PartResult second;
    std::thread worker([&] { second = readPart(path, split, size, false, size - split); });
    parts.push_back(readPart(path, 0, split, false, size));
    worker.join();
    parts.push_back(std::move(second));
  }

  std::uint64_t errorCount = 0, records = 0, untyped = 0, lineOffset = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    PartResult& part = parts[i];
    for (const LocatedError& e : part.errors)
      if (state.errors.size() < kErrorsKept) state.errors.push_back(e.relocated(lineOffset));
    if (!part.fatal.empty()) state.errors.push_back(part.fatal);
    errorCount += part.errorCount;
    records += part.records;
    untyped += part.untypedUsers;
    if (i == 0) {
      out = std::move(part.dir);
      out.origin = path;
    } else {
      for (auto& [kind, count] : part.dir.skippedByClass)
        out.skippedByClass[kind] += count;
      for (AdAccount& a : part.dir.accounts) {
        a.line += static_cast<std::uint32_t>(lineOffset);
        out.adoptPooled(a, part.dir);
        out.accounts.push_back(std::move(a));
      }
      part.dir.accounts.clear();
    }
    lineOffset += part.lines;
    if (part.stopped) break; // what follows an unreadable stretch cannot be placed
  }

  state.objects = out.accounts.size();
  std::uint64_t skipped = 0;
  for (const auto& [kind, count] : out.skippedByClass)
    skipped += count;
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
    if (untyped > 0)
      state.detail += fmt::format("; {} entries without objectClass taken as users", untyped);
  }
  return state;
}

} // namespace migready
