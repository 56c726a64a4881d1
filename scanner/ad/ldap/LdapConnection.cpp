#include "scanner/ad/ldap/LdapConnection.h"

#include "scanner/model/Setting.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <ldap.h>
#include <mutex>
#include <netdb.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <optional>
#include <poll.h>
#include <set>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#ifdef MIGREADY_HAVE_SASL
#include <sasl/sasl.h>
#endif

namespace migready {

namespace {

timeval toTimeval(std::chrono::steady_clock::duration d) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(us / 1000000);
  tv.tv_usec = static_cast<suseconds_t>(us % 1000000);
  return tv;
}

// AD puts the Win32 error into the diagnostic message of a failed bind: "... data 52e, v4563".
std::string adBindReason(const std::string& diagnostic) {
  static const std::pair<const char*, const char*> kReasons[] = {
      {"data 525", "the account does not exist"},
      {"data 52e", "wrong password or unknown account"},
      {"data 530", "logon not permitted at this time"},
      {"data 531", "logon not permitted from this workstation"},
      {"data 532", "the password has expired"},
      {"data 533", "the account is disabled"},
      {"data 701", "the account has expired"},
      {"data 773", "the password must be changed before the first logon"},
      {"data 775", "the account is locked out"},
  };
  for (const auto& [code, reason] : kReasons)
    if (diagnostic.find(code) != std::string::npos) return reason;
  return "";
}

// Why a TLS handshake with the server of `url` fails verification, in OpenSSL's words
// ("certificate has expired", "hostname mismatch", ...): libldap reports every such failure as
// one connect error. Empty when the server cannot be reached at all (nothing to explain), and
// "handshake" when it answers but the failure is not a certificate's.
std::string tlsFailureReason(const std::string& urls, const std::string& caFile,
                             std::chrono::seconds timeout) {
  LDAPURLDesc* url = nullptr;
  const std::string first = urls.substr(0, urls.find(' '));
  if (ldap_url_parse(first.c_str(), &url) != LDAP_URL_SUCCESS || !url) return {};
  const std::string host = url->lud_host && *url->lud_host ? url->lud_host : "localhost";
  const std::string port = std::to_string(url->lud_port);
  ldap_free_urldesc(url);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return {};
  int fd = -1;
  for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    bool connected = ::connect(fd, a->ai_addr, a->ai_addrlen) == 0;
    if (!connected && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int error = 0;
      socklen_t length = sizeof error;
      connected = ::poll(&p, 1, static_cast<int>(timeout.count() * 1000)) == 1 &&
                  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
    }
    if (!connected) {
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) return {};
  // Blocking from here, with the same bound.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  const timeval tv{static_cast<time_t>(timeout.count()), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        &SSL_CTX_free);
  std::string reason = "handshake";
  if (ctx) {
    if (caFile.empty())
      SSL_CTX_set_default_verify_paths(ctx.get());
    else
      SSL_CTX_load_verify_locations(ctx.get(), caFile.c_str(), nullptr);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), &SSL_free);
    if (ssl) {
      X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
      if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) {
        SSL_set_tlsext_host_name(ssl.get(), host.c_str());
        X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
      }
      SSL_set_fd(ssl.get(), fd);
      if (SSL_connect(ssl.get()) != 1) {
        if (const long verify = SSL_get_verify_result(ssl.get()); verify != X509_V_OK)
          reason = X509_verify_cert_error_string(verify);
      } else {
        reason.clear(); // it works now: nothing to explain
      }
    }
  }
  ::close(fd);
  return reason;
}

} // namespace

bool LdapError::unreachable() const {
  return code_ == LDAP_SERVER_DOWN || code_ == LDAP_CONNECT_ERROR || code_ == LDAP_TIMEOUT;
}

