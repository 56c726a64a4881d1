#pragma once
// Reads a text file line by line as UTF-8, whatever ldifde wrote: UTF-8 (with or without BOM),
// ANSI/ASCII, or UTF-16LE/BE with BOM (`ldifde -u`). Streams: memory stays bounded by the
// longest line, not the file.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace migready {

// Decodes UTF-16 (little- or big-endian) into UTF-8, across chunk boundaries. Unpaired surrogates
// and an odd trailing byte become U+FFFD.
class Utf16Decoder {
public:
  explicit Utf16Decoder(bool bigEndian) : bigEndian_(bigEndian) {}
  void append(std::string_view bytes, std::string& out);
  void finish(std::string& out);

private:
  bool bigEndian_;
  std::string odd_; // a byte of a code unit whose second byte has not come yet
  std::uint32_t pendingHighSurrogate_ = 0;
};

// The bytes of a whole text file as UTF-8: a UTF-8 byte-order mark is dropped, UTF-16 with a
// byte-order mark (what Windows PowerShell's Out-File writes) is converted, anything else is
// returned as it is.
std::string decodeTextBytes(std::string text);

class TextInput {
public:
  // Throws SourceError when the file cannot be opened.
  explicit TextInput(const std::string& path);
  // Reads only bytes [begin, end) of a UTF-8/ANSI file, for readers that split a large file.
  // Line numbers count from `begin` (the caller knows where its part starts).
  TextInput(const std::string& path, std::uint64_t begin, std::uint64_t end);
  ~TextInput();
  TextInput(const TextInput&) = delete;
  TextInput& operator=(const TextInput&) = delete;

  // Next line without its CR/LF; false at end of file. The view stays valid until the next
  // call. Throws SourceError on I/O errors, NUL bytes or a line longer than 16 MiB.
  bool nextLine(std::string_view& line);
  // 1-based number of the line last returned.
  std::uint64_t lineNumber() const { return line_; }
  const std::string& path() const { return path_; }
  std::string_view encoding() const;

private:
  enum class Encoding { Utf8, Utf16Le, Utf16Be };
  bool refill();
  void noteNul(std::size_t from);

  std::string path_;
  std::FILE* file_ = nullptr;
  Encoding encoding_ = Encoding::Utf8;
  std::string buffer_; // UTF-8 text not yet returned starts at pos_
  std::size_t pos_ = 0;
  std::size_t nulAt_ = std::string::npos; // offset in buffer_ of the first NUL byte seen
  std::string raw_;                       // UTF-16 bytes read but not yet decoded
  Utf16Decoder utf16_{false};
  bool eof_ = false;
  std::uint64_t remaining_ = UINT64_MAX; // bytes of the file this input may still read
  std::uint64_t line_ = 0;
};

} // namespace migready
