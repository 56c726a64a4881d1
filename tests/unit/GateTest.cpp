// The gate: waiver files, waivers applied to findings (GATE001, GATE002), baselines and "new
// findings only", saved reports read back, and the diff of scans.
#include "TestSupport.h"
#include "reporters/JsonReporter.h"
#include "scanner/gate/SavedReportReader.h"
#include "scanner/gate/ScanDiff.h"
#include "scanner/gate/WaiverFile.h"
#include "scanner/scan/Scan.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <sstream>

using namespace migready;

namespace {
constexpr const char* kG1 = "3ab39606-c642-489b-84b6-58c038d3ef39";
constexpr const char* kG2 = "4bc4a717-d753-49ac-95c7-69d149e4f04a";
constexpr const char* kToday = "2026-11-27";

std::vector<std::string_view> knownIds() {
  static const CheckList checks = makeAllChecks();
  std::vector<std::string_view> ids;
  for (const auto& c : checks)
    ids.push_back(c->info().id);
  return ids;
}

WaiverList waiversFrom(const std::string& yaml, const std::string& today = kToday) {
  test::TempPath file("waivers.yaml");
  file.write(yaml);
  return readWaiverFile(file.str(), today, knownIds());
}

std::string waiverError(const std::string& yaml) {
  try {
    waiversFrom(yaml);
  } catch (const GateInputError& e) {
    std::string what = e.what();
    return what.substr(what.find("waivers.yaml") + 12); // ":LINE: message"
  }
  return "no error";
}

const std::string kEntry = "  - check: AD001\n"
                           "    upn: \"*@example.com\"\n"
                           "    reason: kept on purpose\n"
                           "    owner: jane@example.com\n"
                           "    expires: 2027-01-31\n";

// Two users with a blocker each (AD001), AD only.
Snapshot twoMailboxes(std::optional<WaiverList> waivers = std::nullopt) {
  Snapshot s;
  std::vector<AdAccount> accounts{test::mailbox("anna", kG1), test::mailbox("bert", kG2)};
  accounts[1].dn = "CN=bert,OU=Hold,OU=Staff,DC=corp,DC=example,DC=com";
  for (auto& a : accounts)
    classify(a);
  s.ad.accounts.assign(accounts.begin(), accounts.end());
  s.source(SourceKind::Ad).status = SourceStatus::Complete;
  s.waivers = std::move(waivers);
  return s;
}

ScanOptions adScope() {
  ScanOptions o;
  o.scope = {SourceKind::Ad};
  o.generatedAt = std::string(kToday) + "T00:00:00Z";
  return o;
}

const CheckResult& resultOf(const Report& r, std::string_view id) {
  for (const auto& c : r.checks)
    if (c.id == id) return c;
  FAIL("no result for " << id);
  throw std::logic_error("unreachable");
}

std::vector<const Finding*> findingsOf(const Report& r, std::string_view id) {
  std::vector<const Finding*> out;
  for (const Finding& f : r.findings)
    if (f.check == id) out.push_back(&f);
  return out;
}

// What reading `text` back as a saved report says after the file's name, or "no error".
std::string savedReportError(const test::TempPath& file, const std::string& text) {
  file.write(text);
  try {
    readSavedReport(file.str());
  } catch (const GateInputError& e) {
    const std::string what = e.what();
    return what.substr(what.find(file.str()) + file.str().size());
  }
  return "no error";
}

SavedReport savedFrom(const Report& r) {
  std::ostringstream json;
  JsonReporter().write(r, json);
  test::TempPath file("report.json");
  file.write(json.str());
  return readSavedReport(file.str());
}
} // namespace

TEST_CASE("a waiver file is read with every field and its line", "[gate][waivers]") {
  const WaiverList list = waiversFrom("# exceptions\nwaivers:\n" + kEntry +
                                      "  - check: [CLOUD001, CLOUD005]\n"
                                      "    dn: OU=Hold,DC=corp,DC=example,DC=com\n"
                                      "    objectGuid: '{3AB39606-C642-489B-84B6-58C038D3EF39}'\n"
                                      "    reason: legal hold\n"
                                      "    owner: Legal\n"
                                      "    expires: 2027-11-28\n"
                                      "    ticket: LEGAL-1\n");
  REQUIRE(list.waivers.size() == 2);
  CHECK(list.today == kToday);
  CHECK(list.waivers[0].line == 3);
  CHECK(list.waivers[0].checks == std::vector<std::string>{"AD001"});
  CHECK(list.waivers[0].upn == "*@example.com");
  CHECK(list.waivers[1].line == 8);
  CHECK(list.waivers[1].checks == std::vector<std::string>{"CLOUD001", "CLOUD005"});
  CHECK(list.waivers[1].objectGuid == kG1); // braces and case normalised
  CHECK(list.waivers[1].ticket == "LEGAL-1");
  CHECK(list.waivers[1].where().ends_with("waivers.yaml:8"));
  CHECK(waiversFrom("").waivers.empty());
  CHECK(waiversFrom("waivers:\n").waivers.empty());
}