std::string describeLdapResult(int code, const std::string& serverMessage) {
  std::string what;
  switch (code) {
  case LDAP_INVALID_CREDENTIALS:
    what = "invalid credentials: the bind DN/UPN or the password is wrong, or the account is "
           "disabled, locked or expired";
    if (auto reason = adBindReason(serverMessage); !reason.empty())
      what += fmt::format(" (AD says: {})", reason);
    break;
  case LDAP_STRONG_AUTH_REQUIRED:
    what = fmt::format("the server requires a protected connection for this bind (LDAP "
                       "signing / strong authentication): use ldaps://, {}, or Kerberos ({})",
                       settingName(Setting::StartTls), settingName(Setting::BindMech));
    break;
  case LDAP_CONFIDENTIALITY_REQUIRED:
    what = fmt::format("the server requires TLS (confidentiality required): use ldaps:// or {}",
                       settingName(Setting::StartTls));
    break;
  case LDAP_SIZELIMIT_EXCEEDED:
    what = "the server stopped the search at its size limit (AD: MaxPageSize), so the result "
           "is incomplete";
    break;
  case LDAP_ADMINLIMIT_EXCEEDED:
    what = fmt::format("the server refused the request as over an administrative limit: lower "
                       "{} (AD's MaxPageSize is 1000)",
                       settingName(Setting::LdapPageSize));
    break;
  case LDAP_UNAVAILABLE_CRITICAL_EXTENSION:
    what = "the server does not support the paged results control (1.2.840.113556.1.4.319)";
    break;
  case LDAP_NO_SUCH_OBJECT:
    what = fmt::format("the base DN does not exist on this server (check {})",
                       settingName(Setting::LdapBase));
    break;
  case LDAP_INSUFFICIENT_ACCESS:
    what = "the account is not allowed to read this";
    break;
  case LDAP_INAPPROPRIATE_AUTH:
  case LDAP_AUTH_METHOD_NOT_SUPPORTED:
    what = "the server does not accept this kind of bind";
    break;
  case LDAP_SERVER_DOWN:
    what = "cannot reach the server, or it closed the connection";
    break;
  case LDAP_CONNECT_ERROR:
    what = tlsFailureWords(serverMessage);
    break;
  case LDAP_TIMEOUT:
    what = fmt::format("no answer in time (see {} and {})", settingName(Setting::ConnectTimeout),
                       settingName(Setting::LdapTimeout));
    break;
  case LDAP_TIMELIMIT_EXCEEDED:
    what = "the server stopped the search at its own time limit (AD: MaxQueryDuration), so the "
           "result is incomplete; read the domain from a less loaded domain controller or ask its "
           "administrator";
    break;
  case LDAP_DECODING_ERROR:
  case LDAP_PROTOCOL_ERROR:
    what = "the server sent a message that is not valid LDAP (malformed BER): it is not an LDAP "
           "server, or something between here and it altered the answer";
    break;
  case LDAP_FILTER_ERROR:
    what = fmt::format("the search filter is not valid LDAP filter syntax (check {})",
                       settingName(Setting::LdapFilter));
    break;
  case LDAP_BUSY:
  case LDAP_UNAVAILABLE:
    what = "the server is busy or unavailable; try again or use another domain controller";
    break;
  default:
    what = ldap_err2string(code);
    break;
  }
  what += fmt::format(" [LDAP result {}]", code);
  if (!serverMessage.empty()) what += fmt::format("; server: \"{}\"", serverMessage);
  return what;
}

// Follows the LDAP messages the server sends, as they arrive (above TLS), only far enough to
// notice bytes that cannot start one: a message is a BER SEQUENCE (0x30). libldap reports such
// an answer as a lost connection; this tells the two apart.
struct MessageFramer {
  std::atomic<bool> notLdap{false};
  std::uint64_t skip = 0; // content bytes of the current message still to come
  int headerState = 0;    // 0 tag, 1 first length byte, 2 long-form length bytes
  unsigned lengthBytes = 0;
  std::uint64_t length = 0;
  void see(const unsigned char* p, std::size_t n) {
    for (std::size_t i = 0; i < n && !notLdap;) {
      if (skip > 0) {
        const std::uint64_t take = std::min<std::uint64_t>(skip, n - i);
        skip -= take;
        i += take;
        continue;
      }
      const unsigned char b = p[i++];
      if (headerState == 0) {
        if (b != 0x30) notLdap = true;
        headerState = 1;
      } else if (headerState == 1) {
        if (b < 0x80) {
          skip = b;
          headerState = 0;
        } else {
          lengthBytes = b & 0x7F;
          length = 0;
          headerState = lengthBytes == 0 || lengthBytes > 8 ? (notLdap = true, 0) : 2;
        }
      } else {
        length = (length << 8) | b;
        if (--lengthBytes == 0) {
          skip = length;
          headerState = 0;
        }
      }
    }
  }
};

