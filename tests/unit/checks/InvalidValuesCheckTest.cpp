// DIR002 (InvalidValuesCheck): one test per documented limit (Microsoft's "Prepare for
// directory synchronization", Graph's user resource; ../shared/domain/idfix-facts.md §2) and
// one per IdFix bug, showing the right behaviour.
#include "DirTestSupport.h"
#include "checks/Check.h"
#include "scanner/entra/snapshot/GraphSnapshotSource.h"

#include <catch2/catch.hpp>

using namespace migready;
using test::dirSnapshot;
using test::dirUser;

namespace {
FindingList runDIR002(const Snapshot& s) {
  return test::runCheck("DIR002", s);
}
// The findings of one user holding `values`.
FindingList judge(std::vector<std::pair<std::string, std::string>> values,
                  std::optional<std::vector<std::string>> verified = std::nullopt,
                  const std::string& sam = "anna") {
  Snapshot s = dirSnapshot({dirUser(sam, std::move(values))});
  if (verified) {
    s.cloud.tenant = Tenant{};
    s.cloud.tenant->verifiedDomains = verified;
    s.source(SourceKind::Graph).status = SourceStatus::Complete;
  }
  return runDIR002(s);
}
// The one finding's severity and whether its message holds `text`.
void expect(const FindingList& f, Severity severity, std::string_view text) {
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == severity);
  CHECK_THAT(f[0].message, Catch::Contains(std::string(text)));
}
} // namespace

TEST_CASE("DIR002 is in the catalog with its docs", "[checks][DIR002]") {
  const CheckList checks = makeAllChecks();
  const Check* c = findCheck(checks, "invalid-values");
  REQUIRE(c);
  CHECK(c->info().id == "DIR002");
  CHECK(c->info().group == "DIR");
  CHECK(c->info().doc.find("IdFix") != std::string_view::npos);
  CHECK(c->info().needs.size() == 1);
  CHECK(*c->info().needs.begin() == SourceKind::Ad);
}

TEST_CASE("DIR002: clean look-alikes stay quiet", "[checks][DIR002]") {
  // Apostrophes and hyphens where they are valid, non-ASCII display names and names, 64-character
  // given names, long and internationalised top-level domains.
  const FindingList f = judge({{"userPrincipalName", "sean.o'brien-smith@contoso.com"},
                               {"mail", "sean.o'brien-smith@contoso.com"},
                               {"proxyAddresses", "SMTP:sean.o'brien-smith@contoso.com"},
                               {"proxyAddresses", "smtp:sean@contoso.travelersinsurance"},
                               {"proxyAddresses", "smtp:sean@xn--80ak6aa92e.xn--p1ai"},
                               {"proxyAddresses", "X500:/o=Contoso/ou=First (Admin)/cn=sean"},
                               {"mailNickname", "sean.o'brien-smith"},
                               {"displayName", "Seán Ó Briain-Müller (Zürich)"},
                               {"givenName", std::string(64, 'g')},
                               {"sn", "Ó Briain-Müller"}},
                              std::vector<std::string>{"contoso.com"}, "sobrien");
  CHECK(f.empty());
}

TEST_CASE("DIR002 userPrincipalName: spaces, characters, @, lengths (blocker)",
          "[checks][DIR002]") {
  expect(judge({{"userPrincipalName", " anna@contoso.com"}}), Severity::Blocker,
         "begins or ends with a space");
  expect(judge({{"userPrincipalName", "anna@contoso.com "}}), Severity::Blocker,
         "begins or ends with a space");
  expect(judge({{"userPrincipalName", "anna berg@contoso.com"}}), Severity::Blocker,
         "holds a space");
  expect(judge({{"userPrincipalName", "anna%berg@contoso.com"}}), Severity::Blocker, "holds '%'");
  expect(judge({{"userPrincipalName", "anna(b)@contoso.com"}}), Severity::Blocker, "'(', ')'");
  expect(judge({{"userPrincipalName", "anna.contoso.com"}}), Severity::Blocker, "has no @");
  expect(judge({{"userPrincipalName", "anna@berg@contoso.com"}}), Severity::Blocker,
         "has 2 @ signs");
  expect(judge({{"userPrincipalName", "@contoso.com"}}), Severity::Blocker, "begins with @");
  expect(judge({{"userPrincipalName", "anna.@contoso.com"}}), Severity::Blocker,
         "ends with a period before the @");
  expect(judge({{"userPrincipalName", "anna@contoso..com"}}), Severity::Blocker,
         "is not a domain name");
  // 64 before the @ and 48 after it, 113 in all.
  CHECK(judge({{"userPrincipalName", std::string(64, 'a') + "@contoso.com"}}).empty());
  expect(judge({{"userPrincipalName", std::string(65, 'a') + "@contoso.com"}}), Severity::Blocker,
         "65 characters before the @ (at most 64)");
  CHECK(judge({{"userPrincipalName", "a@" + std::string(44, 'c') + ".com"}}).empty());
  expect(judge({{"userPrincipalName", "a@" + std::string(45, 'c') + ".com"}}), Severity::Blocker,
         "49 characters after the @ (at most 48)");
}

