// The sync model (docs/adconnect-export.md) against variants of an AD Connect export, each made at
// test time from the original files and checked per user: the fixes administrators really apply,
// trimmed exports, and the partition rules. Every variant is made of the repository's own sample
// export (samples/contoso/adconnect) and, where ../shared holds it, of the real Contoso export
// too; the tests about the real export as it is are tagged [shared].
#include "TestSupport.h"
#include "checks/support/CheckSupport.h"
#include "checks/support/SyncEvaluation.h"
#include "scanner/adconnect/AdConnectExportSource.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>

using namespace migready;
using migready::test::TempPath;
namespace fs = std::filesystem;

namespace {
const std::string kStandardInbound =
    "SynchronizationRules/SynchronizationRule_{e5e5058b-034a-4403-b438-6046f5d19e0c}.xml";
const std::string kStandardOutbound =
    "SynchronizationRules/SynchronizationRule_{8d26623c-0832-4be2-8fbf-e7fc72796d25}.xml";

// An export to make variants of, and where its users live.
struct ExportBase {
  std::string name;
  std::string root;
  std::string adConnectorId; // without braces
  std::string inScopeOu;     // a synced container
  std::string outOfScopeOu;  // in the partition, outside the synced containers
  std::string domain;        // the partition's naming context
  std::string adConnector() const { return "Connectors/Connector_{" + adConnectorId + "}.xml"; }
  std::string childDomain() const { return "DC=child," + domain; }
};

const ExportBase kSample{"the sample export (samples/contoso/adconnect)",
                         MIGREADY_FIXTURES "/../../samples/contoso/adconnect",
                         "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716",
                         "OU=Users,OU=Contoso,DC=corp,DC=contoso,DC=com",
                         "OU=London,OU=Contoso,DC=corp,DC=contoso,DC=com",
                         "DC=corp,DC=contoso,DC=com"};
const ExportBase kReal{
    "the real Contoso export (../shared)",  MIGREADY_SHARED_SAMPLES "/adconnect-export-contoso",
    "ae4db4cc-b16b-4eb2-acf5-837ca84e4d7d", "OU=Users,OU=CORP,DC=contoso,DC=com",
    "CN=Users,DC=contoso,DC=com",           "DC=contoso,DC=com"};

// The exports every variant is made of: the sample always, the real one where it is.
std::vector<ExportBase> bases() {
  std::vector<ExportBase> list{kSample};
  if (std::filesystem::exists(kReal.root)) list.push_back(kReal);
  return list;
}

std::string readText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Replaces `pattern` in an export file; the test fails if it does not occur.
void edit(const TempPath& dir, const std::string& file, const std::string& pattern,
          const std::string& replacement) {
  const std::string before = readText(dir.path() / file);
  const std::string after = std::regex_replace(before, std::regex(pattern), replacement);
  REQUIRE(after != before);
  dir.write(after, file);
}

// A sync rule file as Get-ADSyncServerConfiguration writes it.
std::string ruleXml(const std::string& id, const std::string& name, const std::string& direction,
                    const std::string& connector, const std::string& source,
                    const std::string& target, long precedence, const std::string& expression,
                    const std::string& scopes = "") {
  return "<synchronizationRule>\n  <id>{" + id + "}</id>\n  <internal-id>{" + id +
         "}</internal-id>\n  <version>1</version>\n  <name>" + name +
         "</name>\n  <description />\n  <immutable-tag />\n  <direction>" + direction +
         "</direction>\n  <disabled>False</disabled>\n  <connector>" + connector +
         "</connector>\n  <sourceObjectType>" + source +
         "</sourceObjectType>\n  <targetObjectType>" + target +
         "</targetObjectType>\n  <linkType>Join</linkType>\n  <precedence>" +
         std::to_string(precedence) +
         "</precedence>\n  <attribute-mappings>\n    <mapping>\n      "
         "<dest>msExchMailboxGuid</dest>\n      <expression>" +
         expression +
         "</expression>\n      <valueMergeType>Update</valueMergeType>\n    </mapping>\n"
         "  </attribute-mappings>\n  <relationshipCriteria />\n" +
         (scopes.empty() ? "  <synchronizationCriteria />\n"
                         : "  <synchronizationCriteria>\n    <conditions>\n" + scopes +
                               "    </conditions>\n  </synchronizationCriteria>\n") +
         "</synchronizationRule>\n";
}

// What administrators add: an inbound rule from the AD connector, precedence 50.
void addInboundNullRule(const ExportBase& base, const TempPath& dir,
                        const std::string& scopes = "") {
  const std::string id = "0000aaaa-0000-4000-8000-000000000050";
  dir.write(ruleXml(id, "In from AD - User NoMailboxGuid", "Inbound",
                    "{" + base.adConnectorId + "}", "user", "person", 50, "AuthoritativeNull",
                    scopes),
            "SynchronizationRules/SynchronizationRule_{" + id + "}.xml");
}

// The users every variant is judged on, placed in `base`'s directory.
std::vector<AdAccount> contosoUsers(const ExportBase& base) {
  auto mailboxAt = [](std::string sam, std::string dn, std::string nickname) {
    AdAccount a = test::mailbox(sam, "3ab39606-c642-489b-84b6-58c038d3ef39");
    a.dn = std::move(dn);
    a.mailNickname = std::move(nickname);
    return a;
  };
  std::vector<AdAccount> users = {
      mailboxAt("anna", "CN=Anna Alpha," + base.inScopeOu, "anna"),
      mailboxAt("ben", "CN=Ben Beta," + base.inScopeOu, "w1-ben"),
      // A leftover GUID without an alias: the standard inbound rule needs mailNickname.
      mailboxAt("carla", "CN=Carla Gamma," + base.inScopeOu, ""),
      mailboxAt("dave", "CN=Dave Delta," + base.outOfScopeOu, "dave"),
      mailboxAt("erin", "CN=Erin Eps,OU=Staff," + base.childDomain(), "erin"),
      mailboxAt("frank", "CN=Frank Phi,OU=Staff,DC=fabrikam,DC=com", "frank"),
  };
  for (AdAccount& a : users)
    classify(a);
  return users;
}

struct Variant {
  SourceState state;
  Snapshot snapshot;
  // Per user (sAMAccountName): "exported", "kept out", "unknown" or "out of scope".
  std::map<std::string, std::string> answers;
  std::map<std::string, FlowAnswer> flows;
};

// Copies `base`, lets `mutate` change it, reads it and judges every user.
Variant judge(const ExportBase& base, const std::function<void(const TempPath&)>& mutate) {
  TempPath dir("contoso-export");
  fs::copy(base.root, dir.path(), fs::copy_options::recursive);
  mutate(dir);
  Variant v;
  SyncConfig sync;
  v.state = readAdConnectExport(dir.str(), sync);
  INFO(v.state.detail);
  REQUIRE(v.state.status != SourceStatus::Failed);
  v.snapshot.ad.accounts = contosoUsers(base);
  v.snapshot.source(SourceKind::Ad).status = SourceStatus::Complete;
  checkExportCompleteness(v.snapshot.ad, sync, v.state);
  v.snapshot.sync = std::move(sync);
  const MailboxGuidExposure exposure(v.snapshot);
  for (const AdAccount& a : v.snapshot.ad.accounts) {
    const MailboxGuidExposure::Result r = exposure.of(a);
    v.answers[a.samAccountName] = !r.candidate                    ? "out of scope"
                                  : r.flow.value == Tristate::Yes ? "exported"
                                  : r.flow.value == Tristate::No  ? "kept out"
                                                                  : "unknown";
    v.flows[a.samAccountName] = r.flow;
  }
  return v;
}

using Answers = std::map<std::string, std::string>;
} // namespace

