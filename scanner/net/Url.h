#pragma once
// URLs as the HTTP side uses them: split, compared by origin, shown without passwords.
#include "scanner/io/SourceError.h"

#include <string>
#include <string_view>

namespace migready {

struct Url {
  std::string scheme; // "https" (or "http" for proxies)
  std::string userInfo;
  std::string host;
  std::string port;
  std::string target; // path and query, "/" at least
  // Throws SourceError for anything that is not scheme://host[:port][/target].
  static Url parse(std::string_view text);
  std::string origin() const; // scheme://host:port
};

// `text` with the user and password of its authority (user:password@) replaced by "***": every
// message that names a URL goes through it.
std::string redactedUrl(std::string_view text);

// True for an https://host[:port][/path] URL.
bool isHttpsUrl(std::string_view text);

// application/x-www-form-urlencoded value.
std::string formEncode(std::string_view value);
std::string percentDecode(std::string_view value);

} // namespace migready
