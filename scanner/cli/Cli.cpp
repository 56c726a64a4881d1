#include "scanner/cli/Cli.h"

#include "reporters/Reporter.h"
#include "reporters/common/ReportText.h"
#include "reporters/common/TextClean.h"
#include "reporters/diff/DiffWriter.h"
#include "reporters/plan/RemediationPackage.h"
#include "scanner/cli/Flags.h"
#include "scanner/cli/ProgressLine.h"
#include "scanner/cli/ReportOutput.h"
#include "scanner/cli/UsageError.h"
#include "scanner/gate/Gate.h"
#include "scanner/gate/SavedReportReader.h"
#include "scanner/gate/ScanDiff.h"
#include "scanner/gate/WaiverFile.h"
#include "scanner/gate/WaveFile.h"
#include "scanner/io/ConfigText.h"
#include "scanner/io/InputFile.h"
#include "scanner/io/SourceError.h"
#include "scanner/model/Text.h"
#include "scanner/model/Time.h"
#include "scanner/scan/Scan.h"

#include <boost/program_options.hpp>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <unistd.h>

namespace migready {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTopHelp =
    R"(migready - read-only readiness scan before a mailbox migration to Microsoft 365

Usage:
  migready scan [options]       scan AD, Entra ID and the AD Connect configuration
  migready diff OLD.json NEW.json [MORE.json ...] [--report FORMAT[=PATH]] [--fail-on SEVERITY]
                                compare JSON reports of one tenant, oldest first (by the
                                time each was made, whatever order they are given in)
  migready checks [--markdown]  list the checks (--markdown: the catalog table)
  migready explain ID           what a check finds, why it matters, what to do
  migready --help | --version

The scan's options: migready scan --help

Exit codes: 0 READY, 1 NOT_READY, 2 usage or configuration error, 3 INCOMPLETE.
migready diff: 0 no new finding at or above --fail-on, 1 new ones, 2 bad input.
)";

// An option named in an error message, never its value: "--bind-password=Hunter2" must not
// echo the password someone typed where it does not belong.
std::string optionNameOnly(const std::string& option) {
  return option.substr(0, option.find('='));
}

std::vector<SourceKind> parseScope(const std::string& text) {
  std::vector<SourceKind> scope;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    item = std::string(trimBlanks(item)); // "ad, graph": values are trimmed, list items too
    if (item.empty()) continue;
    auto kind = parseSourceKind(item);
    if (!kind)
      throw UsageError(fmt::format(
          "--scope: unknown source \"{}\" (ad, graph, sync; adconnect means sync)", item));
    if (std::find(scope.begin(), scope.end(), *kind) == scope.end()) scope.push_back(*kind);
  }
  if (scope.empty())
    throw UsageError("--scope: empty; name the sources that must be present (ad, graph, sync)");
  return scope;
}

// A domain's DNS name as Cloud Sync's DomainFQDN holds it: two or more labels of letters, digits
// and hyphens (1 to 63 each, no hyphen first or last), 253 characters at most; a final dot is
// allowed.
bool isDomainName(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return false;
  std::size_t labels = 0;
  for (std::size_t start = 0; start <= name.size(); ++labels) {
    const std::size_t end = std::min(name.find('.', start), name.size());
    const std::string_view label = name.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    start = end + 1;
  }
  return labels >= 2;
}

// "[DOMAIN=]FILE" (the command line and --config alike): without '=' the whole text is the file;
// when the text before the first '=' holds a '/' (or '\\') it is a path, and the whole text is
// the file ("./a=b.json"); otherwise the text before the first '=' must be a domain's DNS name
// (isDomainName) and the rest the file. Anything else is a usage error that says the rule.
CloudSyncSchemaFile cloudSyncSchemaOf(const std::string& spec) {
  const std::string_view flag = "--cloud-sync-schema";
  if (spec.empty()) throw UsageError(fmt::format("{}: give [DOMAIN=]FILE", flag));
  const auto eq = spec.find('=');
  if (eq == std::string::npos) return {spec, {}, {}};
  const std::string domain = spec.substr(0, eq);
  if (domain.find_first_of("/\\") != std::string::npos) return {spec, {}, {}};
  if (domain.empty())
    throw UsageError(fmt::format("{} {}: the domain before '=' is empty: give DOMAIN=FILE, or "
                                 "FILE alone (a file whose name starts with '=' as ./{})",
                                 flag, visibleText(spec), visibleText(spec)));
  if (!isDomainName(domain))
    throw UsageError(fmt::format(
        "{} {}: \"{}\" before '=' is not a domain's DNS name (two or more labels of letters, "
        "digits and hyphens, such as corp.contoso.com): give DOMAIN=FILE, or a file whose name "
        "holds '=' as ./{}",
        flag, visibleText(spec), visibleText(domain), visibleText(spec)));
  if (eq + 1 == spec.size())
    throw UsageError(fmt::format("{} {}: the file is missing after '='", flag, visibleText(spec)));
  std::string lower = toLowerAscii(domain);
  if (lower.back() == '.') lower.pop_back();
  return {spec.substr(eq + 1), std::move(lower), {}};
}

void printSummary(const Report& r, std::ostream& err) {
  // Everything printed here may hold directory or tenant values: controls are shown, not sent.
  // First the gate's decision, which the exit code follows; then the tenant as scanned.
  fmt::print(err, "migready: {} - {}\n", toString(r.gate.verdict), visibleText(r.gate.reason));
  fmt::print(err, "  tenant           {} - {}\n", toString(r.readiness),
             visibleText(r.readinessReason));
  fmt::print(err, "  users            {} blocked{}, {} with warnings only, {} with any finding\n",
             r.users.blocked, blockedByWaivedOnly(r.users.blockedWaived), r.users.warned,
             r.users.total);
  for (SourceKind k : kAllSources) {
    const SourceState& s = r.source(k);
    if (s.status == SourceStatus::NotProvided) {
      fmt::print(err, "  source {:<9} not provided\n", toString(k));
      continue;
    }
    fmt::print(err, "  source {:<9} {} ({})\n", toString(k), toString(s.status),
               visibleText(s.detail));
  }
  if (!r.waiverFile.empty())
    fmt::print(err, "  waivers          {} finding(s) accepted by {} waiver(s) from {}\n", r.waived,
               r.waivers.size(), visibleText(r.waiverFile));
  for (const WaveReadiness& w : r.waves)
    fmt::print(err, "  wave {:<11} {:<10} {} user(s), {} blocked; gate {}{}\n", visibleText(w.name),
               toString(w.readiness), w.users, w.blocked, toString(w.gate),
               !r.gate.wave.empty() && w.name == r.gate.wave ? " (the wave this verdict is about)"
                                                             : "");
  if (r.baseline)
    fmt::print(err, "  baseline         {}: {} new, {} unchanged, {} resolved{}\n",
               visibleText(r.baseline->file), r.baseline->newFindings, r.baseline->unchanged,
               r.baseline->resolved.size(), r.gate.newOnly ? " (only new findings count)" : "");
  for (const CheckResult& c : r.checks)
    fmt::print(err, "  {:<8} {:<7} {:>6} finding(s) {:>6} user(s)  {}{}{}\n", c.id,
               toString(c.status), c.findings, c.users, c.title,
               c.waived ? fmt::format(" ({} waived)", c.waived) : "",
               c.reason.empty() ? "" : fmt::format(" [{}]", visibleText(c.reason)));
}

