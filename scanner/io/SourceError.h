#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace migready {

// A reader could not go on. The message names the file and line (or JSON pointer) and is
// written for the person who handed over the file.
class SourceError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// A TLS failure in words, from OpenSSL's reason (as libldap's diagnostic message or
// X509_verify_cert_error_string give it): expired, not yet valid, another host name, revoked, an
// untrusted issuer, each with the hint that fits it.
std::string tlsFailureWords(const std::string& reason);

// "line:column" (both 1-based) of byte `offset` in `text`, for parse errors that only know the
// offset (Boost.JSON, pugixml).
std::string lineColumnAt(std::string_view text, std::size_t offset);

// "path:line: message": how every error at a line of a file names its place.
std::string atLine(std::string_view path, std::uint64_t line, std::string_view message);

// An error at a line of a text file. what() is atLine(path, line, message); the parts stay apart so
// that a reader that started in the middle of a file can renumber the line.
class LocatedError : public SourceError {
public:
  LocatedError(std::string path, std::uint64_t line, std::string message);
  std::uint64_t line() const { return line_; }
  const std::string& message() const { return message_; }
  // The same error for a reader whose line 1 was line `offset + 1` of the file.
  std::string relocated(std::uint64_t offset) const;

private:
  std::string path_;
  std::uint64_t line_;
  std::string message_;
};

} // namespace migready
