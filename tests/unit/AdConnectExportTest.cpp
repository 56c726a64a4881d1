#include "TestSupport.h"
#include "checks/support/SyncEvaluation.h"
#include "scanner/adconnect/AdConnectExportSource.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>

using namespace migready;
using migready::test::TempPath;
namespace fs = std::filesystem;

namespace {
const std::string kOwnExport = MIGREADY_FIXTURES "/../../samples/contoso/adconnect";
const std::string kContoso = MIGREADY_SHARED_SAMPLES "/adconnect-export-contoso";
const std::string kMimMa =
    MIGREADY_SHARED_SAMPLES "/mim-ma-export/MA-{18160047-5056-41CB-8D2B-9EC4380DFF2E}.XML";
const std::string kAadConnectorFile =
    "Connectors/Connector_{b891884f-051e-4a83-95af-2544101c9083}.xml";

std::string readText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A copy of an export that a test may change.
TempPath copyOf(const std::string& from) {
  TempPath dir("export");
  fs::copy(from, dir.path(), fs::copy_options::recursive);
  return dir;
}

std::string ruleXml(std::string_view name, long precedence, bool disabled, std::string_view mapping,
                    std::string_view scopes) {
  return "<synchronizationRule>\n  <id>{0000000a-0000-4000-8000-0000000000" +
         std::to_string(precedence) + "}</id>\n  <name>" + std::string(name) +
         "</name>\n  <direction>Outbound</direction>\n  <disabled>" +
         (disabled ? "True" : "False") +
         "</disabled>\n  <connector>{b891884f-051e-4a83-95af-2544101c9083}</connector>\n"
         "  <sourceObjectType>person</sourceObjectType>\n  "
         "<targetObjectType>user</targetObjectType>\n"
         "  <linkType>Join</linkType>\n  <precedence>" +
         std::to_string(precedence) +
         "</precedence>\n  <attribute-mappings>\n    <mapping>\n      "
         "<dest>msExchMailboxGuid</dest>\n" +
         std::string(mapping) +
         "      <valueMergeType>Update</valueMergeType>\n    </mapping>\n"
         "  </attribute-mappings>\n  <synchronizationCriteria>\n    <conditions>\n" +
         std::string(scopes) +
         "    </conditions>\n  </synchronizationCriteria>\n</synchronizationRule>\n";
}

const char* kUserScope =
    "      <scope><csAttribute>sourceObjectType</csAttribute><csOperator>EQUAL</csOperator>"
    "<csValue>User</csValue></scope>\n";

SyncConfig read(const std::string& dir, SourceStatus expected = SourceStatus::Complete) {
  SyncConfig sync;
  const SourceState s = readAdConnectExport(dir, sync);
  INFO(s.detail);
  CHECK(s.status == expected);
  return sync;
}

// A mailbox user in the synced OU of the real Contoso export.
AdAccount userWithNickname(std::string nickname) {
  AdAccount a = test::mailbox("u", "3ab39606-c642-489b-84b6-58c038d3ef39");
  a.dn = "CN=u,OU=Users,OU=CORP,DC=contoso,DC=com";
  a.mailNickname = std::move(nickname);
  return a;
}
} // namespace

TEST_CASE("the real Contoso export: scope OU=CORP, anchor objectGUID, hybrid on, staging off",
          "[shared][adconnect]") {
  const SyncConfig sync = read(kContoso);
  REQUIRE(sync.connectors.size() == 2);
  const SyncConnector* aad = sync.azureAdConnector();
  REQUIRE(aad);
  CHECK(aad->name == "contoso.onmicrosoft.com - AAD");
  CHECK(aad->includes("msExchMailboxGuid"));
  const SyncConnector& ad = sync.connectors[0].kind == SyncConnector::Kind::ActiveDirectory
                                ? sync.connectors[0]
                                : sync.connectors[1];
  CHECK(ad.name == "contoso.com");
  REQUIRE(ad.partitions.size() == 1);
  CHECK(ad.partitions[0].inclusions == std::vector<std::string>{"OU=CORP,DC=contoso,DC=com"});
  CHECK(ad.partitions[0].exclusions == std::vector<std::string>{"DC=contoso,DC=com"});
  CHECK(sync.sourceAnchor == "objectGUID");
  CHECK(sync.exchangeHybrid == true);
  CHECK(sync.stagingMode == false);
  CHECK(sync.serverVersion == "1.1.130.0");
  CHECK(sync.rules.size() == 62);
  CHECK(containerScopeOf("CN=a,OU=Users,OU=CORP,DC=contoso,DC=com", sync).value == Tristate::Yes);
  CHECK(containerScopeOf("CN=a,CN=Users,DC=contoso,DC=com", sync).value == Tristate::No);
  CHECK(containerScopeOf("CN=a,DC=fabrikam,DC=com", sync).value == Tristate::Unknown);

  const FlowAnswer flow = MailboxGuidFlow(sync).forAnyUser();
  CHECK(flow.value == Tristate::Yes);
  REQUIRE(flow.inboundRule);
  CHECK(flow.inboundRule->name == "In from AD - User Exchange");
  CHECK(flow.inboundRule->precedence == 108);
  REQUIRE(flow.rule);
  CHECK(flow.rule->name == "Out to AAD - User ExchangeOnline");
  CHECK(flow.rule->precedence == 125);
  CHECK_THAT(flow.rule->file,
             Catch::Contains("SynchronizationRule_{8d26623c-0832-4be2-8fbf-e7fc72796d25}.xml"));
}

