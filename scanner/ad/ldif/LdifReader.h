#pragma once
// Streaming reader for LDIF as `ldifde` and OpenLDAP's `ldapsearch` write it (RFC 2849 content
// records): one record at a time, folded lines joined, base64 values decoded. Besides entries,
// ldapsearch writes search references ("ref:") and result trailers ("search:", "result:"),
// handed over as records of their own kind. Knows nothing about users or Exchange.
#include "scanner/ad/DirectoryEntry.h"
#include "scanner/io/SourceError.h"
#include "scanner/io/TextInput.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

// An LDIF record: an entry (attributes without changetype), or one of ldapsearch's other
// records, whose lines are then its attributes. `line` is the record's first line ("dn:",
// "ref:", "search:"); base64 values are decoded and marked rawBytes.
struct LdifRecord : DirectoryEntry {
  enum class Kind {
    Entry,        // dn: ... and its attributes
    Reference,    // ldapsearch: "ref: ldap://..." (a continuation reference, never chased)
    SearchResult, // ldapsearch: "search: N" / "result: CODE text" [/ "control: ..."]
  };
  Kind kind = Kind::Entry;
};

// RFC 4512 attribute description: a name (letter, then letters, digits, hyphens) or a numeric
// OID, then options (";binary", ";range=0-1499" as AD writes them).
bool isValidAttributeDescription(std::string_view name);

// A malformed record. The reader has already skipped to the next record, so the caller may
// count the error and go on.
class LdifRecordError : public LocatedError {
public:
  using LocatedError::LocatedError;
};

class LdifReader {
public:
  explicit LdifReader(const std::string& path) : input_(path) {}
  // Reads bytes [begin, end) of the file, which must start at a record; see TextInput.
  LdifReader(const std::string& path, std::uint64_t begin, std::uint64_t end)
      : input_(path, begin, end), first_(begin == 0) {}

  // Fills `record` (views valid until the next call); false at end of file. Throws
  // LdifRecordError for a malformed record and SourceError when the file cannot be read on.
  bool next(LdifRecord& record);
  const TextInput& input() const { return input_; }

private:
  struct LogicalLine {
    std::size_t offset;
    std::size_t length;
    std::uint32_t line;
  };
  bool collect();
  [[noreturn]] void fail(std::uint32_t line, std::string_view what) const;

  TextInput input_;
  std::string text_;    // unfolded logical lines of the current record
  std::string decoded_; // base64-decoded values of the current record
  std::vector<LogicalLine> lines_;
  std::uint32_t lastLine_ = 0; // the record's last physical line (folded lines counted)
  bool first_ = true;
};

} // namespace migready
