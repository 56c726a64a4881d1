// The HTTP side's pure parts: the read-only policy (what may be sent at all), URLs, proxy
// settings, gzip, form encoding, and the signed JWT client assertion (verified here with
// OpenSSL, independently of the code that signs it). The network parts run against
// tests/graph/fake_tenant.py.
#include "scanner/net/HttpsClient.h"

#include "TestSupport.h"
#include "scanner/entra/auth/EntraAuth.h"
#include "scanner/model/Base64.h"
#include "scanner/model/Guid.h"
#include "scanner/model/Time.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <zlib.h>

using namespace migready;
using migready::test::TempPath;

namespace {
RequestPolicy policy() {
  RequestPolicy p;
  p.allowGraph("https://graph.microsoft.com")
      .allowLogin("https://login.microsoftonline.com")
      .allowExchange("https://outlook.office365.com");
  return p;
}
HttpRequest request(std::string method, std::string url, std::string body = "") {
  HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.body = std::move(body);
  return r;
}
const std::string kInvoke = "https://outlook.office365.com/adminapi/beta/"
                            "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b/InvokeCommand";
std::string cmdlet(std::string_view name) {
  return fmt::format(R"({{"CmdletInput":{{"CmdletName":"{}","Parameters":{{}}}}}})", name);
}
} // namespace

TEST_CASE("the read-only policy lets through GET to Graph, sign-in and Get-* cmdlets", "[http]") {
  const RequestPolicy p = policy();
  CHECK_NOTHROW(p.check(request("GET", "https://graph.microsoft.com/v1.0/users?$top=999")));
  CHECK_NOTHROW(p.check(request("GET", "https://GRAPH.microsoft.com/v1.0/organization")));
  CHECK_NOTHROW(p.check(request(
      "POST", "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token")));
  CHECK_NOTHROW(
      p.check(request("POST", "https://login.microsoftonline.com/common/oauth2/v2.0/devicecode")));
  CHECK_NOTHROW(
      p.check(request("POST", kInvoke + "?$select=ExchangeGuid", cmdlet("Get-MailUser"))));
  HttpRequest withHeader = request("POST", kInvoke, cmdlet("Get-Recipient"));
  withHeader.headers.emplace_back("X-CmdletName", "Get-Recipient");
  CHECK_NOTHROW(p.check(withHeader));
}

TEST_CASE("the read-only policy refuses everything else before it is sent", "[http]") {
  const RequestPolicy p = policy();
  for (const char* method : {"DELETE", "PATCH", "PUT", "HEAD", "OPTIONS"})
    CHECK_THROWS_AS(p.check(request(method, "https://graph.microsoft.com/v1.0/directory/"
                                            "deletedItems/0a1b")),
                    ForbiddenRequest);
  // POST to Graph: creating or changing objects.
  CHECK_THROWS_AS(p.check(request("POST", "https://graph.microsoft.com/v1.0/users", "{}")),
                  ForbiddenRequest);
  // Plain HTTP, other hosts, other sign-in paths.
  CHECK_THROWS_AS(p.check(request("GET", "http://graph.microsoft.com/v1.0/users")),
                  ForbiddenRequest);
  CHECK_THROWS_AS(p.check(request("GET", "https://evil.example.com/v1.0/users")), ForbiddenRequest);
  CHECK_THROWS_AS(p.check(request("GET", "https://login.microsoftonline.com/x/oauth2/v2.0/token")),
                  ForbiddenRequest);
  CHECK_THROWS_AS(
      p.check(request("POST", "https://login.microsoftonline.com/x/oauth2/v2.0/logout")),
      ForbiddenRequest);
  // Exchange Online: only InvokeCommand with an allow-listed Get-* cmdlet.
  CHECK_THROWS_WITH(p.check(request("POST", kInvoke, cmdlet("Set-MailUser"))),
                    Catch::Contains("Set-MailUser is not on the read-only allow-list"));
  CHECK_THROWS_AS(p.check(request("POST", kInvoke, cmdlet("Remove-MailUser"))), ForbiddenRequest);
  CHECK_THROWS_AS(p.check(request("POST", kInvoke, cmdlet("Get-MailUser; Remove-MailUser"))),
                  ForbiddenRequest);
  CHECK_THROWS_AS(p.check(request("POST", kInvoke, "not json")), ForbiddenRequest);
  CHECK_THROWS_AS(p.check(request("POST", "https://outlook.office365.com/adminapi/v2.0/x/Mailbox",
                                  cmdlet("Get-MailUser"))),
                  ForbiddenRequest);
  HttpRequest mismatch = request("POST", kInvoke, cmdlet("Get-MailUser"));
  mismatch.headers.emplace_back("X-CmdletName", "Set-MailUser");
  CHECK_THROWS_AS(p.check(mismatch), ForbiddenRequest);
  // A host never allowed is refused even for GET.
  CHECK_THROWS_AS(p.check(request("GET", kInvoke)), ForbiddenRequest);
  // Origins, not host names: another port on the Graph or sign-in host is another origin (a next
  // link there would get Graph's bearer token).
  CHECK_THROWS_AS(p.check(request("GET", "https://graph.microsoft.com:8443/v1.0/users")),
                  ForbiddenRequest);
  CHECK_NOTHROW(p.check(request("GET", "https://graph.microsoft.com:443/v1.0/users")));
  CHECK_THROWS_AS(
      p.check(request("POST", "https://login.microsoftonline.com:444/x/oauth2/v2.0/token")),
      ForbiddenRequest);
  CHECK_THROWS_AS(p.check(request("POST",
                                  "https://outlook.office365.com:8443/adminapi/beta/t/"
                                  "InvokeCommand",
                                  cmdlet("Get-MailUser"))),
                  ForbiddenRequest);
}

