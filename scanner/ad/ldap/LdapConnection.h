#pragma once
// The only code that talks LDAP. Read-only by construction: it can connect, StartTLS, bind,
// search (paged), abandon its own search and unbind - nothing else is exposed, and the binary
// links no libldap function that writes (tests/ldap/readonly_symbols_test.sh proves it).
// Knows nothing about AD users; entries are handed over as DirectoryEntry values.
#include "scanner/ad/DirectoryEntry.h"
#include "scanner/io/SourceError.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct ldap;    // libldap's LDAP handle; ldap.h stays out of the headers
struct ldapmsg; // and its message

namespace migready {

// An LDAP operation failed. what() says what it means for the user and what to do; the
// result code is kept for callers that react to one (e.g. 49 = invalid credentials).
class LdapError : public SourceError {
public:
  LdapError(int code, const std::string& message) : SourceError(message), code_(code) {}
  int code() const { return code_; }
  // The server could not be reached, or did not answer (another one may).
  bool unreachable() const;

private:
  int code_;
};

struct LdapSecurity {
  std::string caFile;    // PEM bundle to trust instead of the system store
  bool verifyTls = true; // certificate chain and host name; off only with the loud opt-out
};

struct LdapTimeouts {
  std::chrono::seconds connect{15};
  std::chrono::seconds page{120}; // from sending a page request to its last message
  // The whole read (every domain): no page may end after it.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

enum class LdapScope { Base, OneLevel, Subtree };

struct LdapSearch {
  std::string base;
  LdapScope scope = LdapScope::Subtree;
  std::string filter = "(objectClass=*)";
  std::vector<std::string> attributes;
  int pageSize = 1000; // paged results control (RFC 2696, critical); 0 = unpaged
};

struct LdapSearchStats {
  std::uint64_t entries = 0;
  std::uint64_t pages = 0;
  std::uint64_t references = 0;    // continuation references: counted, never chased
  std::uint64_t rangedFetches = 0; // extra reads for values beyond the server's MaxValRange
};

class LdapConnection {
public:
  // Connects to the first of `urls` (space-separated ldap:// or ldaps:// URLs) that answers.
  // ldaps:// does its TLS handshake here, so certificate errors surface before any bind.
  LdapConnection(const std::string& urls, const LdapSecurity& security,
                 const LdapTimeouts& timeouts);
  ~LdapConnection();
  LdapConnection(const LdapConnection&) = delete;
  LdapConnection& operator=(const LdapConnection&) = delete;

  // The StartTLS extended operation (for ldap:// URLs), verified like ldaps://.
  void startTls();
  // Simple bind with a DN, a UPN (user@domain) or DOMAIN\user. Refused without TLS: a
  // password never crosses the network in clear.
  void bindSimple(const std::string& who, const std::string& password);
  // SASL GSSAPI from the caller's Kerberos ticket cache. Over TLS the SASL security layer is
  // turned off (maxssf=0): AD refuses signing/sealing inside TLS.
  void bindGssapi();

  // Runs `search`, paging until the server's cookie is empty, and calls `onEntry` for each
  // entry (views valid during the call). Attributes that come back ranged
  // ("proxyAddresses;range=0-1499") are completed with further reads and handed over whole,
  // under their plain name. Throws LdapError; `stats` counts what arrived before it did.
  void search(const LdapSearch& search, const std::function<void(const DirectoryEntry&)>& onEntry,
              LdapSearchStats& stats);

  const std::string& url() const { return url_; } // the URL actually connected to
  bool tlsActive() const;

private:
  void configure(const LdapSecurity& security, const LdapTimeouts& timeouts);
  // Runs `step` (connect with its TLS handshake, StartTLS, bind) with the connect timeout:
  // libldap has none for a server that accepts the connection and then stays silent, so a
  // watchdog shuts the socket down when the time is up.
  int guarded(const char* what, const std::function<int()>& step);
  [[noreturn]] void fail(int code, const std::string& operation) const;
  struct MessageFree {
    void operator()(ldapmsg* message) const;
  };
  using MessagePtr = std::unique_ptr<ldapmsg, MessageFree>;
  void completeRanges(DirectoryEntry& record, std::vector<MessagePtr>& keep,
                      LdapSearchStats& stats);
  // How long the next page (or read) may take: the page timeout, or what is left of the whole
  // read's time. Throws LdapError when that time is over.
  std::chrono::steady_clock::duration pageWait(std::string_view what) const;

public:
  struct Watch; // the socket libldap connected (for the watchdog) and what it receives

private:
  std::unique_ptr<Watch> watch_; // outlives the handle: libldap calls back into it on unbind
  // The libldap handle: unbound (its connection closed) when the connection goes, also when the
  // constructor throws.
  struct Handle {
    ::ldap* ld = nullptr;
    Handle() = default;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle();
    operator ::ldap*() const { return ld; }
  };
  Handle ld_;
  std::string url_;
  LdapTimeouts timeouts_;
};

// Range retrieval (MS-ADTS 3.1.1.3.1.3.3): "proxyAddresses;range=0-1499" -> {0, 1499};
// "...;range=1500-*" -> {1500, nullopt} (the last range); nullopt for a name without a range.
struct ValueRange {
  std::uint64_t low = 0;
  std::optional<std::uint64_t> high;
};
std::optional<ValueRange> rangeOf(std::string_view name);
// Where the next read starts (1500 for "range=0-1499"); nullopt for the last range or none.
std::optional<std::uint64_t> nextRangeStart(std::string_view name);

// What an LDAP result code means for someone running a scan, with the server's own words.
std::string describeLdapResult(int code, const std::string& serverMessage);

// Bounds on what a server can make one read do (README, "Limits and safety").
inline constexpr std::size_t kMaxLdapMessageBytes = 64u << 20; // one LDAP message
inline constexpr std::uint64_t kMaxPages = 100000;             // one paged search
inline constexpr std::uint64_t kMaxEntries = 20000000;         // one search
inline constexpr unsigned kMaxEmptyPagesInARow = 3;            // pages with no entry but a cookie
inline constexpr unsigned kMaxRangeReads = 1000; // ranged reads of one attribute (AD: 1500 each)

} // namespace migready
