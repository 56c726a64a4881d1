// The parts of the live AD reader that need no server: forest discovery from crossRefs, URLs
// for other domains, range retrieval names, error wording, and the LDIF it saves. The server
// parts run against real slapd and Samba in tests/ldap/.
#include "scanner/ad/ldap/AdLdapSource.h"

#include "TestSupport.h"
#include "scanner/ad/AdEntryMapper.h"
#include "scanner/ad/ldap/LdapConnection.h"
#include "scanner/ad/ldif/AdLdifSource.h"
#include "scanner/ad/ldif/LdifWriter.h"
#include "scanner/model/Base64.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace migready;
using migready::test::TempPath;

TEST_CASE("forest discovery keeps the enabled domain crossRefs only", "[ldap]") {
  const std::vector<CrossRef> refs = {
      {"DC=corp,DC=example,DC=com", "corp.example.com", 3, true},
      {"CN=Configuration,DC=corp,DC=example,DC=com", "corp.example.com", 1, true},
      {"CN=Schema,CN=Configuration,DC=corp,DC=example,DC=com", "corp.example.com", 1, true},
      {"DC=DomainDnsZones,DC=corp,DC=example,DC=com", "DomainDnsZones.corp.example.com", 5, true},
      {"DC=emea,DC=corp,DC=example,DC=com", "emea.corp.example.com", 3, true},
      {"DC=new,DC=corp,DC=example,DC=com", "new.corp.example.com", 3, false}, // being created
      {"DC=other,DC=com", "other.com", 2, true}, // a crossRef to an external domain: not an NC
  };
  const auto domains = domainsOf(refs);
  REQUIRE(domains.size() == 2);
  CHECK(domains[0].namingContext == "DC=corp,DC=example,DC=com");
  CHECK(domains[1].namingContext == "DC=emea,DC=corp,DC=example,DC=com");
  CHECK(domains[1].dnsRoot == "emea.corp.example.com");
}

TEST_CASE("another domain is reached on the first server's scheme and port", "[ldap]") {
  CHECK(urlForHost("ldaps://dc1.corp.example.com:636", "emea.corp.example.com") ==
        "ldaps://emea.corp.example.com:636");
  CHECK(urlForHost("ldap://dc1.corp.example.com", "emea.corp.example.com") ==
        "ldap://emea.corp.example.com");
  CHECK(urlForHost("ldaps://[::1]:3269/", "emea.example.com") == "ldaps://emea.example.com:3269");
}

TEST_CASE("ranged attribute names say where the next read starts", "[ldap]") {
  CHECK(nextRangeStart("proxyAddresses;range=0-1499") == 1500u);
  CHECK(nextRangeStart("member;range=1500-2999") == 3000u);
  CHECK_FALSE(nextRangeStart("proxyAddresses;range=3000-*").has_value());
  CHECK_FALSE(nextRangeStart("proxyAddresses").has_value());
  CHECK_FALSE(nextRangeStart("proxyAddresses;range=junk").has_value());
}

TEST_CASE("LDAP result codes are explained for the person running the scan", "[ldap]") {
  const std::string wrong =
      describeLdapResult(49, "80090308: LdapErr: DSID-0C090439, comment: AcceptSecurityContext "
                             "error, data 775, v4563");
  CHECK_THAT(wrong, Catch::Contains("invalid credentials") &&
                        Catch::Contains("the account is locked out") &&
                        Catch::Contains("[LDAP result 49]") && Catch::Contains("data 775"));
  CHECK_THAT(describeLdapResult(8, ""), Catch::Contains("--starttls"));
  CHECK_THAT(describeLdapResult(13, ""), Catch::Contains("ldaps://"));
  CHECK_THAT(describeLdapResult(4, ""), Catch::Contains("incomplete"));
  CHECK_THAT(describeLdapResult(11, ""), Catch::Contains("--ldap-page-size"));
  CHECK_THAT(describeLdapResult(12, ""), Catch::Contains("1.2.840.113556.1.4.319"));
  CHECK_THAT(describeLdapResult(32, ""), Catch::Contains("--ldap-base"));
  CHECK_THAT(describeLdapResult(-1, ""), Catch::Contains("cannot reach"));
}

