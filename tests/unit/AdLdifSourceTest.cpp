#include "scanner/ad/ldif/AdLdifSource.h"

#include "TestSupport.h"

#include <catch2/catch.hpp>

using namespace migready;
using migready::test::TempPath;

namespace {
const char* kUsers =
    "\r\n"
    "dn: CN=Jane Doe,OU=Staff,DC=contoso,DC=com\r\n"
    "changetype: add\r\n"
    "objectClass: top\r\n"
    "objectClass: person\r\n"
    "objectClass: organizationalPerson\r\n"
    "objectClass: user\r\n"
    "distinguishedName: CN=Jane Doe,OU=Staff,DC=contoso,DC=com\r\n"
    "objectGUID:: BpazOkLGm0iEtljAONPvOQ==\r\n"
    "objectSid:: AQUAAAAAAAUVAAAAMvuhxgsd8Uf1yHJFVQQAAA==\r\n"
    "userAccountControl: 512\r\n"
    "sAMAccountName: jdoe\r\n"
    "userPrincipalName: jdoe@contoso.com\r\n"
    "mailNickname: jdoe\r\n"
    "proxyAddresses: smtp:jdoe@contoso.mail.onmicrosoft.com\r\n"
    "proxyAddresses: SMTP:jane.doe@contoso.com\r\n"
    "homeMDB: CN=DB01,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=\r\n"
    " Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,\r\n"
    " DC=contoso,DC=com\r\n"
    "MSEXCHMAILBOXGUID:: MsNKjF+XF0ete7pKTpaP/w==\r\n"
    "msExchRecipientTypeDetails: 1\r\n"
    "msExchRecipientDisplayType: 1073741824\r\n"
    "displayName:: SmFuZSBEb2Ug8J+Ygg==\r\n"
    "\r\n"
    "dn: CN=Remote Rita,OU=Hybrid,DC=contoso,DC=com\r\n"
    "changetype: add\r\n"
    "objectClass: user\r\n"
    "sAMAccountName: rrita\r\n"
    "mS-DS-ConsistencyGuid:: MsNKjF+XF0ete7pKTpaP/w==\r\n"
    "msExchMailboxGuid:: BpazOkLGm0iEtljAONPvOQ==\r\n"
    "msExchRecipientTypeDetails: 2147483648\r\n"
    "msExchRemoteRecipientType: 4\r\n"
    "isCriticalSystemObject: FALSE\r\n"
    "\r\n"
    "dn: CN=Zero,OU=Staff,DC=contoso,DC=com\r\n"
    "changetype: add\r\n"
    "objectClass: user\r\n"
    "sAMAccountName: zero\r\n"
    "msExchMailboxGuid:: AAAAAAAAAAAAAAAAAAAAAA==\r\n"
    "\r\n"
    "dn: CN=WS01,OU=Computers,DC=contoso,DC=com\r\n"
    "changetype: add\r\n"
    "objectClass: user\r\n"
    "objectClass: computer\r\n"
    "sAMAccountName: WS01$\r\n"
    "\r\n"
    "dn: CN=Partner,OU=Staff,DC=contoso,DC=com\r\n"
    "changetype: add\r\n"
    "objectClass: contact\r\n"
    "\r\n"
    "dn: OU=Staff,DC=contoso,DC=com\r\n"
    "changetype: add\r\n"
    "objectClass: organizationalUnit\r\n"
    "\r\n"
    "dn: CN=All,DC=contoso,DC=com\r\n"
    "changetype: add\r\n"
    "objectClass: group\r\n"
    "\r\n";
} // namespace

