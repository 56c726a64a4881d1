#pragma once
// One directory entry as a reader hands it over, whoever read it (an LDIF file, a live LDAP
// search): its DN and its attribute values, each a view into the reader's buffer that lives
// until the reader moves on. The mapping to an AdAccount (AdEntryMapper) reads only this.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

struct DirectoryAttribute {
  std::string_view name;  // as written, options (";binary", ";range=...") included
  std::string_view value; // the value's bytes
  // The value is raw bytes (GUIDs, SIDs), not text to be read as it stands: every LDAP value,
  // and an LDIF value written base64.
  bool rawBytes = false;
  std::uint32_t line = 0; // in an LDIF file; 0 when read live
};

struct DirectoryEntry {
  std::uint32_t line = 0;    // of "dn:" in an LDIF file; 0 when read live
  std::uint32_t endLine = 0; // the entry's last line in an LDIF file; 0 when read live
  std::string_view dn;
  std::vector<DirectoryAttribute> attributes;
};

// Where a reader also hands every entry it reads, as read: the LDIF copy of a live read (the
// reader knows nothing of the copy's format).
class EntrySink {
public:
  virtual ~EntrySink() = default;
  // Before the first entry: what is being read, from where (for the copy's header).
  virtual void open(std::string_view description) = 0;
  virtual void write(const DirectoryEntry& entry) = 0;
  // After the last entry: the copy is complete. Throws SourceError when it cannot be.
  virtual void close() = 0;
  // Where the copy goes, for the source's detail ("saved to ...").
  virtual std::string where() const = 0;
};

} // namespace migready
