#include "scanner/ad/ldap/AdLdapSource.h"

#include "scanner/ad/AdEntryMapper.h"
#include "scanner/model/Setting.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <memory>

namespace migready {

namespace {

// rootDSE values read once per server.
struct RootDse {
  std::string defaultNamingContext;
  std::string configurationNamingContext;
  std::string dnsHostName;
};

RootDse readRootDse(LdapConnection& connection) {
  RootDse root;
  LdapSearch search;
  search.base = "";
  search.scope = LdapScope::Base;
  search.attributes = {"defaultNamingContext", "configurationNamingContext", "dnsHostName"};
  search.pageSize = 0;
  LdapSearchStats stats;
  connection.search(
      search,
      [&](const DirectoryEntry& r) {
        for (const DirectoryAttribute& a : r.attributes) {
          if (equalsIgnoreCase(a.name, "defaultNamingContext"))
            root.defaultNamingContext = a.value;
          else if (equalsIgnoreCase(a.name, "configurationNamingContext"))
            root.configurationNamingContext = a.value;
          else if (equalsIgnoreCase(a.name, "dnsHostName"))
            root.dnsHostName = a.value;
        }
      },
      stats);
  return root;
}

std::vector<AdDomainRef> readDomains(LdapConnection& connection, const RootDse& root) {
  if (root.configurationNamingContext.empty())
    throw SourceError(fmt::format("{}: the rootDSE has no configurationNamingContext, so this "
                                  "is not Active Directory and has no forest to enumerate: "
                                  "give {}",
                                  connection.url(), settingName(Setting::LdapBase)));
  LdapSearch search;
  search.base = "CN=Partitions," + root.configurationNamingContext;
  search.scope = LdapScope::OneLevel;
  search.filter = "(objectClass=crossRef)"; // bits are tested here: not every server has
                                            // the bitwise-AND matching rule
  search.attributes = {"nCName", "dnsRoot", "systemFlags", "Enabled"};
  LdapSearchStats stats;
  std::vector<CrossRef> refs;
  connection.search(
      search,
      [&](const DirectoryEntry& r) {
        CrossRef ref;
        for (const DirectoryAttribute& a : r.attributes) {
          if (equalsIgnoreCase(a.name, "nCName"))
            ref.ncName = a.value;
          else if (equalsIgnoreCase(a.name, "dnsRoot") && ref.dnsRoot.empty())
            ref.dnsRoot = a.value;
          else if (equalsIgnoreCase(a.name, "systemFlags"))
            ref.systemFlags = parseInt64(a.value).value_or(0);
          else if (equalsIgnoreCase(a.name, "Enabled"))
            ref.enabled = !equalsIgnoreCase(a.value, "FALSE");
        }
        refs.push_back(std::move(ref));
      },
      stats);
  auto domains = domainsOf(refs);
  if (domains.empty())
    throw SourceError(
        fmt::format("{}: no domain crossRef under {}", connection.url(), search.base));
  return domains;
}

bool isGlobalCatalog(const std::string& url) {
  const auto colon = url.rfind(':');
  if (colon == std::string::npos || colon < url.find("://") + 3) return false;
  const std::string port = url.substr(colon + 1, url.find('/', colon) - colon - 1);
  return port == "3268" || port == "3269";
}

// One scan: its connections (one per server), the mapper and what went wrong.
class LiveRead {
public:
  LiveRead(const AdLdapOptions& options, AdDirectory& out)
      : options_(options), out_(out), mapper_(out, origin()), timeouts_(options.timeouts) {
    if (options.maxTime.count() > 0)
      timeouts_.deadline = std::chrono::steady_clock::now() + options.maxTime;
    for (std::string_view a : adUserAttributes()) {
      if (options_.valueRange > 0 && a == "proxyAddresses")
        attributes_.push_back(fmt::format("{};range=0-{}", a, options_.valueRange - 1));
      else
        attributes_.emplace_back(a);
    }
  }

  std::string origin() const { return fmt::format("{}", fmt::join(options_.urls, " ")); }

  // Connects to `url`, StartTLS if asked, binds; remembers that the server received a bind.
  std::unique_ptr<LdapConnection> open(const std::string& url) {
    auto c = std::make_unique<LdapConnection>(url, options_.security, timeouts_);
    if (options_.startTls) c->startTls();
    if (options_.bind == LdapBind::Gssapi)
      c->bindGssapi();
    else
      c->bindSimple(options_.bindDn, options_.password);
    if (std::find(out_.boundServers.begin(), out_.boundServers.end(), url) ==
        out_.boundServers.end())
      out_.boundServers.push_back(url);
    return c;
  }