TEST_CASE("a malformed waiver file is refused, naming the line", "[gate][waivers]") {
  const auto without = [](std::string_view key) {
    std::string e = kEntry;
    const auto at = e.find("    " + std::string(key) + ":");
    return "waivers:\n" + e.erase(at, e.find('\n', at) - at + 1);
  };
  CHECK(waiverError(without("reason")) == ":2: reason is missing: say why the exception is "
                                          "accepted");
  CHECK(waiverError(without("owner")) == ":2: owner is missing: say who accepted the exception");
  CHECK(waiverError(without("expires")).starts_with(":2: expires is missing"));
  CHECK(waiverError("waivers:\n  - " + kEntry.substr(kEntry.find("upn:")))
            .starts_with(":2: check is missing"));
  CHECK(waiverError(without("upn")).starts_with(":2: no match: give fingerprint"));
  std::string e = "waivers:\n" + kEntry;
  CHECK(waiverError(std::string(e).replace(e.find("AD001"), 5, "AD999")) ==
        ":2: check: unknown check id \"AD999\" (see migready checks)");
  CHECK(waiverError(std::string(e).replace(e.find("AD001"), 5, "GATE001"))
            .starts_with(":2: check: GATE001 is the gate's own check and cannot be waived"));
  CHECK(waiverError(std::string(e).replace(e.find("2027-01-31"), 10, "2027-02-30")) ==
        ":6: expires: \"2027-02-30\" is not a date (YYYY-MM-DD)");
  CHECK(waiverError(std::string(e).replace(e.find("2027-01-31"), 10, "31.01.2027")) ==
        ":6: expires: \"31.01.2027\" is not a date (YYYY-MM-DD)");
  // 366 days ahead is the limit: 2026-11-27 + 366 = 2027-11-28.
  CHECK(waiverError(std::string(e).replace(e.find("2027-01-31"), 10, "2027-11-28")) == "no error");
  CHECK(waiverError(std::string(e).replace(e.find("2027-01-31"), 10, "2027-11-29")) ==
        ":6: expires: 2027-11-29 is more than 366 days ahead (the latest allowed today is "
        "2027-11-28): an exception is reviewed at least once a year");
  CHECK(waiverError(std::string(e).replace(e.find("upn:"), 4, "upm:"))
            .starts_with(":3: unknown key \"upm\""));
  CHECK(waiverError(
            std::string(e).replace(e.find("    upn: \"*@example.com\""), 24, "    dn: not a dn"))
            .starts_with(":3: dn: \"not a dn\" is not a distinguished name"));
  CHECK(waiverError("waivers:\n  - check: [AD001\n").starts_with(":3: not valid YAML"));
  CHECK(waiverError("exceptions:\n" + kEntry).starts_with(":1: unknown key \"exceptions\""));
  CHECK(waiverError("waivers: 3\n").starts_with(":1: expected \"waivers:\""));
}

TEST_CASE("a waiver file is strict: one key once, one document, no blank, control or "
          "covering-everything value (issue 22)",
          "[gate][waivers]") {
  const std::string head = "waivers:\n  - check: AD001\n";
  const std::string tail = "    reason: kept on purpose\n"
                           "    owner: jane@example.com\n"
                           "    expires: 2027-01-31\n";
  // The same key twice, inside a waiver or at the top: the second would silently widen it.
  CHECK(waiverError(head +
                    "    dn: OU=Hold,DC=corp,DC=example,DC=com\n"
                    "    dn: DC=corp,DC=example,DC=com\n" +
                    tail) == ":4: duplicate key \"dn\" (first at line 3): give each key once; the "
                             "second would silently replace the first");
  CHECK(waiverError(head + "    upn: anna@example.com\n    check: CLOUD001\n" + tail)
            .starts_with(":4: duplicate key \"check\" (first at line 2)"));
  CHECK(waiverError(head + "    upn: anna@example.com\n    upn: \"*@example.com\"\n" + tail)
            .starts_with(":4: duplicate key \"upn\""));
  CHECK(waiverError("waivers:\n" + kEntry + "waivers:\n" + kEntry)
            .starts_with(":7: duplicate key \"waivers\" (first at line 1)"));
  CHECK(waiverError("waivers:\n" + kEntry + "---\nwaivers:\n" + kEntry)
            .starts_with(":7: a second YAML document (---)"));
  CHECK(waiverError("---\nwaivers:\n" + kEntry + "...\n") == "no error");
  // yaml-cpp 0.7 reads this as endless empty documents: the first is all there is.
  CHECK(waiverError(",?").starts_with(":1: a second YAML document (---)"));
  // Blank values.
  std::string e = "waivers:\n" + kEntry;
  CHECK(waiverError(std::string(e).replace(e.find("kept on purpose"), 15, "\"   \"")) ==
        ":4: reason: empty");
  CHECK(waiverError(std::string(e).replace(e.find("jane@example.com"), 16, "' \t'")) ==
        ":5: owner: empty");
  CHECK(waiverError(std::string(e).replace(e.find("kept on purpose"), 15, "")) ==
        ":4: reason: empty");
  // A control character in a value, written as a YAML escape: fnmatch would stop at a NUL and
  // match "*" alone.
  for (const char* escape : {"\\0", "\\x01", "\\t", "\\e", "\\x7f", "\\x85"})
    CHECK_THAT(waiverError(std::string(e).replace(e.find("\"*@example.com\""), 15,
                                                  std::string("\"*") + escape + "ubecker@x\"")),
               Catch::StartsWith(":3: upn: holds a control character (U+"));
  CHECK_THAT(waiverError(std::string(e).replace(e.find("kept on purpose"), 15, "\"a\\nb\"")),
             Catch::StartsWith(":4: reason: holds a control character (U+000A)"));
  // A match that covers every subject.
  for (const char* every : {"\"*\"", "\"*@*\"", "\"?*\"", "\"*@*.*\"", "\"*.*\""})
    CHECK_THAT(waiverError(std::string(e).replace(e.find("\"*@example.com\""), 15, every)),
               Catch::StartsWith(":3: upn: ") && Catch::Contains("matches every user"));
  CHECK(waiverError(std::string(e).replace(e.find("\"*@example.com\""), 15, "\"[a-z]*@x\""))
            .starts_with(":3: upn: \"[a-z]*@x\": a pattern of * and ? only"));
  CHECK(waiverError(std::string(e).replace(e.find("upn: \"*@example.com\""), 20,
                                           "dn: DC=corp,DC=example,DC=com"))
            .starts_with(":3: dn: \"DC=corp,DC=example,DC=com\" is a domain root"));
  CHECK(waiverError(std::string(e).replace(e.find("upn: \"*@example.com\""), 20, "dn: dc=com")) !=
        "no error");
  CHECK(waiverError(std::string(e).replace(e.find("upn: \"*@example.com\""), 20,
                                           "dn: OU=Hold,DC=corp,DC=example,DC=com")) == "no error");
  // A check named twice.
  CHECK(waiverError(std::string(e).replace(e.find("check: AD001"), 12, "check: [AD001, AD001]")) ==
        ":2: check: AD001 twice");
}