TEST_CASE("DIR002 userPrincipalName: non-ASCII letters become underscores (warning)",
          "[checks][DIR002]") {
  expect(judge({{"userPrincipalName", "jürgen@contoso.com"}}), Severity::Warning,
         "letters outside ASCII");
}

TEST_CASE("DIR002 userPrincipalName suffix: non-routable, and not verified when the tenant's "
          "domains are known (warning: lands on onmicrosoft.com)",
          "[checks][DIR002]") {
  expect(judge({{"userPrincipalName", "anna@corp.contoso.local"}}), Severity::Warning,
         "suffix corp.contoso.local is not routable");
  expect(judge({{"userPrincipalName", "anna@CONTOSO"}}), Severity::Warning, "not routable");
  // Without the tenant's domains a routable suffix is fine.
  CHECK(judge({{"userPrincipalName", "anna@fabrikam.com"}}).empty());
  const std::vector<std::string> verified = {"Contoso.com", "contoso.onmicrosoft.com"};
  CHECK(judge({{"userPrincipalName", "anna@contoso.COM"}}, verified).empty());
  expect(judge({{"userPrincipalName", "anna@fabrikam.com"}}, verified), Severity::Warning,
         "fabrikam.com is not a verified domain of the tenant");
  expect(judge({{"userPrincipalName", "anna@sub.contoso.com"}}, verified), Severity::Warning,
         "not a verified domain");
  expect(judge({{"userPrincipalName", "anna@contoso.local"}}, verified), Severity::Warning,
         "not routable and not a verified domain");
}

TEST_CASE("DIR002 mail and SMTP proxy addresses: e-mail address syntax (blocker)",
          "[checks][DIR002]") {
  expect(judge({{"mail", "anna berg@contoso.com"}}), Severity::Blocker, "holds a space");
  expect(judge({{"mail", "anna@contoso.com "}}), Severity::Blocker, "begins or ends with a space");
  expect(judge({{"mail", "anna<berg>@contoso.com"}}), Severity::Blocker, "'<', '>'");
  expect(judge({{"mail", "anna@"}}), Severity::Blocker, "is not a domain name");
  expect(judge({{"mail", "anna..berg@contoso.com"}}), Severity::Blocker, "two in a row");
  expect(judge({{"mail", "jörg@contoso.com"}}), Severity::Blocker, "letters outside ASCII");
  expect(judge({{"proxyAddresses", "SMTP:user:M@contoso.com"}}), Severity::Blocker,
         "proxyAddresses \"SMTP:user:M@contoso.com\": holds ':'");
  expect(judge({{"proxyAddresses", "smtp:anna;berg@contoso.com"}}), Severity::Blocker,
         "proxyAddresses \"smtp:anna;berg@contoso.com\": holds ';'");
  expect(judge({{"proxyAddresses", "smtp:anna@-contoso.com"}}), Severity::Blocker,
         "not a domain name");
  expect(judge({{"proxyAddresses", "smtp:a@" + std::string(250, 'c') + ".com"}}), Severity::Blocker,
         "at most 251");
}

