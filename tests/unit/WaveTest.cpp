// Migration waves: rows matched to AD accounts, WAVE001-004, readiness per wave and the gated
// wave's verdict.
#include "TestSupport.h"
#include "scanner/ad/AdEntryMapper.h"
#include "scanner/gate/WaveFile.h"
#include "scanner/model/Text.h"
#include "scanner/scan/Scan.h"
#include "scanner/scan/SnapshotJoin.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

using namespace migready;

namespace {
constexpr const char* kG1 = "3ab39606-c642-489b-84b6-58c038d3ef39";
constexpr const char* kG2 = "4bc4a717-d753-49ac-95c7-69d149e4f04a";
constexpr const char* kG3 = "5cd5b828-e864-4abd-a6d8-7ae25af5015b";

WaveRow row(std::string wave, std::string column, std::string identity, std::uint32_t line,
            WaveIdentity kind = WaveIdentity::Address) {
  WaveRow r;
  r.kind = kind;
  r.wave = std::move(wave);
  r.column = std::move(column);
  r.identity = std::move(identity);
  r.file = "waves.csv";
  r.line = line;
  return r;
}

// anna: a mailbox (AD001 blocker); bert: a remote mailbox (info only); carl: no Exchange at all;
// dora and dora2 share an address. Waves: W1 (anna, bert), W2 (bert again, carl, an unknown
// address, the shared address).
Snapshot planned() {
  Snapshot s;
  std::vector<AdAccount> accounts{test::mailbox("anna", kG1),
                                  test::mailbox("bert", kG2, 2147483648LL), test::user("carl"),
                                  test::mailbox("dora", kG3), test::mailbox("dora2", kG3)};
  accounts[0].primarySmtp = "Anna@Example.com";
  accounts[3].primarySmtp = "dora@example.com";
  accounts[4].primarySmtp = "dora@example.com";
  accounts[0].objectGuid = test::guidOf("11111111-1111-4111-8111-111111111111");
  accounts[1].objectGuid = test::guidOf("22222222-2222-4222-8222-222222222222");
  accounts[2].objectGuid = test::guidOf("33333333-3333-4333-8333-333333333333");
  for (auto& a : accounts)
    classify(a);
  s.ad.accounts.assign(accounts.begin(), accounts.end());
  s.source(SourceKind::Ad).status = SourceStatus::Complete;
  WavePlan plan;
  plan.waves = {"W1", "W2"};
  plan.rows = {row("W1", "EmailAddress", "anna@example.com", 2),
               row("W1", "UserPrincipalName", "bert@example.com", 3),
               row("W2", "ObjectGUID", "{22222222-2222-4222-8222-222222222222}", 4,
                   WaveIdentity::ObjectGuid),
               row("W2", "SamAccountName", "CORP\\carl", 5, WaveIdentity::SamAccountName),
               row("W2", "EmailAddress", "nobody@example.com", 6),
               row("W2", "EmailAddress", "smtp:DORA@example.com", 7)};
  s.waves = plan;
  joinWavesToAd(s);
  return s;
}

ScanOptions adScope(std::string wave = "") {
  ScanOptions o;
  o.scope = {SourceKind::Ad};
  o.generatedAt = "2026-11-27T00:00:00Z";
  o.wave = std::move(wave);
  return o;
}

std::vector<const Finding*> findingsOf(const Report& r, std::string_view id) {
  std::vector<const Finding*> out;
  for (const Finding& f : r.findings)
    if (f.check == id) out.push_back(&f);
  return out;
}
} // namespace

TEST_CASE("wave rows match AD accounts by address, UPN, GUID and sAMAccountName", "[waves][join]") {
  const Snapshot s = planned();
  const auto& rows = s.waves->rows;
  CHECK(rows[0].accounts == std::vector<std::uint32_t>{0}); // primary SMTP, any case
  CHECK(rows[1].accounts == std::vector<std::uint32_t>{1}); // no SMTP address: the UPN
  CHECK(rows[2].accounts == std::vector<std::uint32_t>{1}); // GUID with braces
  CHECK(rows[3].accounts == std::vector<std::uint32_t>{2}); // DOMAIN\name
  CHECK(rows[4].accounts.empty());
  CHECK(rows[5].accounts == std::vector<std::uint32_t>{3, 4}); // "smtp:" prefix, two accounts
}

