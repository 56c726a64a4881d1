#include "scanner/ad/ldif/LdifReader.h"

#include "TestSupport.h"
#include "scanner/io/SourceError.h"

#include <catch2/catch.hpp>

using namespace migready;
using migready::test::TempPath;

namespace {
struct Attr {
  std::string name, value;
  bool base64;
  std::uint32_t line;
};
struct Rec {
  std::uint32_t line;
  std::string dn;
  std::vector<Attr> attrs;
};

std::vector<Rec> readAll(const std::string& content, std::vector<std::string>* errors = nullptr) {
  TempPath file("in.ldf");
  file.write(content);
  LdifReader reader(file.str());
  std::vector<Rec> out;
  LdifRecord r;
  for (;;) {
    try {
      if (!reader.next(r)) break;
    } catch (const LdifRecordError& e) {
      if (!errors) throw;
      errors->push_back(e.what());
      continue;
    }
    Rec rec{r.line, std::string(r.dn), {}};
    for (const auto& a : r.attributes)
      rec.attrs.push_back({std::string(a.name), std::string(a.value), a.rawBytes, a.line});
    out.push_back(rec);
  }
  return out;
}

std::string utf16le(std::string_view ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}
} // namespace

TEST_CASE("ldifde's layout: leading blank line, CRLF, changetype, folding, base64", "[ldif]") {
  const std::string text =
      "\r\n"
      "dn: CN=Jane Doe,OU=Staff,DC=contoso,DC=c\r\n"
      " om\r\n"
      "changetype: add\r\n"
      "objectClass: user\r\n"
      "objectGUID:: BpazOkLGm0iEtljAONPvOQ==\r\n"
      "homeMDB: CN=DB01,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=\r\n"
      " Administrative Groups,CN=Contoso\r\n"
      "displayName:: SsO8cmdlbiBXZWnDnw==\r\n"
      "\r\n"
      "dn: CN=Next,DC=contoso,DC=com\r\n"
      "changetype: add\r\n"
      "\r\n";
  const auto recs = readAll(text);
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].line == 2);
  CHECK(recs[0].dn == "CN=Jane Doe,OU=Staff,DC=contoso,DC=com");
  REQUIRE(recs[0].attrs.size() == 4); // changetype is not an attribute
  CHECK(recs[0].attrs[1].base64);
  CHECK(recs[0].attrs[1].value.size() == 16);
  CHECK(recs[0].attrs[2].value ==
        "CN=DB01,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative "
        "Groups,CN=Contoso");
  CHECK(recs[0].attrs[2].line == 7);
  CHECK(recs[0].attrs[3].value == "J\xC3\xBCrgen Wei\xC3\x9F");
  CHECK(recs[1].line == 11);
  CHECK(recs[1].attrs.empty());
}

TEST_CASE("LF files, comments, a version line and folded base64", "[ldif]") {
  const std::string text = "version: 1\n"
                           "# exported by hand\n"
                           "#  folded comment\n"
                           " continues the comment\n"
                           "dn: CN=A,DC=x\n"
                           "objectGUID:: BpazOkLG\n"
                           " m0iEtljAONPvOQ==\n"
                           "cn:   padded\n"
                           "\n\n\n";
  const auto recs = readAll(text);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].dn == "CN=A,DC=x");
  CHECK(recs[0].attrs[0].value.size() == 16);
  CHECK(recs[0].attrs[1].value == "padded");
}

TEST_CASE("UTF-16LE (ldifde -u) and UTF-8 with BOM are read", "[ldif]") {
  auto recs = readAll(utf16le("\r\ndn: CN=U16,DC=x\r\nchangetype: add\r\ncn: U16\r\n\r\n"));
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].dn == "CN=U16,DC=x");
  // A non-ASCII character in UTF-16 (U+00FC) and a surrogate pair (U+1F600).
  std::string u16 = "\xFF\xFE";
  for (char c : std::string("dn: CN="))
    u16 += std::string{c, '\0'};
  u16 += std::string("\xFC\x00", 2);
  u16 += std::string("\x3D\xD8\x00\xDE", 4);
  for (char c : std::string(",DC=x\ncn: u\n\n"))
    u16 += std::string{c, '\0'};
  recs = readAll(u16);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].dn == "CN=\xC3\xBC\xF0\x9F\x98\x80,DC=x");

  recs = readAll("\xEF\xBB\xBF"
                 "dn: CN=B,DC=x\ncn: B\n\n");
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].dn == "CN=B,DC=x");
}

