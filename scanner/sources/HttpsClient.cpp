#include "scanner/sources/HttpsClient.h"

#include "scanner/model/Encoding.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <cctype>
#include <cstdlib>
#include <fmt/format.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <zlib.h>

namespace migready {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

bool isIpLiteral(const std::string& host) {
  boost::system::error_code ec;
  net::ip::make_address(host, ec);
  return !ec;
}

} // namespace

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
  url.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (url.target.front() == '?') url.target.insert(0, "/");
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

std::string HttpResponse::header(std::string_view name) const {
  const auto it = headers.find(toLowerAscii(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string HttpResponse::diagnostics() const {
  std::string out;
  for (const char* name : {"request-id", "client-request-id", "x-ms-ags-diagnostic"})
    if (auto v = header(name); !v.empty())
      out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", name, v);
  return out;
}

// ---- the read-only policy -----------------------------------------------------------------

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

// ---- proxy settings -----------------------------------------------------------------------

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

// ---- helpers ------------------------------------------------------------------------------

std::optional<std::int64_t> parseHttpDate(std::string_view v) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  if (v.size() != 29 || v[3] != ',' || v.substr(25) != " GMT") return std::nullopt;
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const auto month = kMonths.find(v.substr(8, 3));
  if (month == std::string_view::npos || month % 3 != 0) return std::nullopt;
  const std::string iso = fmt::format("{}-{:02}-{}T{}Z", v.substr(12, 4), month / 3 + 1,
                                      v.substr(5, 2), v.substr(17, 8));
  return parseIsoTime(iso);
}

std::optional<std::int64_t> retryAfterSeconds(std::string_view value,
                                              std::int64_t nowEpochSeconds) {
  constexpr std::int64_t kMax = 86400;
  while (!value.empty() && value.front() == ' ')
    value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ')
    value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    // Any number of digits: past 19 they do not fit; clamped either way.
    if (value.size() > 6) return kMax;
    return std::min(*parseInt64(value), kMax);
  }
  const auto at = parseHttpDate(value);
  if (!at) return std::nullopt;
  if (*at <= nowEpochSeconds) return 0;
  return std::min(*at - nowEpochSeconds, kMax);
}

std::string newGuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw HttpError("no randomness for a GUID");
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  return fmt::format("{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}"
                     "{:02x}{:02x}{:02x}{:02x}",
                     b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                     b[12], b[13], b[14], b[15]);
}

std::string gunzip(std::string_view compressed, std::uint64_t maxBytes) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw HttpError("zlib: cannot start inflate");
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(std::min<std::size_t>(compressed.size(), UINT32_MAX));
  char chunk[65536];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      throw HttpError(rc == Z_BUF_ERROR ? "the gzip body is truncated"
                                        : fmt::format("the gzip body is corrupt (zlib {})", rc));
    }
    // Stop as the cap is passed, not after: a small answer may inflate to gigabytes.
    if (out.size() + (sizeof chunk - z.avail_out) > maxBytes) {
      inflateEnd(&z);
      throw AnswerTooLarge(
          fmt::format("the answer inflates to more than {} bytes, more than any Graph "
                      "page; not read",
                      maxBytes));
    }
    out.append(chunk, sizeof chunk - z.avail_out);
  }
  inflateEnd(&z);
  return out;
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

// ---- the client ---------------------------------------------------------------------------

struct HttpsClient::Impl {
  net::io_context io;
  ssl::context tls{ssl::context::tls_client};
};

struct HttpsClient::Connection {
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream;
  beast::flat_buffer buffer;
  std::uint64_t uses = 0;
};

HttpsClient::HttpsClient(RequestPolicy policy, HttpsOptions options)
    : policy_(std::move(policy)), options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  impl_->tls.set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (!options_.caFile.empty()) {
    impl_->tls.load_verify_file(options_.caFile, ec);
    if (ec)
      throw HttpError(fmt::format("--tls-ca {}: cannot load CA certificates: {}", options_.caFile,
                                  ec.message()));
  } else {
    impl_->tls.set_default_verify_paths(ec);
  }
}

HttpsClient::~HttpsClient() = default;