TEST_CASE("an ldifde export becomes AdAccounts", "[ad-ldif]") {
  TempPath file("users.ldf");
  file.write(kUsers);
  AdDirectory ad;
  const SourceState s = readAdLdif(file.str(), ad);
  REQUIRE(s.status == SourceStatus::Complete);
  CHECK(s.objects == 3);
  CHECK(s.errors.empty());
  CHECK(ad.skippedByClass ==
        std::map<std::string, std::uint64_t>{
            {"computer", 1}, {"contact", 1}, {"group", 1}, {"organizationalUnit", 1}});
  REQUIRE(ad.accounts.size() == 3);

  const AdAccount& jane = ad.accounts[0];
  CHECK(jane.line == 2);
  CHECK(jane.dn == "CN=Jane Doe,OU=Staff,DC=contoso,DC=com");
  CHECK(jane.objectGuid->toString() == "3ab39606-c642-489b-84b6-58c038d3ef39");
  CHECK(jane.mailboxGuid->toString() == "8c4ac332-975f-4717-ad7b-ba4a4e968fff");
  CHECK(ad.sidOf(jane) == "S-1-5-21-3332504370-1206983947-1165150453-1109");
  CHECK(jane.userAccountControl == 512u);
  CHECK(jane.samAccountName == "jdoe");
  CHECK(jane.userPrincipalName == "jdoe@contoso.com");
  CHECK(jane.mailNickname == "jdoe");
  CHECK(jane.primarySmtp == "jane.doe@contoso.com");
  CHECK(jane.proxyAddressCount == 2);
  CHECK(jane.displayName == "Jane Doe \xF0\x9F\x98\x82");
  CHECK(ad.homeMdbOf(jane) ==
        "CN=DB01,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative "
        "Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com");
  CHECK(jane.kind == MailboxKind::OnPremMailbox);
  CHECK(jane.passesDefaultFilter());

  const AdAccount& rita = ad.accounts[1];
  CHECK(rita.line == 25);
  CHECK(rita.consistencyGuid->toString() == "8c4ac332-975f-4717-ad7b-ba4a4e968fff");
  CHECK(rita.recipientTypeDetails == 2147483648LL);
  CHECK(rita.remoteRecipientType == 4);
  CHECK_FALSE(rita.isCriticalSystemObject);
  CHECK(rita.kind == MailboxKind::RemoteMailbox);

  CHECK_FALSE(ad.accounts[2].mailboxGuid); // all-zero GUID = no GUID
  CHECK(ad.accounts[2].kind == MailboxKind::None);
}

TEST_CASE("a wrong-length GUID makes the source partial with file and line, other users read",
          "[ad-ldif]") {
  TempPath file("bad.ldf");
  file.write(
      "dn: CN=A,DC=x\nobjectClass: user\nsAMAccountName: a\n"
      "msExchMailboxGuid:: BpazOkLGm0iEtljAONPv\n\n"
      "dn: CN=B,DC=x\nobjectClass: user\nsAMAccountName: b\nmsExchRecipientTypeDetails: x1\n\n"
      "dn: CN=C,DC=x\nobjectClass: user\nsAMAccountName: c\nobjectSid:: AQUA\n\n"
      "dn: CN=D,DC=x\nobjectClass: user\nsAMAccountName: d\n\n");
  AdDirectory ad;
  const SourceState s = readAdLdif(file.str(), ad);
  CHECK(s.status == SourceStatus::Partial);
  REQUIRE(s.errors.size() == 3);
  CHECK(s.errors[0] == file.str() + ":4: msExchMailboxGuid is 15 bytes; a GUID is 16");
  CHECK(s.errors[1] == file.str() + ":9: msExchRecipientTypeDetails is not an integer: \"x1\"");
  CHECK(s.errors[2] == file.str() + ":14: objectSid is not a valid SID (3 bytes)");
  CHECK_THAT(s.detail, Catch::StartsWith("3 error(s); 1 user(s) read from 4 entries"));
  REQUIRE(ad.accounts.size() == 1);
  CHECK(ad.accounts[0].samAccountName == "d");
}

TEST_CASE("missing, empty and garbage files fail the source", "[ad-ldif]") {
  AdDirectory ad;
  SourceState s = readAdLdif("/nonexistent/users.ldf", ad);
  CHECK(s.status == SourceStatus::Failed);
  CHECK_THAT(s.errors.at(0), Catch::Contains("/nonexistent/users.ldf: cannot open"));

  TempPath empty("empty.ldf");
  empty.write("\r\n\r\n");
  s = readAdLdif(empty.str(), ad);
  CHECK(s.status == SourceStatus::Failed);
  CHECK_THAT(s.detail, Catch::Contains("no LDIF entries"));

  TempPath garbage("garbage.ldf");
  std::string junk;
  for (int i = 0; i < 5000; ++i)
    junk += "%%%% not ldif " + std::to_string(i) + "\n\n";
  garbage.write(junk);
  s = readAdLdif(garbage.str(), ad);
  CHECK(s.status == SourceStatus::Failed);
  REQUIRE(s.errors.size() == 21); // the first 20 are kept, then why reading stopped
  CHECK_THAT(s.errors.back(), Catch::Contains("stopped after 1000 errors"));
  CHECK_THAT(s.detail, Catch::StartsWith("1001 error(s)"));
}

TEST_CASE("entries without objectClass are taken as users, computer accounts are not",
          "[ad-ldif]") {
  TempPath file("noclass.ldf");
  file.write("dn: CN=A,DC=x\nsAMAccountName: a\n\ndn: CN=PC,DC=x\nsAMAccountName: PC$\n\n");
  AdDirectory ad;
  const SourceState s = readAdLdif(file.str(), ad);
  CHECK(s.status == SourceStatus::Complete);
  REQUIRE(ad.accounts.size() == 1);
  CHECK(ad.accounts[0].samAccountName == "a");
  CHECK_THAT(s.detail, Catch::Contains("1 entries without objectClass taken as users"));
}

