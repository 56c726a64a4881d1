#include "scanner/entra/auth/EntraAuth.h"

#include "scanner/io/StrictJson.h"
#include "scanner/model/Base64.h"
#include "scanner/model/Setting.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <thread>

namespace migready {

namespace json = boost::json;

std::optional<Cloud> parseCloud(std::string_view text) {
  if (text == "global") return Cloud::Global;
  if (text == "usgov") return Cloud::UsGov;
  if (text == "usgov-dod") return Cloud::UsGovDod;
  if (text == "china") return Cloud::China;
  return std::nullopt;
}

std::string_view toString(Cloud cloud) {
  switch (cloud) {
  case Cloud::Global:
    return "global";
  case Cloud::UsGov:
    return "usgov";
  case Cloud::UsGovDod:
    return "usgov-dod";
  case Cloud::China:
    return "china";
  }
  return "global";
}

CloudEndpoints endpointsOf(Cloud cloud) {
  switch (cloud) {
  case Cloud::Global:
    return {"https://login.microsoftonline.com", "https://graph.microsoft.com",
            "https://outlook.office365.com"};
  case Cloud::UsGov: // GCC High
    return {"https://login.microsoftonline.us", "https://graph.microsoft.us",
            "https://outlook.office365.us"};
  case Cloud::UsGovDod:
    return {"https://login.microsoftonline.us", "https://dod-graph.microsoft.us",
            "https://webmail.apps.mil"};
  case Cloud::China: // operated by 21Vianet
    return {"https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn",
            "https://partner.outlook.cn"};
  }
  return endpointsOf(Cloud::Global);
}

std::string base64UrlEncode(std::string_view bytes) {
  std::string s = base64Encode(bytes);
  for (char& c : s)
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!s.empty() && s.back() == '=')
    s.pop_back();
  return s;
}

namespace {

struct OpenSslFree {
  void operator()(BIO* b) const { BIO_free(b); }
  void operator()(X509* x) const { X509_free(x); }
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
template <typename T> using Owned = std::unique_ptr<T, OpenSslFree>;

Owned<BIO> openPem(const std::string& path, std::string_view what) {
  Owned<BIO> bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) throw SourceError(fmt::format("{} {}: cannot open", what, path));
  return bio;
}

std::string digestOf(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out, &length, md, nullptr) != 1)
    throw SourceError("cannot hash the certificate");
  return {reinterpret_cast<char*>(out), length};
}

} // namespace

std::string makeClientAssertion(const std::string& certificatePem, const std::string& keyPem,
                                const std::string& clientId, const std::string& audience,
                                JwtAlgorithm algorithm, std::int64_t now) {
  auto certBio = openPem(certificatePem, settingName(Setting::ClientCert));
  Owned<X509> cert(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
  if (!cert)
    throw SourceError(fmt::format("{} {}: no PEM certificate in the file",
                                  settingName(Setting::ClientCert), certificatePem));
  unsigned char* der = nullptr;
  const int derLength = i2d_X509(cert.get(), &der);
  if (derLength <= 0) throw SourceError("cannot encode the certificate");
  const std::string derBytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(derLength));
  OPENSSL_free(der);
  auto keyBio = openPem(keyPem, settingName(Setting::ClientKey));
  Owned<EVP_PKEY> key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
  if (!key)
    throw SourceError(fmt::format("{} {}: no (unencrypted) PEM private key in the file",
                                  settingName(Setting::ClientKey), keyPem));
  if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA)
    throw SourceError(fmt::format("{} {}: Entra ID client assertions need an RSA key",
                                  settingName(Setting::ClientKey), keyPem));
  if (X509_check_private_key(cert.get(), key.get()) != 1)
    throw SourceError(fmt::format("{} {} does not belong to {} {}", settingName(Setting::ClientKey),
                                  keyPem, settingName(Setting::ClientCert), certificatePem));

  json::object header;
  header["typ"] = "JWT";
  if (algorithm == JwtAlgorithm::PS256) {
    header["alg"] = "PS256";
    header["x5t#S256"] = base64UrlEncode(digestOf(EVP_sha256(), derBytes));
  } else {
    header["alg"] = "RS256";
    header["x5t"] = base64UrlEncode(digestOf(EVP_sha1(), derBytes));
  }
  json::object claims;
  claims["aud"] = audience;
  claims["iss"] = clientId;
  claims["sub"] = clientId;
  claims["jti"] = newGuid();
  claims["nbf"] = now;
  claims["iat"] = now;
  claims["exp"] = now + 600;
  const std::string signingInput =
      base64UrlEncode(json::serialize(header)) + "." + base64UrlEncode(json::serialize(claims));

  Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key.get()) != 1)
    throw SourceError("cannot start signing the client assertion");
  if (algorithm == JwtAlgorithm::PS256 &&
      (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1))
    throw SourceError("cannot set PSS padding for the client assertion");
  std::size_t length = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(signingInput.data()),
                     signingInput.size()) != 1)
    throw SourceError("cannot sign the client assertion");
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(signingInput.data()),
                     signingInput.size()) != 1)
    throw SourceError("cannot sign the client assertion");
  signature.resize(length);
  return signingInput + "." + base64UrlEncode(signature);
}