TEST_CASE("the reader says what each row's identity is, by its column", "[waves][join]") {
  const auto dir = std::filesystem::temp_directory_path() / "migready-wave-kinds";
  std::filesystem::create_directories(dir);
  const auto write = [&](const char* name, const char* text) {
    std::ofstream(dir / name, std::ios::binary) << text;
    return (dir / name).string();
  };
  const WavePlan plan = readWaveFiles(
      {write("dn.csv", "Distinguished Name;Wave\n\"CN=Anna,OU=Sales,DC=example,DC=com\";W1\n"),
       write("guid.csv", "objectGUID,Batch\n{11111111-1111-4111-8111-111111111111},W2\n"),
       write("sam.csv", "SAMAccountName\nCORP\\anna\n"),
       write("upn.csv", "UPN,Group\nanna@example.com,W3\n")});
  REQUIRE(plan.rows.size() == 4);
  CHECK(plan.rows[0].kind == WaveIdentity::DistinguishedName);
  CHECK(plan.rows[1].kind == WaveIdentity::ObjectGuid);
  CHECK(plan.rows[2].kind == WaveIdentity::SamAccountName);
  CHECK(plan.rows[2].wave == "sam"); // no wave column: the file names the wave
  CHECK(plan.rows[3].kind == WaveIdentity::Address);
  Snapshot s;
  AdAccount anna = test::mailbox("anna", kG1);
  anna.dn = "CN=Anna,OU=Sales,DC=example,DC=com";
  anna.userPrincipalName = "anna@example.com";
  anna.objectGuid = test::guidOf("11111111-1111-4111-8111-111111111111");
  s.ad.accounts.push_back(anna);
  s.waves = plan;
  joinWavesToAd(s);
  for (const WaveRow& r : s.waves->rows)
    CHECK(r.accounts == std::vector<std::uint32_t>{0});
  std::filesystem::remove_all(dir);
}

TEST_CASE("wave rows match by mail and by any smtp: proxy address, kept only for wave files",
          "[waves][join]") {
  const auto read = [](bool keep) {
    Snapshot s;
    s.ad.keepOtherSmtp = keep;
    AdEntryMapper mapper(s.ad, "ad.ldf");
    DirectoryEntry e;
    e.dn = "CN=Paula Olsen,OU=Berlin,DC=corp,DC=contoso,DC=com";
    e.attributes = {
        {"objectClass", "user", false, 2},
        {"sAMAccountName", "polsen", false, 3},
        {"userPrincipalName", "paula.olsen@corp.contoso.com", false, 4},
        {"mail", "Paula.Olsen@contoso.com", false, 5},
        {"proxyAddresses", "SMTP:polsen@contoso.com", false, 6},
        {"proxyAddresses", "smtp:polsen@contoso.mail.onmicrosoft.com", false, 7},
        {"proxyAddresses", "X500:/o=Contoso/ou=First/cn=Recipients/cn=polsen", false, 8},
        {"proxyAddresses", "sip:polsen@contoso.com", false, 9}};
    mapper.map(e);
    return s;
  };
  const Snapshot plain = read(false);
  CHECK(plain.ad.otherSmtpOf(plain.ad.accounts[0]).empty()); // a forest without waves holds none
  Snapshot s = read(true);
  CHECK(s.ad.otherSmtpOf(s.ad.accounts[0]) ==
        "Paula.Olsen@contoso.com\npolsen@contoso.mail.onmicrosoft.com");
  WavePlan plan;
  plan.waves = {"W1"};
  plan.rows = {row("W1", "EmailAddress", "POLSEN@contoso.mail.onmicrosoft.com", 2),
               row("W1", "Mail", "paula.olsen@contoso.com", 3),
               row("W1", "EmailAddress", "polsen@contoso.com", 4),
               row("W1", "EmailAddress", "sip:polsen@contoso.com", 5),
               row("W1", "EmailAddress", "paula.olsen@corp.contoso.com", 6)};
  s.waves = plan;
  joinWavesToAd(s);
  const std::vector<std::uint32_t> paula{0};
  CHECK(s.waves->rows[0].accounts == paula); // a secondary smtp: address, any case
  CHECK(s.waves->rows[1].accounts == paula); // mail
  CHECK(s.waves->rows[2].accounts == paula); // the primary address
  CHECK(s.waves->rows[3].accounts.empty());  // not an SMTP address
  CHECK(s.waves->rows[4].accounts == paula); // the UPN
}

