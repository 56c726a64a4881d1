// The command line in-process (it is a library): what it prints, the exit codes, and how it
// turns flags into a scan request and the scan's problems back into flags. The e2e scripts
// (tests/e2e/cli_test.sh, files_test.sh) run the binary itself.
#include "scanner/cli/Cli.h"

#include "TestSupport.h"
#include "scanner/io/ConfigText.h"
#include "scanner/model/Time.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <optional>
#include <sstream>

using namespace migready;
using migready::test::TempPath;

namespace {
struct Run {
  int code;
  std::string out, err;
};
Run cli(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int code = runCli(args, out, err);
  return {code, out.str(), err.str()};
}
const std::string kSamples = MIGREADY_FIXTURES "/../../samples/contoso";
} // namespace

TEST_CASE("help, version and the catalog", "[cli]") {
  const Run none = cli({});
  CHECK(none.code == 2);
  CHECK_THAT(none.out, Catch::Contains("migready scan [options]"));
  CHECK(cli({"--help"}).code == 0);
  CHECK_THAT(cli({"--version"}).out, Catch::StartsWith("migready " MIGREADY_VERSION));
  const Run help = cli({"scan", "--help"});
  CHECK(help.code == 0);
  CHECK_THAT(help.out, Catch::Contains("--ldap-max-time"));
  const Run list = cli({"checks"});
  CHECK(list.code == 0);
  CHECK_THAT(list.out, Catch::Contains("SYNC003"));
  const Run table = cli({"checks", "--markdown"});
  CHECK_THAT(table.out, Catch::StartsWith("| id | severity | finds | needs |"));
  CHECK(cli({"checks", "--json"}).code == 2);
  const Run explain = cli({"explain", "cloud005"});
  CHECK(explain.code == 0);
  CHECK_THAT(explain.out, Catch::StartsWith("CLOUD005 (synced-mail-user-with-exchange-guid)"));
  CHECK(cli({"explain", "NOPE1"}).code == 2);
  CHECK(cli({"frobnicate"}).code == 2);
}

TEST_CASE("usage errors name the flag and never echo a value that may be a secret", "[cli]") {
  const auto usage = [](std::vector<std::string> args, std::string says) {
    const Run r = cli(std::move(args));
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains(says));
  };
  usage({"scan"}, "nothing to scan");
  usage({"scan", "--ad-ldif", kSamples + "/ad-users.ldf", "--ldap-url", "ldaps://dc"},
        "either --ad-ldif or --ldap-url");
  usage({"scan", "--graph-snapshot", kSamples + "/graph", "--tenant", "t"},
        "either --graph-snapshot or --tenant");
  usage({"scan", "--ad-ldif", kSamples + "/ad-users.ldf", "--scope", ""}, "--scope: empty");
  usage({"scan", "--ad-ldif", kSamples + "/ad-users.ldf", "--fail-on", "fatal"},
        "--fail-on: \"fatal\"");
  usage({"scan", "--ad-ldif", kSamples + "/ad-users.ldf", "stray.ldf"},
        "an argument that belongs to no option");
  usage({"scan", "--ldap-base", "DC=x"}, "--ldap-base needs --ldap-url");
  usage({"scan", "--ldap-url", "ldap://dc", "--bind-dn", "x", "--bind-password-file", "/dev/null"},
        "the file is empty");
  // A password typed where it does not belong is not repeated back.
  const Run secret = cli({"scan", "--bind-password=Hunter2"});
  CHECK(secret.code == 2);
  CHECK_THAT(secret.err, Catch::Contains("unknown option --bind-password"));
  CHECK_THAT(secret.err, !Catch::Contains("Hunter2"));
  // The scan layer's own checks come back in flags.
  TempPath s("secret");
  s.write("s3cret\n");
  usage({"scan", "--tenant", "t", "--client-id", "c", "--client-secret-file", s.str(),
         "--login-url", "http://login.example"},
        "--login-url http://login.example: an https:// URL");
}