TokenSource::TokenSource(HttpsClient& http, std::string loginRoot, AppCredentials credentials,
                         std::string scope, std::function<void(const std::string&)> say)
    : http_(http), loginRoot_(std::move(loginRoot)), credentials_(std::move(credentials)),
      scope_(std::move(scope)), say_(std::move(say)) {}

const std::string& TokenSource::token() {
  // Five minutes of margin: a page request must not start with a token about to expire.
  if (token_.empty() || std::chrono::steady_clock::now() + std::chrono::minutes(5) >= expires_)
    signIn();
  return token_;
}

namespace {
std::string tokenUrl(const std::string& root, const std::string& tenant) {
  return fmt::format("{}/{}/oauth2/v2.0/token", root, tenant);
}

// Entra ID's error body: {"error", "error_description" (AADSTS...), "trace_id", ...}.
std::string entraError(const HttpResponse& r) {
  try {
    const json::object o = json::parse(r.body).as_object();
    auto text = [&](const char* k) -> std::string {
      const json::value* v = o.if_contains(k);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    std::string description = text("error_description");
    if (auto cut = description.find("\r\n"); cut != std::string::npos) description.resize(cut);
    return fmt::format("{}: {} (trace id {}, correlation id {})", text("error"), description,
                       text("trace_id"), text("correlation_id"));
  } catch (const std::exception&) {
    return fmt::format("HTTP {}: {}", r.status, r.body.substr(0, 200));
  }
}
} // namespace

namespace {
// A number of seconds from an answer (a JSON number, or a numeric string as some stacks send),
// clamped to [lo, hi] before any arithmetic; `fallback` when absent or not a number.
std::int64_t clampedSeconds(const json::value* v, std::int64_t lo, std::int64_t hi,
                            std::int64_t fallback) {
  if (!v) return fallback;
  if (v->is_int64()) return std::clamp<std::int64_t>(v->as_int64(), lo, hi);
  if (v->is_uint64()) return hi; // beyond int64: far over any bound
  if (v->is_double()) {
    const double d = v->as_double();
    if (!(d == d)) return fallback; // NaN
    return d <= static_cast<double>(lo)   ? lo
           : d >= static_cast<double>(hi) ? hi
                                          : static_cast<std::int64_t>(d);
  }
  if (v->is_string()) {
    const std::string_view t = v->as_string();
    if (t.empty() || t.find_first_not_of("0123456789") != std::string_view::npos) return fallback;
    if (t.size() > 9) return hi;
    return std::clamp<std::int64_t>(*parseInt64(t), lo, hi);
  }
  return fallback;
}

// An access token fits in an HTTP header line: base64url, dots, and no more than this.
constexpr std::size_t kMaxTokenBytes = 64u << 10;
bool isTokenText(std::string_view token) {
  for (char c : token)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.' || c == '~' || c == '+' || c == '/' || c == '='))
      return false;
  return true;
}
} // namespace

TokenAnswer readTokenAnswer(std::string_view body) {
  JsonError error;
  const auto doc = parseStrictJson(body, error);
  if (!doc)
    throw SourceError(
        fmt::format("malformed JSON at {}: {}", lineColumnAt(body, error.offset), error.message));
  if (!doc->is_object()) throw SourceError("not a JSON object");
  const json::object& o = doc->as_object();
  const json::value* token = o.if_contains("access_token");
  if (!token || !token->is_string() || token->as_string().empty())
    throw SourceError("no access_token");
  if (token->as_string().size() > kMaxTokenBytes)
    throw SourceError(fmt::format("the access token is {} bytes, more than any Entra ID token "
                                  "({} at most)",
                                  token->as_string().size(), kMaxTokenBytes));
  if (!isTokenText(token->as_string()))
    throw SourceError("the access token holds characters no token has (it would be sent in a "
                      "header)");
  TokenAnswer answer;
  answer.accessToken = token->as_string();
  // Entra ID tokens live about an hour; the clamp keeps any answer's number out of overflow.
  answer.expiresInSeconds = clampedSeconds(o.if_contains("expires_in"), 0, 86400, 300);
  if (const json::value* refresh = o.if_contains("refresh_token");
      refresh && refresh->is_string() && refresh->as_string().size() <= kMaxTokenBytes &&
      isTokenText(refresh->as_string()))
    answer.refreshToken = refresh->as_string();
  return answer;
}

void TokenSource::acceptToken(const std::string& body, const std::string& url) {
  TokenAnswer answer;
  try {
    answer = readTokenAnswer(body);
  } catch (const SourceError& e) {
    throw SourceError(fmt::format("sign-in at {} for {}: the token answer is unusable: {}", url,
                                  scope_, e.what()));
  }
  token_ = std::move(answer.accessToken);
  expires_ = std::chrono::steady_clock::now() + std::chrono::seconds(answer.expiresInSeconds);
  if (!answer.refreshToken.empty()) refreshToken_ = std::move(answer.refreshToken);
  ++signIns_;
}

HttpResponse TokenSource::postForm(const std::string& url, std::string form) {
  HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.body = std::move(form);
  return http_.send(request);
}

void TokenSource::redeem(const std::string& form) {
  const std::string url = tokenUrl(loginRoot_, credentials_.tenant);
  const HttpResponse r = postForm(url, form);
  if (r.status != 200)
    throw SourceError(fmt::format("sign-in to {} for {} failed: {}", url, scope_, entraError(r)));
  acceptToken(r.body, url);
}

void TokenSource::signIn() {
  const std::string common =
      fmt::format("client_id={}&scope={}", formEncode(credentials_.clientId), formEncode(scope_));
  switch (credentials_.kind) {
  case AppCredentials::Kind::Secret:
    redeem(fmt::format("{}&client_secret={}&grant_type=client_credentials", common,
                       formEncode(credentials_.secret)));
    return;
  case AppCredentials::Kind::Certificate: {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const std::string assertion =
        makeClientAssertion(credentials_.certificatePem, credentials_.keyPem, credentials_.clientId,
                            tokenUrl(loginRoot_, credentials_.tenant), credentials_.algorithm, now);
    redeem(fmt::format("{}&client_assertion_type={}&client_assertion={}&grant_type="
                       "client_credentials",
                       common, formEncode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                       assertion));
    return;
  }
  case AppCredentials::Kind::DeviceCode:
    if (!refreshToken_.empty()) {
      redeem(fmt::format("{}&refresh_token={}&grant_type=refresh_token", common,
                         formEncode(refreshToken_)));
      return;
    }
    deviceCode();
    return;
  }
}

void TokenSource::deviceCode() {
  const HttpResponse r =
      postForm(fmt::format("{}/{}/oauth2/v2.0/devicecode", loginRoot_, credentials_.tenant),
               fmt::format("client_id={}&scope={}", formEncode(credentials_.clientId),
                           formEncode(scope_ + " offline_access")));
  if (r.status != 200)
    throw SourceError(fmt::format("device code sign-in failed: {}", entraError(r)));
  std::string deviceCode, message;
  std::int64_t interval = 5, expiresIn = 900;
  try {
    const json::object o = json::parse(r.body).as_object();
    deviceCode = json::value_to<std::string>(o.at("device_code"));
    message = o.contains("message")
                  ? json::value_to<std::string>(o.at("message"))
                  : fmt::format("To sign in, open {} and enter the code {}",
                                json::value_to<std::string>(o.at("verification_uri")),
                                json::value_to<std::string>(o.at("user_code")));
    interval = clampedSeconds(o.if_contains("interval"), 1, 60, 5);
    expiresIn = clampedSeconds(o.if_contains("expires_in"), 1, 3600, 900);
  } catch (const std::exception& e) {
    throw SourceError(fmt::format("device code sign-in: unexpected response ({})", e.what()));
  }
  say_(message);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(expiresIn);
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::seconds(interval));
    const std::string url = tokenUrl(loginRoot_, credentials_.tenant);
    const HttpResponse p =
        postForm(url, fmt::format("grant_type={}&client_id={}&device_code={}",
                                  formEncode("urn:ietf:params:oauth:grant-type:device_code"),
                                  formEncode(credentials_.clientId), formEncode(deviceCode)));
    if (p.status == 200) {
      acceptToken(p.body, url);
      return;
    }
    std::string error;
    try {
      error = json::value_to<std::string>(json::parse(p.body).at("error"));
    } catch (const std::exception&) {
    }
    if (error == "authorization_pending") continue;
    if (error == "slow_down") {
      interval = std::min<std::int64_t>(interval + 5, 60);
      continue;
    }
    throw SourceError(fmt::format("device code sign-in failed: {}", entraError(p)));
  }
  throw SourceError("device code sign-in: the code expired before anyone signed in");
}

void TokenSource::shareSignIn(const TokenSource& other) {
  if (refreshToken_.empty()) refreshToken_ = other.refreshToken_;
}

} // namespace migready