TEST_CASE("WAVE001 WAVE002 WAVE004: unmatched rows, users without a mailbox, users in two waves",
          "[waves][checks]") {
  const CheckList checks = makeAllChecks();
  const Report r = evaluate(planned(), checks, adScope());
  const auto unmatched = findingsOf(r, "WAVE001");
  REQUIRE(unmatched.size() == 2);
  CHECK(unmatched[0]->message ==
        "wave W2: nobody@example.com (EmailAddress) matches no AD account");
  CHECK(unmatched[0]->evidence[0].location == "waves.csv:6");
  CHECK(unmatched[1]->message.starts_with("wave W2: smtp:DORA@example.com (EmailAddress) matches 2 "
                                          "AD accounts: CN=dora,"));
  const auto noMailbox = findingsOf(r, "WAVE002");
  REQUIRE(noMailbox.size() == 1);
  CHECK(noMailbox[0]->subject.upn == "carl@example.com");
  const auto twice = findingsOf(r, "WAVE004");
  REQUIRE(twice.size() == 1);
  CHECK(twice[0]->message == "bert@example.com is planned in 2 waves: W1, W2");
  CHECK(twice[0]->evidence.size() == 2);
  // WAVE003 needs the AD Connect export's scope.
  for (const auto& c : r.checks)
    if (c.id == "WAVE003") CHECK(c.status == CheckStatus::NotRun);
}

TEST_CASE("WAVE003: a planned user outside the sync scope is a blocker", "[waves][checks]") {
  Snapshot s = planned();
  s.sync =
      test::defaultExport("DC=corp,DC=example,DC=com", {"OU=Other,DC=corp,DC=example,DC=com"}, {});
  s.source(SourceKind::Sync).status = SourceStatus::Complete;
  const CheckList checks = makeAllChecks();
  ScanOptions o = adScope();
  o.scope = {SourceKind::Ad, SourceKind::Sync};
  const Report r = evaluate(s, checks, o);
  const auto out = findingsOf(r, "WAVE003");
  REQUIRE_FALSE(out.empty());
  CHECK(out[0]->severity == Severity::Blocker);
  CHECK(out[0]->message.find("is not synced to Entra ID") != std::string::npos);
  CHECK(out[0]->evidence[0].source == "waves");
}

TEST_CASE("readiness per wave, and a gated wave counts only its users", "[waves][scan]") {
  const CheckList checks = makeAllChecks();
  const Report all = evaluate(planned(), checks, adScope());
  REQUIRE(all.waves.size() == 3);
  CHECK(all.waves[0].name == "W1");
  CHECK(all.waves[0].users == 2);
  CHECK(all.waves[0].blocked == 1); // anna
  CHECK(all.waves[0].readiness == Verdict::NotReady);
  CHECK(all.waves[1].name == "W2");
  CHECK(all.waves[1].users == 2); // bert, carl; the unmatched and ambiguous rows are WAVE001's
  CHECK(all.waves[1].rows == 4);
  CHECK(all.waves[1].blocked == 0);
  CHECK(all.waves[1].readiness == Verdict::Ready);
  CHECK(all.waves[2].name == kNoWave);
  CHECK(all.waves[2].users == 2); // dora, dora2
  CHECK(all.gate.verdict == Verdict::NotReady);

  const Report w2 = evaluate(planned(), checks, adScope("W2"));
  CHECK(w2.gate.wave == "W2");
  INFO(w2.gate.reason);
  CHECK(w2.gate.verdict == Verdict::Ready);
  CHECK(w2.gate.reason.find("wave W2 only") != std::string::npos);
  CHECK(w2.waves[0].blocked == 1); // readiness per wave does not depend on the gate
  const Report w1 = evaluate(planned(), checks, adScope("W1"));
  CHECK(w1.gate.verdict == Verdict::NotReady);
  CHECK(w1.gate.users == 1);
}