TEST_CASE("variants of the Contoso export decide the flow as documented", "[shared][adconnect]") {
  SECTION("attribute removed from the Azure AD connector's inclusion list: does not flow") {
    TempPath dir = copyOf(kContoso);
    const fs::path file = dir.path() / kAadConnectorFile;
    std::string xml = readText(file);
    xml = std::regex_replace(xml, std::regex("<attribute>msExchMailboxGuid</attribute>"), "");
    dir.write(xml, kAadConnectorFile);
    const SyncConfig sync = read(dir.str()); // the answer points into it
    const Answer flow = MailboxGuidFlow(sync).forAnyUser();
    CHECK(flow.value == Tristate::No);
    CHECK_THAT(flow.why, Catch::Contains("not in the attribute inclusion list"));
  }
  SECTION("an enabled AuthoritativeNull rule at precedence 90: does not flow") {
    TempPath dir = copyOf(kContoso);
    dir.write(
        ruleXml("Out to AAD - No MailboxGuid", 90, false,
                "      <expression>AuthoritativeNull</expression>\n", kUserScope),
        "SynchronizationRules/SynchronizationRule_{0000000a-0000-4000-8000-000000000090}.xml");
    const SyncConfig sync = read(dir.str()); // the answer points into it
    const Answer flow = MailboxGuidFlow(sync).forAnyUser();
    CHECK(flow.value == Tristate::No);
    CHECK_THAT(flow.why, Catch::Contains("outbound rule \"Out to AAD - No MailboxGuid\" "
                                         "(precedence 90) sets it to AuthoritativeNull"));
  }
  SECTION("the same rule disabled: flows") {
    TempPath dir = copyOf(kContoso);
    dir.write(
        ruleXml("Out to AAD - No MailboxGuid", 90, true,
                "      <expression>AuthoritativeNull</expression>\n", kUserScope),
        "SynchronizationRules/SynchronizationRule_{0000000a-0000-4000-8000-000000000090}.xml");
    const SyncConfig sync = read(dir.str()); // the answer points into it
    const Answer flow = MailboxGuidFlow(sync).forAnyUser();
    CHECK(flow.value == Tristate::Yes);
    CHECK(flow.rule->precedence == 125);
  }
  SECTION("a scoped AuthoritativeNull rule decides per user") {
    TempPath dir = copyOf(kContoso);
    dir.write(
        ruleXml("Out to AAD - No MailboxGuid for migration wave 1", 90, false,
                "      <expression>AuthoritativeNull</expression>\n",
                "      "
                "<scope><csAttribute>mailNickname</csAttribute><csOperator>STARTSWITH</csOperator>"
                "<csValue>w1-</csValue></scope>\n"),
        "SynchronizationRules/SynchronizationRule_{0000000a-0000-4000-8000-000000000090}.xml");
    const SyncConfig sync = read(dir.str());
    const MailboxGuidFlow flow(sync);
    CHECK(flow.forUser(userWithNickname("w1-anna")).value == Tristate::No);
    CHECK(flow.forUser(userWithNickname("W1-BEN")).value == Tristate::No);
    CHECK(flow.forUser(userWithNickname("w2-carla")).value == Tristate::Yes);
    // Without an alias the standard inbound rule does not apply: nothing to export.
    CHECK(flow.forUser(userWithNickname("")).value == Tristate::No);
    // Without the user's attributes the scoped rule cannot be decided: never assumed safe.
    CHECK(flow.forAnyUser().value == Tristate::Unknown);
  }
}