TEST_CASE("the sample tenant's export reads completely", "[ad-ldif][samples]") {
  AdDirectory ad;
  const SourceState s = readAdLdif(MIGREADY_FIXTURES "/../../samples/contoso/ad-users.ldf", ad);
  CHECK(s.status == SourceStatus::Complete);
  CHECK(s.objects > 250);
  CHECK(ad.skippedByClass.at("computer") == 5);
}

TEST_CASE("a large file read as two halves gives what one pass gives", "[ad-ldif][split]") {
  // Entries with folded lines, CRLF and a broken entry in the second half.
  std::string text = "\r\n";
  for (int i = 0; i < 400; ++i) {
    text += "dn: CN=User " + std::to_string(i) + ",OU=Staff,DC=contoso,DC=com\r\n";
    text +=
        "changetype: add\r\nobjectClass: user\r\nsAMAccountName: u" + std::to_string(i) + "\r\n";
    text += "objectSid:: AQUAAAAAAAUVAAAAMvuhxgsd8Uf1yHJFVQQAAA==\r\n";
    text += "homeMDB: CN=DB0" + std::to_string(i % 3) +
            ",CN=Databases,CN=Exchange Administrative Group,CN=\r\n";
    text += " Configuration,DC=contoso,DC=com\r\n";
    if (i == 300) text += "msExchMailboxGuid:: AAEC\r\n";
    text += "\r\n";
  }
  TempPath file("split.ldf");
  file.write(text);
  AdDirectory whole, halves;
  const SourceState a = readAdLdif(file.str(), whole);
  const SourceState b = readAdLdif(file.str(), halves, 1);
  CHECK(a.status == SourceStatus::Partial);
  CHECK(b.status == a.status);
  CHECK(b.errors == a.errors);
  CHECK(b.detail == a.detail);
  CHECK_THAT(b.errors.at(0), Catch::Contains(":" + std::to_string(2 + 300 * 8 + 7) +
                                             ": msExchMailboxGuid is 3 bytes"));
  REQUIRE(halves.accounts.size() == whole.accounts.size());
  REQUIRE(whole.accounts.size() == 399);
  for (std::size_t i = 0; i < whole.accounts.size(); ++i) {
    CHECK(halves.accounts[i].dn == whole.accounts[i].dn);
    CHECK(halves.accounts[i].line == whole.accounts[i].line);
    CHECK(halves.homeMdbOf(halves.accounts[i]) == whole.homeMdbOf(whole.accounts[i]));
    CHECK(halves.sidOf(halves.accounts[i]) == whole.sidOf(whole.accounts[i]));
  }
  CHECK(halves.homeMdbs.size() == 4);
}

TEST_CASE("ldapsearch exports: references counted, a non-zero result or more pages is partial",
          "[ad-ldif][ldapsearch]") {
  const std::string entry = "# Jane, Staff\ndn: CN=Jane,OU=Staff,DC=x\nobjectClass: user\n"
                            "sAMAccountName: jane\n\n";
  const std::string ref =
      "# search reference\nref: ldap://DomainDnsZones.x/DC=DomainDnsZones,DC=x\n\n";
  auto read = [](const std::string& text) {
    TempPath file("ls.ldif");
    file.write(text);
    AdDirectory ad;
    SourceState s = readAdLdif(file.str(), ad);
    INFO(s.detail);
    return s;
  };
  SourceState s = read(entry + ref + "# search result\nsearch: 2\nresult: 0 Success\n\n");
  CHECK(s.status == SourceStatus::Complete);
  CHECK_THAT(s.detail, Catch::Contains("1 search reference(s) (other partitions) not followed"));
  s = read(entry + "# search result\nsearch: 2\nresult: 4 Size limit exceeded\n\n");
  CHECK(s.status == SourceStatus::Partial);
  CHECK_THAT(s.detail, Catch::Contains(":7: the search ended with \"result: 4 Size limit "
                                       "exceeded\""));
  // Paged: a page with a cookie, then the last page without: complete.
  const std::string more = "search: 2\nresult: 0 Success\n"
                           "control: 1.2.840.113556.1.4.319 false MA0CAQAECD8AAAAAAAAA\n\n";
  const std::string done = "search: 2\nresult: 0 Success\n"
                           "control: 1.2.840.113556.1.4.319 false MAUCAQAEAA==\n\n";
  CHECK(read(entry + more + entry.substr(0, 0) +
             "dn: CN=B,DC=x\nobjectClass: user\n"
             "sAMAccountName: b\n\n" +
             done)
            .status == SourceStatus::Complete);
  s = read(entry + more);
  CHECK(s.status == SourceStatus::Partial);
  CHECK_THAT(s.detail, Catch::Contains("still offered more pages"));
  // -LLL: no comments, no trailer, LF, one long line each.
  s = read("dn: CN=A,DC=x\nobjectClass: user\nsAMAccountName: a\ndescription: " +
           std::string(5000, 'y') + "\n");
  CHECK(s.status == SourceStatus::Complete);
  CHECK(s.objects == 1);
}