// Options that only mean something with `anchor` (the live sources' --ldap-url, --tenant): given
// without it, they would be silently ignored. Defaults do not count as given.
void requireWith(const po::variables_map& vm, std::initializer_list<const char*> anchors,
                 std::initializer_list<const char*> options) {
  for (const char* anchor : anchors)
    if (vm.count(anchor)) return;
  std::string needs;
  for (const char* anchor : anchors)
    needs += fmt::format("{}--{}", needs.empty() ? "" : " or ", anchor);
  for (const char* option : options)
    if (vm.count(option) && !vm[option].defaulted())
      throw UsageError(fmt::format("--{} needs {}", option, needs));
}

// How a report links the remediation package: relative to the report's folder. A link that would
// climb out and name folders on the way ("../../home/me/plan") names only the package's own
// folder: a deliverable carries none of this machine's folders, and the package is handed over
// beside the report.
std::string packageLink(const std::string& packageDir, const fs::path& reportFolder) {
  const fs::path package = fs::absolute(packageDir).lexically_normal();
  const fs::path relative = package.lexically_relative(reportFolder.lexically_normal());
  std::size_t named = 0;
  bool climbs = false;
  for (const fs::path& part : relative) {
    if (part == "..")
      climbs = true;
    else if (!part.empty() && part != ".")
      ++named;
  }
  if (climbs && named > 1) return package.filename().generic_string();
  std::string link = relative.generic_string();
  while (link.size() > 1 && link.back() == '/')
    link.pop_back();
  return link;
}

std::string readSecretFile(const std::string& path, std::string_view option) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("--{} {}: cannot open", option, path));
  std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r'))
    secret.pop_back();
  if (secret.empty()) throw UsageError(fmt::format("--{} {}: the file is empty", option, path));
  return secret;
}

AdLdapOptions ldapOptionsOf(const po::variables_map& vm, std::ostream& err,
                            ProgressLine* progress) {
  AdLdapOptions o;
  o.urls = vm["ldap-url"].as<std::vector<std::string>>();
  for (const std::string& url : o.urls)
    if (!url.starts_with("ldap://") && !url.starts_with("ldaps://"))
      throw UsageError(
          fmt::format("--ldap-url {}: use ldaps://host[:port] or ldap://host[:port]", url));
  if (vm.count("ldap-base")) o.base = vm["ldap-base"].as<std::string>();
  const std::string mech = vm["bind-mech"].as<std::string>();
  if (mech == "gssapi")
    o.bind = LdapBind::Gssapi;
  else if (mech != "simple")
    throw UsageError(fmt::format("--bind-mech: \"{}\" is not simple or gssapi", mech));
  if (o.bind == LdapBind::Simple) {
    if (!vm.count("bind-dn"))
      throw UsageError("--ldap-url needs --bind-dn (or --bind-mech gssapi)");
    o.bindDn = vm["bind-dn"].as<std::string>();
    if (vm.count("bind-password-file"))
      o.password = readSecretFile(vm["bind-password-file"].as<std::string>(), "bind-password-file");
    else if (const char* env = std::getenv("MIGREADY_BIND_PASSWORD"); env && *env)
      o.password = env;
    else
      throw UsageError("no bind password: give --bind-password-file FILE or set "
                       "MIGREADY_BIND_PASSWORD (never on the command line)");
  }
  o.startTls = vm.count("starttls") > 0;
  if (vm.count("tls-ca")) {
    o.security.caFile = vm["tls-ca"].as<std::string>();
  }
  if (vm.count("insecure-skip-tls-verify")) {
    o.security.verifyTls = false;
    err << "migready: WARNING: --insecure-skip-tls-verify: the LDAP server's certificate and "
           "host name are NOT verified; anyone on the network path can read the bind password "
           "and alter what is read. The report says so.\n";
  }
  for (const std::string& url : o.urls)
    if (url.starts_with("ldap://") && !o.startTls && o.bind == LdapBind::Simple)
      throw UsageError(fmt::format("--ldap-url {}: a simple bind on plain ldap:// would send the "
                                   "password in clear: use ldaps:// or add --starttls",
                                   url));
  if (vm.count("ldap-filter")) o.filter = vm["ldap-filter"].as<std::string>();
  o.pageSize = vm["ldap-page-size"].as<int>();
  if (o.pageSize < 1 || o.pageSize > 1000) throw UsageError("--ldap-page-size: between 1 and 1000");
  o.valueRange = vm["ldap-value-range"].as<int>();
  if (o.valueRange < 0) throw UsageError("--ldap-value-range: 0 or more");
  const int pageTimeout = vm["ldap-timeout"].as<int>();
  const int connectTimeout = vm["connect-timeout"].as<int>();
  if (pageTimeout < 1 || connectTimeout < 1)
    throw UsageError("--ldap-timeout and --connect-timeout: at least 1 second");
  o.timeouts.page = std::chrono::seconds(pageTimeout);
  o.timeouts.connect = std::chrono::seconds(connectTimeout);
  o.bindDiscoveredServers = vm.count("ldap-bind-discovered-dcs") > 0;
  const int maxTime = vm["ldap-max-time"].as<int>();
  if (maxTime < 0) throw UsageError("--ldap-max-time: 0 (no limit) or more seconds");
  o.maxTime = std::chrono::seconds(maxTime);
  if (progress) o.progress = [progress](const LdapProgress& p) { progress->ad(p); };
  return o;
}