TEST_CASE("a scan of the sample tenant writes its report and exits NOT_READY", "[cli][samples]") {
  TempPath dir("cli-report");
  std::filesystem::create_directories(dir.path());
  const std::string report = (dir.path() / "r.json").string();
  const Run r = cli({"scan", "-q", "--ad-ldif", kSamples + "/ad-users.ldf", "--graph-snapshot",
                     kSamples + "/graph", "--adconnect-export", kSamples + "/adconnect", "--report",
                     "json=" + report});
  CHECK(r.code == 1);
  CHECK(r.err.empty()); // -q
  std::ifstream in(report);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto doc = boost::json::parse(text).as_object();
  CHECK(doc.at("verdict") == "NOT_READY");
  CHECK(doc.at("exitCode") == 1);
  CHECK(doc.at("sources").at("ad").at("status") == "complete");

  // Without the export, in scope by default: the verdict names the flags that would give it.
  const Run missing = cli({"scan", "--ad-ldif", kSamples + "/ad-users.ldf", "--graph-snapshot",
                           kSamples + "/graph", "--fail-on", "info", "--report", "md=-"});
  CHECK(missing.code == 1);
  CHECK_THAT(missing.out,
             Catch::Contains("the sync configuration (sync) is in scope but was not given "
                             "(--adconnect-export or --cloud-sync-schema); narrow --scope to scan "
                             "without it"));
}

TEST_CASE("configuration text: one boolean parser, INI lines, line ends and control characters "
          "(issue 22)",
          "[cli][config]") {
  for (const char* yes : {"true", "TRUE", "Yes", "on", "1"})
    CHECK(parseBoolean(yes) == std::optional<bool>(true));
  for (const char* no : {"false", "No", "OFF", "0"})
    CHECK(parseBoolean(no) == std::optional<bool>(false));
  for (const char* neither : {"", "2", "enabled", "truee", " true", "y"})
    CHECK_FALSE(parseBoolean(neither).has_value());
  const auto entries = parseIni("# a comment\n  ; another\n\n\tcustomer = Release #2 ; final\n"
                                "title = \"  spaced  \"\nkey=v=w\nempty =\n",
                                "c.ini");
  REQUIRE(entries.size() == 4);
  CHECK(entries[0].key == "customer");
  CHECK(entries[0].value == "Release #2 ; final");
  CHECK(entries[0].line == 4);
  CHECK(entries[1].value == "  spaced  ");
  CHECK(entries[2].key == "key");
  CHECK(entries[2].value == "v=w");
  CHECK(entries[3].value.empty());
  CHECK_THROWS_WITH(parseIni("[scan]\n", "c.ini"),
                    "c.ini:1: a section header: this file has no sections, only key = value lines");
  CHECK_THROWS_WITH(parseIni("\nad-ldif users.ldf\n", "c.ini"),
                    "c.ini:2: not a key = value line (a comment starts with # or ;)");
  CHECK_THROWS_WITH(parseIni(" = x\n", "c.ini"), "c.ini:1: a value without a key (= value)");
  CHECK_THROWS_WITH(parseIni("title = \"open\n", "c.ini"),
                    Catch::StartsWith("c.ini:1: title: the value starts with a double quote"));
  CHECK_THROWS_WITH(parseIni("title = \"\n", "c.ini"),
                    Catch::StartsWith("c.ini:1: title: the value starts with a double quote"));
  // The bytes: line ends of every kind become LF; control characters are named with their line.
  CHECK(configText("a\r\nb\rc\n", "c.ini") == "a\nb\nc\n");
  CHECK(configText("\xef\xbb\xbf"
                   "a = b\n",
                   "c.ini") == "a = b\n");
  CHECK_THROWS_WITH(configText("a = b\r\nc = \x0c\n", "c.ini"),
                    Catch::StartsWith("c.ini:2: a control character (U+000C)"));
  CHECK_THROWS_WITH(configText("a = \xff\n", "c.ini"), Catch::StartsWith("c.ini:1: not UTF-8"));
  CHECK(controlCharacterIn("a\tb") == std::optional<std::string>("U+0009"));
  CHECK_FALSE(controlCharacterIn("Grüße, Ωmega").has_value());
}