TEST_CASE("DIR002 mailNickname: length and periods refused, characters replaced",
          "[checks][DIR002]") {
  CHECK(judge({{"mailNickname", std::string(64, 'a')}}).empty());
  expect(judge({{"mailNickname", std::string(65, 'a')}}), Severity::Blocker, "at most 64");
  expect(judge({{"mailNickname", ".anna"}}), Severity::Blocker, "begins or ends with a period");
  expect(judge({{"mailNickname", "anna berg"}}), Severity::Warning, "spaces");
  expect(judge({{"mailNickname", "anna@berg"}}), Severity::Warning,
         "'@', which Exchange replaces with underscores");
  expect(judge({{"mailNickname", "jürgen"}}), Severity::Warning, "letters outside ASCII");
}

TEST_CASE("DIR002 displayName, givenName, sn: lengths, blank, spaces", "[checks][DIR002]") {
  CHECK(judge({{"displayName", std::string(256, 'd')}}).empty());
  expect(judge({{"displayName", std::string(257, 'd')}}), Severity::Blocker, "at most 256");
  expect(judge({{"displayName", "   "}}), Severity::Blocker, "is blank");
  expect(judge({{"displayName", "Anna Berg "}}), Severity::Warning, "begins or ends with a space");
  expect(judge({{"givenName", std::string(65, 'g')}}), Severity::Blocker, "at most 64");
  expect(judge({{"givenName", " Anna"}}), Severity::Warning, "givenName \" Anna\": begins");
  CHECK(judge({{"sn", std::string(64, 's')}}).empty());
  // Characters count, not bytes: 64 two-byte letters are 64 characters.
  std::string umlauts;
  for (int i = 0; i < 64; ++i)
    umlauts += "ü";
  CHECK(judge({{"sn", umlauts}}).empty());
}

TEST_CASE("DIR002 sAMAccountName: with a valid UPN the user still syncs (warning)",
          "[checks][DIR002]") {
  expect(judge({}, std::nullopt, std::string(21, 's')), Severity::Warning, "at most 20");
  expect(judge({}, std::nullopt, "anna*berg"), Severity::Warning, "'*'");
}

TEST_CASE("DIR002: one finding per user, the worst severity, every value named with its "
          "evidence",
          "[checks][DIR002]") {
  const FindingList f = judge({{"userPrincipalName", "anna@contoso.local"},
                               {"mail", "anna berg@contoso.com"},
                               {"displayName", "Anna "}});
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Blocker);
  CHECK(f[0].subject.dn == "CN=anna,OU=Staff,DC=corp,DC=example,DC=com");
  REQUIRE(f[0].evidence.size() == 4); // the entry, then one per value
  CHECK(f[0].evidence[0].location == "ad.ldf:1");
  CHECK_THAT(f[0].evidence[2].detail, Catch::Contains("mail \"anna berg@contoso.com\""));
  CHECK_THAT(f[0].message, Catch::Contains("refused: the user does not sync"));
  CHECK_THAT(f[0].message, Catch::Contains("changed on the way"));
  CHECK_FALSE(f[0].remediation.empty());
}

TEST_CASE("DIR002: users outside the sync scope are not judged (IdFix judged them)",
          "[checks][DIR002][idfix]") {
  const Snapshot s = dirSnapshot(
      {dirUser("SystemMailbox{1f05a927-1234}", {{"userPrincipalName", "sys tem@contoso.local"},
                                                {"mailNickname", "SystemMailbox{1f05a927}"}}),
       dirUser("HealthMailbox01",
               {{"mail", "bad mail@contoso.com"}, {"msExchRecipientTypeDetails", "8388608"}}),
       dirUser("krbtgt", {{"displayName", "   "}, {"isCriticalSystemObject", "TRUE"}})});
  const FindingList f = runDIR002(s);
  CHECK(f.empty());
  CHECK_THAT(f.notes.back(), Catch::Contains("3 users outside the sync scope"));
}

