#include "scanner/model/Base64.h"
#include "scanner/model/Dn.h"
#include "scanner/model/Guid.h"
#include "scanner/model/Text.h"
#include "scanner/model/Time.h"

#include <catch2/catch.hpp>

using namespace migready;

TEST_CASE("GUIDs use the mixed-endian wire layout of MS-DTYP 2.3.4.2", "[encoding]") {
  // Real objectGUID / onPremisesImmutableId pairs (text form and the base64 Entra ID stores).
  struct Vector {
    const char* text;
    const char* base64;
  };
  const Vector vectors[] = {{"3ab39606-c642-489b-84b6-58c038d3ef39", "BpazOkLGm0iEtljAONPvOQ=="},
                            {"8c4ac332-975f-4717-ad7b-ba4a4e968fff", "MsNKjF+XF0ete7pKTpaP/w=="},
                            {"6701fa1a-fb0f-45a8-9356-d302b2affbb1", "GvoBZw/7qEWTVtMCsq/7sQ=="}};
  for (const auto& v : vectors) {
    const auto g = Guid::parse(v.text);
    REQUIRE(g);
    CHECK(g->toBase64() == v.base64);
    CHECK(g->toString() == v.text);
    const auto raw = base64Decode(v.base64);
    REQUIRE(raw);
    CHECK(Guid::fromBytes(*raw)->toString() == v.text);
  }
  CHECK(Guid::parse("{3AB39606-C642-489B-84B6-58C038D3EF39}")->toString() ==
        "3ab39606-c642-489b-84b6-58c038d3ef39");
  CHECK_FALSE(Guid::parse("3ab39606-c642-489b-84b6-58c038d3ef3"));
  CHECK_FALSE(Guid::parse("3ab39606xc642-489b-84b6-58c038d3ef39"));
  CHECK_FALSE(Guid::fromBytes(std::string(15, 'x')));
  CHECK_FALSE(Guid::fromBytes(std::string(17, 'x')));
  CHECK(Guid::fromBytes(std::string(16, '\0'))->isZero());
}

TEST_CASE("binary SIDs become S-1-5-... text", "[encoding]") {
  const auto raw = base64Decode("AQUAAAAAAAUVAAAAMvuhxgsd8Uf1yHJFVQQAAA==");
  REQUIRE(raw);
  CHECK(sidToString(*raw) == "S-1-5-21-3332504370-1206983947-1165150453-1109");
  CHECK_FALSE(sidToString(raw->substr(0, raw->size() - 1))); // truncated sub-authority
  CHECK_FALSE(sidToString("\x02\x01\x00\x00\x00\x00\x00\x05\x15\x00\x00\x00"));
  CHECK(sidToString(std::string("\x01\x00\x00\x00\x00\x00\x00\x05", 8)) == "S-1-5");
}

TEST_CASE("base64 decoding is strict", "[encoding]") {
  CHECK(base64Decode("") == "");
  CHECK(base64Decode("TWFu") == "Man");
  CHECK(base64Decode("TWE=") == "Ma");
  CHECK(base64Decode("TQ==") == "M");
  CHECK_FALSE(base64Decode("TQ="));
  CHECK_FALSE(base64Decode("T=Q="));
  CHECK_FALSE(base64Decode("TW!u"));
  CHECK_FALSE(base64Decode("TQ==TQ=="));
  CHECK(base64Encode("Man") == "TWFu");
  CHECK(base64Encode("Ma") == "TWE=");
  CHECK(base64Encode("M") == "TQ==");
}

TEST_CASE("64-bit recipient types parse as signed decimal", "[encoding]") {
  CHECK(parseInt64("34359738368") == 34359738368LL);
  CHECK(parseInt64("-2147483642") == -2147483642LL);
  CHECK(parseInt64("+1") == 1);
  CHECK_FALSE(parseInt64(""));
  CHECK_FALSE(parseInt64("12a"));
  CHECK_FALSE(parseInt64("99999999999999999999"));
}

TEST_CASE("ISO 8601 times", "[encoding]") {
  CHECK(parseIsoTime("1970-01-01T00:00:00Z") == 0);
  CHECK(parseIsoTime("2026-11-26T09:00:00Z") == 1795683600);
  CHECK(parseIsoTime("2026-11-26T10:00:00+01:00") == 1795683600);
  CHECK(parseIsoTime("2026-11-26T09:00:00.1234567Z") == 1795683600);
  CHECK_FALSE(parseIsoTime("2026-11-26T09:00:00"));
  CHECK_FALSE(parseIsoTime("2026-13-26T09:00:00Z"));
  CHECK_FALSE(parseIsoTime("yesterday"));
  CHECK(formatIsoTime(1795683600) == "2026-11-26T09:00:00Z");
  CHECK(formatIsoTime(0) == "1970-01-01T00:00:00Z");
}

TEST_CASE("DNs are checked against RFC 4514 before anything is read from them", "[encoding]") {
  CHECK(isValidDn("CN=Anna Berg,OU=Staff,DC=contoso,DC=com"));
  CHECK(isValidDn("CN=Berg\\, Anna,OU=Staff,DC=contoso,DC=com"));
  CHECK(isValidDn("CN=a+UID=b,DC=x"));
  CHECK(isValidDn("1.2.840.113556.1.4.1=x,DC=y"));
  CHECK(isValidDn("CN=#hex\\23,DC=y"));
  CHECK(isValidDn("CN=J\xC3\xBCrgen,DC=x"));
  CHECK_FALSE(isValidDn(""));
  CHECK_FALSE(isValidDn("this is not a DN"));
  CHECK_FALSE(isValidDn("CN=a,,DC=x"));
  CHECK_FALSE(isValidDn("CN=a,DC=x,"));
  CHECK_FALSE(isValidDn("=a,DC=x"));
  CHECK_FALSE(isValidDn("CN=a\\")); // an escape with nothing after it
  CHECK_FALSE(isValidDn("C N=a,DC=x"));
}