TEST_CASE("the client refuses a forbidden request without connecting", "[http]") {
  HttpsClient client(policy(), HttpsOptions{});
  CHECK_THROWS_AS(client.send(request("DELETE", "https://graph.microsoft.com/v1.0/users/x")),
                  ForbiddenRequest);
  CHECK(client.requestsSent() == 0);
}

TEST_CASE("URLs are split into origin and target", "[http]") {
  const Url u = Url::parse("https://Graph.Microsoft.com/v1.0/users?$top=1");
  CHECK(u.host == "graph.microsoft.com");
  CHECK(u.port == "443");
  CHECK(u.target == "/v1.0/users?$top=1");
  const Url p = Url::parse("http://user:p%40ss@proxy.corp:3128");
  CHECK(p.userInfo == "user:p%40ss");
  CHECK(p.port == "3128");
  CHECK(p.target == "/");
  CHECK(Url::parse("https://[::1]:8443/x").host == "::1");
  CHECK_THROWS_AS(Url::parse("graph.microsoft.com/v1.0"), SourceError);
  CHECK_THROWS_AS(Url::parse("ftp://x/"), SourceError);
  CHECK(percentDecode("p%40ss%3Aword") == "p@ss:word");
  CHECK(formEncode("a b/c+d=~") == "a%20b%2Fc%2Bd%3D~");
}

TEST_CASE("proxy settings come from the environment, NO_PROXY by suffix", "[http]") {
  ::setenv("HTTPS_PROXY", "proxy.corp.example:3128", 1);
  ::setenv("NO_PROXY", " .internal.example, login.microsoftonline.com:443 ,", 1);
  ::unsetenv("https_proxy");
  ::unsetenv("no_proxy");
  const ProxySettings s = ProxySettings::fromEnvironment();
  ::unsetenv("HTTPS_PROXY");
  ::unsetenv("NO_PROXY");
  REQUIRE(s.proxy);
  CHECK(s.proxy->host == "proxy.corp.example");
  CHECK(s.proxy->port == "3128");
  CHECK(s.bypass("dc1.internal.example"));
  CHECK(s.bypass("internal.example"));
  CHECK(s.bypass("LOGIN.microsoftonline.com"));
  CHECK_FALSE(s.bypass("graph.microsoft.com"));
  CHECK_FALSE(s.bypass("notinternal.example"));
}