  // The first of the given URLs that answers (a server that cannot be reached lets the next
  // one be tried; a refused bind ends the read: it would be refused by the next one too).
  std::pair<std::string, std::unique_ptr<LdapConnection>> openFirst() {
    for (std::size_t i = 0;; ++i) {
      try {
        return {options_.urls[i], open(options_.urls[i])};
      } catch (const LdapError& e) {
        if (!e.unreachable() || i + 1 == options_.urls.size()) throw;
        addError(e.what());
      }
    }
  }

  // A connection to a server of `domain`: a server the user named whose default naming
  // context it is, else (with Kerberos, which sends no password, or when allowed) a domain
  // controller found by the domain's DNS name on the first server's scheme and port. Null when
  // no server may be asked: the domain is then not collected.
  std::unique_ptr<LdapConnection> connectionFor(const AdDomainRef& domain) {
    for (const auto& [url, nc] : namedServers_)
      if (equalsIgnoreCase(nc, domain.namingContext)) return open(url);
    for (const std::string& url : options_.urls) {
      if (std::any_of(namedServers_.begin(), namedServers_.end(),
                      [&](const auto& known) { return known.first == url; }))
        continue;
      auto c = open(url);
      const RootDse root = readRootDse(*c);
      namedServers_.emplace_back(url, root.defaultNamingContext);
      if (equalsIgnoreCase(root.defaultNamingContext, domain.namingContext)) return c;
    }
    if (options_.bind == LdapBind::Simple && !options_.bindDiscoveredServers) return nullptr;
    return open(urlForHost(options_.urls.front(), domain.dnsRoot));
  }

  void run(SourceState& state) {
    auto [firstUrl, first] = openFirst();
    const RootDse root = readRootDse(*first);
    std::vector<AdDomainRef> domains;
    if (!options_.base.empty())
      domains.push_back({options_.base, ""});
    else
      domains = readDomains(*first, root);
    const std::string firstNc = options_.base.empty() ? root.defaultNamingContext : options_.base;
    namedServers_.emplace_back(firstUrl, firstNc);
    if (options_.copy)
      options_.copy->open(fmt::format("migready live read of {}\nfilter {}\nnaming contexts: {}",
                                      origin(), options_.filter, namingContexts(domains)));
    // One domain at a time, each connection closed when its domain is done: a forest of a
    // thousand domains never holds a thousand connections.
    for (const AdDomainRef& domain : domains) {
      try {
        std::unique_ptr<LdapConnection> c = first && equalsIgnoreCase(firstNc, domain.namingContext)
                                                ? std::move(first)
                                                : connectionFor(domain);
        if (!c) {
          notCollected_.push_back(domain);
          continue;
        }
        readDomain(*c, domain.namingContext);
      } catch (const SourceError& e) {
        addError(e.what());
        failedDomains_.push_back(domain.namingContext);
      }
      first.reset(); // the first server's connection served its domain (or none)
    }
    if (options_.copy) options_.copy->close();
    state.detail =
        fmt::format("{} user(s) of {} entries from {} naming context(s) ({}) in {} "
                    "page(s); {} reference(s) not followed",
                    out_.accounts.size(), entries_, domains.size() - notCollected_.size(),
                    namingContexts(domains), pages_, references_);
    if (rangedFetches_ > 0)
      state.detail += fmt::format("; {} ranged value read(s)", rangedFetches_);
    state.detail += fmt::format("; bind sent to {}", fmt::join(out_.boundServers, ", "));
    if (options_.copy) state.detail += fmt::format("; saved to {}", options_.copy->where());
  }

  void addError(std::string message) {
    ++errorCount_;
    if (errors_.size() < kErrorsKept) errors_.push_back(std::move(message));
  }

  std::uint64_t entries_ = 0, pages_ = 0, references_ = 0, rangedFetches_ = 0, errorCount_ = 0;
  std::vector<std::string> errors_;
  std::vector<std::string> failedDomains_;
  std::vector<AdDomainRef> notCollected_; // domains no server given (or allowed) could read

private:
  static std::string namingContexts(const std::vector<AdDomainRef>& domains) {
    std::vector<std::string> names;
    for (const AdDomainRef& d : domains)
      names.push_back(d.namingContext);
    return fmt::format("{}", fmt::join(names, "; "));
  }

  void readDomain(LdapConnection& connection, const std::string& namingContext) {
    LdapSearch search;
    search.base = namingContext;
    search.filter = options_.filter;
    search.attributes = attributes_;
    search.pageSize = options_.pageSize;
    LdapSearchStats stats;
    const auto start = std::chrono::steady_clock::now();
    auto lastReport = start;
    auto report = [&](bool finished) {
      if (!options_.progress) return;
      const auto now = std::chrono::steady_clock::now();
      options_.progress({namingContext, stats.entries, stats.pages,
                         std::chrono::duration<double>(now - start).count(), finished});
      lastReport = now;
    };
    try {
      connection.search(
          search,
          [&](const DirectoryEntry& record) {
            if (options_.copy) options_.copy->write(record);
            try {
              mapper_.map(record);
            } catch (const AdEntryError& e) {
              addError(fmt::format("{}: {}: {}", connection.url(),
                                   record.dn.empty() ? std::string_view("(an entry)") : record.dn,
                                   e.message()));
            }
            if ((stats.entries & 1023) == 0 &&
                std::chrono::steady_clock::now() - lastReport > std::chrono::milliseconds(500))
              report(false);
          },
          stats);
    } catch (...) {
      count(stats);
      report(true);
      throw;
    }
    count(stats);
    report(true);
  }