TEST_CASE("a waiver file's bytes are what YAML accepts, its line ends any, its size bounded "
          "(issue 22)",
          "[gate][waivers]") {
  const std::string e = "waivers:\n" + kEntry;
  // Carriage returns alone end lines (an old Mac editor): the comment ends at the first one.
  std::string cr = "# the exceptions\n" + e;
  std::replace(cr.begin(), cr.end(), '\n', '\r');
  const WaiverList fromCr = waiversFrom(cr);
  REQUIRE(fromCr.waivers.size() == 1);
  CHECK(fromCr.waivers[0].line == 3);
  std::string crlf;
  for (char c : "# the exceptions\n" + e)
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CHECK(waiversFrom(crlf).waivers.size() == 1);
  CHECK(waiversFrom("\xef\xbb\xbf" + e).waivers.size() == 1); // a UTF-8 byte-order mark
  // Control characters and bytes that are not UTF-8, named with their line.
  CHECK(waiverError(std::string(e).insert(e.find("    reason"), "\f"))
            .starts_with(":4: a control character (U+000C) where text is expected"));
  CHECK(waiverError(std::string(e).insert(e.find("kept"), "\x1b"))
            .starts_with(":4: a control character (U+001B)"));
  CHECK(waiverError(std::string(e).insert(e.find("kept"), std::string(1, '\0')))
            .starts_with(":4: a control character (U+0000)"));
  CHECK(waiverError(std::string(e).insert(e.find("kept"), "\xc2\x9b"))
            .starts_with(":4: a control character (U+009B)"));
  CHECK(
      waiverError(std::string(e).insert(e.find("kept"), "\xff")).starts_with(":4: not UTF-8 text"));
  CHECK(waiverError(std::string(e).insert(e.find("kept"), "\xc3\x28"))
            .starts_with(":4: not UTF-8 text"));
  CHECK(waiverError(std::string(e).insert(e.find("kept"), "\t")) == "no error"); // tab is text
  // Caps: a field's length, the number of waivers, the file's size.
  std::string longReason = e;
  longReason.replace(e.find("kept on purpose"), 15, std::string(kMaxWaiverTextChars, 'x'));
  CHECK(waiverError(longReason) == "no error");
  longReason.insert(e.find("kept"), "\xc3\xa9"); // one character more, in two bytes
  CHECK(waiverError(longReason) == ":4: reason: longer than 1000 characters");
  std::string longDn = e;
  const std::string ou = "OU=" + std::string(kMaxWaiverDnChars - 7, 'a') + ",DC=x";
  longDn.replace(e.find("upn: \"*@example.com\""), 20, "dn: " + ou);
  CHECK(waiverError(longDn) == ":3: dn: longer than 2048 characters");
  std::string many = "waivers:\n";
  for (std::size_t i = 0; i <= kMaxWaivers; ++i)
    many += "- {check: AD001, upn: a@x, reason: r, owner: o, expires: 2027-01-01}\n";
  REQUIRE(many.size() < kMaxWaiverFileBytes);
  CHECK(waiverError(many) == ":10002: more than 10000 waivers: a gate with that many exceptions "
                             "is not a gate");
  CHECK(waiverError(e + "#" + std::string(kMaxWaiverFileBytes, ' ') + "\n")
            .starts_with(": larger than the 1 MiB a waiver file may hold"));
  // Aliases cannot make a small file hold much: every value an alias repeats counts as written.
  std::string aliases = "waivers:\n- &w {check: AD001, upn: a@x, reason: &r " +
                        std::string(kMaxWaiverTextChars, 'r') +
                        ", owner: o, expires: 2027-01-01}\n";
  for (int i = 0; i < 5000; ++i)
    aliases += "- {check: AD001, upn: a@x, reason: *r, owner: o, expires: 2027-01-01}\n";
  CHECK_THAT(waiverError(aliases), Catch::Contains("with its aliases (*name) written out, the "
                                                   "waivers' values hold more than 4 MiB"));
  CHECK(waiversFrom("waivers:\n- &w {check: AD001, upn: a@x, reason: r, owner: o, expires: "
                    "2027-01-01}\n- *w\n")
            .waivers.size() == 2);
  // A folder is not a file.
  test::TempPath folder("waivers.d");
  std::filesystem::create_directories(folder.path());
  CHECK_THROWS_WITH(readWaiverFile(folder.str(), kToday, knownIds()),
                    Catch::EndsWith(": is a folder, not a file"));
}