TEST_CASE("malformed records are reported with file and line, and reading goes on", "[ldif]") {
  std::vector<std::string> errors;
  const auto recs = readAll("dn: CN=A,DC=x\n"
                            "photo:< file:///etc/passwd\n"
                            "\n"
                            "dn: CN=B,DC=x\n"
                            "objectGUID:: not*base64\n"
                            "\n"
                            "cn: no dn first\n"
                            "\n"
                            "dn: CN=C,DC=x\n"
                            "changetype: modify\n"
                            "\n"
                            "dn: CN=D,DC=x\n"
                            "garbage line without colon\n"
                            "\n"
                            "dn: CN=E,DC=x\n"
                            "dn: CN=F,DC=x\n"
                            "\n"
                            "dn: CN=OK,DC=x\n"
                            "cn: OK\n"
                            "\n",
                            &errors);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].dn == "CN=OK,DC=x");
  REQUIRE(errors.size() == 6);
  CHECK_THAT(errors[0], Catch::Contains(":2: attribute photo: URL values"));
  CHECK_THAT(errors[1], Catch::Contains(":5: attribute objectGUID: malformed base64"));
  CHECK_THAT(errors[2], Catch::Contains(":7: a record must start with \"dn:\""));
  CHECK_THAT(errors[3], Catch::Contains(":10: changetype: modify is a change request"));
  CHECK_THAT(errors[4], Catch::Contains(":13: expected \"attribute: value\""));
  CHECK_THAT(errors[5], Catch::Contains(":16: second \"dn:\""));
}

TEST_CASE("a continuation line with nothing before it is an error", "[ldif]") {
  std::vector<std::string> errors;
  const auto recs = readAll(" orphan\nstill orphan record\n\ndn: CN=A,DC=x\ncn: A\n\n", &errors);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Catch::Contains(":1: continuation line"));
  REQUIRE(recs.size() == 1);
}

TEST_CASE("binary garbage is refused as a whole", "[ldif]") {
  TempPath file("bin.ldf");
  file.write(std::string("dn: CN=A\0\x01\x02,DC=x\n", 17));
  LdifReader reader(file.str());
  LdifRecord r;
  CHECK_THROWS_WITH(reader.next(r), Catch::Contains(":1: NUL byte"));
}

TEST_CASE("a missing file is a SourceError naming it", "[ldif]") {
  CHECK_THROWS_WITH(LdifReader("/nonexistent/users.ldf"),
                    Catch::Contains("/nonexistent/users.ldf: cannot open"));
}

TEST_CASE("lines longer than the read buffer are joined correctly", "[ldif]") {
  const std::string big(3 << 20, 'x'); // 3 MiB value, spans several 1 MiB reads
  const auto recs = readAll("dn: CN=A,DC=x\ndescription: " + big + "\ncn: A\n\n");
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].attrs[0].value == big);
  CHECK(recs[0].attrs[1].line == 3);
}

TEST_CASE("a last record without a closing blank line is complete (RFC 2849); one cut inside a "
          "line is an error",
          "[ldif]") {
  std::vector<std::string> errors;
  auto recs = readAll("dn: CN=A,DC=x\ncn: A\n\ndn: CN=B,DC=x\nobjectCl", &errors);
  REQUIRE(recs.size() == 1);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Catch::Contains(":5: expected \"attribute: value\""));
  errors.clear();
  recs = readAll("dn: CN=A,DC=x\r\ncn: A\r\n", &errors); // no closing blank line
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].attrs.size() == 1);
  CHECK(errors.empty());
}

