#include "scanner/net/HttpsClient.h"

#include "scanner/model/Base64.h"
#include "scanner/model/Setting.h"
#include "scanner/model/Text.h"
#include "scanner/model/Time.h"

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
      throw HttpError(fmt::format("{} {}: cannot load CA certificates: {}",
                                  settingName(Setting::TlsCa), options_.caFile, ec.message()));
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