TEST_CASE("a waiver matches by DN subtree, UPN glob, GUID, cloud id or fingerprint",
          "[gate][waivers]") {
  Finding f;
  f.check = "AD001";
  f.subject.dn = "CN=Smith\\, Anna,OU=Hold,OU=Staff,DC=corp,DC=example,DC=com";
  f.subject.upn = "Anna.Smith@Example.com";
  f.subject.objectGuid = kG1;
  f.subject.cloudId = "c-1";
  f.fingerprint = fingerprintOf(f.check, f.subject);
  Waiver w;
  w.checks = {"AD001"};
  w.dn = "ou=hold,OU=Staff,DC=corp,DC=example,DC=com";
  CHECK(w.covers(f));
  w.dn = "OU=Staff,DC=corp,DC=example,DC=com";
  CHECK(w.covers(f));
  w.dn = f.subject.dn; // the object itself
  CHECK(w.covers(f));
  w.dn = "OU=Old,OU=Hold,OU=Staff,DC=corp,DC=example,DC=com"; // below the object: no
  CHECK_FALSE(w.covers(f));
  w.dn = "Anna,OU=Hold,OU=Staff,DC=corp,DC=example,DC=com"; // not on an RDN boundary
  CHECK_FALSE(w.covers(f));
  w.dn.clear();
  w.upn = "anna.*@example.com";
  CHECK(w.covers(f));
  w.upn = "*@contoso.com";
  CHECK_FALSE(w.covers(f));
  w.upn.clear();
  w.objectGuid = kG2;
  CHECK_FALSE(w.covers(f));
  w.objectGuid = kG1;
  CHECK(w.covers(f));
  w.cloudId = "c-2"; // every field given must match
  CHECK_FALSE(w.covers(f));
  w.cloudId = "c-1";
  CHECK(w.covers(f));
  w.checks = {"CLOUD001"};
  CHECK_FALSE(w.covers(f));
  Waiver byFingerprint;
  byFingerprint.checks = {"AD001"};
  byFingerprint.fingerprint = f.fingerprint;
  CHECK(byFingerprint.covers(f));
}

TEST_CASE("GATE001 GATE002: waived findings do not count; expired ones count again; unused "
          "waivers are shown",
          "[gate][waivers][scan]") {
  const CheckList checks = makeAllChecks();
  SECTION("without waivers the gate's checks do not run") {
    const Report r = evaluate(twoMailboxes(), checks, adScope());
    CHECK(resultOf(r, "GATE001").status == CheckStatus::NotRun);
    CHECK(resultOf(r, "GATE001").reason == "no waiver file given (--waivers)");
    CHECK(resultOf(r, "GATE002").status == CheckStatus::NotRun);
    CHECK(r.gate.verdict == Verdict::NotReady);
  }
  SECTION("one user waived: still NOT_READY for the other, both listed") {
    const Report r =
        evaluate(twoMailboxes(waiversFrom("waivers:\n"
                                          "  - check: AD001\n"
                                          "    dn: OU=Hold,OU=Staff,DC=corp,DC=example,DC=com\n"
                                          "    reason: legal hold\n"
                                          "    owner: Legal\n"
                                          "    expires: 2027-01-31\n")),
                 checks, adScope());
    const auto ad001 = findingsOf(r, "AD001");
    REQUIRE(ad001.size() == 2);
    CHECK_FALSE(ad001[0]->waived());
    CHECK(ad001[1]->waived());
    CHECK(r.waiverOf(*ad001[1])->owner == "Legal");
    CHECK(r.waived == 1);
    CHECK(resultOf(r, "AD001").waived == 1);
    CHECK(resultOf(r, "AD001").users == 2);
    CHECK(r.users.total == 2);   // both have a finding
    CHECK(r.users.blocked == 2); // the tenant as scanned: a waiver accepts, it does not remove
    CHECK(r.users.blockedWaived == 1);
    CHECK(r.readiness == Verdict::NotReady);
    CHECK(r.gate.users == 1); // the gate counts one
    CHECK(r.gate.verdict == Verdict::NotReady);
    CHECK(r.gate.reason == "1 user(s) blocked, 1 finding(s) at or above blocker (1 more waived)");
    CHECK(resultOf(r, "GATE001").status == CheckStatus::Pass);
    CHECK(resultOf(r, "GATE002").status == CheckStatus::Pass);
    CHECK(findingsOf(r, "GATE002").empty());
  }
  SECTION("both waived: READY, and the report says how many were waived") {
    const Report r = evaluate(twoMailboxes(waiversFrom("waivers:\n" + kEntry)), checks, adScope());
    CHECK(r.waived == 2);
    CHECK(r.gate.verdict == Verdict::Ready);
    CHECK(r.gate.reason == "no finding at or above blocker (2 more waived); every source in "
                           "scope is complete");
    CHECK_FALSE(resultOf(r, "AD001").gateWorst.has_value());
    CHECK(resultOf(r, "AD001").worst == Severity::Blocker);
  }
  SECTION("an expired waiver accepts nothing and GATE001 says so") {
    std::string e = "waivers:\n" + kEntry;
    e.replace(e.find("2027-01-31"), 10, "2026-11-26"); // the day before the scan
    const Report r = evaluate(twoMailboxes(waiversFrom(e)), checks, adScope());
    CHECK(r.waived == 0);
    CHECK(r.gate.verdict == Verdict::NotReady);
    const auto gate = findingsOf(r, "GATE001");
    REQUIRE(gate.size() == 1);
    CHECK(gate[0]->severity == Severity::Warning);
    CHECK(gate[0]->message == "waiver expired on 2026-11-26, owner jane@example.com: AD001 for upn "
                              "*@example.com no longer accepted (kept on purpose)");
    CHECK(gate[0]->evidence[0].source == "waivers");
    CHECK(gate[0]->evidence[0].location.ends_with("waivers.yaml:2"));
    CHECK(findingsOf(r, "GATE002").empty()); // expired is GATE001's, not "unused"
  }
  SECTION("a waiver that applies on its expiry day") {
    std::string e = "waivers:\n" + kEntry;
    e.replace(e.find("2027-01-31"), 10, kToday);
    CHECK(evaluate(twoMailboxes(waiversFrom(e)), checks, adScope()).waived == 2);
  }
  SECTION("a waiver that matched nothing is GATE002, info") {
    std::string e = "waivers:\n" + kEntry;
    e.replace(e.find("*@example.com"), 13, "*@contoso.com");
    const Report r = evaluate(twoMailboxes(waiversFrom(e)), checks, adScope());
    const auto gate = findingsOf(r, "GATE002");
    REQUIRE(gate.size() == 1);
    CHECK(gate[0]->severity == Severity::Info);
    CHECK(gate[0]->message.starts_with("waiver matched no finding: AD001 for upn *@contoso.com"));
    CHECK(r.findings.back().check == "GATE002"); // the gate's findings come last
  }
  SECTION("a waiver never makes an incomplete source complete") {
    Snapshot s = twoMailboxes(waiversFrom("waivers:\n" + kEntry));
    s.source(SourceKind::Ad).status = SourceStatus::Partial;
    s.source(SourceKind::Ad).detail = "stopped at page 3";
    const Report r = evaluate(s, checks, adScope());
    CHECK(r.waived == 2);
    CHECK(r.gate.verdict == Verdict::Incomplete);
    CHECK(exitCodeOf(r.gate.verdict) == 3);
  }
}

