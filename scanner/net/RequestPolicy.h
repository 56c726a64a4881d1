#pragma once
// Read-only by construction: what this tool may send, and where, decided before a byte is sent.
#include "scanner/net/Http.h"

#include <set>
#include <string>
#include <string_view>

namespace migready {

// What this tool may send, and where: whole origins (scheme, host and port) as configured for
// sign-in, Graph and Exchange Online. A next link to another port on the Graph host is another
// origin and gets no request, let alone a token.
class RequestPolicy {
public:
  // "https://graph.microsoft.com" (port 443 implied) or "https://127.0.0.1:8443".
  RequestPolicy& allowGraph(std::string_view url);
  RequestPolicy& allowLogin(std::string_view url);
  RequestPolicy& allowExchange(std::string_view url);
  // Throws ForbiddenRequest unless `request` is a GET to a Graph host, a POST of a form to
  // {login}/{tenant}/oauth2/v2.0/token or /devicecode, or a POST to
  // {exchange}/adminapi/beta/{tenant}/InvokeCommand whose body runs an allow-listed cmdlet.
  void check(const HttpRequest& request) const;
  static const std::set<std::string, std::less<>>& allowedCmdlets();

private:
  std::set<std::string, std::less<>> graph_, login_, exchange_;
};

} // namespace migready