namespace {
std::string gzipOf(const std::string& text) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string gz(compressBound(text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = static_cast<uInt>(gz.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  gz.resize(z.total_out);
  deflateEnd(&z);
  return gz;
}
} // namespace

TEST_CASE("gzip bodies are decoded; corrupt or truncated ones are errors", "[http]") {
  const std::string text(100000, 'x');
  const std::string gz = gzipOf(text);
  CHECK(gunzip(gz) == text);
  CHECK_THROWS_WITH(gunzip(gz.substr(0, gz.size() / 2)), Catch::Contains("truncated"));
  CHECK_THROWS_AS(gunzip("not gzip at all"), HttpError);
}

TEST_CASE("gzip is inflated as a stream and stops at the cap", "[http][limits]") {
  const std::string text(1 << 20, ' ');
  const std::string gz = gzipOf(text);
  CHECK(gz.size() < 4096); // a thousand times smaller on the wire
  CHECK(gunzip(gz, 1 << 20) == text);
  CHECK_THROWS_AS(gunzip(gz, (1 << 20) - 1), AnswerTooLarge);
  CHECK_THROWS_WITH(gunzip(gz, 100000), Catch::Contains("inflates to more than 100000 bytes"));
}

TEST_CASE("an HTTP answer is read under the caps, and broken answers say what is wrong",
          "[http][limits]") {
  const HttpResponse ok =
      parseHttpAnswer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      "Request-Id: 7\r\nContent-Length: 12\r\n\r\n{\"value\":[]}");
  CHECK(ok.status == 200);
  CHECK(ok.body == R"({"value":[]})");
  CHECK(ok.header("request-id") == "7");
  const HttpResponse chunked = parseHttpAnswer(
      "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  CHECK(chunked.status == 429);
  CHECK(chunked.body == "abcde");
  CHECK(chunked.header("Retry-After") == "5");
  // Truncated: the connection closed before the promised body.
  CHECK_THROWS_WITH(parseHttpAnswer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"),
                    Catch::Contains("truncated"));
  // Not HTTP at all (an LDAP server, a TLS-less proxy error page).
  CHECK_THROWS_WITH(parseHttpAnswer("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n\r\n"),
                    Catch::Contains("not valid HTTP"));
  // A Content-Length past the cap is refused before the body is read.
  CHECK_THROWS_AS(parseHttpAnswer(fmt::format("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n",
                                              kMaxAnswerBytes + 1)),
                  AnswerTooLarge);
  CHECK_THROWS_AS(
      parseHttpAnswer("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
      HttpError);
}

TEST_CASE("Retry-After: seconds or an HTTP-date, clamped before any arithmetic", "[http][limits]") {
  const std::int64_t now = *parseHttpDate("Tue, 01 Dec 2026 00:00:00 GMT");
  CHECK(now == *parseIsoTime("2026-12-01T00:00:00Z"));
  CHECK(retryAfterSeconds("30", now) == 30);
  CHECK(retryAfterSeconds(" 0 ", now) == 0);
  CHECK(retryAfterSeconds("9223372036854775807", now) == 86400);
  CHECK(retryAfterSeconds("99999999999999999999999999", now) == 86400);
  CHECK(retryAfterSeconds("Tue, 01 Dec 2026 00:01:40 GMT", now) == 100);
  CHECK(retryAfterSeconds("Mon, 30 Nov 2026 23:00:00 GMT", now) == 0); // in the past
  CHECK(retryAfterSeconds("Fri, 31 Dec 9999 23:59:59 GMT", now) == 86400);
  CHECK_FALSE(retryAfterSeconds("", now));
  CHECK_FALSE(retryAfterSeconds("-5", now));
  CHECK_FALSE(retryAfterSeconds("soon", now));
  CHECK_FALSE(retryAfterSeconds("Tue, 01 Foo 2026 00:00:00 GMT", now));
  CHECK_FALSE(parseHttpDate("Tue, 01 Dec 2026 00:00:00 UTC"));
}

TEST_CASE("a token answer is used only when it is a token", "[http][limits]") {
  const TokenAnswer ok = readTokenAnswer(
      R"({"token_type":"Bearer","expires_in":3599,"access_token":"eyJ0.eyJ1.c2ln","refresh_token":"0.AX-y"})");
  CHECK(ok.accessToken == "eyJ0.eyJ1.c2ln");
  CHECK(ok.expiresInSeconds == 3599);
  CHECK(ok.refreshToken == "0.AX-y");
  CHECK(readTokenAnswer(R"({"expires_in":"4482","access_token":"a"})").expiresInSeconds == 4482);
  CHECK(readTokenAnswer(R"({"expires_in":9223372036854775807,"access_token":"a"})")
            .expiresInSeconds == 86400);
  CHECK(readTokenAnswer(R"({"expires_in":-9223372036854775807,"access_token":"a"})")
            .expiresInSeconds == 0);
  CHECK(readTokenAnswer(R"({"expires_in":1e300,"access_token":"a"})").expiresInSeconds == 86400);
  CHECK(readTokenAnswer(R"({"access_token":"a"})").expiresInSeconds == 300);
  CHECK_THROWS_WITH(readTokenAnswer(R"({"access_token":"a","access_token":"b"})"),
                    Catch::Contains("duplicate key"));
  CHECK_THROWS_WITH(readTokenAnswer(R"({"token_type":"Bearer"})"),
                    Catch::Contains("no access_token"));
  CHECK_THROWS_WITH(readTokenAnswer(R"([1])"), Catch::Contains("not a JSON object"));
  CHECK_THROWS_WITH(readTokenAnswer(R"({"access_token":"a\r\nX-Injected: 1"})"),
                    Catch::Contains("characters no token has"));
  CHECK_THROWS_WITH(
      readTokenAnswer(fmt::format(R"({{"access_token":"{}"}})", std::string(70000, 'A'))),
      Catch::Contains("70000 bytes"));
  CHECK(
      readTokenAnswer(R"({"access_token":"a","refresh_token":"bad\ntoken"})").refreshToken.empty());
}

TEST_CASE("one origin may serve sign-in and Exchange Online; each POST is judged by its path",
          "[http]") {
  RequestPolicy p;
  p.allowGraph("https://127.0.0.1:8443")
      .allowLogin("https://127.0.0.1:8443")
      .allowExchange("https://127.0.0.1:8443");
  CHECK_NOTHROW(p.check(request("POST", "https://127.0.0.1:8443/t/oauth2/v2.0/token")));
  CHECK_NOTHROW(p.check(request("POST", "https://127.0.0.1:8443/adminapi/beta/t/InvokeCommand",
                                cmdlet("Get-MailUser"))));
  CHECK_THROWS_AS(p.check(request("POST", "https://127.0.0.1:8443/adminapi/beta/t/InvokeCommand",
                                  cmdlet("Set-MailUser"))),
                  ForbiddenRequest);
  CHECK_THROWS_AS(p.check(request("POST", "https://127.0.0.1:8443/v1.0/users")), ForbiddenRequest);
  // Another port on the same host is another origin.
  CHECK_THROWS_AS(p.check(request("GET", "https://127.0.0.1:8444/v1.0/users")), ForbiddenRequest);
  CHECK_THROWS_AS(p.check(request("POST", "https://127.0.0.1:8444/t/oauth2/v2.0/token")),
                  ForbiddenRequest);
}

TEST_CASE("GUIDs for client-request-id are fresh version 4 GUIDs", "[http]") {
  const std::string a = newGuid(), b = newGuid();
  CHECK(a != b);
  CHECK(a.size() == 36);
  CHECK(a[14] == '4');
  CHECK(Guid::parse(a).has_value());
}

namespace {
// A test app credential: an RSA key and a self-signed certificate, made with OpenSSL.
struct TestCredential {
  TempPath cert{"cert.pem"}, key{"key.pem"};
  std::string der;
  TestCredential() {
    EVP_PKEY* pkey = EVP_RSA_gen(2048);
    X509* x = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, pkey);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("migready-test-app"), -1, -1,
                               0);
    X509_set_issuer_name(x, X509_get_subject_name(x));
    X509_sign(x, pkey, EVP_sha256());
    FILE* f = std::fopen(cert.str().c_str(), "w");
    PEM_write_X509(f, x);
    std::fclose(f);
    f = std::fopen(key.str().c_str(), "w");
    PEM_write_PrivateKey(f, pkey, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    unsigned char* buf = nullptr;
    const int n = i2d_X509(x, &buf);
    der.assign(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n));
    OPENSSL_free(buf);
    X509_free(x);
    EVP_PKEY_free(pkey);
  }
};

std::string base64UrlDecode(std::string text) {
  for (char& c : text)
    c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (text.size() % 4)
    text += '=';
  return base64Decode(text).value_or("");
}

bool verifies(const std::string& certPath, const std::string& input, const std::string& signature,
              bool pss) {
  FILE* f = std::fopen(certPath.c_str(), "r");
  X509* x = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  EVP_PKEY* pub = X509_get_pubkey(x);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), nullptr, pub);
  if (pss) {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32);
  }
  const int ok = EVP_DigestVerify(
      ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(input.data()), input.size());
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(pub);
  X509_free(x);
  return ok == 1;
}
} // namespace