TEST_CASE("a baseline marks findings new or unchanged and lists the resolved ones",
          "[gate][baseline][scan]") {
  const CheckList checks = makeAllChecks();
  // The baseline knew anna only, and a finding that is gone now.
  Snapshot before;
  {
    std::vector<AdAccount> accounts{test::mailbox("anna", kG1),
                                    test::mailbox("carl", "5cd5b828-e864-4abd-a6d8-7ae25af5015b")};
    for (auto& a : accounts)
      classify(a);
    before.ad.accounts.assign(accounts.begin(), accounts.end());
    before.source(SourceKind::Ad).status = SourceStatus::Complete;
  }
  ScanOptions options = adScope();
  options.baseline = savedFrom(evaluate(before, checks, options));
  REQUIRE(options.baseline->findings.size() == 2);

  SECTION("all findings count") {
    const Report r = evaluate(twoMailboxes(), checks, options);
    REQUIRE(r.baseline);
    CHECK(r.baseline->newFindings == 1);
    CHECK(r.baseline->unchanged == 1);
    REQUIRE(r.baseline->resolved.size() == 1);
    CHECK(r.baseline->resolved[0].subject.dn.starts_with("CN=carl,"));
    CHECK(findingsOf(r, "AD001")[0]->baseline == BaselineState::Unchanged);
    CHECK(findingsOf(r, "AD001")[1]->baseline == BaselineState::New);
    CHECK(r.gate.reason == "2 user(s) blocked, 2 finding(s) at or above blocker");
  }
  SECTION("new findings only: bert is new, so NOT_READY") {
    options.newOnly = true;
    const Report r = evaluate(twoMailboxes(), checks, options);
    CHECK(r.gate.newOnly);
    CHECK(r.gate.verdict == Verdict::NotReady);
    CHECK(r.gate.reason == "1 user(s) blocked, 1 new finding(s) at or above blocker (new "
                           "findings only: 1 already "
                           "in the baseline not counted)");
  }
  SECTION("new findings only, unchanged tenant: READY") {
    options.newOnly = true;
    const Report r = evaluate(before, checks, options);
    CHECK(r.gate.verdict == Verdict::Ready);
    CHECK(r.gate.reason == "no new finding at or above blocker (new findings only: 2 already in "
                           "the baseline not counted); every source in scope is complete");
  }
}

