// DIR001 (DuplicateValuesCheck): the one namespace of userPrincipalName, mail and SMTP proxy
// addresses, compared case-insensitively across every user in sync scope, and what IdFix got
// wrong about it (docs/checks/DIR001.md).
#include "DirTestSupport.h"
#include "checks/Check.h"

#include <catch2/catch.hpp>
#include <chrono>

using namespace migready;
using test::dirSnapshot;
using test::dirUser;

namespace {
FindingList runDIR001(const Snapshot& s) {
  return test::runCheck("DIR001", s);
}
bool mentions(const Finding& f, std::string_view text) {
  if (f.message.find(text) != std::string::npos) return true;
  for (const Evidence& e : f.evidence)
    if (e.detail.find(text) != std::string::npos || e.location.find(text) != std::string::npos)
      return true;
  return false;
}
} // namespace

TEST_CASE("DIR001 is in the catalog with its docs", "[checks][DIR001]") {
  const CheckList checks = makeAllChecks();
  const Check* c = findCheck(checks, "duplicate-values");
  REQUIRE(c);
  CHECK(c->info().id == "DIR001");
  CHECK(c->info().group == "DIR");
  CHECK(c->info().severity == Severity::Blocker);
  CHECK(c->info().doc.size() > 100);
  CHECK(c->info().doc.find("IdFix") != std::string_view::npos);
  CHECK(c->info().needs.size() == 1);
  CHECK(*c->info().needs.begin() == SourceKind::Ad);
}

TEST_CASE("DIR001: a UPN equal to another user's smtp: proxy address (IdFix compared each "
          "attribute only with itself)",
          "[checks][DIR001][idfix]") {
  const Snapshot s =
      dirSnapshot({dirUser("anna", {{"userPrincipalName", "anna.berg@example.com"}}),
                   dirUser("bob", {{"userPrincipalName", "bob@example.com"},
                                   {"proxyAddresses", "SMTP:bob@example.com"},
                                   {"proxyAddresses", "smtp:Anna.Berg@Example.com"}})});
  const FindingList f = runDIR001(s);
  REQUIRE(f.size() == 2); // every holder, not the second only (IdFix: first seen wins)
  CHECK(f[0].severity == Severity::Blocker);
  CHECK(f[0].subject.dn == "CN=anna,OU=Staff,DC=corp,DC=example,DC=com");
  CHECK(f[1].subject.dn == "CN=bob,OU=Staff,DC=corp,DC=example,DC=com");
  // Each names the other holder, the attribute and the value as written, prefix kept.
  CHECK(mentions(f[0], "CN=bob,OU=Staff"));
  CHECK(mentions(f[0], "proxyAddresses smtp:Anna.Berg@Example.com"));
  CHECK(mentions(f[0], "userPrincipalName anna.berg@example.com"));
  CHECK(mentions(f[1], "CN=anna,OU=Staff"));
  CHECK(mentions(f[1], "ad.ldf:1")); // anna's entry, file:line
  CHECK_FALSE(f[0].remediation.empty());
}

TEST_CASE("DIR001: SMTP: and smtp: values compare by the address, any case", "[checks][DIR001]") {
  const Snapshot s = dirSnapshot({dirUser("anna", {{"proxyAddresses", "SMTP:sales@example.com"}}),
                                  dirUser("bob", {{"proxyAddresses", "SMTP:bob@example.com"},
                                                  {"proxyAddresses", "smtp:SALES@EXAMPLE.COM"}})});
  const FindingList f = runDIR001(s);
  REQUIRE(f.size() == 2);
  CHECK(mentions(f[0], "proxyAddresses SMTP:sales@example.com"));
  CHECK(mentions(f[0], "proxyAddresses smtp:SALES@EXAMPLE.COM"));
}

TEST_CASE("DIR001: the same mail, and the same UPN in two domains' exports", "[checks][DIR001]") {
  const Snapshot s = dirSnapshot(
      {dirUser("anna", {{"mail", "info@example.com"}, {"userPrincipalName", "a@example.com"}}),
       dirUser("bob", {{"mail", "Info@Example.com"}, {"userPrincipalName", "b@example.com"}}),
       dirUser("carl", {{"userPrincipalName", "carl@example.com"}},
               "OU=Staff,DC=emea,DC=example,DC=com"),
       dirUser("carl2", {{"userPrincipalName", "CARL@example.com"}},
               "OU=Staff,DC=apac,DC=example,DC=com")});
  const FindingList f = runDIR001(s);
  REQUIRE(f.size() == 4);
  CHECK(mentions(f[0], "mail Info@Example.com"));
  CHECK(mentions(f[2], "userPrincipalName CARL@example.com"));
  CHECK(mentions(f[3], "DC=emea"));
}