TEST_CASE("the real Contoso export as it is: exported for users with an alias, per partition",
          "[shared][syncmodel]") {
  const Variant v = judge(kReal, [](const TempPath&) {});
  CHECK(v.state.status == SourceStatus::Complete);
  CHECK(v.answers == Answers{{"anna", "exported"},
                             {"ben", "exported"},
                             {"carla", "kept out"},
                             {"dave", "out of scope"},
                             {"erin", "unknown"},
                             {"frank", "unknown"}});
  const FlowAnswer& anna = v.flows.at("anna");
  REQUIRE(anna.inboundRule);
  CHECK(anna.inboundRule->name == "In from AD - User Exchange");
  REQUIRE(anna.outboundRule);
  CHECK(anna.outboundRule->name == "Out to AAD - User ExchangeOnline");
  CHECK(anna.outboundRule->precedence == 125);
  CHECK_THAT(v.flows.at("carla").why, Catch::Contains("\"In from AD - User Exchange\" (precedence "
                                                      "108) does not apply (mailNickname "
                                                      "ISNOTNULL)"));
  // A child domain without a partition of its own is not the parent's: unknown.
  CHECK_THAT(v.flows.at("erin").why, Catch::Contains("in no AD connector of the export"));
}

TEST_CASE("an inbound AuthoritativeNull rule at precedence 50 keeps it out for everyone",
          "[syncmodel]") {
  for (const ExportBase& base : bases()) {
    INFO(base.name);
    const Variant v = judge(base, [&](const TempPath& d) { addInboundNullRule(base, d); });
    CHECK(v.state.status == SourceStatus::Complete);
    CHECK(v.answers == Answers{{"anna", "kept out"},
                               {"ben", "kept out"},
                               {"carla", "kept out"},
                               {"dave", "out of scope"},
                               {"erin", "unknown"},
                               {"frank", "unknown"}});
    const FlowAnswer& anna = v.flows.at("anna");
    CHECK_THAT(anna.why, Catch::Contains("inbound rule \"In from AD - User NoMailboxGuid\" "
                                         "(precedence 50) sets it to AuthoritativeNull"));
    CHECK_THAT(anna.file, Catch::Contains("SynchronizationRule_{0000aaaa"));
  }
}