TEST_CASE("the gate compares what counts: waived then and not now, or worse now, is new",
          "[gate][baseline]") {
  Finding before;
  before.check = "AD001";
  before.severity = Severity::Warning;
  Finding now = before;
  CHECK(baselineStateOf(nullptr, now) == BaselineState::New);
  CHECK(baselineStateOf(&before, now) == BaselineState::Unchanged);
  now.severity = Severity::Blocker; // the severity rose
  CHECK(baselineStateOf(&before, now) == BaselineState::New);
  now.severity = Severity::Info; // it fell: nothing new to the gate
  CHECK(baselineStateOf(&before, now) == BaselineState::Unchanged);
  now.severity = before.severity;
  before.waiver = 0;                                          // waived then ...
  CHECK(baselineStateOf(&before, now) == BaselineState::New); // ... and not now
  now.waiver = 3;
  CHECK(baselineStateOf(&before, now) == BaselineState::Unchanged); // waived both times
  before.waiver = -1;
  CHECK(baselineStateOf(&before, now) == BaselineState::Unchanged); // waived now only
}

TEST_CASE("expired waivers fail a gate of new findings only", "[gate][baseline][waivers][scan]") {
  const CheckList checks = makeAllChecks();
  // The baseline was made while the waiver for both users was valid.
  ScanOptions options = adScope();
  options.baseline =
      savedFrom(evaluate(twoMailboxes(waiversFrom("waivers:\n" + kEntry)), checks, options));
  REQUIRE(options.baseline->findings.size() == 2);
  REQUIRE(options.baseline->findings[0].waived());
  options.newOnly = true;
  SECTION("the waiver still holds: nothing new, READY") {
    const Report r = evaluate(twoMailboxes(waiversFrom("waivers:\n" + kEntry)), checks, options);
    CHECK(r.gate.verdict == Verdict::Ready);
    CHECK(r.readiness == Verdict::NotReady); // the tenant is what it is
    CHECK(r.users.blocked == 2);
  }
  SECTION("the waiver expired: both findings count again as new, NOT_READY") {
    std::string e = "waivers:\n" + kEntry;
    e.replace(e.find("2027-01-31"), 10, "2026-11-26"); // the day before the scan
    const Report r = evaluate(twoMailboxes(waiversFrom(e)), checks, options);
    CHECK(r.baseline->newFindings >= 2);
    CHECK(findingsOf(r, "AD001")[0]->baseline == BaselineState::New);
    CHECK(r.gate.verdict == Verdict::NotReady);
    CHECK(r.gate.counted == 2);
  }
  SECTION("the waiver removed from the file: the same") {
    const Report r = evaluate(twoMailboxes(), checks, options);
    CHECK(r.gate.verdict == Verdict::NotReady);
  }
}

TEST_CASE("saved reports: any 1.x is read, anything else is refused by name", "[gate][baseline]") {
  test::TempPath file("old.json");
  const auto error = [&](const std::string& text) { return savedReportError(file, text); };
  const std::string minimal =
      R"({"schemaVersion":"1.0","tool":{"name":"migready","version":"0.1.0"},"generatedAt":)"
      R"("2026-11-01T00:00:00Z","verdict":"READY","verdictReason":"","failOn":"blocker",)"
      R"("sources":{"ad":{"status":"complete"}},"checks":[],"findings":[]})";
  CHECK(error(minimal) == "no error");
  CHECK(error("{\"schemaVersion\": 2") == ":1:20: malformed JSON: incomplete JSON");
  CHECK(error(std::string(minimal).replace(minimal.find("1.0"), 3, "2.0")) == "no error");
  CHECK(error(std::string(minimal).replace(minimal.find("1.0"), 3, "3.0")) ==
        ": /schemaVersion: \"3.0\" is not 1.N or 2.N: not a migready JSON report (schema 1.x or "
        "2.x)");
  CHECK(error(std::string(minimal).replace(minimal.find("\"migready\""), 10, "\"other\"")) ==
        ": /tool/name: \"other\" is not migready: not a migready JSON report (schema 1.x or 2.x)");
  CHECK(error(std::string(minimal).replace(minimal.find("[]}"), 3,
                                           R"([{"check":"AD001","severity":"blocker"}]})")) ==
        ": /findings/0/message: missing: not a migready JSON report (schema 1.x or 2.x)");
  CHECK(error("[]") == ": not a JSON object: not a migready JSON report (schema 1.x or 2.x)");
}

