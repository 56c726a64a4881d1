#pragma once
// Reads on-premises AD users live over LDAP into the same AdAccounts the LDIF reader makes.
#include "scanner/ad/ldap/LdapConnection.h"
#include "scanner/model/Snapshot.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace migready {

// AD's own shorthand: objectCategory=person is expanded by the server to the full DN. Servers
// that do not expand it (OpenLDAP) need a filter of their own (AdLdapOptions::filter).
inline constexpr std::string_view kAdUserFilter = "(&(objectCategory=person)(objectClass=user))";

enum class LdapBind { Simple, Gssapi };

struct LdapProgress {
  std::string domain; // naming context being read
  std::uint64_t entries = 0;
  std::uint64_t pages = 0;
  double seconds = 0;
  bool finished = false;
};

struct AdLdapOptions {
  std::vector<std::string> urls; // the first that answers is used; others serve other domains
  std::string base;              // one naming context; empty = every domain of the forest
  LdapBind bind = LdapBind::Simple;
  std::string bindDn;   // DN, user@domain or DOMAIN\user
  std::string password; // from a file or the environment, never the command line
  bool startTls = false;
  LdapSecurity security;
  LdapTimeouts timeouts;
  std::string filter{kAdUserFilter};
  int pageSize = 1000;
  // Ask for proxyAddresses in ranges of this many values (0 = as the server sends them). AD
  // caps values per read at MaxValRange (1500) by itself; a lower cap set by an administrator,
  // or a server that only ranges on request, needs it. The rest is read range by range.
  int valueRange = 0;
  // A simple bind's password goes only to the servers in `urls`. The forest's other domains are
  // read from domain controllers found by their DNS names only with this (or with Kerberos,
  // which sends no password); otherwise they are not collected (the source is partial).
  bool bindDiscoveredServers = false;
  // The whole read, every domain (0: no limit): a server that drips answers cannot hold the scan.
  std::chrono::seconds maxTime{14400};
  EntrySink* copy = nullptr; // also hands every entry read here (the LDIF copy), when set
  std::function<void(const LdapProgress&)> progress; // called about twice a second, and at the end
};

// A domain of the forest, from its crossRef object in CN=Partitions.
struct AdDomainRef {
  std::string namingContext; // nCName: DC=corp,DC=example,DC=com
  std::string dnsRoot;       // corp.example.com
};
// The crossRefs that name domains: systemFlags has FLAG_CR_NTDS_NC (1) and FLAG_CR_NTDS_DOMAIN
// (2); application partitions, schema and configuration have only bit 1. Disabled ones
// (Enabled=FALSE, a domain being created or removed) are left out.
struct CrossRef {
  std::string ncName;
  std::string dnsRoot;
  std::int64_t systemFlags = 0;
  bool enabled = true;
};
std::vector<AdDomainRef> domainsOf(const std::vector<CrossRef>& crossRefs);

// "ldaps://dc1.corp.example.com:636" with the host replaced by `host` (port and scheme kept).
std::string urlForHost(const std::string& url, const std::string& host);

// Reads the users of one base, or of every domain of the forest, into `out`. Never throws for
// a server's answer: failures (bind refused, connection lost after N entries, a domain that
// could not be reached) make the source failed, with what was read so far kept.
SourceState readAdLdap(const AdLdapOptions& options, AdDirectory& out);

} // namespace migready