TEST_CASE("a gated wave counts only its own users and rows; the tenant's findings count for all",
          "[waves][scan][gate]") {
  const CheckList checks = makeAllChecks();
  Snapshot s = planned();
  // W3 plans bert only (a remote mailbox: info); W2's unmatched rows are warnings of W2.
  s.waves->waves.push_back("W3");
  s.waves->rows.push_back(row("W3", "EmailAddress", "bert@example.com", 8));
  joinWavesToAd(s);
  ScanOptions o = adScope("W3");
  o.failOn = Severity::Warning;
  const Report r = evaluate(s, checks, o);
  INFO(r.gate.reason);
  CHECK(r.gate.verdict == Verdict::Ready); // W2's WAVE001 rows are not W3's
  CHECK(r.gate.leftOutOtherWaves > 0);
  const auto unmatched = findingsOf(r, "WAVE001");
  REQUIRE_FALSE(unmatched.empty());
  CHECK(r.waveOf(*unmatched[0]) == "W2"); // a row's finding carries the row's wave
  CHECK(unmatched[0]->outsideGatedWave);
  // The wave's own figures say the same as the gate deciding on it.
  for (const WaveReadiness& w : r.waves)
    if (w.name == "W3") CHECK(w.gate == Verdict::Ready);
  ScanOptions w2 = adScope("W2");
  w2.failOn = Severity::Warning;
  CHECK(evaluate(s, checks, w2).gate.verdict == Verdict::NotReady); // its own rows count
}

TEST_CASE("no wave is READY on data that is not complete", "[waves][scan]") {
  const CheckList checks = makeAllChecks();
  Snapshot s = planned();
  s.source(SourceKind::Ad).status = SourceStatus::Partial;
  s.source(SourceKind::Ad).detail = "stopped at page 3";
  const Report r = evaluate(s, checks, adScope());
  CHECK(r.readiness == Verdict::NotReady); // anna is blocked whatever else is missing
  CHECK(r.gate.verdict == Verdict::NotReady);
  for (const WaveReadiness& w : r.waves) {
    INFO(w.name);
    CHECK(w.readiness != Verdict::Ready);
    CHECK(w.gate != Verdict::Ready);
  }
  CHECK(r.waves[1].name == "W2");
  CHECK(r.waves[1].readiness == Verdict::Incomplete); // no blocker of its own, data missing
  CHECK(r.waves[1].gate == Verdict::Incomplete);
  const Report w2 = evaluate(s, checks, adScope("W2"));
  CHECK(w2.gate.verdict == Verdict::Incomplete);
  CHECK(exitCodeOf(w2.gate.verdict) == 3);
}

TEST_CASE("wave files: PowerShell's #TYPE line, one wave whatever its spaces and case, rows "
          "without an identity kept (issue 22)",
          "[waves][join]") {
  test::TempPath dir("wave-shapes");
  const auto write = [&](const std::string& name, const std::string& text) {
    dir.write(text, name);
    return (dir.path() / name).string();
  };
  const WavePlan plan = readWaveFiles(
      {write("ps.csv", "#TYPE System.Management.Automation.PSCustomObject\r\n"
                       "\"EmailAddress\",\"Wave\"\r\n"
                       "\"anna@example.com\",\"Pilot \"\r\n"
                       "\"bert@example.com\",\"pilot\"\r\n"
                       "\"\",\"PILOT\"\r\n"
                       ",,\r\n"),
       write("more.csv", "Mail;Wave\n carl@example.com ; Sales\n;Sales\n;;\n  ;\t\n")});
  CHECK(plan.waves == std::vector<std::string>{"Pilot", "Sales"});
  REQUIRE(plan.rows.size() == 5);
  CHECK(plan.rows[0].identity == "anna@example.com");
  CHECK(plan.rows[0].line == 3); // the #TYPE line counts
  CHECK(plan.rows[1].wave == "Pilot");
  CHECK(plan.rows[2].identity.empty()); // kept: WAVE001 names it
  CHECK(plan.rows[2].wave == "Pilot");
  CHECK(plan.rows[2].line == 5);
  CHECK(plan.rows[3].identity == "carl@example.com");
  CHECK(plan.rows[3].wave == "Sales");
  CHECK(plan.rows[4].identity.empty());
  CHECK(plan.rows[4].column == "Mail");
  REQUIRE(plan.find("  PILOT ") != nullptr);
  CHECK(*plan.find("  PILOT ") == "Pilot");
  CHECK(plan.find("Pilot2") == nullptr);
  // The join matches no account to an empty identity.
  Snapshot s;
  s.ad.accounts.push_back(test::mailbox("anna", kG1));
  s.ad.accounts[0].primarySmtp = "anna@example.com";
  s.waves = plan;
  joinWavesToAd(s);
  CHECK(s.waves->rows[0].accounts.size() == 1);
  CHECK(s.waves->rows[2].accounts.empty());
}