TEST_CASE("a MIM management-agent export is read for the connector part", "[shared][adconnect]") {
  TempPath dir = copyOf(kContoso);
  // The MIM agent takes the place of the AD connector: the rules bound to that connector are
  // no longer bound, which makes the export partial.
  fs::remove(dir.path() / "Connectors/Connector_{ae4db4cc-b16b-4eb2-acf5-837ca84e4d7d}.xml");
  fs::copy_file(kMimMa, dir.path() / "Connectors/MA-{18160047-5056-41CB-8D2B-9EC4380DFF2E}.XML");
  const SyncConfig sync = read(dir.str(), SourceStatus::Partial);
  const SyncConnector* mim = nullptr;
  for (const auto& c : sync.connectors)
    if (c.kind == SyncConnector::Kind::ActiveDirectory) mim = &c;
  REQUIRE(mim);
  CHECK(mim->name == "Active Directory LDS");
  REQUIRE(mim->partitions.size() == 3); // one selected; two known but not selected
  CHECK(mim->partitions[0].selected);
  CHECK(mim->partitions[0].inclusions == std::vector<std::string>{"DC=Contoso,DC=local"});
  CHECK(mim->partitions[0].exclusions.size() == 3);
  CHECK(containerScopeOf("CN=x,OU=People,DC=Contoso,DC=local", sync).value == Tristate::Yes);
  CHECK(containerScopeOf("CN=x,CN=Roles,DC=Contoso,DC=local", sync).value == Tristate::No);
}

TEST_CASE("the sample tenant's own export", "[adconnect]") {
  const SyncConfig sync = read(kOwnExport);
  CHECK(sync.sourceAnchor == "mS-DS-ConsistencyGuid");
  CHECK(sync.serverVersion == "2.4.27.0");
  CHECK(sync.rules.front().precedence == 100); // ordered by precedence
  CHECK(containerScopeOf("CN=x,OU=Berlin,OU=Contoso,DC=corp,DC=contoso,DC=com", sync).value ==
        Tristate::Yes);
  const Answer london =
      containerScopeOf("CN=x,OU=London,OU=Contoso,DC=corp,DC=contoso,DC=com", sync);
  CHECK(london.value == Tristate::No);
  CHECK_THAT(london.why, Catch::Contains("excluded by connector \"corp.contoso.com\""));
  const Answer zones = containerScopeOf("DC=x,DC=DomainDnsZones,DC=corp,DC=contoso,DC=com", sync);
  // The selected domain partition is a suffix too, but the unselected child partition is not
  // in scope: its objects are not under the domain's included OU.
  CHECK(zones.value == Tristate::No);
}

TEST_CASE("two AD connectors (multi-forest): scope per forest", "[adconnect]") {
  TempPath dir = copyOf(kOwnExport);
  std::string second =
      readText(dir.path() / "Connectors/Connector_{5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716}.xml");
  second = std::regex_replace(second, std::regex("5E4D3C2B-1A09-4F8E-9D7C-6B5A49382716"),
                              "6E4D3C2B-1A09-4F8E-9D7C-6B5A49382716");
  second = std::regex_replace(second, std::regex("corp\\.contoso\\.com"), "fabrikam.com");
  second =
      std::regex_replace(second, std::regex("DC=corp,DC=contoso,DC=com"), "DC=fabrikam,DC=com");
  second = std::regex_replace(second, std::regex("OU=Contoso,DC=fabrikam"), "OU=Sync,DC=fabrikam");
  dir.write(second, "Connectors/Connector_{6e4d3c2b-1a09-4f8e-9d7c-6b5a49382716}.xml");
  const SyncConfig sync = read(dir.str());
  CHECK(containerScopeOf("CN=x,OU=Sync,DC=fabrikam,DC=com", sync).value == Tristate::Yes);
  CHECK(containerScopeOf("CN=x,OU=Other,DC=fabrikam,DC=com", sync).value == Tristate::No);
  CHECK(containerScopeOf("CN=x,OU=Berlin,OU=Contoso,DC=corp,DC=contoso,DC=com", sync).value ==
        Tristate::Yes);
}

