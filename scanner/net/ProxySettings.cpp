#include "scanner/net/ProxySettings.h"

#include "scanner/model/Text.h"

#include <cstdlib>
#include <fmt/format.h>

namespace migready {

ProxySettings ProxySettings::fromEnvironment() {
  ProxySettings s;
  auto env = [](const char* a, const char* b) -> std::string {
    if (const char* v = std::getenv(a); v && *v) return v;
    if (const char* v = std::getenv(b); v && *v) return v;
    return "";
  };
  std::string proxy = env("https_proxy", "HTTPS_PROXY");
  if (!proxy.empty()) {
    if (proxy.find("://") == std::string::npos) proxy = "http://" + proxy;
    try {
      s.proxy = Url::parse(proxy);
    } catch (const SourceError& e) {
      throw SourceError(fmt::format("HTTPS_PROXY / https_proxy: {}", e.what()));
    }
    if (s.proxy->port == "443" && proxy.find(":443") == std::string::npos &&
        s.proxy->scheme == "http")
      s.proxy->port = "80";
  }
  const std::string noProxy = env("no_proxy", "NO_PROXY");
  std::size_t start = 0;
  while (start <= noProxy.size()) {
    auto end = noProxy.find(',', start);
    if (end == std::string::npos) end = noProxy.size();
    std::string item = toLowerAscii(noProxy.substr(start, end - start));
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (const auto colon = item.rfind(':');
        colon != std::string::npos && item.find(']') == std::string::npos)
      item.erase(colon);
    if (!item.empty()) s.noProxy.push_back(item);
    start = end + 1;
  }
  return s;
}

bool ProxySettings::bypass(std::string_view host) const {
  const std::string h = toLowerAscii(host);
  for (const std::string& entry : noProxy) {
    if (entry == "*") return true;
    const std::string suffix = entry.front() == '.' ? entry.substr(1) : entry;
    if (h == suffix) return true;
    if (h.size() > suffix.size() && h.ends_with(suffix) && h[h.size() - suffix.size() - 1] == '.')
      return true;
  }
  return false;
}

} // namespace migready
