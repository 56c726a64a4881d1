#include "scanner/ad/ldif/LdifWriter.h"

#include "scanner/io/FileOutput.h"
#include "scanner/io/SourceError.h"
#include "scanner/model/Base64.h"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace migready {

namespace {
constexpr std::size_t kFoldAt = 78; // ldifde folds long lines; a continuation starts with ' '
constexpr std::size_t kFlushAt = 1 << 20;
} // namespace

bool isLdifSafe(std::string_view v) {
  if (v.empty()) return true;
  const auto first = static_cast<unsigned char>(v.front());
  if (first == ' ' || first == ':' || first == '<') return false;
  if (v.back() == ' ') return false;
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0 || u == '\n' || u == '\r' || u > 0x7E) return false;
  }
  return true;
}

LdifWriter::LdifWriter(const std::string& path, std::string_view comment)
    : path_(path), file_(std::make_unique<AtomicFile>(path)) {
  std::size_t start = 0;
  while (start < comment.size()) {
    std::size_t end = comment.find('\n', start);
    if (end == std::string_view::npos) end = comment.size();
    buffer_ += "# ";
    buffer_ += comment.substr(start, end - start);
    buffer_ += "\r\n";
    start = end + 1;
  }
  buffer_ += "\r\n"; // ldifde starts with a blank line
}

LdifWriter::~LdifWriter() = default; // unless closed, the half-written file is removed

void LdifWriter::line(std::string_view name, std::string_view value, bool forceBase64) {
  std::string text(name);
  if (forceBase64 || !isLdifSafe(value)) {
    text += ":: ";
    text += base64Encode(value);
  } else {
    text += ": ";
    text += value;
  }
  // Fold: the first line holds kFoldAt characters, each continuation ' ' + kFoldAt - 1.
  std::size_t at = 0;
  std::size_t width = kFoldAt;
  while (text.size() - at > width) {
    buffer_.append(text, at, width);
    buffer_ += "\r\n ";
    at += width;
    width = kFoldAt - 1;
  }
  buffer_.append(text, at, std::string::npos);
  buffer_ += "\r\n";
}

void LdifWriter::write(const DirectoryEntry& record, bool (*binary)(std::string_view name)) {
  line("dn", record.dn, false);
  buffer_ += "changetype: add\r\n";
  for (const DirectoryAttribute& a : record.attributes)
    line(a.name, a.value, binary(a.name));
  buffer_ += "\r\n"; // the blank line that ends a record (a reader sees truncation without it)
  if (buffer_.size() >= kFlushAt) {
    file_->stream().write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    if (!file_->stream())
      throw SourceError(
          fmt::format("{}: writing the LDIF file failed: {}", path_, std::strerror(errno)));
    buffer_.clear();
  }
}

void LdifWriter::close() {
  if (!file_) return;
  file_->stream().write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  file_->commit(); // the whole file, in place of the target, or an error and nothing
  file_.reset();
}

} // namespace migready
