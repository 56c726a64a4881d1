#pragma once
// Puts a fuzzer's input where the readers expect it: a file in a private folder on tmpfs.
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace migready::fuzz {

inline const std::filesystem::path& workDir() {
  static const std::filesystem::path dir = [] {
    const std::filesystem::path base =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    auto d = base / ("migready-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

inline void writeFile(const std::filesystem::path& path, const uint8_t* data, size_t size) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

inline void writeText(const std::filesystem::path& path, std::string_view text) {
  writeFile(path, reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

// A saved Graph snapshot in `dir` whose every file is valid and empty but the one the fuzzer
// writes: the manifest (with Exchange Online when `exchange`), the organization, and an empty
// page in each expected folder.
inline void writeGraphSnapshot(const std::filesystem::path& dir, bool exchange) {
  writeText(dir / "manifest.json",
            exchange
                ? R"({"capturedAt":"2026-11-26T09:00:00Z","tenantId":"t","exchangeOnline":true})"
                : R"({"capturedAt":"2026-11-26T09:00:00Z","tenantId":"t"})");
  writeText(dir / "organization.json", R"({"value":[{"id":"t","onPremisesSyncEnabled":true}]})");
  for (const char* folder : {"users", "deletedUsers"})
    writeText(dir / folder / "page-001.json", R"({"value":[]})");
  if (exchange)
    for (const char* folder : {"exchange/mailUsers", "exchange/softDeletedMailUsers"})
      writeText(dir / folder / "page-001.json", R"({"value":[]})");
}

} // namespace migready::fuzz