TEST_CASE("the same DN twice: identical copies merge, differing ones are partial",
          "[ad-ldif][duplicates]") {
  const std::string a = "dn: CN=A,OU=Staff,DC=x\nobjectClass: user\nsAMAccountName: a\n"
                        "objectGUID:: BpazOkLGm0iEtljAONPvOQ==\n\n";
  TempPath one("one.ldf"), two("two.ldf");
  one.write(a + "dn: CN=B,DC=x\nobjectClass: user\nsAMAccountName: b\n\n" + a);
  AdDirectory ad;
  SourceState s = readAdLdif(one.str(), ad);
  CHECK(s.status == SourceStatus::Complete);
  CHECK(ad.accounts.size() == 2);
  CHECK(s.objects == 2);
  CHECK_THAT(s.detail, Catch::Contains("1 entries read twice with the same values counted once"));
  // Across files, in another case and spacing, with a different value.
  two.write(
      "dn: cn=a, ou=staff, dc=x\nobjectClass: user\nsAMAccountName: a\n"
      "objectGUID:: BpazOkLGm0iEtljAONPvOQ==\nmsExchMailboxGuid:: MsNKjF+XF0ete7pKTpaP/w==\n\n");
  AdDirectory both;
  s = readAdLdif(std::vector<std::string>{one.str(), two.str()}, both);
  CHECK(s.status == SourceStatus::Partial);
  CHECK_THAT(s.detail, Catch::Contains("CN=A,OU=Staff,DC=x was read twice with different values (" +
                                       one.str() + ":1 and " + two.str() + ":1)"));
  CHECK(both.accounts.size() == 3); // both copies of the contradiction are kept
  // One objectGUID on two different DNs.
  two.write("dn: CN=Other,DC=x\nobjectClass: user\nsAMAccountName: o\n"
            "objectGUID:: BpazOkLGm0iEtljAONPvOQ==\n\n");
  AdDirectory guid;
  s = readAdLdif(std::vector<std::string>{one.str(), two.str()}, guid);
  CHECK(s.status == SourceStatus::Partial);
  CHECK_THAT(s.detail, Catch::Contains("objectGUID 3ab39606-c642-489b-84b6-58c038d3ef39 is on two "
                                       "entries"));
}

TEST_CASE("several exports (one per domain) read as one directory, each account with its file",
          "[ad-ldif][files]") {
  TempPath corp("corp.ldf"), emea("emea.ldf");
  corp.write("dn: CN=A,DC=corp,DC=x\nobjectClass: user\nsAMAccountName: a\n"
             "homeMDB: CN=DB1,CN=Databases\n\n");
  emea.write(
      "\ndn: CN=B,DC=emea,DC=corp,DC=x\nobjectClass: user\nsAMAccountName: b\n"
      "homeMDB: CN=DB1,CN=Databases\n\ndn: OU=x,DC=emea\nobjectClass: organizationalUnit\n\n");
  AdDirectory ad;
  const SourceState s = readAdLdif(std::vector<std::string>{corp.str(), emea.str()}, ad);
  CHECK(s.status == SourceStatus::Complete);
  REQUIRE(ad.accounts.size() == 2);
  CHECK(ad.locationOf(ad.accounts[0]) == corp.str() + ":1");
  CHECK(ad.locationOf(ad.accounts[1]) == emea.str() + ":2");
  CHECK(ad.homeMdbOf(ad.accounts[1]) == "CN=DB1,CN=Databases");
  CHECK(ad.homeMdbs.size() == 2); // interned once across files
  CHECK(ad.skippedByClass.at("organizationalUnit") == 1);
  CHECK(s.origin == corp.str() + ", " + emea.str());
}

TEST_CASE("a folder given as the export file is named as such", "[ad-ldif][words]") {
  TempPath dir("folder");
  dir.write("x", "inside.txt");
  AdDirectory ad;
  const SourceState s = readAdLdif(dir.str(), ad);
  CHECK(s.status == SourceStatus::Failed);
  CHECK_THAT(s.errors.at(0), Catch::Contains("is a folder, not an LDIF file"));
}
