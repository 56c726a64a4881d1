#include "scanner/net/RequestPolicy.h"

#include "scanner/model/Text.h"
#include "scanner/net/Url.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <vector>

namespace migready {

RequestPolicy& RequestPolicy::allowGraph(std::string_view url) {
  graph_.insert(Url::parse(url).origin());
  return *this;
}
RequestPolicy& RequestPolicy::allowLogin(std::string_view url) {
  login_.insert(Url::parse(url).origin());
  return *this;
}
RequestPolicy& RequestPolicy::allowExchange(std::string_view url) {
  exchange_.insert(Url::parse(url).origin());
  return *this;
}

const std::set<std::string, std::less<>>& RequestPolicy::allowedCmdlets() {
  // Cmdlets that only read. Get-MailUser is the one CLOUD005 needs.
  static const std::set<std::string, std::less<>> kCmdlets = {"Get-MailUser", "Get-Recipient",
                                                              "Get-User", "Get-Mailbox"};
  return kCmdlets;
}

namespace {
std::vector<std::string_view> pathSegments(std::string_view target) {
  target = target.substr(0, target.find('?'));
  std::vector<std::string_view> parts;
  while (!target.empty()) {
    if (target.front() == '/') {
      target.remove_prefix(1);
      continue;
    }
    const auto slash = target.find('/');
    parts.push_back(target.substr(0, slash));
    target = slash == std::string_view::npos ? std::string_view() : target.substr(slash);
  }
  return parts;
}
} // namespace

void RequestPolicy::check(const HttpRequest& request) const {
  const Url url = Url::parse(request.url);
  auto refuse = [&](std::string_view why) {
    throw ForbiddenRequest(fmt::format("refused by migready's read-only policy: {} {} ({})",
                                       request.method, request.url, why));
  };
  if (url.scheme != "https") refuse("HTTPS only");
  const std::string origin = url.origin();
  if (request.method == "GET") {
    if (!graph_.count(origin)) refuse("GET goes to the configured Graph origin only");
    return;
  }
  if (request.method != "POST") refuse("only GET, and POST to sign in or run a Get-* cmdlet");
  // One origin may serve both sign-in and Exchange Online (a test server, a private cloud):
  // each POST is judged by the rule its path falls under.
  const auto parts = pathSegments(url.target);
  const bool toLogin = login_.count(origin) > 0, toExchange = exchange_.count(origin) > 0;
  if (toLogin && parts.size() == 4 && parts[1] == "oauth2" && parts[2] == "v2.0" &&
      (parts[3] == "token" || parts[3] == "devicecode"))
    return;
  if (toExchange && parts.size() == 4 && equalsIgnoreCase(parts[0], "adminapi") &&
      parts[1] == "beta" && equalsIgnoreCase(parts[3], "InvokeCommand")) {
    std::string cmdlet;
    try {
      const auto body = boost::json::parse(request.body);
      cmdlet = boost::json::value_to<std::string>(body.at("CmdletInput").at("CmdletName"));
    } catch (const std::exception&) {
      refuse("InvokeCommand without a CmdletInput.CmdletName");
    }
    if (!allowedCmdlets().count(cmdlet))
      refuse(fmt::format("cmdlet {} is not on the read-only allow-list", cmdlet));
    for (const auto& [name, value] : request.headers)
      if (equalsIgnoreCase(name, "X-CmdletName") && value != cmdlet)
        refuse("X-CmdletName differs from the cmdlet in the body");
    return;
  }
  if (toLogin)
    refuse("POST to the sign-in host is for /{tenant}/oauth2/v2.0/token or /devicecode only");
  if (toExchange)
    refuse("POST to Exchange Online is for /adminapi/beta/{tenant}/InvokeCommand only");
  refuse("POST to an origin that is neither the configured sign-in nor Exchange Online origin");
}

} // namespace migready