GraphLiveOptions graphOptionsOf(const po::variables_map& vm, std::ostream& err,
                                ProgressLine* progress) {
  GraphLiveOptions o;
  const std::string cloud = vm["cloud"].as<std::string>();
  const auto parsed = parseCloud(cloud);
  if (!parsed)
    throw UsageError(
        fmt::format("--cloud: \"{}\" is not global, usgov, usgov-dod or china", cloud));
  o.cloud = *parsed;
  o.endpoints = endpointsOf(o.cloud);
  auto root = [&](const char* option, std::string& target) {
    if (vm.count(option)) target = vm[option].as<std::string>(); // checked by prepare()
  };
  root("login-url", o.endpoints.login);
  root("graph-url", o.endpoints.graph);
  root("exchange-url", o.endpoints.exchange);
  AppCredentials& c = o.credentials;
  c.tenant = vm["tenant"].as<std::string>();
  if (!vm.count("client-id")) throw UsageError("--tenant needs --client-id (the app registration)");
  c.clientId = vm["client-id"].as<std::string>();
  if (vm.count("device-code")) {
    c.kind = AppCredentials::Kind::DeviceCode;
  } else if (vm.count("client-cert") || vm.count("client-key")) {
    if (!vm.count("client-cert") || !vm.count("client-key"))
      throw UsageError("--client-cert and --client-key go together");
    c.kind = AppCredentials::Kind::Certificate;
    c.certificatePem = vm["client-cert"].as<std::string>();
    c.keyPem = vm["client-key"].as<std::string>();
    const std::string alg = vm["jwt-alg"].as<std::string>();
    if (alg == "RS256")
      c.algorithm = JwtAlgorithm::RS256;
    else if (alg != "PS256")
      throw UsageError(fmt::format("--jwt-alg: \"{}\" is not PS256 or RS256", alg));
  } else {
    c.kind = AppCredentials::Kind::Secret;
    if (vm.count("client-secret-file"))
      c.secret = readSecretFile(vm["client-secret-file"].as<std::string>(), "client-secret-file");
    else if (const char* env = std::getenv("MIGREADY_CLIENT_SECRET"); env && *env)
      c.secret = env;
    else
      throw UsageError("no app credential: give --client-cert/--client-key, "
                       "--client-secret-file FILE (or set MIGREADY_CLIENT_SECRET), or "
                       "--device-code");
  }
  if (vm.count("tls-ca")) o.https.caFile = vm["tls-ca"].as<std::string>();
  const int timeout = vm["graph-timeout"].as<int>();
  const int maxWait = vm["graph-max-wait"].as<int>();
  if (timeout < 1 || maxWait < 1)
    throw UsageError("--graph-timeout and --graph-max-wait: at least 1 second");
  o.https.timeout = std::chrono::seconds(timeout);
  o.retry.maxTotalWait = std::chrono::seconds(maxWait);
  o.exchangeOnline = vm.count("exchange-online") > 0;
  if (vm.count("save-graph-snapshot"))
    o.saveDir = folderArgument(vm["save-graph-snapshot"].as<std::string>());
  if (progress) o.progress = [progress](const GraphProgress& p) { progress->graph(p); };
  // The device code instructions come from the sign-in service: shown, never sent raw.
  o.say = [&err](const std::string& message) {
    err << "migready: " << visibleText(message) << std::endl;
  };
  return o;
}

// The largest --config file: a few dozen lines in practice.
constexpr std::uintmax_t kMaxConfigBytes = 1u << 20;

// Where the values of the --config file came from, by option: each value with its line. Only the
// values that count are here (an option given on the command line takes none from the file).
struct ConfigOrigin {
  struct Value {
    std::string text;
    std::uint64_t line = 0;
  };
  std::string path;
  std::map<std::string, std::vector<Value>> values;
};

// A usage error about an option (its message starts with the flag, "--scope: ...", as every such
// message here does), when the option's value came from the --config file: the file and line
// of that value go in front, so that an error names where the value was written. The line is
// the one whose value the message names first (a repeatable option has several); else the
// option's first line.
std::string locatedInConfig(const ConfigOrigin& origin, const std::string& message) {
  if (origin.path.empty() || !message.starts_with("--")) return message;
  const std::string option = message.substr(2, message.find_first_of(" :=", 2) - 2);
  const auto it = origin.values.find(option);
  if (it == origin.values.end() || it->second.empty()) return message;
  std::uint64_t line = it->second.front().line;
  std::size_t at = std::string::npos;
  for (const ConfigOrigin::Value& v : it->second) {
    if (v.text.empty()) continue;
    const std::size_t found = message.find(v.text);
    if (found != std::string::npos && (at == std::string::npos || found <= at)) {
      at = found;
      line = v.line; // the same text twice: the later line, where it is repeated
    }
  }
  return fmt::format("--config {}", atLine(origin.path, line, message));
}

