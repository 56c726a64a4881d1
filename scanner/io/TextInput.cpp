#include "scanner/io/TextInput.h"

#include "scanner/io/SourceError.h"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace migready {

namespace {
constexpr std::size_t kChunk = 1 << 20;
constexpr std::size_t kMaxLine = 16u << 20;

void appendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}
} // namespace

void Utf16Decoder::append(std::string_view bytes, std::string& out) {
  auto unitAt = [&](unsigned char a, unsigned char b) -> std::uint32_t {
    return bigEndian_ ? (a << 8) | b : a | (b << 8);
  };
  auto take = [&](std::uint32_t unit) {
    if (pendingHighSurrogate_) {
      if (unit >= 0xDC00 && unit <= 0xDFFF) {
        appendUtf8(out, 0x10000 + ((pendingHighSurrogate_ - 0xD800) << 10) + (unit - 0xDC00));
        pendingHighSurrogate_ = 0;
        return;
      }
      appendUtf8(out, 0xFFFD); // unpaired high surrogate
      pendingHighSurrogate_ = 0;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF)
      pendingHighSurrogate_ = unit;
    else if (unit >= 0xDC00 && unit <= 0xDFFF)
      appendUtf8(out, 0xFFFD);
    else
      appendUtf8(out, unit);
  };
  std::size_t i = 0;
  if (!odd_.empty() && !bytes.empty()) {
    take(unitAt(static_cast<unsigned char>(odd_[0]), static_cast<unsigned char>(bytes[0])));
    odd_.clear();
    i = 1;
  }
  for (; i + 1 < bytes.size(); i += 2)
    take(unitAt(static_cast<unsigned char>(bytes[i]), static_cast<unsigned char>(bytes[i + 1])));
  if (i < bytes.size()) odd_.assign(1, bytes[i]);
}

void Utf16Decoder::finish(std::string& out) {
  if (!odd_.empty() || pendingHighSurrogate_) appendUtf8(out, 0xFFFD);
  odd_.clear();
  pendingHighSurrogate_ = 0;
}

std::string decodeTextBytes(std::string text) {
  const auto starts = [&](std::string_view bom) { return std::string_view(text).starts_with(bom); };
  if (starts("\xEF\xBB\xBF")) return text.substr(3);
  const bool le = starts("\xFF\xFE"), be = starts("\xFE\xFF");
  if (!le && !be) return text;
  std::string out;
  out.reserve(text.size());
  Utf16Decoder decoder(be);
  decoder.append(std::string_view(text).substr(2), out);
  decoder.finish(out);
  return out;
}

TextInput::TextInput(const std::string& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw SourceError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  unsigned char bom[3] = {0, 0, 0};
  const std::size_t n = std::fread(bom, 1, 3, file_);
  std::size_t keep = 0; // bytes of `bom` that are content, not a byte-order mark
  if (n >= 2 && bom[0] == 0xFF && bom[1] == 0xFE) {
    encoding_ = Encoding::Utf16Le;
    utf16_.append({reinterpret_cast<char*>(bom) + 2, n - 2}, buffer_);
  } else if (n >= 2 && bom[0] == 0xFE && bom[1] == 0xFF) {
    encoding_ = Encoding::Utf16Be;
    utf16_ = Utf16Decoder(true);
    utf16_.append({reinterpret_cast<char*>(bom) + 2, n - 2}, buffer_);
  } else if (n == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF) {
    keep = 0;
  } else {
    keep = n;
    buffer_.assign(reinterpret_cast<char*>(bom), keep);
    noteNul(0);
  }
}

TextInput::TextInput(const std::string& path, std::uint64_t begin, std::uint64_t end)
    : path_(path) {
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw SourceError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  if (begin > 0 && std::fseek(file_, static_cast<long>(begin), SEEK_SET) != 0)
    throw SourceError(fmt::format("{}: cannot seek: {}", path, std::strerror(errno)));
  remaining_ = end - begin;
}

TextInput::~TextInput() {
  if (file_) std::fclose(file_);
}

std::string_view TextInput::encoding() const {
  switch (encoding_) {
  case Encoding::Utf8:
    return "UTF-8";
  case Encoding::Utf16Le:
    return "UTF-16LE";
  case Encoding::Utf16Be:
    return "UTF-16BE";
  }
  return "UTF-8";
}

void TextInput::noteNul(std::size_t from) {
  if (nulAt_ != std::string::npos) return;
  if (const void* nul = std::memchr(buffer_.data() + from, '\0', buffer_.size() - from))
    nulAt_ = static_cast<std::size_t>(static_cast<const char*>(nul) - buffer_.data());
}

bool TextInput::refill() {
  if (eof_) return false;
  // Drop what was already returned, keep the partial line.
  buffer_.erase(0, pos_);
  if (nulAt_ != std::string::npos) nulAt_ -= pos_;
  pos_ = 0;
  if (encoding_ == Encoding::Utf8) {
    const std::size_t old = buffer_.size();
    buffer_.resize(old + kChunk);
    const std::size_t n =
        std::fread(buffer_.data() + old, 1, std::min<std::uint64_t>(kChunk, remaining_), file_);
    remaining_ -= n;
    buffer_.resize(old + n);
    if (n == 0) {
      if (std::ferror(file_))
        throw SourceError(fmt::format("{}: cannot read: {}", path_, std::strerror(errno)));
      eof_ = true;
      return false;
    }
    noteNul(old); // text has no NUL byte: one scan per chunk, reported at its line
    return true;
  }
  raw_.resize(kChunk);
  const std::size_t n = std::fread(raw_.data(), 1, kChunk, file_);
  raw_.resize(n);
  const std::size_t before = buffer_.size();
  if (n == 0) {
    if (std::ferror(file_))
      throw SourceError(fmt::format("{}: cannot read: {}", path_, std::strerror(errno)));
    eof_ = true;
    utf16_.finish(buffer_); // an odd trailing byte
    noteNul(before);
    return buffer_.size() > before;
  }
  utf16_.append(raw_, buffer_);
  noteNul(before);
  return true;
}

bool TextInput::nextLine(std::string_view& line) {
  std::size_t scanFrom = pos_;
  for (;;) {
    const char* begin = buffer_.data() + pos_;
    const void* nl = std::memchr(buffer_.data() + scanFrom, '\n', buffer_.size() - scanFrom);
    if (nl || (eof_ && pos_ < buffer_.size())) {
      const char* end = nl ? static_cast<const char*>(nl) : buffer_.data() + buffer_.size();
      std::size_t length = static_cast<std::size_t>(end - begin);
      pos_ += length + (nl ? 1 : 0);
      if (length > 0 && begin[length - 1] == '\r') --length;
      ++line_;
      line = std::string_view(begin, length);
      if (nulAt_ != std::string::npos && nulAt_ < pos_)
        throw LocatedError(path_, line_,
                           "NUL byte in the text: binary data, or UTF-16 without a byte-order "
                           "mark; this is not an LDIF export");
      return true;
    }
    if (buffer_.size() - pos_ > kMaxLine)
      throw LocatedError(path_, line_ + 1, "line longer than 16 MiB");
    const std::size_t unreturned = buffer_.size() - pos_;
    if (!refill() && pos_ >= buffer_.size()) return false;
    scanFrom = pos_ + unreturned; // refill may have moved the unreturned text to the front
  }
}

} // namespace migready
