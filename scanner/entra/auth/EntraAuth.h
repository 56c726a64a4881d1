#pragma once
// Signing in to Microsoft Entra ID (OAuth 2.0, v2.0 endpoints): app-only with a client secret
// or a certificate (a signed JWT client assertion), or delegated with the device code flow.
// One token per resource (Graph, Exchange Online): Entra ID issues a token for one resource.
#include "scanner/net/HttpsClient.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace migready {

enum class Cloud { Global, UsGov, UsGovDod, China };
std::optional<Cloud> parseCloud(std::string_view text);
std::string_view toString(Cloud cloud);

// Roots (scheme://host, no trailing slash) of one national cloud
// (learn.microsoft.com/graph/deployments).
struct CloudEndpoints {
  std::string login;    // https://login.microsoftonline.com
  std::string graph;    // https://graph.microsoft.com
  std::string exchange; // https://outlook.office365.com
};
CloudEndpoints endpointsOf(Cloud cloud);

enum class JwtAlgorithm { PS256, RS256 };

struct AppCredentials {
  enum class Kind { Secret, Certificate, DeviceCode };
  Kind kind = Kind::Secret;
  std::string tenant;         // GUID or verified domain
  std::string clientId;       // the app registration's application id
  std::string secret;         // Kind::Secret; from a file or the environment, never argv
  std::string certificatePem; // Kind::Certificate: path of the PEM certificate
  std::string keyPem;         // Kind::Certificate: path of the PEM private key
  JwtAlgorithm algorithm = JwtAlgorithm::PS256;
};

// A signed client assertion (RFC 7523) as Entra ID wants it: header alg PS256 with x5t#S256 (or
// RS256 with x5t, the older form), claims aud = the token URL, iss = sub = client id, a new jti,
// nbf/iat = now, exp = now + 10 minutes.
std::string makeClientAssertion(const std::string& certificatePem, const std::string& keyPem,
                                const std::string& clientId, const std::string& audience,
                                JwtAlgorithm algorithm, std::int64_t now);
std::string base64UrlEncode(std::string_view bytes);

// A token endpoint's answer, checked: strict JSON, an access token of at most 64 KiB in the
// characters a token has, expires_in clamped to 0..86400 (300 when absent or no number).
// Throws SourceError naming what is wrong.
struct TokenAnswer {
  std::string accessToken;
  std::string refreshToken; // "" when none (or unusable)
  std::int64_t expiresInSeconds = 0;
};
TokenAnswer readTokenAnswer(std::string_view body);

// Tokens for one resource scope ("https://graph.microsoft.com/.default"), cached until shortly
// before they expire. Errors name the AADSTS code and trace id Entra ID returned.
class TokenSource {
public:
  // `say` prints the device code instructions (stderr); tests pass their own.
  TokenSource(HttpsClient& http, std::string loginRoot, AppCredentials credentials,
              std::string scope, std::function<void(const std::string&)> say);

  const std::string& token();
  // The token was refused (401): the next token() signs in again.
  void invalidate() { expires_ = {}; }
  // Device code: redeem `other`'s refresh token for this resource instead of asking the user
  // to sign in a second time.
  void shareSignIn(const TokenSource& other);
  std::uint64_t signIns() const { return signIns_; }

private:
  void signIn();
  void deviceCode();
  HttpResponse postForm(const std::string& url, std::string form);
  void redeem(const std::string& form);
  void acceptToken(const std::string& body, const std::string& url);

  HttpsClient& http_;
  std::string loginRoot_;
  AppCredentials credentials_;
  std::string scope_;
  std::function<void(const std::string&)> say_;
  std::string token_;
  std::string refreshToken_;
  std::chrono::steady_clock::time_point expires_{};
  std::uint64_t signIns_ = 0;
};

} // namespace migready