namespace {
// Beast's per-operation timeouts (tcp_stream::expires_after) only apply to asynchronous
// operations: each step is started asynchronously and the io_context run until it completes.
template <typename Start> void await(net::io_context& io, Start start) {
  boost::system::error_code result;
  bool done = false;
  start([&](boost::system::error_code ec, auto&&...) {
    result = ec;
    done = true;
  });
  io.restart();
  io.run();
  if (!done) throw boost::system::system_error(net::error::operation_aborted);
  if (result) throw boost::system::system_error(result);
}

std::string describe(const boost::system::system_error& e) {
  const auto code = e.code();
  if (code == http::error::body_limit)
    return fmt::format("the answer is larger than {} bytes, more than any Graph page; not read",
                       kMaxAnswerBytes);
  if (code.category() == http::make_error_code(http::error::bad_version).category())
    return fmt::format("the server's answer is not valid HTTP ({})", code.message());
  std::string what = code.message();
  if (code.category() == net::error::get_ssl_category() ||
      what.find("certificate") != std::string::npos)
    what += fmt::format(" ({})", tlsFailureWords(what));
  return what;
}
// One answer, read the same way from the network and from bytes (parseHttpAnswer): Beast's
// header limit, the body cap, and gzip undone as a stream under the same cap.
using AnswerParser = http::response_parser<http::string_body>;
void limit(AnswerParser& parser) {
  parser.body_limit(kMaxAnswerBytes);
}

HttpResponse answerOf(AnswerParser& parser) {
  auto res = parser.release();
  HttpResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res)
    out.headers[toLowerAscii(field.name_string())] = std::string(field.value());
  out.body = std::move(res.body());
  if (toLowerAscii(out.header("content-encoding")) == "gzip") out.body = gunzip(out.body);
  return out;
}
} // namespace

std::chrono::steady_clock::duration HttpsClient::timeLeft(std::string_view what) const {
  const auto now = std::chrono::steady_clock::now();
  if (now >= options_.deadline)
    throw HttpError(fmt::format("{}: the time allowed for the whole live read is over", what));
  return std::min<std::chrono::steady_clock::duration>(options_.timeout, options_.deadline - now);
}

HttpsClient::Connection& HttpsClient::connectionFor(const Url& url) {
  const std::string origin = url.origin();
  if (auto it = connections_.find(origin); it != connections_.end()) return *it->second;
  auto c = std::make_unique<Connection>();
  c->stream = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(impl_->io, impl_->tls);
  auto& socket = beast::get_lowest_layer(*c->stream);
  socket.expires_after(timeLeft(fmt::format("connect to {}", url.origin())));
  const bool viaProxy = options_.proxy.proxy && !options_.proxy.bypass(url.host);
  const std::string step =
      viaProxy ? fmt::format("proxy {}:{}", options_.proxy.proxy->host, options_.proxy.proxy->port)
               : fmt::format("{}:{}", url.host, url.port);
  try {
    tcp::resolver resolver(impl_->io);
    if (viaProxy) {
      const Url& proxy = *options_.proxy.proxy;
      const auto proxyAddresses = resolver.resolve(proxy.host, proxy.port);
      await(impl_->io, [&](auto h) { socket.async_connect(proxyAddresses, h); });
      http::request<http::empty_body> connect{http::verb::connect, url.host + ":" + url.port, 11};
      connect.set(http::field::host, url.host + ":" + url.port);
      connect.set(http::field::user_agent, "migready/" MIGREADY_VERSION);
      if (!proxy.userInfo.empty())
        connect.set(http::field::proxy_authorization,
                    "Basic " + base64Encode(percentDecode(proxy.userInfo)));
      await(impl_->io, [&](auto h) { http::async_write(socket, connect, h); });
      http::response_parser<http::empty_body> answer;
      answer.skip(true); // a CONNECT answer has no body
      await(impl_->io, [&](auto h) { http::async_read(socket, c->buffer, answer, h); });
      const unsigned status = answer.get().result_int();
      if (status != 200)
        throw HttpError(fmt::format("{} refused CONNECT {}:{}: HTTP {}{}", step, url.host, url.port,
                                    status,
                                    status == 407 ? " (proxy authentication: put user:password in "
                                                    "HTTPS_PROXY)"
                                                  : ""));
    } else {
      const auto addresses = resolver.resolve(url.host, url.port);
      await(impl_->io, [&](auto h) { socket.async_connect(addresses, h); });
    }
    // The host name (or address) is checked by OpenSSL itself, so that a mismatch is reported as
    // one ("hostname mismatch"), not as an unspecified verification error.
    SSL* handle = c->stream->native_handle();
    X509_VERIFY_PARAM* param = SSL_get0_param(handle);
    if (isIpLiteral(url.host)) {
      if (X509_VERIFY_PARAM_set1_ip_asc(param, url.host.c_str()) != 1)
        throw HttpError("cannot set the address to verify");
    } else if (!SSL_set_tlsext_host_name(handle, url.host.c_str()) ||
               X509_VERIFY_PARAM_set1_host(param, url.host.c_str(), 0) != 1) {
      throw HttpError("cannot set the TLS server name");
    }
    await(impl_->io, [&](auto h) { c->stream->async_handshake(ssl::stream_base::client, h); });
  } catch (const boost::system::system_error& e) {
    // A certificate the chain check refused: OpenSSL's reason says which check (expired, host
    // name, issuer), each with its own remedy.
    std::string why = describe(e);
    if (const long verify = SSL_get_verify_result(c->stream->native_handle());
        verify != X509_V_OK && e.code().category() == net::error::get_ssl_category())
      why = fmt::format("{} ({})", X509_verify_cert_error_string(verify),
                        tlsFailureWords(X509_verify_cert_error_string(verify)));
    throw HttpError(fmt::format("https://{}:{}: {} failed: {}", url.host, url.port,
                                viaProxy ? "connect through " + step : "connect/TLS handshake",
                                why));
  }
  Connection& ref = *c;
  connections_[origin] = std::move(c);
  return ref;
}

