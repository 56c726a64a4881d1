#pragma once
// Writes entries as ldifde does (CRLF, "changetype: add", base64 for bytes and non-ASCII text,
// lines folded at 78 columns), so a live read can be scanned again offline with --ad-ldif and
// handed over as evidence.
#include "scanner/sources/LdifReader.h"

#include <memory>
#include <string>
#include <string_view>

namespace migready {

class AtomicFile;

class LdifWriter {
public:
  // Writes to a temporary file beside `path`, which replaces `path` on close() only: an
  // interrupted or failed read leaves no half file. `comment` lines go first as "# ...".
  LdifWriter(const std::string& path, std::string_view comment);
  ~LdifWriter();
  LdifWriter(const LdifWriter&) = delete;
  LdifWriter& operator=(const LdifWriter&) = delete;

  // Binary attributes (`binary` returns true for the name) are always written base64.
  void write(const LdifRecord& record, bool (*binary)(std::string_view name));
  // Flushes, closes and puts the file in place; throws SourceError when the file could not be
  // written completely.
  void close();
  const std::string& path() const { return path_; }

private:
  void line(std::string_view name, std::string_view value, bool forceBase64);
  std::string path_;
  std::unique_ptr<AtomicFile> file_;
  std::string buffer_;
};

// True for values LDIF may write as they are (RFC 2849 SAFE-STRING, ASCII only as ldifde).
bool isLdifSafe(std::string_view value);

} // namespace migready