TEST_CASE("the standard inbound rule edited to flow AuthoritativeNull keeps it out",
          "[syncmodel]") {
  for (const ExportBase& base : bases()) {
    INFO(base.name);
    const Variant v = judge(base, [&](const TempPath& d) {
      edit(d, kStandardInbound,
           "<dest>msExchMailboxGuid</dest>\\s*<src>\\s*<attr>msExchMailboxGuid</attr>\\s*</src>",
           "<dest>msExchMailboxGuid</dest>\n      <expression>AuthoritativeNull</expression>");
    });
    CHECK(v.answers.at("anna") == "kept out");
    CHECK(v.answers.at("ben") == "kept out");
    CHECK_THAT(v.flows.at("anna").why, Catch::Contains("\"In from AD - User Exchange\" (precedence "
                                                       "108) sets it to AuthoritativeNull"));
  }
}

TEST_CASE("an inbound rule scoped to some users decides per user", "[syncmodel]") {
  for (const ExportBase& base : bases()) {
    INFO(base.name);
    const Variant v = judge(base, [&](const TempPath& d) {
      addInboundNullRule(base, d,
                         "      <scope>\n        <csAttribute>mailNickname</csAttribute>\n"
                         "        <csOperator>STARTSWITH</csOperator>\n"
                         "        <csValue>w1-</csValue>\n      </scope>\n");
    });
    CHECK(v.answers.at("anna") == "exported");
    CHECK(v.answers.at("ben") == "kept out");
    CHECK(v.answers.at("carla") == "kept out");
  }
}

TEST_CASE("an inbound rule whose scope or expression cannot be evaluated is unknown",
          "[syncmodel]") {
  SECTION("a condition on an attribute the scan does not read") {
    for (const ExportBase& base : bases()) {
      INFO(base.name);
      const Variant v = judge(base, [&](const TempPath& d) {
        addInboundNullRule(
            base, d,
            "      <scope>\n        <csAttribute>extensionAttribute15</csAttribute>\n"
            "        <csOperator>EQUAL</csOperator>\n"
            "        <csValue>migrate</csValue>\n      </scope>\n");
      });
      CHECK(v.answers.at("anna") == "unknown");
      CHECK_THAT(v.flows.at("anna").why, Catch::Contains("extensionAttribute15"));
    }
  }
  SECTION("an expression with a function the scan does not evaluate") {
    for (const ExportBase& base : bases()) {
      INFO(base.name);
      const Variant v = judge(base, [&](const TempPath& d) {
        edit(d, kStandardInbound,
             "<dest>msExchMailboxGuid</dest>\\s*<src>\\s*<attr>msExchMailboxGuid</attr>\\s*</src>",
             "<dest>msExchMailboxGuid</dest>\n      <expression>IIF(Left([mailNickname],3)=\"w1-\","
             "AuthoritativeNull,[msExchMailboxGuid])</expression>");
      });
      CHECK(v.answers.at("anna") == "unknown");
      CHECK_THAT(v.flows.at("anna").why, Catch::Contains("the function Left"));
    }
  }
  SECTION("an IIF the scan can evaluate decides per user") {
    for (const ExportBase& base : bases()) {
      INFO(base.name);
      const Variant v = judge(base, [&](const TempPath& d) {
        edit(d, kStandardInbound,
             "<dest>msExchMailboxGuid</dest>\\s*<src>\\s*<attr>msExchMailboxGuid</attr>\\s*</src>",
             "<dest>msExchMailboxGuid</dest>\n      <expression>IIF([mailNickname]=\"anna\","
             "AuthoritativeNull,[msExchMailboxGuid])</expression>");
      });
      CHECK(v.answers.at("anna") == "kept out");
      CHECK(v.answers.at("ben") == "exported");
    }
  }
}