TEST_CASE("the configuration file: switches mean their value, '#' stays in a value, every "
          "mistake names file and line (issue 22)",
          "[cli][config][samples]") {
  TempPath dir("cli-config");
  std::filesystem::create_directories(dir.path());
  const std::string ldf = kSamples + "/ad-users.ldf";
  const std::string base = (dir.path() / "base.json").string();
  REQUIRE(cli({"scan", "-q", "--ad-ldif", ldf, "--scope", "ad", "--report", "json=" + base}).code ==
          1);
  const std::string ini = (dir.path() / "m.ini").string();
  const auto scan = [&](const std::string& config, std::vector<std::string> more = {}) {
    dir.write(config, "m.ini");
    std::vector<std::string> args{"scan", "--ad-ldif", ldf, "--scope", "ad", "--config", ini};
    args.insert(args.end(), more.begin(), more.end());
    return cli(args);
  };
  // The unchanged tenant against its own baseline: READY only when fail-on-new is on.
  for (const char* on : {"true", "YES", "On", "1"})
    CHECK(scan(fmt::format("baseline = {}\nfail-on-new = {}\nquiet = true\n", base, on)).code == 0);
  for (const char* off : {"false", "no", "OFF", "0"}) {
    const Run r =
        scan(fmt::format("baseline = {}\nfail-on-new = {}\nquiet = {}\n", base, off, off));
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("NOT_READY")); // quiet = off: the summary is printed
  }
  const Run maybe = scan("quiet = maybe\n");
  CHECK(maybe.code == 2);
  CHECK_THAT(maybe.err, Catch::Contains("m.ini:1: quiet = maybe: a switch is true or false (also "
                                        "yes/no, on/off, 1/0)"));
  // A value keeps '#' and ';'; quotes keep spaces.
  const std::string json = (dir.path() / "c.json").string();
  REQUIRE(scan("customer = Release #2; final\ntitle = \" Readiness \"\nquiet = yes\n",
               {"--report", "json=" + json})
              .code == 1);
  std::ifstream in(json);
  const auto doc = boost::json::parse(std::string((std::istreambuf_iterator<char>(in)),
                                                  std::istreambuf_iterator<char>()))
                       .as_object();
  CHECK(doc.at("customer") == "Release #2; final");
  CHECK(doc.at("title") == " Readiness ");
  // The command line wins over the file, for every option: a repeatable one given on the
  // command line takes none of the file's values (they used to add up, reading a file twice).
  CHECK(scan("fail-on = info\nquiet = 1\n", {"--fail-on", "blocker"}).code == 1);
  const std::string fromFile = (dir.path() / "file.json").string();
  const std::string fromLine = (dir.path() / "line.json").string();
  CHECK(
      scan(fmt::format("report = json={}\nquiet = 1\n", fromFile), {"--report", "json=" + fromLine})
          .code == 1);
  CHECK(std::filesystem::exists(fromLine));
  CHECK_FALSE(std::filesystem::exists(fromFile));
  const Run ldifTwice = scan(fmt::format("ad-ldif = {}\n", ldf)); // --ad-ldif ldf on the line too
  CHECK(ldifTwice.code == 1);
  // The same file twice for one option, by any path to it: a usage error naming it (and, from
  // the file, its line).
  const Run twice = cli({"scan", "--ad-ldif", ldf, "--ad-ldif", kSamples + "/./ad-users.ldf"});
  CHECK(twice.code == 2);
  CHECK_THAT(twice.err,
             Catch::Contains("--ad-ldif " + kSamples + "/./ad-users.ldf: given twice (also as " +
                             ldf + "): give each file once"));
  const std::string waves = kSamples + "/waves/batches.csv";
  const Run wavesTwice = scan(fmt::format("waves = {}\n# x\nwaves = {}\n", waves, waves));
  CHECK(wavesTwice.code == 2);
  CHECK_THAT(wavesTwice.err,
             Catch::Contains(fmt::format("--config {}:3: --waves {}: given twice (the same path)",
                                         ini, waves)));
  // Mistakes, each with its line.
  const auto refused = [&](const std::string& config, const std::string& says) {
    const Run r = scan(config);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains(says));
  };
  refused("# x\nfail-on = info\nfail-on = warning\n",
          "m.ini:3: fail-on is given twice (first at line 2): give it once");
  refused("quiet = true\nquiet = true\n", "m.ini:2: quiet is given twice");
  refused("\nfrobnicate = 1\n", "m.ini:2: unknown key \"frobnicate\"");
  refused("help = true\n", "m.ini:1: unknown key \"help\"");
  refused("[scan]\nquiet = true\n", "m.ini:1: a section header");
  refused("quiet\n", "m.ini:1: not a key = value line");
  refused("config = other.ini\n", "m.ini:1: a config file cannot name another one");
  refused("ldap-timeout = soon\n", "m.ini:1: ldap-timeout = soon: not a whole number");
  // Every error about a value from the file names the file and line, not only the switches'.
  refused("quiet = 1\nfail-on = \"blocker \"\n",
          fmt::format("--config {}:2: --fail-on: \"blocker \" is not blocker", ini));
  refused("device-code = yes\n", fmt::format("--config {}:1: --device-code needs --tenant", ini));
  refused(
      "report = md=-\nreport = pdf=x.pdf\n",
      fmt::format(
          "--config {}:2: --report pdf=x.pdf: unknown format \"pdf\" (known: json, html, junit, "
          "sarif, csv, md, users-csv, waves-csv, plan=DIR",
          ini));
  dir.write("scope = ad, nope\n", "s.ini");
  const Run scope = cli({"scan", "--ad-ldif", ldf, "--config", (dir.path() / "s.ini").string()});
  CHECK(scope.code == 2);
  CHECK_THAT(scope.err, Catch::Contains(fmt::format(
                            "--config {}:1: --scope: unknown source \"nope\" (ad, graph, sync",
                            (dir.path() / "s.ini").string())));
  // List items are trimmed like every value: "ad, graph" is ad and graph, in the file and on the
  // command line.
  dir.write("scope = ad , sync\nquiet = 1\n", "s.ini");
  const std::string clean = MIGREADY_FIXTURES "/clean/users.ldf";
  CHECK(cli({"scan", "--ad-ldif", clean, "--config", (dir.path() / "s.ini").string()}).code == 3);
  CHECK(cli({"scan", "-q", "--ad-ldif", clean, "--scope", "ad, graph"}).code == 3);
  CHECK(cli({"scan", "-q", "--ad-ldif", clean, "--scope", " ad "}).code == 0);
  // An option that needs another one counts when it comes from the file, a default does not.
  refused("ldap-bind-discovered-dcs = true\n", "--ldap-bind-discovered-dcs needs --ldap-url");
  refused("ldap-max-time = 60\n", "--ldap-max-time needs --ldap-url");
  CHECK(scan("ldap-bind-discovered-dcs = false\nquiet = on\n").code == 1); // off: the default
  // A folder is not a config file.
  const Run folder = cli({"scan", "--ad-ldif", ldf, "--config", dir.str()});
  CHECK(folder.code == 2);
  CHECK_THAT(folder.err, Catch::Contains(dir.str() + ": is a folder, not a file"));
}