HttpResponse HttpsClient::exchange(Connection& c, const Url& url, const HttpRequest& request) {
  http::request<http::string_body> req{http::string_to_verb(request.method), url.target, 11};
  req.set(http::field::host, url.port == "443" ? url.host : url.host + ":" + url.port);
  req.set(http::field::user_agent, "migready/" MIGREADY_VERSION);
  req.set(http::field::accept, "application/json");
  req.set(http::field::accept_encoding, "gzip");
  req.set("client-request-id", newGuid());
  for (const auto& [name, value] : request.headers)
    req.set(name, value);
  if (request.method == "POST") {
    req.body() = request.body;
    req.prepare_payload();
  }
  auto& socket = beast::get_lowest_layer(*c.stream);
  socket.expires_after(timeLeft(fmt::format("{} {}", request.method, redactedUrl(request.url))));
  await(impl_->io, [&](auto h) { http::async_write(*c.stream, req, h); });
  AnswerParser parser;
  limit(parser);
  await(impl_->io, [&](auto h) { http::async_read(*c.stream, c.buffer, parser, h); });
  ++c.uses;
  ++sent_;
  const bool keepAlive = parser.get().keep_alive();
  try {
    HttpResponse out = answerOf(parser);
    if (!keepAlive) connections_.erase(url.origin());
    return out;
  } catch (const AnswerTooLarge& e) {
    throw AnswerTooLarge(
        fmt::format("{} {}: {}", request.method, redactedUrl(request.url), e.what()));
  }
}

HttpResponse parseHttpAnswer(std::string_view bytes) {
  AnswerParser parser;
  limit(parser);
  parser.eager(true);
  boost::system::error_code ec;
  std::size_t used = 0;
  while (!ec && !parser.is_done() && used < bytes.size())
    used += parser.put(net::buffer(bytes.data() + used, bytes.size() - used), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec); // the connection closed here
  if (ec) {
    if (ec == http::error::body_limit)
      throw AnswerTooLarge(describe(boost::system::system_error(ec)));
    throw HttpError(ec == http::error::partial_message || ec == http::error::need_more
                        ? std::string("the connection closed in the middle of the answer "
                                      "(truncated response)")
                        : describe(boost::system::system_error(ec)));
  }
  return answerOf(parser);
}

HttpResponse HttpsClient::send(const HttpRequest& request) {
  policy_.check(request); // before anything else: a refused request never leaves the process
  const Url url = Url::parse(request.url);
  for (int attempt = 0;; ++attempt) {
    Connection& c = connectionFor(url);
    const bool reused = c.uses > 0;
    try {
      return exchange(c, url, request);
    } catch (const boost::system::system_error& e) {
      connections_.erase(url.origin());
      // A kept-alive connection the server closed while idle: open a new one once.
      const auto code = e.code();
      if (reused && attempt == 0 &&
          (code == http::error::end_of_stream || code == net::error::connection_reset ||
           code == net::error::broken_pipe || code == net::error::eof))
        continue;
      const std::string what0 = describe(e);
      if (code == http::error::body_limit)
        throw AnswerTooLarge(
            fmt::format("{} {}: {}", request.method, redactedUrl(request.url), what0));
      std::string what = what0;
      if (code == http::error::partial_message || code == http::error::end_of_stream ||
          code == net::error::eof || code == ssl::error::stream_truncated)
        what = "the connection closed in the middle of the answer (truncated response)";
      else if (code == beast::error::timeout)
        what = std::chrono::steady_clock::now() >= options_.deadline
                   ? std::string("the time allowed for the whole live read ran out")
                   : fmt::format("no complete answer within {} s", options_.timeout.count());
      throw HttpError(fmt::format("{} {}: {}", request.method, redactedUrl(request.url), what));
    }
  }
}

} // namespace migready