// The options of the --config file, to store after the command line's: "key = value" lines with
// the long options' names. An option given on the command line takes nothing from the file
// (a repeatable one neither: the command line replaces the file's list, it does not add to it).
// A switch means its value (true/false, yes/no, on/off, 1/0): false leaves it off. Every problem
// names the file and line; `origin` gets the line of every value taken.
po::parsed_options configOptions(const std::string& path, const po::options_description& opts,
                                 const po::variables_map& commandLine, ConfigOrigin& origin) {
  const auto fail = [&](std::uint64_t line, std::string_view message) {
    return UsageError(fmt::format("--config {}", atLine(path, line, message)));
  };
  std::vector<IniEntry> entries;
  try {
    entries = parseIni(
        configText(readInputFile(path, kMaxConfigBytes, "a configuration file"), path), path);
  } catch (const SourceError& e) {
    throw UsageError(fmt::format("--config {}", e.what()));
  }
  origin.path = path;
  po::parsed_options parsed(&opts);
  std::map<std::string, std::uint64_t> given; // the options that may be given once: their line
  for (const IniEntry& e : entries) {
    if (e.key == "config")
      throw fail(e.line, "a config file cannot name another one (config = ...)");
    const po::option_description* option =
        e.key == "help" ? nullptr : opts.find_nothrow(e.key, false, false, false);
    if (!option)
      throw fail(e.line, fmt::format("unknown key \"{}\" (the keys are the long options' names, "
                                     "without --: ad-ldif = users.ldf)",
                                     e.key));
    const auto& semantic = *option->semantic();
    if (!semantic.is_composing()) {
      const auto [first, added] = given.emplace(e.key, e.line);
      if (!added)
        throw fail(e.line, fmt::format("{} is given twice (first at line {}): give it once", e.key,
                                       first->second));
    }
    std::vector<std::string> tokens;
    if (semantic.max_tokens() == 0) { // a switch
      const auto on = parseBoolean(e.value);
      if (!on)
        throw fail(e.line, fmt::format("{} = {}: a switch is {}", e.key, e.value, kBooleanWords));
      if (!*on) continue;
    } else {
      try {
        boost::any probe;
        semantic.parse(probe, {e.value}, true);
      } catch (const po::error&) {
        throw fail(e.line, fmt::format("{} = {}: not a whole number", e.key, e.value));
      }
      tokens.push_back(e.value);
    }
    const auto onCommandLine = commandLine.find(e.key);
    if (onCommandLine != commandLine.end() && !onCommandLine->second.defaulted())
      continue; // the command line wins, for every option
    origin.values[e.key].push_back({e.value, e.line});
    parsed.options.emplace_back(e.key, std::move(tokens));
  }
  return parsed;
}

// The same file twice for one repeatable option (by the path it resolves to: "a.csv" and
// "./a.csv" are one file) would be read twice: its rows, users and findings counted twice.
void refuseRepeatedFiles(const po::variables_map& vm) {
  const auto check = [](std::string_view option, const std::vector<std::string>& files) {
    std::map<fs::path, std::string> seen;
    for (const std::string& f : files) {
      std::error_code ec;
      fs::path key = fs::weakly_canonical(fs::absolute(f), ec);
      if (ec) key = fs::absolute(f).lexically_normal();
      const auto [first, added] = seen.emplace(key, f);
      if (!added)
        throw UsageError(fmt::format(
            "{} {}: given twice ({}): give each file once", option, visibleText(f),
            first->second == f ? "the same path"
                               : fmt::format("also as {}", visibleText(first->second))));
    }
  };
  for (const char* option : {"ad-ldif", "waves"})
    if (vm.count(option))
      check(fmt::format("--{}", option), vm[option].as<std::vector<std::string>>());
  if (vm.count("cloud-sync-schema")) {
    std::vector<std::string> files;
    for (const std::string& spec : vm["cloud-sync-schema"].as<std::vector<std::string>>())
      files.push_back(cloudSyncSchemaOf(spec).file);
    check("--cloud-sync-schema", files);
  }
}

// Every file and folder the scan reads, by the option that names it.
std::vector<InputPath> inputPathsOf(const po::variables_map& vm) {
  std::vector<InputPath> inputs;
  for (const char* option : {"ad-ldif", "waves"})
    if (vm.count(option))
      for (const std::string& f : vm[option].as<std::vector<std::string>>())
        inputs.push_back({fmt::format("--{}", option), f, false});
  for (const char* option : {"graph-snapshot", "adconnect-export"})
    if (vm.count(option))
      inputs.push_back({fmt::format("--{}", option), vm[option].as<std::string>(), true});
  if (vm.count("cloud-sync-schema"))
    for (const std::string& spec : vm["cloud-sync-schema"].as<std::vector<std::string>>())
      inputs.push_back({"--cloud-sync-schema", cloudSyncSchemaOf(spec).file, false});
  for (const char* option : {"config", "tls-ca", "bind-password-file", "client-secret-file",
                             "client-cert", "client-key", "waivers", "baseline"})
    if (vm.count(option))
      inputs.push_back({fmt::format("--{}", option), vm[option].as<std::string>(), false});
  return inputs;
}

int scanWith(const po::variables_map& vm, std::ostream& out, std::ostream& err);