TEST_CASE("options that need --ldap-url, --waves and the right kind of path (issue 22)", "[cli]") {
  const std::string ldf = kSamples + "/ad-users.ldf";
  const auto refused = [](std::vector<std::string> args, const std::string& says) {
    const Run r = cli(std::move(args));
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains(says));
  };
  refused({"scan", "--ad-ldif", ldf, "--ldap-bind-discovered-dcs"},
          "--ldap-bind-discovered-dcs needs --ldap-url");
  refused({"scan", "--ad-ldif", ldf, "--ldap-max-time", "60"}, "--ldap-max-time needs --ldap-url");
  refused({"scan", "--ad-ldif", ldf, "--report", "waves-csv"},
          "--report waves-csv needs --waves FILE");
  TempPath dir("kinds");
  std::filesystem::create_directories(dir.path());
  for (const char* option : {"--waivers", "--baseline", "--waves", "--ad-ldif"})
    refused({"scan", "--ad-ldif", ldf, option, dir.str()},
            fmt::format("{} {}: is a folder, not a file", option, dir.str()));
  for (const char* option : {"--graph-snapshot", "--adconnect-export"})
    refused({"scan", "--ad-ldif", ldf, option, ldf},
            fmt::format("{} {}: is a file, not a folder", option, ldf));
  refused({"scan", "--ldap-url", "ldaps://dc", "--bind-dn", "x", "--bind-password-file", dir.str()},
          fmt::format("--bind-password-file {}: is a folder, not a file", dir.str()));
  refused({"scan", "--ldap-url", "ldaps://dc", "--bind-dn", "x", "--tls-ca", dir.str()},
          fmt::format("--tls-ca {}: is a folder, not a file", dir.str()));
  refused({"scan", "--tenant", "t", "--client-id", "c", "--client-secret-file", dir.str()},
          fmt::format("--client-secret-file {}: is a folder, not a file", dir.str()));
  refused({"scan", "--tenant", "t", "--client-id", "c", "--client-cert", dir.str(), "--client-key",
           ldf},
          fmt::format("--client-cert {}: is a folder, not a file", dir.str()));
  refused({"diff", dir.str(), ldf}, fmt::format("{}: is a folder, not a file", dir.str()));
  // A path that is not there is a usage error for every input option (--ad-ldif and the folders
  // were failed sources: exit 1 or 3 by what else was found, a mistyped path passing as data).
  const std::string none = (dir.path() / "none").string();
  for (const char* option : {"--ad-ldif", "--waivers", "--baseline", "--waves"})
    refused({"scan", "--ad-ldif", ldf, "--scope", "ad", option, none},
            fmt::format("{} {}: cannot open: no such file", option, none));
  for (const char* option : {"--graph-snapshot", "--adconnect-export"})
    refused({"scan", "--ad-ldif", ldf, option, none},
            fmt::format("{} {}: cannot open: no such folder", option, none));
  refused({"scan", "--ldap-url", "ldaps://dc", "--bind-dn", "x", "--tls-ca", none},
          fmt::format("--tls-ca {}: cannot open: no such file", none));
  refused({"scan", "--tenant", "t", "--client-id", "c", "--client-cert", none, "--client-key", ldf},
          fmt::format("--client-cert {}: cannot open: no such file", none));
}