TEST_CASE("wave files are bounded: columns, cell length, waves, file size (issue 22)", "[waves]") {
  const auto error = [](const std::string& text) {
    WavePlan plan;
    try {
      readWaveText(text, "w.csv", plan);
    } catch (const GateInputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string header = "Mail";
  for (std::size_t i = 1; i < kMaxWaveColumns; ++i)
    header += ",c";
  CHECK(error(header + "\na@x\n") == "no error");
  CHECK(error(header + ",c\na@x\n") == "w.csv:1: more than 256 columns in one row");
  // A header of millions of empty columns stops at the cap, at once.
  CHECK(error("Mail" + std::string(30'000'000, ',') + "\n") ==
        "w.csv:1: more than 256 columns in one row");
  CHECK(error("Mail,Wave\na@x," + std::string(kMaxWaveFieldChars, 'w') + "\n") == "no error");
  CHECK(error("Mail,Wave\na@x," + std::string(kMaxWaveFieldChars + 1, 'w') + "\n") ==
        "w.csv:2: a cell longer than 1024 characters");
  CHECK(error("Mail,Wave\na@x,\"" + std::string(5000, 'w') + "\n") ==
        "w.csv:2: a quoted cell longer than 1024 characters: is its closing '\"' missing?");
  std::string waves = "Mail,Wave\n";
  for (std::size_t i = 0; i <= kMaxWaves; ++i)
    waves += fmt::format("a@x,W{}\n", i);
  CHECK(error(waves) == "w.csv:1002: more than 1000 waves in the wave files: is column Wave a "
                        "wave's name?");
  test::TempPath big("big.csv");
  big.write("Mail\n");
  std::filesystem::resize_file(big.path(), kMaxWaveFileBytes + 1); // sparse: nothing written
  CHECK_THROWS_WITH(readWaveFiles({big.str()}),
                    Catch::EndsWith(": larger than the 256 MiB a wave file may hold"));
  test::TempPath folder("waves.d");
  std::filesystem::create_directories(folder.path());
  CHECK_THROWS_WITH(readWaveFiles({folder.str()}), Catch::EndsWith(": is a folder, not a file"));
}

TEST_CASE("WAVE001: a row without an identity is named; past 100 rows of a file, one finding "
          "lists the rest (issue 22)",
          "[waves][checks]") {
  const CheckList checks = makeAllChecks();
  Snapshot s = planned();
  s.waves->rows.push_back(row("W2", "EmailAddress", "", 8));
  for (std::uint32_t i = 0; i < 250; ++i) {
    WaveRow r = row("W3", "EmailAddress", fmt::format("nobody{}@example.com", i), 2 + i);
    r.file = "big.csv";
    s.waves->rows.push_back(r);
  }
  s.waves->waves.push_back("W3");
  joinWavesToAd(s);
  const Report r = evaluate(s, checks, adScope());
  const auto wave001 = findingsOf(r, "WAVE001");
  // waves.csv: nobody, dora (two accounts), the empty row; big.csv: 100 rows, then one finding.
  REQUIRE(wave001.size() == 3 + 100 + 1);
  const auto empty = std::find_if(wave001.begin(), wave001.end(), [](const Finding* f) {
    return f->message.starts_with("row 8 ");
  });
  REQUIRE(empty != wave001.end());
  CHECK((*empty)->message == "row 8 of wave W2 has no identity in column EmailAddress");
  CHECK((*empty)->evidence[0].location == "waves.csv:8");
  const auto summary = std::find_if(wave001.begin(), wave001.end(), [](const Finding* f) {
    return f->subject.kind == "wave_file";
  });
  REQUIRE(summary != wave001.end());
  CHECK((*summary)->message == "150 more row(s) of big.csv name no one, or match no AD account or "
                               "several (past the first 100; the evidence lists 100 of them)");
  REQUIRE((*summary)->evidence.size() == 100);
  CHECK((*summary)->evidence[0].location == "big.csv:102");
  CHECK((*summary)->severity == Severity::Warning);
}

TEST_CASE("wave files are read as written or refused, naming file:line: extra or missing cells, an "
          "empty wave cell, a column twice, two wave columns, reserved names",
          "[waves]") {
  const auto refused = [](const std::string& text, const std::string& says) {
    WavePlan plan;
    CHECK_THROWS_WITH(readWaveText(text, "w.csv", plan), Catch::StartsWith(says));
  };
  refused("Mail,Wave\na@x.com,W1\nb@x.com,=HYPERLINK(\"http://x\",\"y\")\n",
          "w.csv:3: 3 cells, the header has 2: does a cell hold a ',' without quotes");
  refused("Mail;Wave\na@x.com;W1;\n", "w.csv:2: 3 cells, the header has 2: does a cell hold a ';'");
  refused("Wave,Mail\nW1\n", "w.csv:2: 1 cells, the header has 2: the row has no Mail cell");
  refused("Mail,Notes,Wave\na@x.com,n\n",
          "w.csv:2: 2 cells, the header has 3: the row has no Wave");
  refused("Mail,Wave\na@x.com,\n", "w.csv:2: the Wave cell is empty: name the row's wave");
  refused("Mail,BatchName\na@x.com,\xc2\xa0\n", "w.csv:2: the BatchName cell is empty");
  refused("EmailAddress,Wave,Email Address\na@x.com,W1,b@x.com\n",
          "w.csv:1: the column Email Address twice (columns 1 and 3)");
  refused("Mail,Wave,wave\na@x.com,W1,W2\n", "w.csv:1: the column wave twice (columns 2 and 3)");
  refused("Mail,Wave,Batch\na@x.com,W1,B1\n", "w.csv:1: two columns name the wave, Wave and Batch");
  refused("Mail,Group,Wave\na@x.com,G,W1\n", "w.csv:1: two columns name the wave, Wave and Group");
  for (const char* reserved : {"(no wave)", "(No Wave)", " ( NO  wave ) ", "(no\xc2\xa0wave)"})
    refused(fmt::format("Mail,Wave\na@x.com,W1\nb@x.com,\"{}\"\n", reserved),
            fmt::format("w.csv:3: Wave \"{}\": the name (no wave) is reserved for the users no "
                        "wave plans",
                        std::string(trimBlanks(reserved))));
  refused("Mail,Wave\na@x.com,\"Wave1-Pilot, Wave2-Sales\"\n",
          "w.csv:2: Wave \"Wave1-Pilot, Wave2-Sales\": a wave's name holds no ','");
  // A file without a wave column is its wave: its name is held to the same rule.
  WavePlan plan;
  CHECK_THROWS_WITH(readWaveText("Mail\na@x.com\n", "dir/(no wave).csv", plan),
                    Catch::StartsWith("dir/(no wave).csv:2: the wave is named after the file, "
                                      "\"(no wave)\": the name (no wave) is reserved"));
  CHECK_THROWS_WITH(readWaveText("Mail\na@x.com\n", "a,b.csv", plan),
                    Catch::Contains("the wave is named after the file, \"a,b\""));
  // What stays: two different identity columns (the first of the README's order names the
  // user), other columns twice, an empty identity cell (WAVE001), the file's name as the wave.
  WavePlan ok;
  readWaveText("UPN,Mail,Notes,Notes,Wave\nu@x.com,a@x.com,,,W1\n,,n,n,W1\n", "ok.csv", ok);
  readWaveText("Mail\nb@x.com\n", "Pilot-2.csv", ok);
  REQUIRE(ok.rows.size() == 3);
  CHECK(ok.rows[0].identity == "a@x.com");
  CHECK(ok.rows[1].identity.empty());
  CHECK(ok.waves == std::vector<std::string>{"W1", "Pilot-2"});
}
