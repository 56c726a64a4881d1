#include "scanner/net/Url.h"

#include "scanner/model/Text.h"

#include <cctype>
#include <fmt/format.h>

namespace migready {

std::string redactedUrl(std::string_view text) {
  const auto scheme = text.find("://");
  const std::size_t from = scheme == std::string_view::npos ? 0 : scheme + 3;
  const auto end = text.find_first_of("/?#", from);
  const auto at = text.substr(0, end).rfind('@');
  if (at == std::string_view::npos || at < from) return std::string(text);
  return fmt::format("{}***@{}", text.substr(0, from), text.substr(at + 1));
}

Url Url::parse(std::string_view text) {
  Url url;
  const auto scheme = text.find("://");
  if (scheme == std::string_view::npos)
    throw SourceError(
        fmt::format("\"{}\" is not a URL (scheme://host[:port]/path)", redactedUrl(text)));
  url.scheme = toLowerAscii(text.substr(0, scheme));
  std::string_view rest = text.substr(scheme + 3);
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  // A query straight after the authority gets its "/" path ("host?q" -> "/?q").
  url.target =
      fmt::format("{}{}", slash == std::string_view::npos || rest[slash] == '?' ? "/" : "",
                  slash == std::string_view::npos ? std::string_view() : rest.substr(slash));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    url.userInfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
  }
  if (!authority.empty() && authority.front() == '[') { // [IPv6]:port
    const auto close = authority.find(']');
    if (close == std::string_view::npos)
      throw SourceError(fmt::format("bad URL \"{}\"", redactedUrl(text)));
    url.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      url.port = authority.substr(close + 2);
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    url.host = authority.substr(0, colon);
    url.port = authority.substr(colon + 1);
  } else {
    url.host = authority;
  }
  url.host = toLowerAscii(url.host);
  if (url.port.empty()) url.port = url.scheme == "http" ? "80" : "443";
  if (url.host.empty() || url.port.find_first_not_of("0123456789") != std::string::npos ||
      (url.scheme != "https" && url.scheme != "http"))
    throw SourceError(
        fmt::format("\"{}\" is not an http(s)://host[:port]/path URL", redactedUrl(text)));
  return url;
}

std::string Url::origin() const {
  return fmt::format("{}://{}:{}", scheme, host, port);
}

bool isHttpsUrl(std::string_view text) {
  try {
    return Url::parse(text).scheme == "https";
  } catch (const SourceError&) {
    return false;
  }
}

std::string formEncode(std::string_view value) {
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string percentDecode(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '%' && i + 2 < value.size() &&
        std::isxdigit(static_cast<unsigned char>(value[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(value[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(value.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += value[i];
    }
  }
  return out;
}

} // namespace migready