TEST_CASE("a remediation package to '-' (plan=-) is refused: '-' is standard output, a package is "
          "a folder",
          "[cli]") {
  TempPath dir("plan-dash");
  std::filesystem::create_directories(dir.path());
  const auto here = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  const Run r = cli({"scan", "-q", "--ad-ldif", kSamples + "/ad-users.ldf", "--scope", "ad",
                     "--report", "plan=-"});
  std::filesystem::current_path(here);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("--report plan=-: the remediation package is a folder"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "-"));
}

TEST_CASE("SOURCE_DATE_EPOCH set but not a time is a usage error naming it, never the clock",
          "[cli][time]") {
  struct Restore {
    std::optional<std::string> was;
    Restore() {
      if (const char* v = std::getenv("SOURCE_DATE_EPOCH")) was = v;
    }
    ~Restore() {
      if (was)
        ::setenv("SOURCE_DATE_EPOCH", was->c_str(), 1);
      else
        ::unsetenv("SOURCE_DATE_EPOCH");
    }
  } restore;
  ::unsetenv("SOURCE_DATE_EPOCH");
  CHECK_FALSE(sourceDateEpoch().has_value());
  for (const char* good : {"0", "1796000000", "253402300799"}) {
    ::setenv("SOURCE_DATE_EPOCH", good, 1);
    CHECK(sourceDateEpoch() == std::optional<std::int64_t>(std::stoll(good)));
  }
  ::setenv("SOURCE_DATE_EPOCH", "1796000000", 1);
  CHECK(nowIsoTime() == "2026-11-30T00:53:20Z");
  for (const char* bad : {"abc", "", "1796000000.5", " 1796000000", "1796000000 ", "-1", "+5",
                          "253402300800", "99999999999999999999", "0x10"}) {
    ::setenv("SOURCE_DATE_EPOCH", bad, 1);
    CHECK_THROWS_WITH(sourceDateEpoch(),
                      Catch::StartsWith(fmt::format("SOURCE_DATE_EPOCH=\"{}\": not a time", bad)));
    const Run r = cli({"scan", "-q", "--ad-ldif", kSamples + "/ad-users.ldf", "--scope", "ad"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("SOURCE_DATE_EPOCH="));
  }
}