// IdFix's bugs (../shared/domain/idfix-facts.md §1.7, §2), each with the right behaviour.
TEST_CASE("DIR002 does not repeat IdFix's bugs", "[checks][DIR002][idfix]") {
  SECTION("an apostrophe in a userPrincipalName is valid (IdFix's UPN rule flags it)") {
    CHECK(judge({{"userPrincipalName", "o'brien@contoso.com"}}).empty());
  }
  SECTION("64 before the @ and 48 after it (IdFix checked 113 in all only)") {
    expect(judge({{"userPrincipalName", std::string(70, 'a') + "@contoso.com"}}), Severity::Blocker,
           "at most 64");
  }
  SECTION("no top-level domain list, no 2-17 letter rule (IdFix's flags .travelersinsurance and "
          "xn--p1ai)") {
    CHECK(judge({{"mail", "anna@contoso.travelersinsurance"}}).empty());
    CHECK(judge({{"userPrincipalName", "anna@contoso.xn--p1ai"}}).empty());
  }
  SECTION("mail is checked as an address (IdFix's default rules never did)") {
    expect(judge({{"mail", "anna@contoso@com"}}), Severity::Blocker, "2 @ signs");
  }
  SECTION("a mailNickname ending with a period is found (IdFix's period rule never reported)") {
    expect(judge({{"mailNickname", "anna."}}), Severity::Blocker, "begins or ends with a period");
  }
  SECTION("givenName may have 64 characters (IdFix: 63)") {
    CHECK(judge({{"givenName", std::string(64, 'g')}}).empty());
  }
  SECTION("sn is checked (IdFix's default rules never read it)") {
    expect(judge({{"sn", std::string(65, 's')}}), Severity::Blocker, "sn");
  }
  SECTION("an apostrophe in sAMAccountName is found (Microsoft lists it; IdFix does not)") {
    expect(judge({}, std::nullopt, "o'brien"), Severity::Warning, "'''");
  }
  SECTION("a user named like IdFix's skip list is judged when the sync exports it (IdFix "
          "skipped every cn starting Guest or Admini)") {
    expect(judge({{"userPrincipalName", "guest services@contoso.com"}}, std::nullopt,
                 "Guest Services"),
           Severity::Blocker, "holds a space");
  }
}

TEST_CASE("DIR002 says what it could not judge; it does not run without the addresses",
          "[checks][DIR002]") {
  // An LDIF export without givenName and sn: a note, not a pass for them.
  Snapshot s = dirSnapshot({dirUser("anna", {{"userPrincipalName", "anna@contoso.com"}})});
  FindingList f = runDIR002(s);
  CHECK(f.empty());
  REQUIRE(f.notes.size() == 2);
  CHECK_THAT(f.notes[0], Catch::Contains("verified domains were not read"));
  CHECK_THAT(f.notes[1], Catch::Contains("1 users read from an export without givenName or sn"));
  s = dirSnapshot({dirUser("anna", {{"givenName", "Anna"}, {"sn", "Berg"}})});
  CHECK(runDIR002(s).notes.size() == 1);
  const CheckList checks = makeAllChecks();
  CHECK_FALSE(
      findCheck(checks, "DIR002")->whyNotRunnable(dirSnapshot({dirUser("a", {})}, false)).empty());
}

TEST_CASE("the Graph snapshot's organization gives the tenant's verified domains",
          "[checks][DIR002][graph]") {
  CloudDirectory cloud;
  const SourceState state =
      readGraphSnapshot(std::string(MIGREADY_FIXTURES) + "/../../samples/contoso/graph", cloud);
  REQUIRE(state.status == SourceStatus::Complete);
  REQUIRE(cloud.tenant);
  CHECK(cloud.tenant->verifiedDomains ==
        std::vector<std::string>{"contoso.com", "contoso.onmicrosoft.com"});
  // Without the property they are unknown (not "none"); a malformed one is an error at its place.
  test::TempPath dir("graph");
  dir.write(R"({"capturedAt": "2026-11-26T09:00:00Z", "tenantId": "t"})", "manifest.json");
  dir.write(R"({"value": [{"id": "u1", "userPrincipalName": "a@contoso.com"}]})",
            "users/page-001.json");
  dir.write(R"({"value": [{"id": "t", "displayName": "Contoso"}]})", "organization.json");
  CloudDirectory without;
  CHECK(readGraphSnapshot(dir.str(), without).status != SourceStatus::Failed);
  REQUIRE(without.tenant);
  CHECK_FALSE(without.tenant->verifiedDomains);
  dir.write(R"({"value": [{"id": "t", "verifiedDomains": {"name": "contoso.com"}}]})",
            "organization.json");
  CloudDirectory bad;
  const SourceState failed = readGraphSnapshot(dir.str(), bad);
  CHECK(failed.status == SourceStatus::Failed);
  CHECK_THAT(failed.detail, Catch::Contains("verifiedDomains"));
}
