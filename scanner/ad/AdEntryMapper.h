#pragma once
// Turns one directory entry (from an LDIF file or a live LDAP search) into an AdAccount. One
// mapping for both readers, so a live scan and a scan of its saved LDIF read the same values.
#include "scanner/ad/DirectoryEntry.h"
#include "scanner/io/SourceError.h"
#include "scanner/model/Snapshot.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace migready {

// Caps on what one entry may hold (README, "Limits and safety"): a value over 1 MiB, or an
// entry over 16 MiB in all (proxyAddresses completed by ranged reads included), is no user entry
// AD writes, and makes the entry unreadable instead of filling memory.
inline constexpr std::size_t kMaxValueBytes = 1u << 20;
inline constexpr std::size_t kMaxEntryBytes = 16u << 20;

// The attributes of a user entry that the checks read, as AD names them. The live reader
// requests exactly these (the smallest answer the checks can work from).
std::vector<std::string_view> adUserAttributes();

// `name` as adUserAttributes() spells it when it is one of them (case and options such as
// ";range=0-1499" ignored), else `name` without its options.
std::string_view canonicalAttributeName(std::string_view name);

// True for the attributes whose values are bytes (GUIDs, SIDs): LDIF writes them base64.
bool isBinaryAdAttribute(std::string_view name);

// A user entry whose values cannot be read; the other entries still can. Located at the
// entry's line (LDIF) or, with line 0, at its DN (live).
class AdEntryError : public LocatedError {
public:
  using LocatedError::LocatedError;
};

// After a read (LDIF or live): an entry read twice (the same DN, in one file, two files or two
// pages) is merged when both copies are the same; copies that differ, and one objectGUID on two
// different DNs, make the source partial, naming both places. Both copies of a contradiction
// are kept: neither is known to be the right one, and dropping one could hide a blocker.
void reconcileDirectory(AdDirectory& dir, SourceState& state);

class AdEntryMapper {
public:
  // `origin` names the file (or server) in error messages.
  AdEntryMapper(AdDirectory& out, std::string_view origin);

  // Adds the entry to `out` when it is a user and counts it by kind otherwise. Values of
  // attributes marked `rawBytes` are raw bytes (GUIDs, SIDs); LDAP values always are.
  // Throws AdEntryError when the entry cannot be read: an empty or malformed DN, a value that is
  // not what its attribute holds (a GUID not 16 bytes, a number that is not one), text with a
  // NUL byte or invalid UTF-8, a value or entry over the size caps.
  void map(const DirectoryEntry& record);

  std::uint64_t untypedUsers() const { return untypedUsers_; }

private:
  AdDirectory& out_;
  std::string path_; // a copy: callers pass temporaries ("ldaps://a ldaps://b")
  std::uint64_t untypedUsers_ = 0;
};

} // namespace migready
