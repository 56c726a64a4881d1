#pragma once
// HTTP requests and answers, the errors of the transport, and the numbers an answer carries
// (Retry-After), clamped.
#include "scanner/io/SourceError.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace migready {

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

// Bounds on one answer (README, "Limits and safety"): Graph pages are a few MB.
inline constexpr std::uint64_t kMaxAnswerBytes = 64u << 20; // body, after gzip is undone too

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

} // namespace migready