TEST_CASE("DIR001: three holders, each finding names both others; several values in one "
          "finding per user",
          "[checks][DIR001]") {
  const Snapshot s = dirSnapshot(
      {dirUser("a", {{"mail", "x@example.com"}, {"userPrincipalName", "y@example.com"}}),
       dirUser("b", {{"proxyAddresses", "smtp:x@example.com"}}),
       dirUser("c", {{"userPrincipalName", "X@example.com"}, {"mail", "y@example.com"}})});
  const FindingList f = runDIR001(s);
  REQUIRE(f.size() == 3);
  CHECK(f[0].message.find("held by 2 other users") != std::string::npos);
  CHECK(mentions(f[0], "CN=b,"));
  CHECK(mentions(f[0], "CN=c,"));
  CHECK(mentions(f[0], "y@example.com")); // a's second duplicate, in the same finding
}

TEST_CASE("DIR001: one user holding a value in several attributes is no duplicate",
          "[checks][DIR001]") {
  const Snapshot s = dirSnapshot({dirUser("anna", {{"userPrincipalName", "anna@example.com"},
                                                   {"mail", "Anna@example.com"},
                                                   {"proxyAddresses", "SMTP:anna@example.com"},
                                                   {"proxyAddresses", "smtp:anna@EXAMPLE.com"}}),
                                  dirUser("bob", {{"userPrincipalName", "bob@example.com"},
                                                  {"proxyAddresses", "SMTP:bob@example.com"},
                                                  {"proxyAddresses", "X500:/o=Example/cn=anna"}})});
  CHECK(runDIR001(s).empty());
}

TEST_CASE("DIR001: users the sync never exports collide with nothing (IdFix judged them)",
          "[checks][DIR001][idfix]") {
  // A discovery mailbox (RecipientTypeDetails 536870912, excluded by the default sync rules), a
  // critical system object and a sync service account hold the same values as anna.
  const Snapshot s =
      dirSnapshot({dirUser("anna", {{"userPrincipalName", "anna@example.com"},
                                    {"proxyAddresses", "SMTP:anna@example.com"}}),
                   dirUser("DiscoverySearchMailbox", {{"proxyAddresses", "smtp:anna@example.com"},
                                                      {"msExchRecipientTypeDetails", "536870912"}}),
                   dirUser("krbtgt", {{"userPrincipalName", "anna@example.com"},
                                      {"isCriticalSystemObject", "TRUE"}}),
                   dirUser("MSOL_0123456789ab", {{"mail", "anna@example.com"}})});
  const FindingList f = runDIR001(s);
  CHECK(f.empty());
  REQUIRE(f.notes.size() == 1);
  CHECK(f.notes[0].find("3 users outside the sync scope") != std::string::npos);
}

TEST_CASE("DIR001: a user named like IdFix's skip list is judged when the sync exports it "
          "(IdFix skipped every cn starting Guest or Admini)",
          "[checks][DIR001][idfix]") {
  const Snapshot s =
      dirSnapshot({dirUser("Guest Services", {{"userPrincipalName", "guests@example.com"}}),
                   dirUser("Administration", {{"mail", "guests@example.com"}})});
  CHECK(runDIR001(s).size() == 2);
}

TEST_CASE("DIR001 does not run without the users' addresses (fail closed)", "[checks][DIR001]") {
  const Snapshot s = dirSnapshot({dirUser("anna", {{"mail", "a@example.com"}})}, false);
  const CheckList checks = makeAllChecks();
  const Check* c = findCheck(checks, "DIR001");
  REQUIRE(c);
  CHECK_FALSE(c->whyNotRunnable(s).empty());
  CHECK(c->whyNotRunnable(dirSnapshot({})).empty());
}

TEST_CASE("DIR001: one pass with hashing, not pairwise: 200,000 users with 6 values each",
          "[checks][DIR001][scale]") {
  Snapshot s;
  s.ad.keepOtherSmtp = true;
  const std::size_t n = 200000;
  s.ad.accounts.reserve(n);
  std::string all;
  for (std::size_t i = 0; i < n; ++i) {
    AdAccount a = test::user("u" + std::to_string(i));
    a.primarySmtp = "u" + std::to_string(i) + "@example.com";
    all = a.primarySmtp;
    for (int k = 0; k < 3; ++k)
      all += "\nu" + std::to_string(i) + "." + std::to_string(k) + "@example.net";
    a.otherSmtpHasMail = true;
    s.ad.otherSmtp.push_back(all);
    a.otherSmtp = static_cast<std::uint32_t>(s.ad.otherSmtp.size() - 1);
    classify(a);
    s.ad.accounts.push_back(std::move(a));
  }
  s.ad.accounts[n - 1].userPrincipalName = "U7.2@example.net"; // the one collision
  s.source(SourceKind::Ad).status = SourceStatus::Complete;
  const auto start = std::chrono::steady_clock::now();
  const FindingList f = runDIR001(s);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(f.size() == 2);
  CHECK(f[0].subject.dn.starts_with("CN=u7,"));
  CHECK(seconds < 10); // pairwise would be 2 * 10^11 comparisons
}