TEST_CASE("the client assertion is a JWT Entra ID accepts", "[http][jwt]") {
  const TestCredential credential;
  const std::string aud =
      "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token";
  for (const JwtAlgorithm alg : {JwtAlgorithm::PS256, JwtAlgorithm::RS256}) {
    const std::string jwt =
        makeClientAssertion(credential.cert.str(), credential.key.str(),
                            "0a1b2c3d-1111-4222-8333-444455556666", aud, alg, 1764000000);
    const auto dot1 = jwt.find('.'), dot2 = jwt.rfind('.');
    REQUIRE(dot1 != dot2);
    const auto header = boost::json::parse(base64UrlDecode(jwt.substr(0, dot1))).as_object();
    const auto claims =
        boost::json::parse(base64UrlDecode(jwt.substr(dot1 + 1, dot2 - dot1 - 1))).as_object();
    unsigned char sha[EVP_MAX_MD_SIZE];
    unsigned int shaLength = 0;
    if (alg == JwtAlgorithm::PS256) {
      CHECK(header.at("alg") == "PS256");
      EVP_Digest(credential.der.data(), credential.der.size(), sha, &shaLength, EVP_sha256(),
                 nullptr);
      CHECK(header.at("x5t#S256").as_string() ==
            base64UrlEncode(std::string_view(reinterpret_cast<char*>(sha), shaLength)));
    } else {
      CHECK(header.at("alg") == "RS256");
      EVP_Digest(credential.der.data(), credential.der.size(), sha, &shaLength, EVP_sha1(),
                 nullptr);
      CHECK(header.at("x5t").as_string() ==
            base64UrlEncode(std::string_view(reinterpret_cast<char*>(sha), shaLength)));
    }
    CHECK(header.at("typ") == "JWT");
    CHECK(claims.at("aud").as_string() == aud);
    CHECK(claims.at("iss") == "0a1b2c3d-1111-4222-8333-444455556666");
    CHECK(claims.at("sub") == claims.at("iss"));
    CHECK(claims.at("nbf").as_int64() == 1764000000);
    CHECK(claims.at("exp").as_int64() == 1764000600);
    CHECK(claims.at("jti").as_string().size() == 36);
    const std::string signature = base64UrlDecode(jwt.substr(dot2 + 1));
    CHECK(verifies(credential.cert.str(), jwt.substr(0, dot2), signature,
                   alg == JwtAlgorithm::PS256));
    CHECK_FALSE(verifies(credential.cert.str(), jwt.substr(0, dot2) + "x", signature,
                         alg == JwtAlgorithm::PS256));
  }
  // The documented x5t example: SHA-1 84E05C1D98BCE3A5421D225B140B36E86A3D5534.
  const std::string sha1 = "\x84\xE0\x5C\x1D\x98\xBC\xE3\xA5\x42\x1D\x22\x5B\x14\x0B\x36\xE8\x6A"
                           "\x3D\x55\x34";
  CHECK(base64UrlEncode(sha1) == "hOBcHZi846VCHSJbFAs26Go9VTQ");
}

TEST_CASE("national clouds pick their own sign-in, Graph and Exchange hosts", "[http]") {
  CHECK(endpointsOf(Cloud::Global).graph == "https://graph.microsoft.com");
  CHECK(endpointsOf(Cloud::UsGov).login == "https://login.microsoftonline.us");
  CHECK(endpointsOf(Cloud::UsGovDod).graph == "https://dod-graph.microsoft.us");
  CHECK(endpointsOf(Cloud::China).graph == "https://microsoftgraph.chinacloudapi.cn");
  CHECK(endpointsOf(Cloud::China).login == "https://login.chinacloudapi.cn");
  CHECK(parseCloud("usgov-dod") == Cloud::UsGovDod);
  CHECK_FALSE(parseCloud("mars").has_value());
}
