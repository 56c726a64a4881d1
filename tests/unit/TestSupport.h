#pragma once
// Small helpers for the unit tests: temporary files and hand-built model objects.
#include "scanner/model/Snapshot.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace migready::test {

// A file (or folder) under the system temp dir, removed when the test ends.
class TempPath {
public:
  explicit TempPath(std::string_view name) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("migready-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + "-" +
             std::string(name));
  }
  ~TempPath() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // Writes `content` byte for byte to path()/relative (or path() itself when relative is empty).
  void write(std::string_view content, const std::string& relative = "") const {
    const auto target = relative.empty() ? path_ : path_ / relative;
    std::filesystem::create_directories(target.parent_path());
    std::ofstream out(target, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  }

private:
  std::filesystem::path path_;
};

inline Guid guidOf(std::string_view text) {
  return *Guid::parse(text);
}

// An in-scope user; tests change what they need.
inline AdAccount user(std::string sam, std::string ou = "OU=Staff,DC=corp,DC=example,DC=com") {
  AdAccount a;
  a.samAccountName = sam;
  a.dn = "CN=" + sam + "," + ou;
  a.userPrincipalName = sam + "@example.com";
  a.line = 1;
  return a;
}

inline AdAccount mailbox(std::string sam, std::string_view mailboxGuid, std::int64_t rtd = 1) {
  AdAccount a = user(std::move(sam));
  a.mailboxGuid = guidOf(mailboxGuid);
  a.recipientTypeDetails = rtd;
  return a;
}

} // namespace migready::test