TEST_CASE("broken exports fail with the file named, never READY", "[adconnect]") {
  auto failure = [](auto mutate) {
    TempPath dir = copyOf(kOwnExport);
    mutate(dir);
    SyncConfig sync;
    const SourceState s = readAdConnectExport(dir.str(), sync);
    INFO(s.detail);
    CHECK(s.status == SourceStatus::Failed);
    REQUIRE(s.errors.size() == 1);
    return s.errors[0].substr(s.errors[0].find(dir.str()) + dir.str().size());
  };
  CHECK(failure([](TempPath& d) { fs::remove_all(d.path() / "Connectors"); }) ==
        "/Connectors: missing (one Connector_{guid}.xml per connector)");
  CHECK(failure([](TempPath& d) { fs::remove_all(d.path() / "SynchronizationRules"); }) ==
        "/SynchronizationRules: missing (one SynchronizationRule_{guid}.xml per rule)");
  CHECK_THAT(failure([](TempPath& d) { fs::remove(d.path() / kAadConnectorFile); }),
             Catch::Contains("no Azure AD connector"));
  CHECK_THAT(failure([](TempPath& d) {
               d.write("<ma-data>\n  <id>{X}</id>\n  <name>a</nam>\n</ma-data>\n",
                       "Connectors/Connector_{x}.xml");
             }),
             Catch::Matches("/Connectors/Connector_\\{x\\}.xml:3:\\d+: malformed XML: .*"));
  CHECK_THAT(failure([](TempPath& d) { d.write("<other/>", "Connectors/Connector_{x}.xml"); }),
             Catch::Contains("not a connector (no <ma-data> root element)"));
  CHECK_THAT(failure([](TempPath& d) {
               d.write(ruleXml("bad", 7, false, "", ""),
                       "SynchronizationRules/SynchronizationRule_{b}.xml");
               std::string x =
                   readText(d.path() / "SynchronizationRules/SynchronizationRule_{b}.xml");
               d.write(std::regex_replace(x, std::regex("<precedence>7</precedence>"),
                                          "<precedence>high</precedence>"),
                       "SynchronizationRules/SynchronizationRule_{b}.xml");
             }),
             Catch::Contains("<precedence> \"high\" is not a number"));
  SyncConfig sync;
  CHECK(readAdConnectExport("/nonexistent/export", sync).status == SourceStatus::Failed);

  // No GlobalSettings: the rest is usable, but anchor and staging are unknown.
  TempPath dir = copyOf(kOwnExport);
  fs::remove_all(dir.path() / "GlobalSettings");
  SyncConfig partial;
  const SourceState s = readAdConnectExport(dir.str(), partial);
  CHECK(s.status == SourceStatus::Partial);
  CHECK_FALSE(partial.stagingMode);
}

