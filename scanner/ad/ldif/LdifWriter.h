#pragma once
// Writes entries as ldifde does (CRLF, "changetype: add", base64 for bytes and non-ASCII text,
// lines folded at 78 columns), so a live read can be scanned again offline from the file and
// handed over as evidence.
#include "scanner/ad/DirectoryEntry.h"

#include <memory>
#include <optional>
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
  void write(const DirectoryEntry& record, bool (*binary)(std::string_view name));
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

// A live read's copy as an ldifde-style LDIF file, opened when the read starts.
class LdifCopy final : public EntrySink {
public:
  // `binary` names the attributes always written base64 (GUIDs, SIDs).
  LdifCopy(std::string path, bool (*binary)(std::string_view name))
      : path_(std::move(path)), binary_(binary) {}
  void open(std::string_view description) override { writer_.emplace(path_, description); }
  void write(const DirectoryEntry& entry) override { writer_->write(entry, binary_); }
  void close() override {
    if (writer_) writer_->close();
  }
  std::string where() const override { return path_; }

private:
  std::string path_;
  bool (*binary_)(std::string_view);
  std::optional<LdifWriter> writer_;
};

// True for values LDIF may write as they are (RFC 2849 SAFE-STRING, ASCII only as ldifde).
bool isLdifSafe(std::string_view value);

} // namespace migready
