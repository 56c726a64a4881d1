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

} // namespace migready::fuzz