TEST_CASE("mapping forms and conditions migready cannot evaluate give Unknown",
          "[adconnect][flow]") {
  SyncConfig sync = test::defaultExport("DC=x", {"DC=x"}, {});
  AdAccount a = test::mailbox("a", "3ab39606-c642-489b-84b6-58c038d3ef39");
  a.dn = "CN=a,DC=x";
  SyncRule& outbound = sync.rules[1];
  REQUIRE(outbound.outbound);
  SECTION("an expression the evaluator does not know") {
    outbound.mappings[0].expression = "CStr(Word([msExchMailboxGuid],1,\"-\"))";
    const FlowAnswer flow = MailboxGuidFlow(sync).forUser(a);
    CHECK(flow.value == Tristate::Unknown);
    CHECK_THAT(flow.why, Catch::Contains("the function"));
  }
  SECTION("an IIF on a value it knows: per user") {
    outbound.mappings[0].expression =
        "IIF([msExchRecipientTypeDetails]=\"1\",AuthoritativeNull,[msExchMailboxGuid])";
    CHECK(MailboxGuidFlow(sync).forUser(a).value == Tristate::No);
    a.recipientTypeDetails = 2;
    CHECK(MailboxGuidFlow(sync).forUser(a).value == Tristate::Yes);
  }
  SECTION("a constant other than AuthoritativeNull: not the user's own value, unknown") {
    outbound.mappings[0].expression = "\"00000000-0000-0000-0000-000000000000\"";
    CHECK(MailboxGuidFlow(sync).forUser(a).value == Tristate::Unknown);
  }
  SECTION("NULL lets the next rule contribute") {
    test::addRule(sync, test::nullRule(90));
    sync.rules[0].mappings[0].expression = "NULL"; // the rule at 90, now giving NULL
    sync.link();
    const FlowAnswer flow = MailboxGuidFlow(sync).forUser(a);
    CHECK(flow.value == Tristate::Yes);
    CHECK(flow.rule->precedence == 125);
  }
  SECTION("an attribute the snapshot does not have") {
    test::addRule(sync, test::nullRule(90, {{{"extensionAttribute15", "EQUAL", "nosync"}}}));
    const Answer flow = MailboxGuidFlow(sync).forUser(a);
    CHECK(flow.value == Tristate::Unknown);
    CHECK_THAT(flow.why, Catch::Contains("extensionAttribute15"));
  }
  SECTION("an operator") {
    test::addRule(sync, test::nullRule(90, {{{"mailNickname", "MATCHES", "^a"}}}));
    CHECK(MailboxGuidFlow(sync).forUser(a).value == Tristate::Unknown);
  }
  SECTION("groups are ORed, conditions ANDed") {
    test::addRule(sync, test::nullRule(90, {{{"mailNickname", "EQUAL", "zz"},
                                             {"sourceObjectType", "EQUAL", "User"}},
                                            {{"mailNickname", "EQUAL", "a"}}}));
    CHECK(MailboxGuidFlow(sync).forUser(a).value == Tristate::No);
    a.mailNickname = "b";
    CHECK(MailboxGuidFlow(sync).forUser(a).value == Tristate::Yes);
  }
  SECTION("an inbound AuthoritativeNull rule from the AD connector") {
    test::addRule(sync, test::nullRule(50, {}, true));
    const FlowAnswer flow = MailboxGuidFlow(sync).forUser(a);
    CHECK(flow.value == Tristate::No);
    CHECK(flow.inboundRule->precedence == 50);
  }
  SECTION("the wizard's attribute filter") {
    sync.filterAad = true;
    sync.attributeExclusionList = {"msExchMailboxGuid"};
    CHECK(MailboxGuidFlow(sync).forUser(a).value == Tristate::No);
    sync.filterAad = false;
    CHECK(MailboxGuidFlow(sync).forUser(a).value == Tristate::Yes);
  }
}

TEST_CASE("scoping operators", "[adconnect][flow]") {
  AdAccount a = test::user("jdoe");
  a.mailNickname = "JDoe";
  a.recipientTypeDetails = 2147483648LL;
  a.userAccountControl = 514;
  auto eval = [&](std::string attr, std::string op, std::string value) {
    std::string why;
    return evaluateCondition({attr, op, value}, &a, why);
  };
  using T = Tristate;
  CHECK(eval("sourceObjectType", "EQUAL", "user") == T::Yes);
  CHECK(eval("cloudMastered", "NOTEQUAL", "True") == T::Yes);
  CHECK(eval("cloudMastered", "EQUAL", "True") == T::No);
  CHECK(eval("mailNickname", "EQUAL", "jdoe") == T::Yes);
  CHECK(eval("mailNickname", "NOTEQUAL", "jdoe") == T::No);
  CHECK(eval("mailNickname", "STARTSWITH", "jd") == T::Yes);
  CHECK(eval("mailNickname", "NOTSTARTSWITH", "jd") == T::No);
  CHECK(eval("mailNickname", "ENDSWITH", "OE") == T::Yes);
  CHECK(eval("mailNickname", "NOTENDSWITH", "OE") == T::No);
  CHECK(eval("mailNickname", "ISNOTNULL", "") == T::Yes);
  CHECK(eval("displayName", "ISNULL", "") == T::Yes);
  CHECK(eval("userAccountControl", "ISBITSET", "2") == T::Yes);
  CHECK(eval("userAccountControl", "ISNOTBITSET", "2") == T::No);
  CHECK(eval("userAccountControl", "ISBITNOTSET", "16") == T::Yes);
  CHECK(eval("msExchRecipientTypeDetails", "EQUAL", "2147483648") == T::Yes);
  CHECK(eval("userAccountControl", "ISBITSET", "two") == T::Unknown);
  CHECK(eval("department", "EQUAL", "x") == T::Unknown);
  CHECK(eval("mailNickname", "LESSTHAN", "k") == T::Unknown);
}
