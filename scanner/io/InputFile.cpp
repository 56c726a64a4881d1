#include "scanner/io/InputFile.h"

#include "scanner/io/SourceError.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

namespace migready {

namespace fs = std::filesystem;

std::optional<std::string> wrongKind(const std::string& path, bool folderExpected) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return std::nullopt;
  if (!folderExpected && fs::is_directory(status)) return "is a folder, not a file";
  if (folderExpected && !fs::is_directory(status)) return "is a file, not a folder";
  return std::nullopt;
}

std::string sizeText(std::uintmax_t bytes) {
  if (bytes >= (1u << 30) && bytes % (1u << 30) == 0) return fmt::format("{} GiB", bytes >> 30);
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

std::string readInputFile(const std::string& path, std::uintmax_t maxBytes, std::string_view what) {
  if (const auto wrong = wrongKind(path, false))
    throw SourceError(fmt::format("{}: {}", path, *wrong));
  const auto tooLarge = [&] {
    return SourceError(
        fmt::format("{}: larger than the {} {} may hold", path, sizeText(maxBytes), what));
  };
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec); // fails for pipes: read them as they come
  if (!ec && size > maxBytes) throw tooLarge();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SourceError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::string bytes;
  if (!ec) bytes.reserve(static_cast<std::size_t>(size));
  char chunk[1 << 16];
  while (in) {
    in.read(chunk, sizeof chunk);
    bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > maxBytes) throw tooLarge();
  }
  if (in.bad()) throw SourceError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  return bytes;
}

} // namespace migready