TEST_CASE("saved reports are read as strictly as every other reader, each error naming its JSON "
          "pointer (issue 22)",
          "[gate][baseline]") {
  test::TempPath file("old.json");
  const auto error = [&](const std::string& text) {
    const std::string what = savedReportError(file, text);
    const std::string tail = ": not a migready JSON report (schema 1.x or 2.x)";
    return what.ends_with(tail) ? what.substr(0, what.size() - tail.size()) : what;
  };
  const std::string finding =
      R"({"check":"AD001","severity":"blocker","subject":{"dn":null,"upn":"a@example.com",)"
      R"("objectGuid":"3ab39606-c642-489b-84b6-58c038d3ef39","cloudId":null,"displayName":null,)"
      R"("kind":null,"configItem":null},"message":"m","remediation":"r","evidence":[{"source":)"
      R"("ad","location":"a.ldf:1","detail":null}],"fingerprint":)"
      R"("0123456789abcdef0123456789abcdef","waiver":null,"baselineState":null})";
  const std::string report =
      R"({"schemaVersion":"1.3","tool":{"name":"migready","version":"0.1.0"},"generatedAt":)"
      R"("2026-11-01T00:00:00Z","tenantId":null,"verdict":"NOT_READY","verdictReason":"x",)"
      R"("failOn":"blocker","sources":{"ad":{"status":"complete","objects":3,"origin":null,)"
      R"("detail":null,"errors":[]}},"checks":[{"id":"AD001","title":"t","group":"AD",)"
      R"("status":"fail"}],"findings":[)" +
      finding + "," + finding + "]}";
  const auto with = [&](std::string_view from, std::string_view to, std::size_t nth = 0) {
    std::string t = report;
    std::size_t at = t.find(from);
    while (nth-- > 0)
      at = t.find(from, at + 1);
    return t.replace(at, from.size(), to);
  };
  CHECK(error(report) == "no error");
  CHECK(error("\xef\xbb\xbf" + report) == "no error"); // saved by a Windows tool
  CHECK(error(with("\"verdict\":", R"("verdict":"READY","verdict":)"))
            .ends_with(": malformed JSON: duplicate key \"verdict\" in one object"));
  CHECK(error(with("\"1.3\"", "\"1.x\"")) == ": /schemaVersion: \"1.x\" is not 1.N or 2.N");
  CHECK(error(with("\"1.3\"", "\"1.\"")) == ": /schemaVersion: \"1.\" is not 1.N or 2.N");
  CHECK(error(with("\"1.3\"", "\"1.10\"")) == "no error");
  for (const char* time : {"yesterday", "2026-02-30T00:00:00Z", "2026-11-01T00:00:00+01:00",
                           "2026-11-01 00:00:00Z", "2026-11-01T00:00:00.5Z"})
    CHECK(error(with("2026-11-01T00:00:00Z", time)) ==
          fmt::format(": /generatedAt: \"{}\" is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)", time));
  CHECK(error(with("\"NOT_READY\"", "\"BLOCKED\"")) ==
        ": /verdict: \"BLOCKED\" is not one of READY, NOT_READY, INCOMPLETE");
  CHECK(error(with("\"failOn\":\"blocker\"", "\"failOn\":\"fatal\"")) ==
        ": /failOn: \"fatal\" is not blocker, warning or info");
  CHECK(error(with("\"complete\"", "\"partiall\"")) ==
        ": /sources/ad/status: \"partiall\" is not one of complete, partial, failed, "
        "not_provided");
  CHECK(error(with("\"objects\":3", "\"objects\":-3")) == ": /sources/ad/objects: less than 0");
  CHECK(error(with("\"objects\":3", "\"objects\":\"3\"")) ==
        ": /sources/ad/objects: not a whole number");
  CHECK(error(with("\"status\":\"fail\"", "\"status\":\"skipped\"")) ==
        ": /checks/0/status: \"skipped\" is not one of pass, fail, not_run, error");
  CHECK(error(with("\"id\":\"AD001\"", "\"id\":\"ad1\"")) ==
        ": /checks/0/id: \"ad1\" is not a check id");
  CHECK(error(with("\"severity\":\"blocker\"", "\"severity\":\"Blocker\"", 1)) ==
        ": /findings/1/severity: \"Blocker\" is not blocker, warning or info");
  CHECK(error(with("\"baselineState\":null", "\"baselineState\":\"newish\"")) ==
        ": /findings/0/baselineState: \"newish\" is not one of new, unchanged");
  CHECK(error(with("\"message\":\"m\"", "\"message\":3", 1)) ==
        ": /findings/1/message: not a string");
  CHECK(error(with("\"message\":\"m\"", "\"message\":\"\"")) == ": /findings/0/message: empty");
  CHECK(error(with("3ab39606-c642", "3AB39606-C642")) ==
        ": /findings/0/subject/objectGuid: not a GUID in lower case");
  CHECK(error(with("\"a.ldf:1\"", "\"\"")) == ": /findings/0/evidence/0/location: empty");
  CHECK(error(with("\"evidence\":[{", "\"evidence\":[7,{")) ==
        ": /findings/0/evidence/0: not an object");
  CHECK(error(with("\"waiver\":null",
                   R"("waiver":{"reason":" ","owner":"o","expires":"2027-1-1"})")) ==
        ": /findings/0/waiver/expires: \"2027-1-1\" is not a date (YYYY-MM-DD)");
  CHECK(error(with("\"waiver\":null",
                   R"("waiver":{"reason":"","owner":"o","expires":"2027-01-01"})")) ==
        ": /findings/0/waiver/reason: empty");
  CHECK(error(with("\"fingerprint\":\"0123", "\"fingerprint\":\"x123", 1)) ==
        ": /findings/1/fingerprint: not 32 hexadecimal digits");
  // What it reads comes back; keys it does not read are a later 1.x's business.
  file.write(with("\"baselineState\":null", "\"baselineState\":\"new\",\"later\":{\"x\":1}"));
  const SavedReport r = readSavedReport(file.str());
  CHECK(r.schemaVersion == "1.3");
  CHECK(r.findings.size() == 2);
  CHECK(r.findings[0].baseline == BaselineState::New);
  CHECK(r.findings[1].baseline == BaselineState::None);
  CHECK(r.source(SourceKind::Ad).objects == 3);
  CHECK(r.checks.at(0).status == CheckStatus::Fail);
  // A folder is not a report.
  test::TempPath folder("reports");
  std::filesystem::create_directories(folder.path());
  CHECK_THROWS_WITH(readSavedReport(folder.str()), Catch::EndsWith(": is a folder, not a file"));
}