struct LdapConnection::Watch {
  std::atomic<int> fd{-1};
  ldap_conncb callbacks{};
  MessageFramer framer;
};

namespace {
int observerSetup(Sockbuf_IO_Desc* sbiod, void* arg) {
  sbiod->sbiod_pvt = arg;
  return 0;
}
int observerRemove(Sockbuf_IO_Desc*) {
  return 0;
}
int observerCtrl(Sockbuf_IO_Desc* sbiod, int opt, void* arg) {
  return LBER_SBIOD_CTRL_NEXT(sbiod, opt, arg);
}
ber_slen_t observerRead(Sockbuf_IO_Desc* sbiod, void* buf, ber_len_t len) {
  const ber_slen_t n = LBER_SBIOD_READ_NEXT(sbiod, buf, len);
  if (n > 0)
    static_cast<MessageFramer*>(sbiod->sbiod_pvt)
        ->see(static_cast<const unsigned char*>(buf), static_cast<std::size_t>(n));
  return n;
}
ber_slen_t observerWrite(Sockbuf_IO_Desc* sbiod, void* buf, ber_len_t len) {
  return LBER_SBIOD_WRITE_NEXT(sbiod, buf, len);
}
int observerClose(Sockbuf_IO_Desc*) {
  return 0;
}
Sockbuf_IO kObserver = {observerSetup, observerRemove, observerCtrl,
                        observerRead,  observerWrite,  observerClose};
} // namespace

namespace {
int rememberSocket(LDAP*, Sockbuf* sb, LDAPURLDesc*, sockaddr*, ldap_conncb* ctx) {
  auto* watch = static_cast<LdapConnection::Watch*>(ctx->lc_arg);
  int fd = -1;
  ber_sockbuf_ctrl(sb, LBER_SB_OPT_GET_FD, &fd);
  watch->fd.store(fd);
  // Above TLS (which libldap adds at the transport level): it sees the decrypted messages.
  ber_sockbuf_add_io(sb, &kObserver, LBER_SBIOD_LEVEL_APPLICATION, &watch->framer);
  // One LDAP message may not be larger than this: a server cannot make the scan hold more.
  ber_len_t max = kMaxLdapMessageBytes;
  ber_sockbuf_ctrl(sb, LBER_SB_OPT_SET_MAX_INCOMING, &max);
  return 0;
}
void forgetSocket(LDAP*, Sockbuf*, ldap_conncb* ctx) {
  static_cast<LdapConnection::Watch*>(ctx->lc_arg)->fd.store(-1);
}
} // namespace

