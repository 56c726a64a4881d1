#include "scanner/io/FileOutput.h"

#include "scanner/io/SourceError.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <mutex>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace migready {

namespace fs = std::filesystem;

namespace {
std::mutex& temporariesMutex() {
  static std::mutex m;
  return m;
}
std::set<std::string>& temporaries() {
  static std::set<std::string> paths;
  return paths;
}

// The mode a new file gets from the user's umask (files are 0666 before it).
mode_t defaultFileMode() {
  static const mode_t mode = [] {
    const mode_t mask = ::umask(022);
    ::umask(mask);
    return static_cast<mode_t>(0666 & ~mask);
  }();
  return mode;
}
} // namespace

void registerTemporary(const std::string& path) {
  std::lock_guard lock(temporariesMutex());
  temporaries().insert(path);
}

void forgetTemporary(const std::string& path) {
  std::lock_guard lock(temporariesMutex());
  temporaries().erase(path);
}

void removeTemporaries() {
  std::lock_guard lock(temporariesMutex());
  for (const std::string& path : temporaries()) {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  temporaries().clear();
}

AtomicFile::AtomicFile(std::string target) : target_(std::move(target)) {
  std::error_code ec;
  const fs::file_status status = fs::status(target_, ec);
  if (!ec && fs::exists(status) && !fs::is_regular_file(status)) {
    if (fs::is_directory(status))
      throw SourceError(fmt::format("{}: is a folder, not a file", target_));
    direct_ = true; // a terminal, a pipe, a device: written as it is
    out_.open(target_, std::ios::binary | std::ios::out);
    if (!out_)
      throw SourceError(fmt::format("{}: cannot write: {}", target_, std::strerror(errno)));
    return;
  }
  const fs::path path(target_);
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  // (fmt, not "." + name + ...: GCC 12 at -O3 warns -Wrestrict on that, falsely.)
  std::string pattern =
      (folder / fmt::format(".{}.migready-XXXXXX", path.filename().string())).string();
  int fd = -1;
  {
    // Created and registered under one lock: an interrupt never finds it unregistered.
    std::lock_guard lock(temporariesMutex());
    fd = ::mkstemp(pattern.data());
    if (fd >= 0) temporaries().insert(pattern);
  }
  if (fd < 0)
    throw SourceError(fmt::format("{}: cannot create a file in {}: {}", target_, folder.string(),
                                  std::strerror(errno)));
  temporary_ = pattern;
  // Keep the target's permissions when it exists, else what the umask gives a new file.
  struct stat existing {};
  const mode_t mode =
      ::stat(target_.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : defaultFileMode();
  ::fchmod(fd, mode);
  ::close(fd);
  out_.open(temporary_, std::ios::binary | std::ios::out | std::ios::trunc);
  if (!out_)
    throw SourceError(fmt::format("{}: cannot write: {}", temporary_, std::strerror(errno)));
}

AtomicFile::~AtomicFile() {
  if (temporary_.empty() || committed_) return;
  out_.close();
  ::unlink(temporary_.c_str());
  forgetTemporary(temporary_);
}

void AtomicFile::finish() {
  if (finished_) return;
  out_.flush();
  const bool flushed = static_cast<bool>(out_);
  const int flushError = errno;
  out_.close();
  finished_ = true;
  if (!flushed || !out_)
    throw SourceError(fmt::format("{}: writing failed: {}", target_,
                                  std::strerror(flushError ? flushError : EIO)));
}

void AtomicFile::commit() {
  finish();
  if (direct_ || committed_) return;
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0)
    throw SourceError(
        fmt::format("{}: cannot put the file in place: {}", target_, std::strerror(errno)));
  committed_ = true;
  forgetTemporary(temporary_);
}

} // namespace migready
