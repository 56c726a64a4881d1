#include "scanner/io/SourceError.h"

#include "scanner/model/Setting.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <fmt/format.h>

namespace migready {

std::string tlsFailureWords(const std::string& reason) {
  // OpenSSL's reason, as libldap passes it on in the diagnostic message.
  const std::string d = toLowerAscii(reason);
  if (d.find("certificate has expired") != std::string::npos)
    return fmt::format("the server's TLS certificate has expired: the server's administrator "
                       "must renew it (a CA given with {} does not help)",
                       settingName(Setting::TlsCa));
  if (d.find("certificate is not yet valid") != std::string::npos)
    return "the server's TLS certificate is not valid yet: check this machine's clock, or the "
           "certificate's dates";
  if (d.find("hostname mismatch") != std::string::npos ||
      d.find("ip address mismatch") != std::string::npos ||
      d.find("does not match") != std::string::npos ||
      d.find("host name mismatch") != std::string::npos)
    return "the server's TLS certificate does not name the host in the URL: use the name the "
           "certificate carries (the domain controller's DNS name), not an address or alias";
  if (d.find("revoked") != std::string::npos)
    return "the server's TLS certificate has been revoked by its issuer: do not trust this server";
  if (d.find("unable to get local issuer") != std::string::npos ||
      d.find("self-signed") != std::string::npos || d.find("self signed") != std::string::npos ||
      d.find("unable to get issuer") != std::string::npos)
    return fmt::format("the server's TLS certificate is issued by a CA this machine does not "
                       "trust: give the issuing CA with {}",
                       settingName(Setting::TlsCa));
  return fmt::format("the connection failed (TLS handshake or certificate verification; see {})",
                     settingName(Setting::TlsCa));
}

std::string lineColumnAt(std::string_view text, std::size_t offset) {
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t lineStart = before.rfind('\n');
  const std::size_t column =
      before.size() - (lineStart == std::string_view::npos ? 0 : lineStart + 1) + 1;
  return fmt::format("{}:{}", line, column);
}

std::string atLine(std::string_view path, std::uint64_t line, std::string_view message) {
  return fmt::format("{}:{}: {}", path, line, message);
}

LocatedError::LocatedError(std::string path, std::uint64_t line, std::string message)
    : SourceError(atLine(path, line, message)), path_(std::move(path)), line_(line),
      message_(std::move(message)) {}

std::string LocatedError::relocated(std::uint64_t offset) const {
  return offset == 0 ? std::string(what()) : atLine(path_, line_ + offset, message_);
}

} // namespace migready
