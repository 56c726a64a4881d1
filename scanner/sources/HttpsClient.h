#pragma once
// The only code that talks HTTP. HTTPS only (Boost.Beast + OpenSSL), keep-alive per origin,
// certificate and host name verified, HTTPS_PROXY with CONNECT, gzip decoded when the answer
// says so. Read-only by construction: every request passes RequestPolicy first, which allows
// GET to the Graph host, POST only to the token endpoints and to Exchange Online's
// InvokeCommand with an allow-listed Get-* cmdlet; anything else is refused before a byte is
// sent.
#include "scanner/sources/SourceError.h"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string body;                           // decoded (gzip undone)
  std::map<std::string, std::string> headers; // names lower-cased
  std::string header(std::string_view name) const;
  // "request-id ..., client-request-id ..." for error messages (Microsoft support asks for them).
  std::string diagnostics() const;
};

// A request the read-only policy refuses. Never retried, never sent.
class ForbiddenRequest : public SourceError {
public:
  using SourceError::SourceError;
};

// The transport failed (connect, TLS, proxy, timeout, connection closed mid-body, bad gzip).
class HttpError : public SourceError {
public:
  using SourceError::SourceError;
};

// The answer is larger than an answer may be (kMaxAnswerBytes, also once inflated): the server
// will send it again, so it is never worth a retry.
class AnswerTooLarge : public HttpError {
public:
  using HttpError::HttpError;
};

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

struct ProxySettings {
  std::optional<Url> proxy;         // from HTTPS_PROXY / https_proxy
  std::vector<std::string> noProxy; // from NO_PROXY / no_proxy
  static ProxySettings fromEnvironment();
  bool bypass(std::string_view host) const;
};

// Bounds on one answer (README, "Limits and safety"): Graph pages are a few MB.
inline constexpr std::uint64_t kMaxAnswerBytes = 64u << 20; // body, after gzip is undone too

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

// Retry-After (RFC 9110): delay-seconds or an HTTP-date, as seconds from `nowEpochSeconds`,
// clamped to 0..86400 before any arithmetic; nullopt when absent or malformed.
std::optional<std::int64_t> retryAfterSeconds(std::string_view value, std::int64_t nowEpochSeconds);
// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") to seconds since the epoch.
std::optional<std::int64_t> parseHttpDate(std::string_view value);

// A random (version 4) GUID in text form, for client-request-id and jti.
std::string newGuid();
// Undoes gzip (RFC 1952) as a stream, stopping at `maxBytes` of output; throws HttpError on a
// corrupt or truncated stream, or one that inflates to more than `maxBytes`.
std::string gunzip(std::string_view compressed, std::uint64_t maxBytes = kMaxAnswerBytes);

// One HTTP/1.1 answer as received on a connection, the way HttpsClient reads it (for tests and
// the fuzzer). Throws HttpError when the bytes are no complete answer, AnswerTooLarge over the
// cap.
HttpResponse parseHttpAnswer(std::string_view bytes);
// application/x-www-form-urlencoded value.
std::string formEncode(std::string_view value);
std::string percentDecode(std::string_view value);

} // namespace migready