TEST_CASE("the saved LDIF reads back to the same accounts", "[ldap]") {
  // What a live search hands over: raw bytes for GUIDs and SIDs, UTF-8 text, a long DN.
  const std::string guid("\x06\x96\xb3\x3a\x42\xc6\x9b\x48\x84\xb6\x58\xc0\x38\xd3\xef\x39", 16);
  const std::string mailboxGuid("\x32\xc3\x4a\x8c\x5f\x97\x17\x47\xad\x7b\xba\x4a\x4e\x96\x8f\xff",
                                16);
  const std::string sid = *base64Decode("AQUAAAAAAAUVAAAAMvuhxgsd8Uf1yHJFVQQAAA==");
  const std::string dn = "CN=Jürgen Weiß,OU=A very long organizational unit name that folds,"
                         "OU=Staff,DC=corp,DC=example,DC=com";
  const std::string homeMdb = "CN=DB01,CN=Databases,CN=Exchange Administrative Group "
                              "(FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft "
                              "Exchange,CN=Services,CN=Configuration,DC=corp,DC=example,DC=com";
  DirectoryEntry record;
  record.dn = dn;
  auto add = [&](std::string_view name, std::string_view value) {
    record.attributes.push_back({name, value, true, 0});
  };
  add("objectClass", "top");
  add("objectClass", "user");
  add("objectGUID", guid);
  add("objectSid", sid);
  add("sAMAccountName", "jweiss");
  add("userPrincipalName", "jweiss@example.com");
  add("displayName", "Jürgen Weiß");
  add("proxyAddresses", "SMTP:juergen.weiss@example.com");
  add("proxyAddresses", " leading space");
  add("msExchMailboxGuid", mailboxGuid);
  add("msExchRecipientTypeDetails", "1");
  add("homeMDB", homeMdb);
  add("userAccountControl", "512");

  TempPath file("saved.ldf");
  {
    LdifWriter writer(file.str(), "migready live read of ldaps://dc1:636\nsecond line");
    writer.write(record, [](std::string_view name) {
      return name == "objectGUID" || name == "objectSid" || name == "msExchMailboxGuid";
    });
    writer.close();
  }
  std::ifstream in(file.str(), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string saved = text.str();
  CHECK(saved.starts_with("# migready live read of ldaps://dc1:636\r\n# second line\r\n\r\ndn:: "));
  CHECK_THAT(saved, Catch::Contains("\r\nchangetype: add\r\n"));
  CHECK_THAT(saved, Catch::Contains("\r\nobjectGUID:: BpazOkLGm0iEtljAONPvOQ==\r\n"));
  CHECK_THAT(saved, Catch::Contains("\r\nproxyAddresses:: IGxlYWRpbmcgc3BhY2U=\r\n"));
  for (std::size_t at = 0, end; (end = saved.find("\r\n", at)) != std::string::npos; at = end + 2)
    CHECK(end - at <= 78); // folded like ldifde

  // The live mapping and the LDIF reader give the same account.
  AdDirectory live;
  AdEntryMapper(live, "ldaps://dc1:636").map(record);
  AdDirectory offline;
  const SourceState state = readAdLdif(file.str(), offline);
  INFO(state.detail);
  REQUIRE(state.status == SourceStatus::Complete);
  REQUIRE(live.accounts.size() == 1);
  REQUIRE(offline.accounts.size() == 1);
  const AdAccount& a = live.accounts[0];
  const AdAccount& b = offline.accounts[0];
  CHECK(a.dn == dn);
  CHECK(b.dn == dn);
  CHECK(a.objectGuid == b.objectGuid);
  CHECK(b.objectGuid->toString() == "3ab39606-c642-489b-84b6-58c038d3ef39");
  CHECK(a.mailboxGuid == b.mailboxGuid);
  CHECK(live.sidOf(a) == offline.sidOf(b));
  CHECK(a.displayName == b.displayName);
  CHECK(a.primarySmtp == "juergen.weiss@example.com");
  CHECK(b.primarySmtp == a.primarySmtp);
  CHECK(a.proxyAddressCount == 2);
  CHECK(b.proxyAddressCount == 2);
  CHECK(live.homeMdbOf(a) == offline.homeMdbOf(b));
  CHECK(a.kind == MailboxKind::OnPremMailbox);
  CHECK(b.kind == a.kind);
  CHECK(a.line == 0); // live: evidence points at the DN
  CHECK(b.line > 0);
}

TEST_CASE("a value the mapper cannot read names the DN for a live entry", "[ldap]") {
  DirectoryEntry record;
  record.dn = "CN=Broken,DC=corp,DC=example,DC=com";
  record.attributes.push_back({"objectClass", "user", true, 0});
  record.attributes.push_back({"objectGUID", "short", true, 0});
  AdDirectory out;
  AdEntryMapper mapper(out, "ldaps://dc1:636");
  try {
    mapper.map(record);
    FAIL("no error");
  } catch (const AdEntryError& e) {
    CHECK_THAT(e.message(), Catch::Contains("objectGUID is 5 bytes"));
  }
  CHECK(out.accounts.empty());
}

TEST_CASE("the live reader asks for exactly the attributes the checks read", "[ldap]") {
  const auto names = adUserAttributes();
  CHECK(names.size() == 20);
  // The directory readiness checks (DIR002) judge these two as well.
  CHECK(std::find(names.begin(), names.end(), "givenName") != names.end());
  CHECK(std::find(names.begin(), names.end(), "sn") != names.end());
  // Cloud Sync's scoping filters read these two (the default exclusions, the group filter).
  CHECK(std::find(names.begin(), names.end(), "adminDescription") != names.end());
  CHECK(std::find(names.begin(), names.end(), "memberOf") != names.end());
  CHECK(std::find(names.begin(), names.end(), "mail") !=
        names.end()); // wave files name users by it
  CHECK(std::find(names.begin(), names.end(), "msExchMailboxGuid") != names.end());
  CHECK(std::find(names.begin(), names.end(), "mS-DS-ConsistencyGuid") != names.end());
  CHECK(canonicalAttributeName("PROXYADDRESSES;range=0-1499") == "proxyAddresses");
  CHECK(canonicalAttributeName("description;lang-de") == "description");
}

TEST_CASE("a live read that cannot connect fails the source, never throws", "[ldap]") {
  AdLdapOptions options;
  options.urls = {"ldaps://127.0.0.1:1"}; // nothing listens on port 1
  options.base = "DC=corp,DC=example,DC=com";
  options.bindDn = "svc@example.com";
  options.password = "secret";
  options.timeouts.connect = std::chrono::seconds(2);
  AdDirectory out;
  const SourceState state = readAdLdap(options, out);
  CHECK(state.status == SourceStatus::Failed);
  REQUIRE_FALSE(state.errors.empty());
  CHECK_THAT(state.errors.front(), Catch::Contains("ldaps://127.0.0.1:1: connect: cannot reach"));
  CHECK_THAT(state.detail, !Catch::Contains("secret"));
  CHECK(out.live);
}