int runScan(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description opts("migready scan options");
  // clang-format off
  opts.add_options()
    ("help,h", "this help")
    ("ad-ldif", po::value<std::vector<std::string>>()->composing(), "on-premises AD users exported with ldifde or ldapsearch (LDIF; UTF-8, ANSI or UTF-16); repeatable, one export per domain")
    ("ldap-url", po::value<std::vector<std::string>>()->composing(), "read AD live: ldaps://dc:636 or ldap://dc (with --starttls); repeatable: the first that answers, others serve other domains")
    ("ldap-base", po::value<std::string>(), "read only this naming context; without it every domain of the forest (CN=Partitions)")
    ("bind-dn", po::value<std::string>(), "account to bind as: DN, user@domain or DOMAIN\\user")
    ("bind-password-file", po::value<std::string>(), "file holding the bind password (or set MIGREADY_BIND_PASSWORD); never on the command line")
    ("bind-mech", po::value<std::string>()->default_value("simple"), "simple (over TLS only) or gssapi (Kerberos ticket cache)")
    ("starttls", "StartTLS on ldap:// before binding")
    ("tls-ca", po::value<std::string>(), "PEM file of CA certificates to trust for LDAPS/StartTLS (default: the system store)")
    ("insecure-skip-tls-verify", "DANGEROUS: do not verify the server certificate or host name")
    ("ldap-filter", po::value<std::string>(), "user filter (default (&(objectCategory=person)(objectClass=user)); servers other than AD need e.g. (objectClass=user))")
    ("ldap-page-size", po::value<int>()->default_value(1000), "entries per page, 1-1000 (AD's MaxPageSize is 1000)")
    ("ldap-value-range", po::value<int>()->default_value(0), "read proxyAddresses in ranges of N values (0: as the server sends them; AD ranges at 1500 itself)")
    ("ldap-timeout", po::value<int>()->default_value(120), "seconds to wait for one page")
    ("connect-timeout", po::value<int>()->default_value(15), "seconds to wait for a connection, TLS handshake or bind")
    ("save-ad-ldif", po::value<std::string>(), "also write what was read live as an ldifde-style LDIF (scan it again with --ad-ldif)")
    ("ldap-bind-discovered-dcs", "also bind (with the password) to the domain controllers the forest's crossRefs name for domains no --ldap-url serves; without it those domains are not read")
    ("ldap-max-time", po::value<int>()->default_value(14400), "seconds the whole AD read may take, every domain (0: no limit)")
    ("tenant", po::value<std::string>(), "read Entra ID live: the tenant id or domain (with --client-id and a credential)")
    ("client-id", po::value<std::string>(), "the app registration's application (client) id")
    ("client-secret-file", po::value<std::string>(), "file holding the client secret (or set MIGREADY_CLIENT_SECRET)")
    ("client-cert", po::value<std::string>(), "PEM certificate of the app registration (with --client-key): a signed JWT client assertion")
    ("client-key", po::value<std::string>(), "PEM private key (RSA, unencrypted) of --client-cert")
    ("jwt-alg", po::value<std::string>()->default_value("PS256"), "client assertion signature: PS256 (x5t#S256) or RS256 (x5t)")
    ("device-code", "delegated sign-in: prints a code and URL on stderr, then waits")
    ("cloud", po::value<std::string>()->default_value("global"), "global, usgov (GCC High), usgov-dod or china")
    ("login-url", po::value<std::string>(), "override the sign-in root (https://login.microsoftonline.com)")
    ("graph-url", po::value<std::string>(), "override the Graph root (https://graph.microsoft.com)")
    ("exchange-url", po::value<std::string>(), "override the Exchange Online root (https://outlook.office365.com)")
    ("exchange-online", "also read Get-MailUser through Exchange Online's admin API (InvokeCommand): the unofficial endpoint the ExchangeOnlineManagement module uses; needs Exchange.ManageAsApp and a reader role")
    ("graph-timeout", po::value<int>()->default_value(60), "seconds for one Graph request")
    ("graph-max-wait", po::value<int>()->default_value(14400), "seconds the whole live read of Entra ID and Exchange Online may take, requests and waits on throttling included")
    ("save-graph-snapshot", po::value<std::string>(), "write the pages read live to this (new) folder in the --graph-snapshot layout")
    ("graph-snapshot", po::value<std::string>(), "folder of saved Microsoft Graph pages (docs/graph-snapshot.md)")
    ("adconnect-export", po::value<std::string>(), "Get-ADSyncServerConfiguration export folder: sync scope and msExchMailboxGuid flow")
    ("cloud-sync-schema", po::value<std::vector<std::string>>()->composing(), "[DOMAIN=]FILE: an Entra Cloud Sync job schema (GET .../synchronization/jobs/{id}/schema as Graph Explorer or PowerShell saved it, or the PUT body) and the AD domain its job serves (DomainFQDN, a DNS name such as corp.contoso.com; without it, the one domain of the AD input); text before the first '=' is the domain unless it holds a '/' (a file whose name holds '=': ./a=b.json); repeatable, one per domain")
    ("scope", po::value<std::string>()->default_value("ad,graph,sync"), "sources that must be present for READY (comma-separated: ad, graph, sync; sync = an AD Connect export and/or Cloud Sync job schemas, adconnect means the same)")
    ("fail-on", po::value<std::string>()->default_value("blocker"), "lowest severity that makes the verdict NOT_READY: blocker, warning or info")
    ("waivers", po::value<std::string>(), "YAML file of accepted exceptions, each with check, match, reason, owner and expiry (docs/waivers.md): waived findings stay in the reports and do not fail the gate")
    ("baseline", po::value<std::string>(), "an earlier JSON report of this tenant: each finding is then new or unchanged, and the ones gone are resolved")
    ("fail-on-new", "with --baseline: only new findings at or above --fail-on make the verdict NOT_READY")
    ("waves", po::value<std::vector<std::string>>()->composing(), "a migration batch CSV as the migration tools write it (EmailAddress, Source Email, UserPrincipalName, ... and Wave, Batch or BatchName; without one the file names the wave); repeatable: readiness per wave, WAVE001-004")
    ("wave", po::value<std::string>(), "with --waves: the verdict and exit code count only this wave's users (and the findings about the tenant and the sync configuration, which concern every wave)")
    ("report", po::value<std::vector<std::string>>()->composing(), "FORMAT[=PATH], repeatable: json, html, junit, sarif, csv, md, users-csv (one row per affected user), waves-csv (readiness per wave); without a path, to stdout; plan=DIR writes the remediation package (README.md, hard-delete.csv, scope-change.csv, remediate.ps1) into a new folder")
    ("title", po::value<std::string>(), "the report's title on the HTML cover and in Markdown, e.g. the project's name")
    ("customer", po::value<std::string>(), "the customer's name on the HTML cover and in Markdown")
    ("sarif-absolute-base", "SARIF: give each input folder's absolute file:// path (originalUriBaseIds); off, locations are relative and this machine's folders stay out of the file")
    ("config", po::value<std::string>(), "INI file with the same keys as these long options")
    ("quiet,q", "no summary on stderr");
  // clang-format on
  po::variables_map vm;
  ConfigOrigin origin;
  try {
    // No guessing of abbreviated options: "--bind-password x" must be refused, not taken as
    // --bind-password-file with a secret for a file name (which an error message would echo).
    // No positional arguments: a stray "b.ldf" is a mistake, not something to ignore.
    const po::positional_options_description none;
    po::store(
        po::command_line_parser(args)
            .options(opts)
            .positional(none)
            .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
            .run(),
        vm);
    if (vm.count("config"))
      po::store(configOptions(vm["config"].as<std::string>(), opts, vm, origin), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    throw UsageError(fmt::format("unknown option {}", optionNameOnly(e.get_option_name())));
  } catch (const po::too_many_positional_options_error&) {
    throw UsageError("an argument that belongs to no option (options take their value as "
                     "--option VALUE; repeat --ad-ldif for several files)");
  } catch (const po::invalid_command_line_syntax& e) {
    throw UsageError(
        fmt::format("the option {} is not written right", optionNameOnly(e.get_option_name())));
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  if (vm.count("help")) {
    out << "Usage: migready scan [options]\n\n" << opts << "\n";
    return 0;
  }
  try {
    return scanWith(vm, out, err);
  } catch (const UsageError& e) {
    throw UsageError(locatedInConfig(origin, e.what()));
  }
}

// The scan the options ask for (the command line and the --config file stored in `vm`).
int scanWith(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
  try { // the day waivers are judged against: set wrong, never the clock's day instead
    sourceDateEpoch();
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  refuseRepeatedFiles(vm);
  requireWith(vm, {"tenant"},
              {"client-id", "client-secret-file", "client-cert", "client-key", "device-code",
               "exchange-online", "save-graph-snapshot", "login-url", "graph-url", "exchange-url",
               "cloud", "graph-timeout", "graph-max-wait"});
  requireWith(vm, {"ldap-url"},
              {"ldap-base", "bind-dn", "bind-password-file", "bind-mech", "starttls", "ldap-filter",
               "ldap-page-size", "ldap-value-range", "ldap-timeout", "connect-timeout",
               "save-ad-ldif", "insecure-skip-tls-verify", "ldap-bind-discovered-dcs",
               "ldap-max-time"});
  requireWith(vm, {"client-cert"}, {"jwt-alg"});
  requireWith(vm, {"ldap-url", "tenant"}, {"tls-ca"});
  checkInputs(inputPathsOf(vm));

  ScanRequest request;
  static ProgressLine* progress = nullptr; // outlives the scan's threads
  if (!vm.count("quiet") && isatty(STDERR_FILENO)) progress = new ProgressLine(err);
  if (vm.count("ad-ldif") && vm.count("ldap-url"))
    throw UsageError("give either --ad-ldif or --ldap-url, not both");
  if (vm.count("graph-snapshot") && vm.count("tenant"))
    throw UsageError("give either --graph-snapshot or --tenant, not both");
  if (vm.count("ad-ldif")) request.ad = LdifExports{vm["ad-ldif"].as<std::vector<std::string>>()};
  if (vm.count("ldap-url")) {
    LdapForest forest{ldapOptionsOf(vm, err, progress), {}};
    if (vm.count("save-ad-ldif")) forest.saveLdif = vm["save-ad-ldif"].as<std::string>();
    request.ad = std::move(forest);
  }
  if (vm.count("tenant")) request.cloud = GraphTenant{graphOptionsOf(vm, err, progress)};
  if (vm.count("graph-snapshot"))
    request.cloud = GraphSnapshotFolder{vm["graph-snapshot"].as<std::string>()};
  if (vm.count("adconnect-export"))
    request.adConnect = AdConnectExportFolder{vm["adconnect-export"].as<std::string>()};
  if (vm.count("cloud-sync-schema"))
    for (const std::string& spec : vm["cloud-sync-schema"].as<std::vector<std::string>>()) {
      CloudSyncSchemaFile file = cloudSyncSchemaOf(spec);
      // A schema file that is not there is a usage error, as a missing --waivers file is (not a
      // failed source: nothing was read).
      std::error_code ec;
      if (!std::filesystem::exists(file.file, ec))
        throw UsageError(fmt::format("--cloud-sync-schema {}: cannot open: no such file",
                                     visibleText(file.file)));
      request.cloudSync.push_back(std::move(file));
    }
  if (vm.count("tls-ca") && !std::ifstream(vm["tls-ca"].as<std::string>()))
    throw UsageError(fmt::format("--tls-ca {}: cannot open", vm["tls-ca"].as<std::string>()));
  if (request.empty())
    throw UsageError("nothing to scan: give --ad-ldif or --ldap-url, --graph-snapshot and/or "
                     "--adconnect-export or --cloud-sync-schema");
  if (const auto problems = prepare(request); !problems.empty()) throw UsageError(problems.front());

  ScanOptions& options = request.options;
  options.generatedAt = nowIsoTime();
  const std::string today = options.generatedAt.substr(0, 10);
  if (vm.count("waivers")) {
    const CheckList catalog = makeAllChecks();
    std::vector<std::string_view> known;
    for (const auto& c : catalog)
      known.push_back(c->info().id);
    try {
      request.waivers = readWaiverFile(vm["waivers"].as<std::string>(), today, known);
    } catch (const GateInputError& e) {
      throw UsageError(fmt::format("--waivers {}", e.what()));
    }
  }
  if (vm.count("waves")) {
    try {
      request.waves = readWaveFiles(vm["waves"].as<std::vector<std::string>>());
    } catch (const GateInputError& e) {
      throw UsageError(fmt::format("--waves {}", e.what()));
    }
  }
  if (vm.count("wave")) {
    if (!request.waves)
      throw UsageError("--wave NAME needs --waves FILE (the batches that name it)");
    const std::string wave = vm["wave"].as<std::string>();
    const std::string* named = request.waves->find(wave); // trimmed, any case
    if (!named)
      throw UsageError(fmt::format("--wave: no wave \"{}\" in the wave files (they have: {})", wave,
                                   fmt::join(request.waves->waves, ", ")));
    options.wave = *named;
  }
  if (vm.count("fail-on-new") && !vm.count("baseline"))
    throw UsageError("--fail-on-new needs --baseline REPORT.json (the findings to call old)");
  if (vm.count("baseline")) {
    try {
      options.baseline = readSavedReport(vm["baseline"].as<std::string>());
    } catch (const GateInputError& e) {
      throw UsageError(fmt::format("--baseline {}", e.what()));
    }
    options.newOnly = vm.count("fail-on-new") > 0;
  }
  options.scope = parseScope(vm["scope"].as<std::string>());
  const auto failOn = parseSeverity(vm["fail-on"].as<std::string>());
  if (!failOn)
    throw UsageError(fmt::format("--fail-on: \"{}\" is not blocker, warning or info",
                                 vm["fail-on"].as<std::string>()));
  options.failOn = *failOn;
  options.toolVersion = MIGREADY_VERSION;
  // Cover text: one line of readable length (it is a heading, not a place for a document).
  for (auto [option, field] :
       {std::pair{"title", &options.title}, {"customer", &options.customer}}) {
    if (!vm.count(option)) continue;
    *field = vm[option].as<std::string>();
    if (field->empty() || field->size() > 200)
      throw UsageError(fmt::format("--{}: give 1 to 200 characters", option));
    if (std::any_of(field->begin(), field->end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
      throw UsageError(fmt::format("--{}: one line of text, without control characters", option));
  }

  ReporterOptions reporterOptions;
  reporterOptions.sarifAbsoluteBase = vm.count("sarif-absolute-base") > 0;
  // plan=DIR is a folder (the remediation package), not one file: taken apart first, so that the
  // HTML and Markdown reports can point to its files.
  std::string packageDir;
  std::vector<std::string> specs;
  if (vm.count("report"))
    for (const auto& spec : vm["report"].as<std::vector<std::string>>()) {
      if (spec != "plan" && !spec.starts_with("plan=")) {
        specs.push_back(spec);
        continue;
      }
      if (spec.size() <= 5)
        throw UsageError("--report plan=DIR: the remediation package is a folder; name it");
      if (!packageDir.empty()) throw UsageError("--report plan=DIR: give it once");
      packageDir = folderArgument(spec.substr(5));
      if (packageDir == "-") // "-" is standard output everywhere else: never a folder named "-"
        throw UsageError("--report plan=-: the remediation package is a folder of files, not "
                         "one stream for standard output; name a new folder (plan=./- for a "
                         "folder named \"-\")");
      std::error_code ec;
      if (fs::exists(packageDir, ec) &&
          (!fs::is_directory(packageDir, ec) || !fs::is_empty(packageDir, ec)))
        throw UsageError(fmt::format("--report plan={}: exists and is not an empty folder; name a "
                                     "new one (nothing is overwritten)",
                                     packageDir));
    }
  std::vector<ReportTarget> targets;
  for (const auto& spec : specs) {
    ReporterOptions options = reporterOptions;
    if (!packageDir.empty()) { // as the report's reader will follow it: from the report's folder
      const auto eq = spec.find('=');
      const fs::path from = eq == std::string::npos
                                ? fs::current_path()
                                : fs::absolute(spec.substr(eq + 1)).parent_path();
      options.remediationPackage = packageLink(packageDir, from);
    }
    targets.push_back(parseReportSpec(spec, options));
  }
  if (!vm.count("waves") && std::any_of(targets.begin(), targets.end(), [](const ReportTarget& t) {
        return t.reporter->format() == "waves-csv";
      }))
    throw UsageError(
        "--report waves-csv needs --waves FILE (the batches whose readiness it lists)");
  if (reporterOptions.sarifAbsoluteBase &&
      std::none_of(targets.begin(), targets.end(),
                   [](const ReportTarget& t) { return t.reporter->format() == "sarif"; }))
    throw UsageError("--sarif-absolute-base needs --report sarif[=PATH]");
  // Before anything is read: every output can be written, and none lands on an input (a report
  // written over the export it was made from loses the customer's file).
  std::vector<OutputPath> outputs;
  for (const ReportTarget& t : targets)
    outputs.push_back({fmt::format("--report {}", t.reporter->format()), t.path, false});
  if (!packageDir.empty()) outputs.push_back({"--report plan", packageDir, true});
  if (vm.count("save-ad-ldif"))
    outputs.push_back({"--save-ad-ldif", vm["save-ad-ldif"].as<std::string>(), false});
  if (vm.count("save-graph-snapshot"))
    outputs.push_back({"--save-graph-snapshot",
                       folderArgument(vm["save-graph-snapshot"].as<std::string>()), true});
  checkOutputs(outputs, inputPathsOf(vm));

  // Deliberately never freed: tearing down millions of accounts and findings one by one at
  // exit takes longer than the OS takes to drop the whole process. Kept reachable from a holder
  // that is itself never destroyed (also when the command line runs more than once in one
  // process, as in the tests), so leak checkers stay quiet.
  struct Kept {
    std::vector<std::unique_ptr<const Snapshot>> snapshots;
    std::vector<std::unique_ptr<const Report>> reports;
  };
  static Kept* const kept = new Kept;
  const Snapshot& snapshot =
      *kept->snapshots.emplace_back(std::make_unique<const Snapshot>(loadSnapshot(request)));
  // A baseline of another tenant would call every finding new and every old one resolved.
  if (options.baseline) {
    const std::string tenant = tenantIdOf(snapshot);
    if (!tenant.empty() && !options.baseline->tenantId.empty() &&
        !equalsIgnoreCase(tenant, options.baseline->tenantId))
      throw UsageError(fmt::format("--baseline {}: that report is of tenant {}, this scan of "
                                   "tenant {}: a baseline must be of the same tenant",
                                   options.baseline->file, options.baseline->tenantId, tenant));
    // One side names a tenant and the other none: not known to be the same tenant (a report of
    // another tenant with its id taken out would pass), so not a baseline.
    if (tenant.empty() != options.baseline->tenantId.empty())
      throw UsageError(fmt::format(
          "--baseline {}: {}: a baseline must be known to be of the same tenant (read Entra ID in "
          "both scans, or in neither)",
          options.baseline->file,
          tenant.empty()
              ? fmt::format("that report is of tenant {}, this scan read no tenant",
                            options.baseline->tenantId)
              : fmt::format("that report names no tenant, this scan is of tenant {}", tenant)));
  }
  if (const auto problems = cloudSyncDomainProblems(snapshot); !problems.empty())
    throw UsageError(problems.front());
  if (snapshot.waivers)
    if (const auto everyone = waiverCoveringEveryUser(*snapshot.waivers, snapshot))
      throw UsageError(*everyone);
  const CheckList checks = makeAllChecks();
  const Report& report = *kept->reports.emplace_back(
      std::make_unique<const Report>(evaluate(snapshot, checks, options)));

  if (!writeReports(report, targets, out, err)) return kUsageError;
  if (!packageDir.empty() &&
      !writeFolder(packageDir, remediationPackage(report), "remediation package", err))
    return kUsageError;
  if (!vm.count("quiet")) printSummary(report, err);
  return exitCodeOf(report.gate.verdict);
}

int runDiff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description opts("migready diff options");
  // clang-format off
  opts.add_options()
    ("help,h", "this help")
    ("report", po::value<std::vector<std::string>>()->composing(), "FORMAT[=PATH], repeatable: json, md, html; without a path, to stdout (default: md to stdout)")
    ("fail-on", po::value<std::string>()->default_value("blocker"), "exit 1 when the newest report has new findings (not waived) at or above this: blocker, warning or info")
    ("quiet,q", "no summary on stderr");
  // clang-format on
  po::options_description hidden;
  hidden.add_options()("reports", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description positional;
  positional.add("reports", -1);
  po::variables_map vm;
  try {
    po::store(
        po::command_line_parser(args)
            .options(all)
            .positional(positional)
            .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
            .run(),
        vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    throw UsageError(fmt::format("unknown option {}", optionNameOnly(e.get_option_name())));
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  if (vm.count("help")) {
    out << "Usage: migready diff OLD.json NEW.json [MORE.json ...] [options]\n\n"
           "Compares JSON reports of one tenant (migready scan --report json=...), oldest first\n"
           "(by their generatedAt, whatever order they are given in; two made at the same\n"
           "second are refused):\n"
           "per check and per user what is new and resolved between the last two, the trend\n"
           "over all of them, and a warning where the sources read differ.\n\n"
        << opts << "\n";
    return 0;
  }
  const auto files = vm.count("reports") ? vm["reports"].as<std::vector<std::string>>()
                                         : std::vector<std::string>{};
  if (files.size() < 2)
    throw UsageError("migready diff needs two or more JSON reports of one tenant");
  const auto failOn = parseSeverity(vm["fail-on"].as<std::string>());
  if (!failOn)
    throw UsageError(fmt::format("--fail-on: \"{}\" is not blocker, warning or info",
                                 vm["fail-on"].as<std::string>()));
  struct DiffTarget {
    std::unique_ptr<DiffWriter> writer;
    std::string path;
  };
  std::vector<DiffTarget> targets;
  const std::vector<std::string> specs = vm.count("report")
                                             ? vm["report"].as<std::vector<std::string>>()
                                             : std::vector<std::string>{"md"};
  for (const std::string& spec : specs) {
    const auto eq = spec.find('=');
    const std::string format = spec.substr(0, eq);
    DiffTarget t{makeDiffWriter(format), eq == std::string::npos ? "-" : spec.substr(eq + 1)};
    if (!t.writer)
      throw UsageError(
          fmt::format("--report: \"{}\" is not a diff format (json, md, html)", format));
    if (t.path.empty()) throw UsageError(fmt::format("--report {}=: the path is empty", format));
    targets.push_back(std::move(t));
  }
  std::vector<OutputPath> outputs;
  for (const DiffTarget& t : targets)
    outputs.push_back({fmt::format("--report {}", t.writer->format()), t.path, false});
  std::vector<InputPath> inputs;
  for (const std::string& f : files)
    inputs.push_back({"a report to compare", f, false});
  checkOutputs(outputs, inputs);
  std::vector<SavedReport> reports;
  ScanDiff diff;
  bool reordered = false;
  try {
    for (const std::string& f : files)
      reports.push_back(readSavedReport(f));
    reordered = orderByTime(reports);
    diff = diffScans(reports, *failOn);
  } catch (const GateInputError& e) {
    throw UsageError(e.what());
  }
  reports.clear();
  std::vector<Output> writes;
  for (const DiffTarget& t : targets)
    writes.push_back({std::string(t.writer->format()), t.path,
                      [&](std::ostream& to) { t.writer->write(diff, to); }});
  if (!writeOutputs(writes, out, err)) return kUsageError;
  if (!vm.count("quiet")) {
    if (reordered) {
      std::string order;
      for (const ScanPoint& p : diff.points)
        order += fmt::format("{}{} ({})", order.empty() ? "" : ", ", p.file, p.generatedAt);
      fmt::print(err,
                 "migready diff: compared oldest first, by the time each report was made: {}\n",
                 visibleText(order));
    }
    const ScanStep& last = diff.steps.back();
    fmt::print(err, "migready diff: {} new, {} resolved, {} unchanged; {} new at or above {}\n",
               last.newFindings, last.resolved, last.unchanged, last.newAtOrAbove,
               toString(*failOn));
    for (const auto& w : diff.warnings)
      fmt::print(err, "migready diff: WARNING: {}\n", visibleText(w));
  }
  // As a scan: new findings fail (1); else a newest scan that did not read everything proves
  // nothing (3, INCOMPLETE); else 0.
  if (!vm.count("quiet"))
    for (const auto& why : diff.incomplete)
      fmt::print(err, "migready diff: INCOMPLETE: {}\n", visibleText(why));
  return diff.failsGate() ? 1 : !diff.incomplete.empty() ? 3 : 0;
}

int listChecks(const std::vector<std::string>& args, std::ostream& out) {
  const CheckList checks = makeAllChecks();
  if (args.size() == 1 && args[0] == "--markdown") { // the catalog table of the README and docs
    out << catalogTable(checks);
    return 0;
  }
  if (!args.empty()) throw UsageError("usage: migready checks [--markdown]");
  for (const auto& c : checks) {
    std::string needs;
    for (SourceKind k : c->info().needs)
      needs += fmt::format("{}{}", needs.empty() ? "" : "+", toString(k));
    fmt::print(out, "{:<9} {:<8} {:<15} {}\n", c->info().id, toString(c->info().severity), needs,
               c->info().title);
  }
  return 0;
}

int explain(const std::vector<std::string>& args, std::ostream& out) {
  if (args.size() != 1) throw UsageError("usage: migready explain ID (see migready checks)");
  const CheckList checks = makeAllChecks();
  const Check* c = findCheck(checks, args[0]);
  if (!c) throw UsageError(fmt::format("no check \"{}\" (see migready checks)", args[0]));
  const CheckInfo& i = c->info();
  fmt::print(out, "{} ({}) - {}\nseverity: {}\n\n{}\n", i.id, i.name, i.title, toString(i.severity),
             i.doc);
  return 0;
}

} // namespace

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  useFlagNames(); // every message below names settings by their flags
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      out << kTopHelp;
      return args.empty() ? kUsageError : 0;
    }
    if (args[0] == "--version") {
      out << "migready " << MIGREADY_VERSION << " (git " << MIGREADY_REVISION << ")\n";
      return 0;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "scan") return runScan(rest, out, err);
    if (args[0] == "diff") return runDiff(rest, out, err);
    if (args[0] == "checks") return listChecks(rest, out);
    if (args[0] == "explain") return explain(rest, out);
    throw UsageError(fmt::format("unknown command \"{}\"", args[0]));
  } catch (const UsageError& e) {
    err << "migready: " << visibleText(e.what()) << "\n"
        << "Try: migready --help\n";
    return kUsageError;
  }
}

} // namespace migready