TEST_CASE("ldapsearch output: comments, references and result trailers are their own records",
          "[ldif][ldapsearch]") {
  // As `ldapsearch -E pr=1000/noprompt` writes it against AD: LF, unfolded long lines, a
  // header comment per page, references to other partitions, a result per page.
  const std::string text =
      "# extended LDIF\n#\n# LDAPv3\n# base <DC=contoso,DC=com> with scope subtree\n"
      "# filter: (&(objectCategory=person)(objectClass=user))\n# with pagedResults control: "
      "size=1000\n#\n\n"
      "# Jane Doe, Staff, contoso.com\n"
      "dn: CN=Jane Doe,OU=Staff,DC=contoso,DC=com\n"
      "objectGUID:: BpazOkLGm0iEtljAONPvOQ==\n"
      "description: " +
      std::string(300, 'x') +
      "\n\n"
      "# search reference\n"
      "ref: ldap://ForestDnsZones.contoso.com/DC=ForestDnsZones,DC=contoso,DC=com\n\n"
      "# search reference\n"
      "ref: ldap://DomainDnsZones.contoso.com/DC=DomainDnsZones,DC=contoso,DC=com\n\n"
      "# search result\nsearch: 2\nresult: 0 Success\n"
      "control: 1.2.840.113556.1.4.319 false MAUCAQAEAA==\n\n"
      "# numResponses: 4\n# numEntries: 1\n";
  TempPath file("ls.ldif");
  file.write(text);
  LdifReader reader(file.str());
  LdifRecord r;
  REQUIRE(reader.next(r));
  CHECK(r.kind == LdifRecord::Kind::Entry);
  CHECK(r.dn == "CN=Jane Doe,OU=Staff,DC=contoso,DC=com");
  CHECK(r.attributes.at(1).value.size() == 300);
  REQUIRE(reader.next(r));
  CHECK(r.kind == LdifRecord::Kind::Reference);
  CHECK(r.attributes.at(0).value ==
        "ldap://ForestDnsZones.contoso.com/DC=ForestDnsZones,DC=contoso,DC=com");
  REQUIRE(reader.next(r));
  CHECK(r.kind == LdifRecord::Kind::Reference);
  REQUIRE(reader.next(r));
  CHECK(r.kind == LdifRecord::Kind::SearchResult);
  REQUIRE(r.attributes.size() == 3); // search, result, control
  CHECK(r.attributes[1].name == "result");
  CHECK(r.attributes[1].value == "0 Success");
  CHECK_FALSE(reader.next(r));
}

TEST_CASE("an attribute name outside RFC 4512 is an error at its line, never dropped",
          "[ldif][strict]") {
  CHECK(isValidAttributeDescription("msExchMailboxGuid"));
  CHECK(isValidAttributeDescription("mS-DS-ConsistencyGuid"));
  CHECK(isValidAttributeDescription("proxyAddresses;range=0-1499"));
  CHECK(isValidAttributeDescription("proxyAddresses;range=1500-*"));
  CHECK(isValidAttributeDescription("objectGUID;binary"));
  CHECK(isValidAttributeDescription("1.2.840.113556.1.4.7000.102.11058"));
  CHECK_FALSE(isValidAttributeDescription("msExchMailboxGuid "));
  CHECK_FALSE(isValidAttributeDescription(" msExchMailboxGuid"));
  CHECK_FALSE(isValidAttributeDescription("msExch_MailboxGuid"));
  CHECK_FALSE(isValidAttributeDescription("1msExch"));
  CHECK_FALSE(isValidAttributeDescription("1.2."));
  CHECK_FALSE(isValidAttributeDescription("name;"));
  CHECK_FALSE(isValidAttributeDescription("n\xc3\xa4me"));
  std::vector<std::string> errors;
  const auto recs = readAll("dn: CN=A,DC=x\nmsExchMailboxGuid ::BpazOkLGm0iEtljAONPvOQ==\n\n"
                            "dn: CN=B,DC=x\nsAMAccountName: b\n\n",
                            &errors);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0],
             Catch::Contains(":2: \"msExchMailboxGuid \" is not a valid attribute name"));
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].dn == "CN=B,DC=x");
}

TEST_CASE("the usual mistakes get clear words", "[ldif][words]") {
  std::vector<std::string> errors;
  readAll("{\"value\": []}\n", &errors);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Catch::Contains("this looks like JSON, not LDIF"));
  errors.clear();
  readAll("DN,objectClass,sAMAccountName\n\"CN=A,DC=x\",user,a\n", &errors);
  REQUIRE_FALSE(errors.empty());
  CHECK_THAT(errors[0], Catch::Contains("csvde export (CSV), not LDIF"));
}