  void count(const LdapSearchStats& stats) {
    entries_ += stats.entries;
    pages_ += stats.pages;
    references_ += stats.references;
    rangedFetches_ += stats.rangedFetches;
  }

  const AdLdapOptions& options_;
  AdDirectory& out_;
  AdEntryMapper mapper_;
  std::vector<std::string> attributes_;
  LdapTimeouts timeouts_;
  std::vector<std::pair<std::string, std::string>> namedServers_; // a named server -> its domain
};

} // namespace

std::vector<AdDomainRef> domainsOf(const std::vector<CrossRef>& crossRefs) {
  std::vector<AdDomainRef> domains;
  for (const CrossRef& r : crossRefs)
    if ((r.systemFlags & 3) == 3 && r.enabled && !r.ncName.empty())
      domains.push_back({r.ncName, r.dnsRoot});
  return domains;
}

std::string urlForHost(const std::string& url, const std::string& host) {
  const auto scheme = url.find("://");
  const std::size_t hostStart = scheme == std::string::npos ? 0 : scheme + 3;
  const std::size_t pathStart = url.find('/', hostStart);
  const std::string hostPort = url.substr(hostStart, pathStart - hostStart);
  std::string port;
  if (const auto colon = hostPort.rfind(':');
      colon != std::string::npos && hostPort.find(']', colon) == std::string::npos)
    port = hostPort.substr(colon);
  return url.substr(0, hostStart) + host + port;
}

SourceState readAdLdap(const AdLdapOptions& options, AdDirectory& out) {
  SourceState state;
  LiveRead read(options, out);
  state.origin = read.origin();
  out.origin = state.origin;
  out.live = true;
  try {
    read.run(state);
  } catch (const SourceError& e) { // connect, bind, rootDSE or discovery: nothing was read
    read.addError(e.what());       // the detail below names it
  }
  state.objects = out.accounts.size();
  state.errors = read.errors_;
  for (const AdDomainRef& d : read.notCollected_)
    state.errors.push_back(fmt::format(
        "the domain {} ({}) was not read: none of the servers given ({}) is one of its domain "
        "controllers, and the bind password goes only to the servers given; add one of its "
        "domain controllers with {}, or allow binding to the domain controllers the forest names "
        "with {}",
        d.namingContext, d.dnsRoot.empty() ? "no DNS name" : d.dnsRoot,
        settingName(Setting::LdapUrl), settingName(Setting::LdapUrl),
        settingName(Setting::BindDiscoveredDcs)));
  if (read.errorCount_ > 0) {
    // What was read is sound; a connection lost, a domain not reached or an unreadable entry
    // leaves it incomplete (partial). Nothing read at all: failed.
    state.status = out.accounts.empty() ? SourceStatus::Failed : SourceStatus::Partial;
    state.detail =
        fmt::format("{} error(s); {} user(s) read from {} entries before/besides "
                    "them; first: {}",
                    read.errorCount_, out.accounts.size(), read.entries_, state.errors.front());
  } else if (read.entries_ == 0) {
    state.status = SourceStatus::Failed;
    state.detail = fmt::format("{}: the search returned no entries (filter {}; is the account "
                               "allowed to read users, and is the base right?)",
                               state.origin, options.filter);
    state.errors.push_back(state.detail);
  } else if (!read.notCollected_.empty()) {
    state.status = SourceStatus::Partial;
    state.detail += fmt::format(
        "; incomplete: {}",
        fmt::join(state.errors.end() - static_cast<std::ptrdiff_t>(read.notCollected_.size()),
                  state.errors.end(), "; "));
  } else {
    state.status = SourceStatus::Complete;
    // The Global Catalog holds a partial attribute set without mS-DS-ConsistencyGuid: users
    // anchored on it could not be joined to the cloud. Never call that complete.
    if (std::any_of(options.urls.begin(), options.urls.end(), isGlobalCatalog)) {
      state.status = SourceStatus::Partial;
      state.detail += "; read from a Global Catalog port, whose partial attribute set lacks "
                      "mS-DS-ConsistencyGuid: read each domain from a domain controller "
                      "(389/636) for a complete scan";
    }
  }
  if (!options.security.verifyTls)
    state.detail += fmt::format("; TLS certificate and host name NOT verified ({})",
                                settingName(Setting::InsecureSkipTlsVerify));
  reconcileDirectory(out, state);
  return state;
}

} // namespace migready