TEST_CASE("diff: per check, per user, coverage and tenant", "[gate][diff]") {
  const CheckList checks = makeAllChecks();
  const SavedReport a = savedFrom(evaluate(twoMailboxes(), checks, adScope()));
  Snapshot later = twoMailboxes(waiversFrom("waivers:\n"
                                            "  - check: AD001\n"
                                            "    dn: OU=Hold,OU=Staff,DC=corp,DC=example,DC=com\n"
                                            "    reason: legal hold\n"
                                            "    owner: Legal\n"
                                            "    expires: 2027-01-31\n"));
  later.ad.accounts.erase(later.ad.accounts.begin()); // anna fixed
  AdAccount dora = test::mailbox("dora", "6de6c939-f975-4bce-b7d9-8bf36b0f126c");
  classify(dora);
  later.ad.accounts.push_back(dora);
  const SavedReport b = savedFrom(evaluate(later, checks, adScope()));
  const ScanDiff d = diffScans({a, b}, Severity::Blocker);
  REQUIRE(d.steps.size() == 1);
  CHECK(d.steps[0].newFindings == 1);
  CHECK(d.steps[0].resolved == 1);
  CHECK(d.steps[0].unchanged == 1);
  CHECK(d.steps[0].newAtOrAbove == 1);
  CHECK(d.failsGate());
  CHECK(d.points[0].blockedUsers == 2);
  CHECK(d.points[1].blockedUsers == 2); // dora, and bert: blocked, though waived
  CHECK(d.points[1].bySeverity[2] == 2);
  CHECK(d.points[1].waived == 1);
  REQUIRE(d.users.size() == 3);
  CHECK(d.users[0].name == "anna@example.com");
  CHECK(d.users[0].removed == std::vector<std::string>{"AD001 (blocker)"});
  CHECK(d.users[0].after.empty());
  CHECK(d.users[1].name == "bert@example.com");
  CHECK(d.users[1].waived == std::vector<std::string>{"AD001 (blocker)"});
  CHECK(d.users[2].added == std::vector<std::string>{"AD001 (blocker)"});
  CHECK(d.warnings.empty());

  SECTION("a source read in part in one scan is warned about") {
    SavedReport partial = b;
    partial.sources[0].status = SourceStatus::Partial;
    const ScanDiff w = diffScans({a, partial}, Severity::Blocker);
    REQUIRE(w.warnings.size() == 1);
    CHECK(w.warnings[0].starts_with("Active Directory was read completely in"));
  }
  SECTION("three scans give a trend") {
    const ScanDiff t = diffScans({a, b, b}, Severity::Blocker);
    CHECK(t.points.size() == 3);
    CHECK(t.steps.size() == 2);
    CHECK_FALSE(t.failsGate()); // nothing new in the last step
  }
  SECTION("a waiver that went: what it accepted is new again, and fails the diff") {
    Snapshot unwaived = later;
    unwaived.waivers.reset();
    SavedReport c = savedFrom(evaluate(unwaived, checks, adScope()));
    SavedReport older = b;
    older.generatedAt = "2026-11-26T00:00:00Z";
    c.generatedAt = "2026-11-28T00:00:00Z";
    const ScanDiff u = diffScans({older, c}, Severity::Blocker);
    CHECK(u.steps[0].newFindings == 1); // bert's, waived before
    CHECK(u.steps[0].unchanged == 1);
    CHECK(u.steps[0].newAtOrAbove == 1);
    CHECK(u.failsGate());
    REQUIRE(u.users.size() == 1);
    CHECK(u.users[0].unwaived == std::vector<std::string>{"AD001 (blocker)"});
    CHECK(u.users[0].added.empty()); // it was there: counted again, not added
  }
  SECTION("tenant ids compare in any case, as the scan's baseline compares them (issue 22)") {
    SavedReport x = a, y = b;
    x.tenantId = "6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B";
    y.tenantId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    CHECK(diffScans({x, y}, Severity::Blocker).steps.size() == 1);
  }
  SECTION("reports are put in the order they were made, or refused (issue 22)") {
    SavedReport older = a, newer = b;
    older.generatedAt = "2026-11-01T10:00:00Z";
    newer.generatedAt = "2026-11-02T09:00:00Z";
    std::vector<SavedReport> given{newer, older};
    CHECK(orderByTime(given));
    CHECK(given[0].generatedAt == "2026-11-01T10:00:00Z");
    CHECK(diffScans(given, Severity::Blocker).steps[0].newFindings == 1);
    std::vector<SavedReport> inOrder{older, newer};
    CHECK_FALSE(orderByTime(inOrder));
    newer.generatedAt = older.generatedAt;
    std::vector<SavedReport> same{older, newer};
    CHECK_THROWS_WITH(orderByTime(same), Catch::Contains("were both made at 2026-11-01T10:00:00Z"));
    newer.generatedAt.clear();
    std::vector<SavedReport> none{older, newer};
    CHECK_THROWS_WITH(orderByTime(none), Catch::Contains("generatedAt \"\" is not a time"));
  }
  SECTION("reports of two tenants are refused") {
    SavedReport x = a, y = b;
    x.tenantId = "tenant-a";
    y.tenantId = "tenant-b";
    CHECK_THROWS_WITH(diffScans({x, y}, Severity::Blocker),
                      Catch::Contains("tenant tenant-b is not the tenant of the reports before"));
  }
}