TEST_CASE("msExchMailboxGuid out of the AD connector's inclusion list is never imported",
          "[syncmodel]") {
  for (const ExportBase& base : bases()) {
    INFO(base.name);
    const Variant v = judge(base, [&](const TempPath& d) {
      edit(d, base.adConnector(), "<attribute>msExchMailboxGuid</attribute>", "");
    });
    CHECK(v.answers.at("anna") == "kept out");
    CHECK(v.answers.at("ben") == "kept out");
    CHECK_THAT(v.flows.at("anna").why, Catch::Contains("does not import it"));
    CHECK_THAT(v.flows.at("anna").file, Catch::EndsWith(base.adConnector()));
  }
}

TEST_CASE("the wizard's attribute filter in GlobalSettings keeps it out", "[syncmodel]") {
  for (const ExportBase& base : bases()) {
    INFO(base.name);
    // The two settings as the wizard writes them, in place of whatever the export has.
    const auto withFilter = [](const std::string& on) {
      return [on](const TempPath& d) {
        const std::string mv = d.path() / "GlobalSettings/MV.xml";
        std::string text = readText(mv);
        text = std::regex_replace(
            text,
            std::regex("\\s*<parameter name=\"Microsoft\\.(OptionalFeature\\.FilterAAD|AADFilter\\."
                       "AttributeExclusionList)\"[^>]*(/>|>[^<]*</parameter>)"),
            "");
        const std::string settings =
            "<parameter name=\"Microsoft.OptionalFeature.FilterAAD\" type=\"string\" "
            "use=\"SynchronizationGlobal\" dataType=\"String\">" +
            on +
            "</parameter>\n<parameter name=\"Microsoft.AADFilter.AttributeExclusionList\" "
            "type=\"string\" use=\"SynchronizationGlobal\" dataType=\"String\">"
            "msExchArchiveGUID,msExchMailboxGuid</parameter>\n</parameter-values>";
        const auto at = text.find("</parameter-values>");
        REQUIRE(at != std::string::npos);
        text.replace(at, std::string("</parameter-values>").size(), settings);
        d.write(text, "GlobalSettings/MV.xml");
      };
    };
    const Variant on = judge(base, withFilter("True"));
    CHECK(on.answers.at("anna") == "kept out");
    CHECK_THAT(on.flows.at("anna").why,
               Catch::Contains("Microsoft.AADFilter.AttributeExclusionList"));
    CHECK_THAT(on.flows.at("anna").file, Catch::EndsWith("GlobalSettings/MV.xml"));
    // A list the wizard does not apply (the filter is off) keeps nothing out.
    const Variant off = judge(base, withFilter("False"));
    CHECK(off.answers.at("anna") == "exported");
  }
}

TEST_CASE("a child domain with its own partition is judged by it", "[syncmodel]") {
  for (const ExportBase& base : bases()) {
    INFO(base.name);
    const auto withChild = [&](bool selected) {
      return [selected, &base](const TempPath& d) {
        edit(d, base.adConnector(), "<ma-partition-data>",
             "<ma-partition-data><partition><id>{0c0c0c0c-0000-4000-8000-000000000001}</id><name>" +
                 base.childDomain() + "</name><selected>" + (selected ? "1" : "0") +
                 "</selected><filter><containers><exclusions /><inclusions><inclusion>" +
                 base.childDomain() +
                 "</inclusion></inclusions></containers></filter></partition>");
      };
    };
    const Variant selected = judge(base, withChild(true));
    CHECK(selected.answers.at("erin") == "exported");
    // The parent's containers do not apply to the child: anna and dave are unchanged.
    CHECK(selected.answers.at("anna") == "exported");
    CHECK(selected.answers.at("dave") == "out of scope");
    const Variant unselected = judge(base, withChild(false));
    CHECK(unselected.answers.at("erin") == "out of scope");
  }
}

