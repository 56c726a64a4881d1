#pragma once
// The only code that talks HTTP. HTTPS only (Boost.Beast + OpenSSL), keep-alive per origin,
// certificate and host name verified, HTTPS_PROXY with CONNECT, gzip decoded when the answer
// says so. Read-only by construction: every request passes RequestPolicy first, which allows
// GET to the Graph host, POST only to the token endpoints and to Exchange Online's
// InvokeCommand with an allow-listed Get-* cmdlet; anything else is refused before a byte is
// sent.
#include "scanner/net/Http.h"
#include "scanner/net/ProxySettings.h"
#include "scanner/net/RequestPolicy.h"
#include "scanner/net/Url.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace migready {

struct HttpsOptions {
  std::string caFile; // PEM bundle instead of the system store (private CAs, inspecting proxies)
  std::chrono::seconds timeout{60}; // per request: connect, send, and the whole answer
  // No request may end after this (the whole live read's time): a request starts only with
  // time left, and its own timeout is cut to what is left.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  ProxySettings proxy;
};

class HttpsClient {
public:
  HttpsClient(RequestPolicy policy, HttpsOptions options);
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // One attempt. Adds client-request-id (a new GUID), Accept, Accept-Encoding: gzip, Host and
  // User-Agent. Throws ForbiddenRequest or HttpError; any HTTP status is returned.
  HttpResponse send(const HttpRequest& request);

  std::uint64_t requestsSent() const { return sent_; }

private:
  struct Connection;
  Connection& connectionFor(const Url& url);
  // The time the next step may take: the request timeout, or what is left of the whole read.
  std::chrono::steady_clock::duration timeLeft(std::string_view what) const;
  HttpResponse exchange(Connection& c, const Url& url, const HttpRequest& request);

  RequestPolicy policy_;
  HttpsOptions options_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::map<std::string, std::unique_ptr<Connection>> connections_; // by origin
  std::uint64_t sent_ = 0;
};

// One HTTP/1.1 answer as received on a connection, the way HttpsClient reads it (for tests and
// the fuzzer). Throws HttpError when the bytes are no complete answer, AnswerTooLarge over the
// cap.
HttpResponse parseHttpAnswer(std::string_view bytes);

} // namespace migready
