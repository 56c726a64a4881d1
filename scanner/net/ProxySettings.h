#pragma once
// HTTPS_PROXY / NO_PROXY as curl reads them.
#include "scanner/net/Url.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

struct ProxySettings {
  std::optional<Url> proxy;         // from HTTPS_PROXY / https_proxy
  std::vector<std::string> noProxy; // from NO_PROXY / no_proxy
  static ProxySettings fromEnvironment();
  bool bypass(std::string_view host) const;
};

} // namespace migready