TEST_CASE("an export without the standard outbound rule is partial, and unknown, never safe",
          "[syncmodel]") {
  for (const ExportBase& base : bases()) {
    INFO(base.name);
    const Variant v =
        judge(base, [&](const TempPath& d) { fs::remove(d.path() / kStandardOutbound); });
    CHECK(v.state.status == SourceStatus::Partial);
    CHECK_THAT(v.state.detail, Catch::Contains("\"Out to AAD - User ExchangeOnline\""));
    CHECK(v.answers.at("anna") == "unknown");
    CHECK(v.answers.at("ben") == "unknown");
    CHECK_THAT(v.flows.at("anna").why, Catch::Contains("export looks incomplete"));
    // carla's GUID never enters the metaverse (no alias): the outbound side does not matter.
    CHECK(v.answers.at("carla") == "kept out");
  }
}

TEST_CASE("an export without the standard inbound rule is partial, and unknown", "[syncmodel]") {
  for (const ExportBase& base : bases()) {
    INFO(base.name);
    const Variant v =
        judge(base, [&](const TempPath& d) { fs::remove(d.path() / kStandardInbound); });
    CHECK(v.state.status == SourceStatus::Partial);
    CHECK_THAT(v.state.detail, Catch::Contains("\"In from AD - User Exchange\""));
    CHECK(v.answers.at("anna") == "unknown");
    CHECK(v.answers.at("carla") == "unknown");
  }
}

TEST_CASE("connector references compare without braces and in any case; unknown ones are "
          "partial and unknown",
          "[syncmodel]") {
  SECTION("without braces, upper case: resolved, the same answers") {
    for (const ExportBase& base : bases()) {
      INFO(base.name);
      const Variant v = judge(base, [&](const TempPath& d) {
        edit(d, kStandardOutbound,
             "<connector>\\{b891884f-051e-4a83-95af-2544101c9083\\}</connector>",
             "<connector>B891884F-051E-4A83-95AF-2544101C9083</connector>");
        edit(d, kStandardInbound, "<connector>\\{" + base.adConnectorId + "\\}</connector>",
             "<connector>" + base.adConnectorId + "</connector>");
      });
      CHECK(v.state.status == SourceStatus::Complete);
      CHECK(v.answers.at("anna") == "exported");
      CHECK(v.answers.at("carla") == "kept out");
    }
  }
  SECTION("an unknown connector GUID on the standard outbound rule") {
    for (const ExportBase& base : bases()) {
      INFO(base.name);
      const Variant v = judge(base, [&](const TempPath& d) {
        edit(d, kStandardOutbound,
             "<connector>\\{b891884f-051e-4a83-95af-2544101c9083\\}</connector>",
             "<connector>{00000000-1111-2222-3333-444444444444}</connector>");
      });
      CHECK(v.state.status == SourceStatus::Partial);
      CHECK_THAT(v.state.detail, Catch::Contains("{00000000-1111-2222-3333-444444444444}, which is "
                                                 "not in the export"));
      CHECK(v.answers.at("anna") == "unknown");
      CHECK_THAT(v.flows.at("anna").why, Catch::Contains("not in the export"));
    }
  }
  SECTION("an unknown connector GUID on the standard inbound rule") {
    for (const ExportBase& base : bases()) {
      INFO(base.name);
      const Variant v = judge(base, [&](const TempPath& d) {
        edit(d, kStandardInbound, "<connector>\\{" + base.adConnectorId + "\\}</connector>",
             "<connector>{00000000-1111-2222-3333-444444444444}</connector>");
      });
      CHECK(v.state.status == SourceStatus::Partial);
      CHECK(v.answers.at("anna") == "unknown");
      // Its scope (mailNickname ISNOTNULL) does not take carla, whichever connector it is bound to.
      CHECK(v.answers.at("carla") == "kept out");
    }
  }
}