int LdapConnection::guarded(const char* what, const std::function<int()>& step) {
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false, fired = false;
  std::thread watchdog([&] {
    std::unique_lock lock(mutex);
    if (!finished.wait_for(lock, timeouts_.connect, [&] { return done; })) {
      fired = true;
      if (const int fd = watch_->fd.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
    }
  });
  const int rc = step();
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  finished.notify_all();
  watchdog.join();
  if (fired && rc != LDAP_SUCCESS)
    throw LdapError(LDAP_TIMEOUT,
                    fmt::format("{}: {}: no answer within {} s (the server accepted the "
                                "connection but did not answer; see {})",
                                url_, what, timeouts_.connect.count(),
                                settingName(Setting::ConnectTimeout)));
  return rc;
}

LdapConnection::LdapConnection(const std::string& urls, const LdapSecurity& security,
                               const LdapTimeouts& timeouts)
    : watch_(std::make_unique<Watch>()), url_(urls), timeouts_(timeouts) {
  if (int rc = ldap_initialize(&ld_.ld, urls.c_str()); rc != LDAP_SUCCESS)
    throw LdapError(rc, fmt::format("{}: not a valid LDAP URL (ldap://host[:port] or "
                                    "ldaps://host[:port])",
                                    urls));
  configure(security, timeouts);
  if (int rc = guarded("connect", [&] { return ldap_connect(ld_); }); rc != LDAP_SUCCESS) {
    if (urls.starts_with("ldaps://") && security.verifyTls) {
      const std::string reason = tlsFailureReason(urls, security.caFile, timeouts.connect);
      if (!reason.empty())
        throw LdapError(
            LDAP_CONNECT_ERROR,
            fmt::format("{}: connect: the server answers but the TLS handshake failed: {}", url_,
                        reason == "handshake"
                            ? describeLdapResult(LDAP_CONNECT_ERROR, "")
                            : fmt::format("{} ({}) [LDAP result {}]", reason,
                                          tlsFailureWords(reason), LDAP_CONNECT_ERROR)));
    }
    fail(rc, "connect");
  }
}

void LdapConnection::configure(const LdapSecurity& security, const LdapTimeouts& timeouts) {
  int version = LDAP_VERSION3;
  ldap_set_option(ld_, LDAP_OPT_PROTOCOL_VERSION, &version);
  // AD answers a domain search with references to CN=Configuration, DomainDnsZones and child
  // domains; chasing them would re-bind elsewhere (anonymously, by default). Never chase.
  ldap_set_option(ld_, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  const timeval connect = toTimeval(timeouts.connect);
  ldap_set_option(ld_, LDAP_OPT_NETWORK_TIMEOUT, &connect);
  ldap_set_option(ld_, LDAP_OPT_TIMEOUT, &connect); // bind, StartTLS
  // Set on the handle, these override LDAPTLS_REQCERT and ldap.conf: verification is on
  // unless this run explicitly turned it off.
  int require = security.verifyTls ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER;
  ldap_set_option(ld_, LDAP_OPT_X_TLS_REQUIRE_CERT, &require);
  if (!security.caFile.empty())
    ldap_set_option(ld_, LDAP_OPT_X_TLS_CACERTFILE, security.caFile.c_str());
  int isServer = 0;
  ldap_set_option(ld_, LDAP_OPT_X_TLS_NEWCTX, &isServer);
  watch_->callbacks = {rememberSocket, forgetSocket, watch_.get()};
  ldap_set_option(ld_, LDAP_OPT_CONNECT_CB, &watch_->callbacks);
}

LdapConnection::~LdapConnection() = default;

LdapConnection::Handle::~Handle() {
  if (ld) ldap_unbind_ext_s(ld, nullptr, nullptr);
}

void LdapConnection::fail(int code, const std::string& operation) const {
  std::string diagnostic;
  char* raw = nullptr;
  if (ld_ && ldap_get_option(ld_, LDAP_OPT_DIAGNOSTIC_MESSAGE, &raw) == LDAP_OPT_SUCCESS && raw)
    diagnostic = std::unique_ptr<char, void (*)(void*)>(raw, ldap_memfree).get();
  throw LdapError(code,
                  fmt::format("{}: {}: {}", url_, operation, describeLdapResult(code, diagnostic)));
}

bool LdapConnection::tlsActive() const {
  return ldap_tls_inplace(ld_) != 0;
}

void LdapConnection::startTls() {
  if (tlsActive()) return;
  if (int rc = guarded("StartTLS", [&] { return ldap_start_tls_s(ld_, nullptr, nullptr); });
      rc != LDAP_SUCCESS)
    fail(rc, "StartTLS");
}

void LdapConnection::bindSimple(const std::string& who, const std::string& password) {
  if (!tlsActive())
    throw LdapError(LDAP_CONFIDENTIALITY_REQUIRED,
                    fmt::format("{}: refusing to send the password of {} without TLS: use "
                                "ldaps:// or {}",
                                url_, who, settingName(Setting::StartTls)));
  if (password.empty())
    // An empty password makes a simple bind unauthenticated, which AD accepts and then
    // answers with nothing: a scan that silently reads zero users.
    throw LdapError(LDAP_INAPPROPRIATE_AUTH,
                    fmt::format("{}: the password for {} is empty", url_, who));
  berval credentials{password.size(), const_cast<char*>(password.data())};
  const int rc = guarded("bind", [&] {
    return ldap_sasl_bind_s(ld_, who.c_str(), LDAP_SASL_SIMPLE, &credentials, nullptr, nullptr,
                            nullptr);
  });
  if (rc != LDAP_SUCCESS) fail(rc, fmt::format("bind as {}", who));
}

#ifdef MIGREADY_HAVE_SASL
namespace {
// GSSAPI asks for nothing but, optionally, an authorization id: take the defaults.
int saslDefaults(LDAP*, unsigned, void*, void* in) {
  for (auto* i = static_cast<sasl_interact_t*>(in); i->id != SASL_CB_LIST_END; ++i) {
    i->result = i->defresult ? i->defresult : "";
    i->len = static_cast<unsigned>(std::strlen(static_cast<const char*>(i->result)));
  }
  return LDAP_SUCCESS;
}
} // namespace

void LdapConnection::bindGssapi() {
  // The service principal is ldap/<host as given in the URL>: no reverse DNS lookup, which
  // is often wrong or missing for domain controllers (OpenLDAP's SASL_NOCANON).
  ldap_set_option(ld_, LDAP_OPT_X_SASL_NOCANON, LDAP_OPT_ON);
  auto bind = [&] {
    return guarded("SASL GSSAPI bind", [&] {
      return ldap_sasl_interactive_bind_s(ld_, nullptr, "GSSAPI", nullptr, nullptr, LDAP_SASL_QUIET,
                                          saslDefaults, nullptr);
    });
  };
  // AD refuses a SASL signing/sealing layer inside TLS: ask for none (maxssf=0). Without TLS
  // the layer signs and seals (what "LDAP server signing requirements" asks for). Samba 4.17
  // wants the layer even inside TLS and refuses this bind (tests/ldap/samba_test.sh).
  if (tlsActive()) ldap_set_option(ld_, LDAP_OPT_X_SASL_SECPROPS, "maxssf=0");
  const int rc = bind();
  if (rc != LDAP_SUCCESS)
    fail(rc, "SASL GSSAPI bind (needs a Kerberos ticket: kinit; and the DC's host name as in "
             "its ldap/ service principal in the URL)");
}
#else
void LdapConnection::bindGssapi() {
  throw LdapError(LDAP_AUTH_METHOD_NOT_SUPPORTED,
                  "this build has no SASL support (libsasl2-dev was missing at build time)");
}
#endif

namespace {

int scopeOf(LdapScope scope) {
  switch (scope) {
  case LdapScope::Base:
    return LDAP_SCOPE_BASE;
  case LdapScope::OneLevel:
    return LDAP_SCOPE_ONELEVEL;
  case LdapScope::Subtree:
    return LDAP_SCOPE_SUBTREE;
  }
  return LDAP_SCOPE_SUBTREE;
}

std::string_view viewOf(const berval& bv) {
  return {bv.bv_val, bv.bv_len};
}

// libldap's allocations, each released by its owner on every path (LdapConnection::MessagePtr
// for messages).
struct ControlFree {
  void operator()(LDAPControl* c) const { ldap_control_free(c); }
};
struct ControlsFree {
  void operator()(LDAPControl** c) const { ldap_controls_free(c); }
};
struct BervalFree {
  void operator()(berval* b) const { ber_bvfree(b); }
};
struct BerFree {
  void operator()(BerElement* b) const { ber_free(b, 0); }
};
struct MemFree {
  void operator()(void* p) const { ldap_memfree(p); }
};
struct ValuesFree {
  void operator()(berval* v) const { ber_memfree(v); }
};
using ControlPtr = std::unique_ptr<LDAPControl, ControlFree>;
using ControlsPtr = std::unique_ptr<LDAPControl*, ControlsFree>;
using BervalPtr = std::unique_ptr<berval, BervalFree>;
using BerPtr = std::unique_ptr<BerElement, BerFree>;
using ValuesPtr = std::unique_ptr<berval, ValuesFree>;
template <typename T> using LdapString = std::unique_ptr<T, MemFree>;

// Reads one entry's DN and values into `record`; the views point into `entry`.
void readEntry(LDAP* ld, LDAPMessage* entry, DirectoryEntry& record) {
  record.attributes.clear();
  BerElement* rawBer = nullptr;
  berval dn{};
  const int rc = ldap_get_dn_ber(ld, entry, &rawBer, &dn);
  const BerPtr ber(rawBer);
  if (rc != LDAP_SUCCESS)
    throw LdapError(LDAP_DECODING_ERROR, "an entry whose DN cannot be decoded (malformed BER)");
  record.dn = viewOf(dn);
  berval name{};
  for (;;) {
    berval* rawValues = nullptr;
    if (ldap_get_attribute_ber(ld, entry, ber.get(), &name, &rawValues) != LDAP_SUCCESS ||
        !name.bv_val)
      break;
    const ValuesPtr values(rawValues);
    for (berval* v = values.get(); v && v->bv_val; ++v)
      // LDAP values are bytes as stored; the mapper reads GUIDs and SIDs from them directly.
      record.attributes.push_back({viewOf(name), viewOf(*v), true, 0});
  }
}

std::string_view withoutOptions(std::string_view name) {
  return name.substr(0, name.find(';'));
}

std::uint64_t hashOf(std::string_view bytes) {
  return std::hash<std::string_view>{}(bytes);
}

} // namespace

void LdapConnection::MessageFree::operator()(LDAPMessage* message) const {
  ldap_msgfree(message);
}

std::optional<ValueRange> rangeOf(std::string_view name) {
  const auto at = name.find(";range=");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view range = name.substr(at + 7);
  range = range.substr(0, range.find(';'));
  const auto dash = range.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  ValueRange r;
  const std::string_view low = range.substr(0, dash), high = range.substr(dash + 1);
  if (std::from_chars(low.data(), low.data() + low.size(), r.low).ptr != low.data() + low.size())
    return std::nullopt;
  if (high == "*") return r;
  std::uint64_t h = 0;
  if (high.empty() ||
      std::from_chars(high.data(), high.data() + high.size(), h).ptr != high.data() + high.size())
    return std::nullopt;
  r.high = h;
  return r;
}

std::optional<std::uint64_t> nextRangeStart(std::string_view name) {
  const auto r = rangeOf(name);
  if (!r || !r->high || *r->high == UINT64_MAX) return std::nullopt;
  return *r->high + 1;
}

void LdapConnection::completeRanges(DirectoryEntry& record, std::vector<MessagePtr>& keep,
                                    LdapSearchStats& stats) {
  bool ranged = false;
  for (const DirectoryAttribute& a : record.attributes)
    ranged = ranged || a.name.find(";range=") != std::string_view::npos;
  if (!ranged) return;
  // Which attributes need more values, and from where (names first: the vector grows below).
  std::vector<std::pair<std::string, std::uint64_t>> pending;
  for (DirectoryAttribute& a : record.attributes) {
    if (auto next = nextRangeStart(a.name)) {
      const std::string plain(withoutOptions(a.name));
      bool seen = false;
      for (const auto& p : pending)
        seen = seen || p.first == plain;
      if (!seen) pending.emplace_back(plain, *next);
    }
    a.name = withoutOptions(a.name);
  }
  const std::string dn(record.dn);
  for (auto& [plain, start] : pending) {
    unsigned reads = 0;
    for (std::optional<std::uint64_t> next = start; next;) {
      // Each read must start where it was asked to and end further on: a server that repeats a
      // range, goes back, or never ends would otherwise be followed forever.
      if (++reads > kMaxRangeReads)
        throw LdapError(LDAP_OTHER, fmt::format("{}: {} of {}: more than {} ranged reads; stopped",
                                                url_, plain, dn, kMaxRangeReads));
      const std::string wanted = fmt::format("{};range={}-*", plain, *next);
      char* attrs[] = {const_cast<char*>(wanted.c_str()), nullptr};
      timeval tv = toTimeval(pageWait(fmt::format("read {} of {}", wanted, dn)));
      LDAPMessage* raw = nullptr;
      const int rc = ldap_search_ext_s(ld_, dn.c_str(), LDAP_SCOPE_BASE, "(objectClass=*)", attrs,
                                       0, nullptr, nullptr, &tv, 0, &raw);
      if (raw) keep.emplace_back(raw);
      if (rc != LDAP_SUCCESS) fail(rc, fmt::format("read {} of {}", wanted, dn));
      ++stats.rangedFetches;
      const std::uint64_t asked = *next;
      next.reset();
      LDAPMessage* entry = ldap_first_entry(ld_, raw);
      if (!entry) break;
      DirectoryEntry more;
      readEntry(ld_, entry, more);
      for (const DirectoryAttribute& a : more.attributes) {
        if (!equalsIgnoreCase(withoutOptions(a.name), plain)) continue;
        if (const auto r = rangeOf(a.name)) {
          if (r->low != asked || (r->high && *r->high < r->low))
            throw LdapError(
                LDAP_OTHER,
                fmt::format("{}: {} of {}: asked for values from {} and the server answered with "
                            "\"{}\", which does not go on from there; stopped",
                            url_, plain, dn, asked, a.name));
          if (!next) next = nextRangeStart(a.name);
        }
        record.attributes.push_back({withoutOptions(a.name), a.value, true, 0});
      }
    }
  }
}

std::chrono::steady_clock::duration LdapConnection::pageWait(std::string_view what) const {
  const auto now = std::chrono::steady_clock::now();
  if (now >= timeouts_.deadline)
    throw LdapError(
        LDAP_TIMEOUT,
        fmt::format("{}: {}: the time allowed for the whole AD read ran out", url_, what));
  return std::min<std::chrono::steady_clock::duration>(timeouts_.page, timeouts_.deadline - now);
}

void LdapConnection::search(const LdapSearch& request,
                            const std::function<void(const DirectoryEntry&)>& onEntry,
                            LdapSearchStats& stats) {
  std::vector<char*> attrs;
  for (const std::string& a : request.attributes)
    attrs.push_back(const_cast<char*>(a.c_str()));
  attrs.push_back(nullptr);
  BervalPtr cookie;
  // Paging ends when the server's cookie is empty. A server that sends the same page again (the
  // same cookie with the same entries), or keeps sending empty pages with a cookie, would be
  // followed forever: both stop it. (The cookie alone may repeat: Samba keeps one per search.)
  std::set<std::uint64_t> pagesSeen;
  std::string firstDn, lastDn; // of the current page
  unsigned emptyPagesInARow = 0;
  DirectoryEntry record;
  std::vector<MessagePtr> keep; // messages holding ranged values until the entry is handed over
  const std::string what = fmt::format("search {} {}", request.base, request.filter);
  do {
    if (stats.pages >= kMaxPages || stats.entries >= kMaxEntries)
      throw LdapError(LDAP_OTHER, fmt::format("{}: {}: more than {} pages or {} entries; "
                                              "stopped after {} entries",
                                              url_, what, kMaxPages, kMaxEntries, stats.entries));
    ControlPtr page;
    if (request.pageSize > 0) {
      LDAPControl* raw = nullptr;
      if (int rc = ldap_create_page_control(ld_, request.pageSize, cookie.get(), 1, &raw);
          rc != LDAP_SUCCESS)
        fail(rc, "create the paged results control");
      page.reset(raw);
    }
    LDAPControl* controls[] = {page.get(), nullptr};
    const auto wait = pageWait(
        fmt::format("{} before page {} (after {} entries)", what, stats.pages + 1, stats.entries));
    int msgid = 0;
    const int sent =
        ldap_search_ext(ld_, request.base.c_str(), scopeOf(request.scope), request.filter.c_str(),
                        attrs.data(), 0, page ? controls : nullptr, nullptr, nullptr, 0, &msgid);
    page.reset();
    if (sent != LDAP_SUCCESS) fail(sent, what);
    const auto deadline = std::chrono::steady_clock::now() + wait;
    const bool overallLimit = deadline >= timeouts_.deadline;
    const std::uint64_t entriesBefore = stats.entries;
    bool done = false;
    while (!done) {
      const auto left = deadline - std::chrono::steady_clock::now();
      timeval tv = toTimeval(std::max(left, std::chrono::steady_clock::duration::zero()));
      LDAPMessage* raw = nullptr;
      errno = 0;
      const int type = ldap_result(ld_, msgid, LDAP_MSG_ONE, &tv, &raw);
      const MessagePtr message(raw);
      if (type == 0) {
        ldap_abandon_ext(ld_, msgid, nullptr, nullptr);
        throw LdapError(LDAP_TIMEOUT,
                        overallLimit
                            ? fmt::format("{}: {}: the time allowed for the whole AD read ran out "
                                          "during page {} (after {} entries)",
                                          url_, what, stats.pages + 1, stats.entries)
                            : fmt::format("{}: {}: no answer within {} s for page {} (after {} "
                                          "entries; see {})",
                                          url_, what, timeouts_.page.count(), stats.pages + 1,
                                          stats.entries, settingName(Setting::LdapTimeout)));
      }
      if (type < 0) {
        const int readError = errno; // what lber saw: a message too large, or not BER at all
        int code = LDAP_SERVER_DOWN;
        ldap_get_option(ld_, LDAP_OPT_RESULT_CODE, &code);
        if (code == LDAP_SERVER_DOWN && watch_->framer.notLdap)
          throw LdapError(LDAP_DECODING_ERROR,
                          fmt::format("{}: {}: {} (after {} entries in {} pages)", url_, what,
                                      describeLdapResult(LDAP_DECODING_ERROR, ""), stats.entries,
                                      stats.pages));
        if (code == LDAP_SERVER_DOWN && (readError == ERANGE || readError == EINVAL ||
                                         readError == EILSEQ || readError == EMSGSIZE))
          throw LdapError(
              LDAP_DECODING_ERROR,
              fmt::format("{}: {}: {} (after {} entries in {} pages)", url_, what,
                          readError == ERANGE || readError == EMSGSIZE
                              ? fmt::format("the server sent a message larger than the {} bytes "
                                            "one message may have; not read",
                                            kMaxLdapMessageBytes)
                              : describeLdapResult(LDAP_DECODING_ERROR, ""),
                          stats.entries, stats.pages));
        fail(code, fmt::format("{} (connection lost after {} entries in {} pages)", what,
                               stats.entries, stats.pages));
      }
      switch (type) {
      case LDAP_RES_SEARCH_ENTRY: {
        readEntry(ld_, message.get(), record);
        if (stats.entries == entriesBefore) firstDn.assign(record.dn);
        lastDn.assign(record.dn);
        completeRanges(record, keep, stats);
        ++stats.entries;
        onEntry(record);
        keep.clear();
        break;
      }
      case LDAP_RES_SEARCH_REFERENCE:
        ++stats.references;
        break;
      case LDAP_RES_SEARCH_RESULT: {
        int code = LDAP_SUCCESS;
        char* rawMatched = nullptr;
        char* rawDiagnostic = nullptr;
        LDAPControl** rawControls = nullptr;
        const int parsed = ldap_parse_result(ld_, message.get(), &code, &rawMatched, &rawDiagnostic,
                                             nullptr, &rawControls, 0);
        const LdapString<char> matched(rawMatched), diagnostic(rawDiagnostic);
        const ControlsPtr serverControls(rawControls);
        const std::string serverSays = diagnostic ? diagnostic.get() : "";
        if (parsed != LDAP_SUCCESS) fail(parsed, what);
        if (code != LDAP_SUCCESS)
          throw LdapError(code, fmt::format("{}: {}: {} (after {} entries in {} pages)", url_, what,
                                            describeLdapResult(code, serverSays), stats.entries,
                                            stats.pages));
        ++stats.pages;
        cookie.reset();
        if (request.pageSize > 0) {
          LDAPControl* response =
              ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, serverControls.get(), nullptr);
          if (!response)
            throw LdapError(LDAP_PROTOCOL_ERROR,
                            fmt::format("{}: {}: the server answered a paged search without "
                                        "the paged results control",
                                        url_, what));
          ber_int_t estimate = 0;
          berval next{};
          if (ldap_parse_pageresponse_control(ld_, response, &estimate, &next) != LDAP_SUCCESS)
            throw LdapError(LDAP_DECODING_ERROR,
                            fmt::format("{}: {}: the paged results control of page {} cannot be "
                                        "decoded (malformed BER)",
                                        url_, what, stats.pages));
          const LdapString<char> nextBytes(next.bv_val);
          if (next.bv_len > 0) {
            const std::string page = fmt::format("{}\x1f{}\x1f{}", viewOf(next),
                                                 stats.entries == entriesBefore ? "" : firstDn,
                                                 stats.entries == entriesBefore ? "" : lastDn);
            if (stats.entries != entriesBefore && !pagesSeen.insert(hashOf(page)).second)
              throw LdapError(LDAP_OTHER,
                              fmt::format("{}: {}: page {} is a page the server sent before (the "
                                          "same cookie and entries), so paging would never end; "
                                          "stopped after {} entries",
                                          url_, what, stats.pages, stats.entries));
            emptyPagesInARow = stats.entries == entriesBefore ? emptyPagesInARow + 1 : 0;
            if (emptyPagesInARow >= kMaxEmptyPagesInARow)
              throw LdapError(LDAP_OTHER,
                              fmt::format("{}: {}: {} pages in a row with no entry that still "
                                          "offer more; stopped after {} entries",
                                          url_, what, emptyPagesInARow, stats.entries));
            cookie.reset(ber_bvdup(&next));
          }
        }
        done = true;
        break;
      }
      default:
        break; // intermediate responses and the like: nothing to read
      }
    }
  } while (cookie);
}

} // namespace migready
