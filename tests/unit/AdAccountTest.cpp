#include "scanner/model/AdAccount.h"

#include "TestSupport.h"
#include "scanner/model/Guid.h"

#include <catch2/catch.hpp>

using namespace migready;
using migready::test::user;

namespace {
const Guid kGuid = test::guidOf("3ab39606-c642-489b-84b6-58c038d3ef39");

MailboxKind kindOf(std::optional<std::int64_t> rtd, std::optional<std::int64_t> rrt, bool homeMdb,
                   bool guid) {
  AdAccount a = user("x");
  a.recipientTypeDetails = rtd;
  a.remoteRecipientType = rrt;
  a.homeMdb = homeMdb ? 1 : 0;
  if (guid) a.mailboxGuid = kGuid;
  return classifyMailbox(a);
}
} // namespace

TEST_CASE("mailbox kind follows the recipient type rules", "[model][classify]") {
  for (std::int64_t rtd : {1, 2, 4, 8, 16, 32})
    CHECK(kindOf(rtd, std::nullopt, true, true) == MailboxKind::OnPremMailbox);
  CHECK(kindOf(std::nullopt, std::nullopt, true, true) == MailboxKind::OnPremMailbox);
  for (std::int64_t rtd : {2147483648LL, 8589934592LL, 17179869184LL, 34359738368LL})
    CHECK(kindOf(rtd, 4, false, true) == MailboxKind::RemoteMailbox);
  CHECK(kindOf(std::nullopt, 1, false, true) == MailboxKind::RemoteMailbox);
  CHECK(kindOf(std::nullopt, 4, true, true) == MailboxKind::OnPremMailbox); // homeMDB wins
  CHECK(kindOf(128, std::nullopt, false, false) == MailboxKind::MailUser);
  CHECK(kindOf(128, std::nullopt, false, true) == MailboxKind::MailUser);
  CHECK(kindOf(std::nullopt, std::nullopt, false, true) == MailboxKind::LeftoverExchange);
  CHECK(kindOf(std::nullopt, 0, false, true) == MailboxKind::LeftoverExchange);
  CHECK(kindOf(64, std::nullopt, false, true) == MailboxKind::LeftoverExchange);    // unknown type
  CHECK(kindOf(1099511627776LL, std::nullopt, false, false) == MailboxKind::Other); // kept raw
  CHECK(kindOf(std::nullopt, std::nullopt, false, false) == MailboxKind::None);
  CHECK(kindOf(1, 4, false, true) == MailboxKind::OnPremMailbox); // half-moved: RTD decides
}

TEST_CASE("the default sync filter excludes what Azure AD Connect never syncs", "[model][filter]") {
  using E = DefaultFilterExclusion;
  auto reason = [](auto mutate) {
    AdAccount a = user("jdoe");
    mutate(a);
    return defaultFilterExclusion(a);
  };
  CHECK(reason([](AdAccount&) {}) == E::None);
  CHECK(reason([](AdAccount& a) { a.isCriticalSystemObject = true; }) == E::CriticalSystemObject);
  CHECK(reason([](AdAccount& a) { a.samAccountName.clear(); }) == E::NoSamAccountName);
  CHECK(reason([](AdAccount& a) { a.samAccountName = "AAD_4f2a9c1d7e30"; }) ==
        E::SyncServiceAccount);
  CHECK(reason([](AdAccount& a) { a.samAccountName = "MSOL_4f2a9c1d7e30"; }) ==
        E::SyncServiceAccount);
  CHECK(reason([](AdAccount& a) { a.samAccountName = "SUPPORT_388945a0"; }) == E::SupportAccount);
  CHECK(reason([](AdAccount& a) { a.mailNickname = "SystemMailbox{1f05a927-3be2}"; }) ==
        E::SystemMailbox);
  CHECK(reason([](AdAccount& a) { a.mailNickname = "CAS_{abc}"; }) == E::CasMailbox);
  CHECK(reason([](AdAccount& a) { a.samAccountName = "CAS_x}"; }) == E::CasMailbox);
  CHECK(reason([](AdAccount& a) { a.mailNickname = "CAS_nobrace"; }) == E::None);
  for (std::int64_t rtd : {4096, 8192, 16384, 4194304, 8388608, 16777216, 536870912})
    CHECK(reason([rtd](AdAccount& a) { a.recipientTypeDetails = rtd; }) ==
          E::ExcludedRecipientType);
  CHECK(reason([](AdAccount& a) { a.recipientTypeDetails = 1; }) == E::None);
  CHECK(reason([](AdAccount& a) { a.dn = "CN=Jane\\0ACNF:0b8c3f7e-2d41,OU=Staff,DC=x"; }) ==
        E::ReplicationConflict);
  CHECK(reason([](AdAccount& a) { a.dn = "CN=Jane\\0aCNF:0b8c3f7e-2d41,OU=Staff,DC=x"; }) ==
        E::ReplicationConflict);
  CHECK(reason([](AdAccount& a) { a.dn = std::string("CN=Jane\nCNF:0b8c,OU=Staff,DC=x"); }) ==
        E::ReplicationConflict);
  // Only the first RDN counts: a CNF container higher up does not exclude its children.
  CHECK(reason([](AdAccount& a) { a.dn = "CN=Jane,OU=Old\\0ACNF:1234,DC=x"; }) == E::None);
  // Prefixes are compared with the rule's case: when in doubt a user stays in scope.
  CHECK(reason([](AdAccount& a) { a.samAccountName = "msol_lower"; }) == E::None);
}
