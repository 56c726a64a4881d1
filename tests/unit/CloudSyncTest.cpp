// Entra Cloud Sync (docs/cloud-sync.md): every scoping operator on present, absent and
// multi-valued attributes, the .NET regular expression subset, the job schema reader on the shapes
// real files come in, and the per-user decision over both tools with the checks that use it.
#include "TestSupport.h"
#include "checks/Check.h"
#include "checks/support/CheckSupport.h"
#include "checks/support/CloudSyncEvaluation.h"
#include "checks/support/ScopeRegex.h"
#include "scanner/cloudsync/CloudSyncSchemaSource.h"
#include "scanner/gate/SavedReportReader.h"
#include "scanner/io/StrictJson.h"
#include "scanner/model/Text.h"
#include "scanner/scan/Scan.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <tuple>

using namespace migready;
using test::runCheck;
using test::TempPath;

namespace {
constexpr const char* kG1 = "3ab39606-c642-489b-84b6-58c038d3ef39";
const std::string kFixture = MIGREADY_FIXTURES "/cloudsync/schema-2025.json";
const std::string kShared2020 = MIGREADY_SHARED_SAMPLES "/cloud-sync-schema-2020/schema.json";
const std::string kDomain = "corp.example.com";
const std::string kCloudOu = "OU=Cloud,OU=Staff,DC=corp,DC=example,DC=com";
const std::string kPilot = "CN=CloudSync Pilot,OU=Groups,DC=corp,DC=example,DC=com";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One clause against one account of a one-account directory.
struct ClauseRun {
  AdDirectory ad;
  AdAccount account;
  explicit ClauseRun(AdAccount a) : account(std::move(a)) {
    classify(account);
    ad.live = true; // absence is known unless a test says otherwise
  }
  Tristate operator()(std::string op, std::string attribute, std::vector<std::string> values = {},
                      std::string* why = nullptr) {
    CloudSyncClause c{std::move(attribute), std::move(op), std::move(values), "/c"};
    std::string w;
    const Tristate t = evaluateClause(c, &account, &ad, w);
    if (why) *why = w;
    return t;
  }
};

AdAccount mailboxIn(const std::string& sam, const std::string& ou = kCloudOu) {
  AdAccount a = test::mailbox(sam, kG1);
  a.dn = "CN=" + sam + "," + ou;
  a.homeMdb = 0;
  return a;
}

CloudSyncSchema readSchema(const std::string& text, const std::string& domain = kDomain,
                           SourceState* state = nullptr) {
  TempPath file("schema.json");
  file.write(text);
  CloudSyncSchema schema;
  const SourceState s = readCloudSyncSchema({file.str(), domain, {}}, schema);
  if (state) *state = s;
  REQUIRE((state || s.status == SourceStatus::Complete));
  schema.file = "corp.json"; // as a user would name it: evidence stays readable
  return schema;
}

// The fixture schema (2025 PUT body), edited as an administrator would.
boost::json::value fixtureJson() {
  return boost::json::parse(readFile(kFixture));
}
boost::json::object& userMapping(boost::json::value& doc, std::string_view cls = "user") {
  for (auto& m : doc.at("synchronizationRules").at(0).at("objectMappings").as_array())
    if (m.at("sourceObjectName").as_string() == cls) return m.as_object();
  FAIL("no object mapping for " << cls);
  throw std::logic_error("unreachable");
}
boost::json::object& guidMapping(boost::json::value& doc, std::string_view cls = "user") {
  for (auto& a : userMapping(doc, cls).at("attributeMappings").as_array())
    if (a.at("targetAttributeName").as_string() == "MSExchMailboxGuid") return a.as_object();
  FAIL("no MSExchMailboxGuid mapping");
  throw std::logic_error("unreachable");
}

Snapshot snapshotOf(std::vector<AdAccount> accounts, std::vector<CloudSyncSchema> schemas) {
  Snapshot s;
  for (auto& a : accounts) {
    classify(a);
    s.ad.accounts.push_back(std::move(a));
  }
  s.ad.origin = "users.ldf";
  s.ad.live = true;
  s.source(SourceKind::Ad).status = SourceStatus::Complete;
  s.cloudSync = std::move(schemas);
  s.source(SourceKind::Sync).status = SourceStatus::Complete;
  return s;
}

MailboxGuidExposure::Result exposureOf(const Snapshot& s, std::size_t i = 0) {
  return MailboxGuidExposure(s).of(s.ad.accounts[i]);
}
// Left out of the Cloud Sync job's scope: not sent now, but not safe either (what Cloud Sync
// synced before stays), so still AD001's candidate.
bool scopedOut(const MailboxGuidExposure::Result& r) {
  return r.candidate && r.scopedOut && r.flow.value == Tristate::No && r.clearsNothing;
}
} // namespace

// ---- operators ------------------------------------------------------------------------------

TEST_CASE("Cloud Sync operators: null tests and Booleans, absent values pass negative clauses",
          "[cloudsync][operators]") {
  AdAccount a = mailboxIn("anna");
  ClauseRun run(a);
  CHECK(run("IS NULL", "adminDescription") == Tristate::Yes);
  CHECK(run("IS NOT NULL", "adminDescription") == Tristate::No);
  CHECK(run("IS NOT NULL", "sAMAccountName") == Tristate::Yes);
  CHECK(run("IS NULL", "sAMAccountName") == Tristate::No);
  CHECK(run("IS NOT NULL", "msExchMailboxGuid") == Tristate::Yes); // binary: presence only
  // isCriticalSystemObject is absent on ordinary users: IS FALSE passes, IS TRUE fails.
  CHECK(run("IS FALSE", "isCriticalSystemObject") == Tristate::Yes);
  CHECK(run("IS TRUE", "isCriticalSystemObject") == Tristate::No);
  run.account.isCriticalSystemObject = true;
  CHECK(run("IS FALSE", "isCriticalSystemObject") == Tristate::No);
  CHECK(run("IS TRUE", "isCriticalSystemObject") == Tristate::Yes);
  std::string why;
  CHECK(run("IS TRUE", "sAMAccountName", {}, &why) == Tristate::Unknown);
  CHECK_THAT(why, Catch::Contains("not a Boolean"));
}

TEST_CASE("Cloud Sync operators: EQUALS, NOT EQUALS, ENDS_WITH and Includes compare case-"
          "sensitively, and a case-only difference is unknown",
          "[cloudsync][operators]") {
  ClauseRun run(mailboxIn("anna"));
  CHECK(run("EQUALS", "sAMAccountName", {"anna"}) == Tristate::Yes);
  CHECK(run("EQUALS", "sAMAccountName", {"bert", "anna"}) == Tristate::Yes); // any value
  CHECK(run("EQUALS", "sAMAccountName", {"bert"}) == Tristate::No);
  CHECK(run("EQUALS", "sAMAccountName", {"ANNA"}) == Tristate::Unknown);
  CHECK(run("NOT EQUALS", "sAMAccountName", {"SUPPORT_388945a0"}) == Tristate::Yes);
  CHECK(run("NOT EQUALS", "sAMAccountName", {"x", "anna"}) == Tristate::No);
  CHECK(run("NOT EQUALS", "sAMAccountName", {"Anna"}) == Tristate::Unknown);
  CHECK(run("EQUALS", "msExchRecipientTypeDetails", {"1"}) == Tristate::Yes); // numbers
  CHECK(run("EQUALS", "msExchRecipientTypeDetails", {"01"}) == Tristate::Yes);
  CHECK(run("EQUALS", "adminDescription", {"x"}) == Tristate::No);      // absent
  CHECK(run("NOT EQUALS", "adminDescription", {"x"}) == Tristate::Yes); // absent passes
  CHECK(run("ENDS_WITH", "distinguishedName", {"OU=Staff,DC=corp,DC=example,DC=com"}) ==
        Tristate::Yes);
  CHECK(run("ENDS_WITH", "distinguishedName", {"ou=staff,dc=corp,dc=example,dc=com"}) ==
        Tristate::Unknown);
  CHECK(run("ENDS_WITH", "distinguishedName", {"OU=Other,DC=corp,DC=example,DC=com"}) ==
        Tristate::No);
  CHECK(run("ENDS_WITH", "adminDescription", {"x"}) == Tristate::No);
  CHECK(run("Includes", "distinguishedName", {"OU=Cloud"}) == Tristate::Yes);
  CHECK(run("Includes", "distinguishedName", {"ou=cloud"}) == Tristate::Unknown);
  CHECK(run("Includes", "distinguishedName", {"OU=Other"}) == Tristate::No);
}

TEST_CASE("Cloud Sync operators: REGEX MATCH, numbers and bit masks", "[cloudsync][operators]") {
  ClauseRun run(mailboxIn("AAD_sync"));
  CHECK(run("REGEX MATCH", "sAMAccountName", {"^AAD_"}) == Tristate::Yes);
  CHECK(run("NOT REGEX MATCH", "sAMAccountName", {"^AAD_"}) == Tristate::No);
  CHECK(run("NOT REGEX MATCH", "sAMAccountName", {"^MSOL_"}) == Tristate::Yes);
  CHECK(run("REGEX MATCH", "adminDescription", {"^User_"}) == Tristate::No);      // absent
  CHECK(run("NOT REGEX MATCH", "adminDescription", {"^User_"}) == Tristate::Yes); // absent
  std::string why;
  CHECK(run("REGEX MATCH", "sAMAccountName", {"(?<=x)y"}, &why) == Tristate::Unknown);
  CHECK_THAT(why, Catch::Contains("does not evaluate"));
  CHECK(run("NOT REGEX MATCH", "sAMAccountName", {"(?=A)"}) == Tristate::Unknown);
  // Greater_Than needs whole numbers on both sides.
  CHECK(run("Greater_Than", "msExchRecipientTypeDetails", {"0"}) == Tristate::Yes);
  CHECK(run("Greater_Than", "msExchRecipientTypeDetails", {"1"}) == Tristate::No);
  CHECK(run("Greater_Than_OR_EQUALS", "msExchRecipientTypeDetails", {"1"}) == Tristate::Yes);
  CHECK(run("Greater_Than", "msExchRecipientTypeDetails", {"one"}) == Tristate::Unknown);
  CHECK(run("Greater_Than", "sAMAccountName", {"1"}) == Tristate::Unknown);
  CHECK(run("Greater_Than", "msExchRemoteRecipientType", {"1"}) == Tristate::No); // absent
  // & and !& test bits: 566259712 is the system-mailbox mask of the default exclusions.
  CHECK(run("!&", "msExchRecipientTypeDetails", {"566259712"}) == Tristate::Yes);
  CHECK(run("&", "msExchRecipientTypeDetails", {"566259712"}) == Tristate::No);
  run.account.recipientTypeDetails = 8388608; // a discovery mailbox
  CHECK(run("!&", "msExchRecipientTypeDetails", {"566259712"}) == Tristate::No);
  CHECK(run("&", "msExchRecipientTypeDetails", {"566259712"}) == Tristate::Yes);
  run.account.recipientTypeDetails.reset();
  CHECK(run("!&", "msExchRecipientTypeDetails", {"566259712"}) == Tristate::Yes); // absent
  CHECK(run("&", "msExchRecipientTypeDetails", {"566259712"}) == Tristate::No);
  run.account.userAccountControl = 512;
  CHECK(run("&", "userAccountControl", {"two"}) == Tristate::Unknown);
  CHECK(run("&", "userAccountControl", {"2"}) == Tristate::No);
}

TEST_CASE("Cloud Sync operators: what cannot be told is unknown, never guessed",
          "[cloudsync][operators]") {
  ClauseRun run(mailboxIn("anna"));
  std::string why;
  // Multi-valued attributes: Microsoft documents filtering on them as not supported.
  CHECK(run("EQUALS", "memberOf", {kPilot}, &why) == Tristate::Unknown);
  CHECK_THAT(why, Catch::Contains("multi-valued"));
  CHECK(run("IS NULL", "proxyAddresses") == Tristate::Unknown);
  CHECK(run("NOT EQUALS", "objectClass", {"contact"}) == Tristate::Unknown);
  // An attribute migready does not read, an operator it does not know.
  CHECK(run("EQUALS", "department", {"Sales"}, &why) == Tristate::Unknown);
  CHECK_THAT(why, Catch::Contains("department, which migready does not read from AD"));
  CHECK(run("CONTAINS", "sAMAccountName", {"a"}, &why) == Tristate::Unknown);
  CHECK_THAT(why, Catch::Contains("operator \"CONTAINS\""));
  // A binary value has no text to compare.
  CHECK(run("EQUALS", "msExchMailboxGuid", {kG1}) == Tristate::Unknown);
  // An export that may not hold adminDescription: an absent value may be one not exported. A
  // clause that passes on it passes; one that would fail on it is unknown.
  run.ad.live = false;
  CHECK(run("NOT REGEX MATCH", "adminDescription", {"^User_"}) == Tristate::Yes);
  CHECK(run("REGEX MATCH", "adminDescription", {"^Cloud"}, &why) == Tristate::Unknown);
  CHECK_THAT(why, Catch::Contains("holds no adminDescription"));
  run.ad.sawAttributes = AdDirectory::kSawAdminDescription; // another entry carried one
  CHECK(run("REGEX MATCH", "adminDescription", {"^Cloud"}) == Tristate::No);
  // Without AD data (the typical mailbox user): an alias and a GUID, nothing else known.
  CloudSyncClause alias{"mailNickname", "IS NOT NULL", {}, ""};
  CHECK(evaluateClause(alias, nullptr, nullptr, why) == Tristate::Yes);
  CloudSyncClause sam{"sAMAccountName", "NOT REGEX MATCH", {"^MSOL_"}, ""};
  CHECK(evaluateClause(sam, nullptr, nullptr, why) == Tristate::Unknown);
}

// ---- the regular expression subset --------------------------------------------------------------

TEST_CASE("scope regular expressions: the default exclusions, as .NET reads them",
          "[cloudsync][regex]") {
  const ScopeRegex system("^SystemMailbox{");
  REQUIRE(system.usable()); // a '{' that starts no quantifier is a literal in .NET
  CHECK(system.matches("SystemMailbox{bb558c35}") == true);
  CHECK(system.matches("xSystemMailbox{") == false);
  const ScopeRegex cas("^CAS_([^{]*){");
  CHECK(cas.matches("CAS_abc{123}") == true);
  CHECK(cas.matches("CAS_abc") == false);
  const ScopeRegex cnf("^CN\\s*=\\s*([^\\,]*)\\0ACNF");
  REQUIRE(cnf.usable());
  CHECK(cnf.matches("CN=Anna,OU=Staff,DC=corp,DC=example,DC=com") == false);
  CHECK(cnf.matches(std::string("CN = Anna") + '\0' + "ACNF:1234") == true);
  CHECK(ScopeRegex("^User_").matches("User_x") == true);
  CHECK(ScopeRegex("^User_").matches("user_x") == false); // case-sensitive
}

TEST_CASE("scope regular expressions: syntax, anchors and what is not evaluated",
          "[cloudsync][regex]") {
  CHECK(ScopeRegex("a{2,3}b").matches("xaab") == true);
  CHECK(ScopeRegex("^a{2,3}b$").matches("aaaab") == false);
  CHECK(ScopeRegex("a{2,}").matches("aa") == true);
  CHECK(ScopeRegex("colou?r").matches("color") == true);
  CHECK(ScopeRegex("^(red|green)$").matches("green") == true);
  CHECK(ScopeRegex("^(red|green)$").matches("greenish") == false);
  CHECK(ScopeRegex("x$").matches("ax\n") == true); // .NET's '$' also before a final newline
  CHECK(ScopeRegex("x\\z").matches("ax\n") == false);
  CHECK(ScopeRegex("[]a]").matches("]") == true);
  CHECK(ScopeRegex("[^0-9]").matches("123") == false);
  CHECK(ScopeRegex("\\d{3}").matches("ab123") == true);
  CHECK(ScopeRegex("a.c").matches("a\nc") == false);
  CHECK(ScopeRegex("^.{3}$").matches("Zoë") == true); // code points, not bytes
  CHECK(ScopeRegex("(?:ab)+").matches("abab") == true);
  CHECK(ScopeRegex("(?<n>ab)").matches("ab") == true);
  CHECK(ScopeRegex("\\bab\\b").matches("x ab y") == true);
  // .NET's \w and \d know every script: on text that is not ASCII they are not evaluated.
  CHECK_FALSE(ScopeRegex("^\\w+$").matches("Zoë").has_value());
  for (const char* unsupported :
       {"(?=a)", "(?!a)", "(?<=a)b", "(a)\\1", "(?i)a", "\\p{L}", "[a-z-[aeiou]]", "(?>a)", "a**",
        "*a", "(a", "a)", "[a", "\\q", "a{3,2}"})
    CHECK_FALSE(ScopeRegex(unsupported).usable());
  CHECK_FALSE(ScopeRegex("(?=a)").matches("a").has_value());
  // Linear time: a pattern that takes a backtracking engine forever.
  const auto start = std::chrono::steady_clock::now();
  CHECK(ScopeRegex("^(a+)+$").matches(std::string(20000, 'a') + "b") == false);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

// ---- the schema reader ------------------------------------------------------------------------

TEST_CASE("the 2025 PUT body, and the same saved by PowerShell as UTF-16LE with BOM and CRLF",
          "[cloudsync][reader]") {
  const CloudSyncSchema schema = readSchema(readFile(kFixture));
  CHECK(schema.shape == "PUT body");
  CHECK(schema.version == "2.0");
  CHECK(schema.newerThanKnown.empty());
  REQUIRE(schema.rules.size() == 1);
  const CloudSyncRule& rule = schema.rules[0];
  CHECK(rule.objectMappings.size() == 5);
  const CloudSyncObjectMapping& users = rule.objectMappings[3];
  CHECK(users.sourceObjectName == "user");
  CHECK(users.flows("Update"));
  REQUIRE(users.scope);
  CHECK(users.scope->inputFilterGroups.at(0).clauses.size() == 11);
  const CloudSyncAttributeMapping* guid = users.mappingTo("msexchmailboxguid");
  REQUIRE(guid);
  CHECK(guid->source.type == CloudSyncSource::Type::Attribute);
  CHECK(guid->pointer == "/synchronizationRules/0/objectMappings/3/attributeMappings/7");
  // PowerShell 5.1: ConvertTo-Json | Out-File writes UTF-16LE with a BOM, lines end in CRLF.
  std::string text = readFile(kFixture), crlf, utf16("\xFF\xFE", 2);
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  for (char c : crlf) {
    utf16 += c;
    utf16 += '\0';
  }
  const CloudSyncSchema fromPowerShell = readSchema(utf16);
  REQUIRE(fromPowerShell.rules.size() == 1);
  CHECK(fromPowerShell.rules[0].objectMappings.size() == 5);
}

// What Microsoft Graph PowerShell writes for the schema object (ConvertTo-Json): every member
// name in PascalCase, and what its model does not know in "AdditionalProperties".
boost::json::value pascalCase(const boost::json::value& v) {
  if (v.is_array()) {
    boost::json::array out;
    for (const auto& item : v.get_array())
      out.push_back(pascalCase(item));
    return out;
  }
  if (!v.is_object()) return v;
  boost::json::object out;
  for (const auto& kv : v.get_object()) {
    std::string key(kv.key());
    if (!key.empty() && key[0] != '@')
      key[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(key[0])));
    out[key] = pascalCase(kv.value());
  }
  out["AdditionalProperties"] = boost::json::object();
  return out;
}

TEST_CASE("Microsoft Graph PowerShell's schema object: member names in any case, "
          "AdditionalProperties read as the object's own; names that differ only in case are "
          "one member given twice",
          "[cloudsync][reader][powershell]") {
  boost::json::value doc = fixtureJson();
  doc.at("synchronizationRules").at(0).as_object()["containerFilter"] =
      boost::json::object{{"includedContainers", boost::json::array{kCloudOu}}};
  boost::json::value ps = pascalCase(doc);
  // The v1.0 module's rule has no containerFilter: ConvertTo-Json puts it in the bag.
  boost::json::object& rule = ps.at("SynchronizationRules").at(0).as_object();
  rule["AdditionalProperties"] =
      boost::json::object{{"containerFilter", rule.at("ContainerFilter")}};
  rule.erase("ContainerFilter");
  ps.as_object()["AdditionalProperties"] =
      boost::json::object{{"@odata.context", "https://graph.microsoft.com/beta/$metadata#x"}};
  ps.as_object()["Id"] =
      "AD2AADProvisioning.0123456789abcdef0123456789abcdef.5f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
  ps.as_object()["Directories"] = boost::json::array{boost::json::object{{"Name", "AD"}}};
  // Windows PowerShell's Out-File: UTF-16LE with BOM.
  std::string utf16("\xFF\xFE", 2);
  for (char c : boost::json::serialize(ps)) {
    utf16 += c;
    utf16 += '\0';
  }
  const CloudSyncSchema schema = readSchema(utf16);
  CHECK(schema.shape == "Graph GET response");
  CHECK(schema.version == "2.0");
  CHECK(schema.newerThanKnown.empty());
  REQUIRE(schema.rules.size() == 1);
  CHECK(schema.rules[0].includedContainers == std::vector<std::string>{kCloudOu});
  CHECK(schema.rules[0].containerPointer ==
        "/SynchronizationRules/0/AdditionalProperties/containerFilter");
  const CloudSyncObjectMapping& users = schema.rules[0].objectMappings.at(3);
  CHECK(users.sourceObjectName == "user");
  REQUIRE(users.scope);
  CHECK(users.scope->inputFilterGroups.at(0).clauses.size() == 11);
  const CloudSyncAttributeMapping* guid = users.mappingTo("MSExchMailboxGuid");
  REQUIRE(guid);
  CHECK(guid->source.name == "msExchMailboxGuid");
  CHECK(guid->pointer == "/SynchronizationRules/0/ObjectMappings/3/AttributeMappings/7");
  const Snapshot s = snapshotOf(
      {mailboxIn("anna"), mailboxIn("carl", "OU=Other,DC=corp,DC=example,DC=com")}, {schema});
  CHECK(exposureOf(s, 0).flow.value == Tristate::Yes);
  CHECK(scopedOut(exposureOf(s, 1)));

  const auto error = [](const boost::json::value& d) {
    SourceState state;
    readSchema(boost::json::serialize(d), kDomain, &state);
    CHECK(state.status == SourceStatus::Failed);
    return state.errors.empty() ? std::string() : state.errors.front();
  };
  boost::json::value twice = fixtureJson();
  guidMapping(twice)["TargetAttributeName"] = "mail";
  CHECK_THAT(error(twice),
             Catch::Contains("#/synchronizationRules/0/objectMappings/3/attributeMappings/7/"
                             "TargetAttributeName: the member \"TargetAttributeName\" is given "
                             "twice (also as /synchronizationRules/0/objectMappings/3/"
                             "attributeMappings/7/targetAttributeName)"));
  boost::json::value bagToo = fixtureJson();
  bagToo.at("synchronizationRules").at(0).as_object()["AdditionalProperties"] =
      boost::json::object{{"Name", "other"}};
  CHECK_THAT(error(bagToo), Catch::Contains("/synchronizationRules/0/AdditionalProperties/Name: "
                                            "the member \"Name\" is given twice"));
}

TEST_CASE("the real 2020 Graph answer (../shared)", "[cloudsync][reader][shared]") {
  const CloudSyncSchema schema = readSchema(readFile(kShared2020), "");
  CHECK(schema.shape == "Graph GET response");
  CHECK(schema.jobId.starts_with("AD2AADProvisioning."));
  CHECK(schema.version.starts_with("Date:2020-04-30"));
  REQUIRE(schema.rules.size() == 1);
  const CloudSyncObjectMapping& users = schema.rules[0].objectMappings.at(0);
  CHECK(users.flowTypes == "Add, Update, Delete");
  // The 2020 OU scope: an ENDS_WITH distinguishedName clause in the default exclusions.
  const auto& clauses = users.scope->inputFilterGroups.at(0).clauses;
  CHECK(clauses.back().op == "ENDS_WITH");
  CHECK(clauses.back().values == std::vector<std::string>{"OU=Cloud,DC=mydomain,DC=tld"});
  REQUIRE(users.mappingTo("MSExchMailboxGuid"));
  CHECK(users.mappingTo("MSExchMailboxGuid")->flowType == "Always");
}

TEST_CASE("a schema reader that names what it was given instead", "[cloudsync][reader]") {
  const auto error = [](const std::string& text) {
    SourceState state;
    readSchema(text, kDomain, &state);
    CHECK(state.status == SourceStatus::Failed);
    return state.errors.empty() ? std::string() : state.errors.front();
  };
  const std::string text = readFile(kFixture);
  CHECK_THAT(error(text.substr(0, text.size() / 2)), Catch::Contains("malformed JSON"));
  CHECK_THAT(error(R"({"synchronizationRules": [], "synchronizationRules": []})"),
             Catch::Contains("duplicate key \"synchronizationRules\""));
  CHECK_THAT(error(R"({"id": "AD2AADPasswordHash.abc.def", "synchronizationRules": []})"),
             Catch::Contains("AD2AADPasswordHash job (password hash sync"));
  CHECK_THAT(error(R"({"value": [{"id": "AD2AADProvisioning.a.b", "templateId": "x"}]})"),
             Catch::Contains("list of a configuration's synchronization jobs"));
  CHECK_THAT(error(R"({"onpremisesDirectoryPolicy": []})"),
             Catch::Contains("Entra Connect settings export"));
  CHECK_THAT(error(R"({"error": {"code": "Authorization_RequestDenied", "message": "no"}})"),
             Catch::Contains("Authorization_RequestDenied"));
  CHECK_THAT(error(R"({"synchronizationRules": [{"name": "Writeback", "sourceDirectoryName":
             "Azure Active Directory", "targetDirectoryName": "Active Directory"}]})"),
             Catch::Contains("no rule provisions Active Directory to Entra ID"));
  CHECK_THAT(error(R"({"synchronizationRules": [{"name": "AD2AADProvisioning", "objectMappings":
             [{"enabled": "yes"}]}]})"),
             Catch::Contains("#/synchronizationRules/0/objectMappings/0/enabled: expected true"));
}

TEST_CASE("a schema saved from the tenant for a job must be that job's (its id names it)",
          "[cloudsync][reader][tenant]") {
  const std::string job =
      "AD2AADProvisioning.0123456789abcdef0123456789abcdef.5f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
  const std::string other =
      "AD2AADProvisioning.fedcba9876543210fedcba9876543210.11111111-2222-4333-8444-555555555555";
  const std::string file = "synchronization/schemas/" + job + ".json";
  const auto read = [&](const std::string& id, const std::string& task) {
    boost::json::value doc = fixtureJson();
    if (!id.empty()) doc.as_object()["id"] = id;
    if (!task.empty()) doc.as_object()["provisioningTaskIdentifier"] = task;
    CloudSyncSchema schema;
    return readCloudSyncSchemaText(boost::json::serialize(doc), {file, kDomain, job}, schema);
  };
  CHECK(read(job, job).status == SourceStatus::Complete);
  CHECK(read(toLowerAscii(job), "").status == SourceStatus::Complete);
  CHECK(read("", "").status == SourceStatus::Complete); // a PUT body saved by hand: no id
  for (const auto& [id, task, key] :
       {std::tuple<std::string, std::string, std::string>{other, job, "id"},
        {job, other, "provisioningTaskIdentifier"},
        {other, "", "id"}}) {
    const SourceState state = read(id, task);
    CHECK(state.status == SourceStatus::Failed);
    REQUIRE(state.errors.size() == 1);
    CHECK_THAT(state.errors[0],
               Catch::Contains(fmt::format("{}#/{}: the schema's {} is \"{}\", but it was saved as "
                                           "the schema of job {}",
                                           file, key, key, other, job)));
  }
  // A file given on the command line names no job: its id is not compared.
  boost::json::value doc = fixtureJson();
  doc.as_object()["id"] = other;
  CloudSyncSchema schema;
  CHECK(readCloudSyncSchemaText(boost::json::serialize(doc), {"corp.json", kDomain, {}}, schema)
            .status == SourceStatus::Complete);
}

TEST_CASE("a schema newer than migready knows is read, and its decisions not trusted",
          "[cloudsync][reader]") {
  boost::json::value doc = fixtureJson();
  doc.as_object()["version"] = "3.0";
  CHECK_THAT(readSchema(boost::json::serialize(doc)).newerThanKnown, Catch::Contains("3.0"));
  // Above 2 is unknown, 2.1 as much as 3.0, and so is a version of another form; 2.0, up to it,
  // and the GET answer's Date: versions are known.
  for (const boost::json::value& version :
       {boost::json::value("2.1"), boost::json::value("2.01"), boost::json::value(2.5),
        boost::json::value("v2"), boost::json::value("2.0-preview"), boost::json::value("-1")}) {
    doc.as_object()["version"] = version;
    CHECK_THAT(readSchema(boost::json::serialize(doc)).newerThanKnown,
               Catch::Contains("does not know"));
  }
  for (const boost::json::value& version :
       {boost::json::value("2.0"), boost::json::value("2"), boost::json::value("1.5"),
        boost::json::value(2), boost::json::value(2.0), boost::json::value("2.00"),
        boost::json::value("Date:2020-04-30T13:58:46.0955403Z, ActivityId:x")}) {
    doc.as_object()["version"] = version;
    CHECK(readSchema(boost::json::serialize(doc)).newerThanKnown.empty());
  }
  doc = fixtureJson();
  doc.at("synchronizationRules").at(0).as_object()["attributeFilter"] =
      boost::json::object{{"includedValues", boost::json::array{"x"}}};
  const CloudSyncSchema schema = readSchema(boost::json::serialize(doc));
  CHECK_THAT(schema.newerThanKnown, Catch::Contains("\"attributeFilter\""));
  const Snapshot s = snapshotOf({mailboxIn("anna")}, {schema});
  const auto r = exposureOf(s);
  CHECK(r.candidate);
  CHECK(r.flow.value == Tristate::Unknown);
}

// ---- the decision per user --------------------------------------------------------------------

TEST_CASE("the default 2025 schema sends msExchMailboxGuid for users and inetOrgPersons",
          "[cloudsync][decision]") {
  AdAccount org = mailboxIn("cleo");
  org.inetOrgPerson = true;
  AdAccount msol = mailboxIn("MSOL_0123");
  AdAccount other = mailboxIn("olga", "OU=Staff,DC=other,DC=example,DC=com");
  const Snapshot s =
      snapshotOf({mailboxIn("anna"), org, msol, other}, {readSchema(readFile(kFixture))});
  const auto anna = exposureOf(s, 0);
  REQUIRE(anna.candidate);
  CHECK(anna.flow.value == Tristate::Yes);
  CHECK(anna.flow.tool == SyncTool::CloudSync);
  CHECK(anna.flow.file == "corp.json#/synchronizationRules/0/objectMappings/3/attributeMappings/7");
  CHECK(anna.flow.item == "Cloud Sync job schema corp.json: \"Provision Active Directory users\" "
                          "(user to User), MSExchMailboxGuid <- [msExchMailboxGuid], Always");
  const auto cleo = exposureOf(s, 1);
  CHECK(cleo.flow.value == Tristate::Yes);
  CHECK_THAT(cleo.flow.why, Catch::Contains("inetOrgPerson to User"));
  CHECK(scopedOut(exposureOf(s, 2))); // NOT REGEX MATCH ^MSOL_
  // A domain no configuration serves: unknown, a blocker.
  const auto olga = exposureOf(s, 3);
  CHECK(olga.candidate);
  CHECK(olga.flow.value == Tristate::Unknown);
  CHECK_THAT(olga.flow.why,
             Catch::Contains("other.example.com) is served by no sync configuration given (the "
                             "Cloud Sync ones serve corp.example.com)") &&
                 Catch::Contains("What settles it: the AD Connect export or the Cloud Sync job "
                                 "schema that serves other.example.com"));
  const FindingList ad001 = runCheck("AD001", s);
  REQUIRE(ad001.size() == 4);
  CHECK(ad001[0].severity == Severity::Blocker);
  CHECK(ad001[0].planStep == PlanStep::ExcludeAttributeCloudSync);
  CHECK_THAT(std::string(ad001[0].remediation), Catch::Contains("MSExchMailboxGuid mapping"));
  CHECK_THAT(std::string(ad001[0].remediation), !Catch::Contains("AuthoritativeNull"));
  CHECK(ad001[0].evidence.at(1).source == "cloudsync");
  // With Cloud Sync alone, the unserved domain's finding speaks of Cloud Sync, not of Connect.
  // Out of the job's scope (the default exclusions), but nothing shows it was never synced.
  CHECK(ad001[2].subject.dn == msol.dn);
  CHECK(ad001[2].severity == Severity::Blocker);
  CHECK_THAT(ad001[2].message, Catch::Contains("Cloud Sync does not sync it now") &&
                                   Catch::Contains("excluded now, synced before"));
  CHECK(ad001[3].subject.dn == other.dn);
  CHECK(ad001[3].severity == Severity::Blocker);
  CHECK(ad001[3].evidence.at(1).source == "cloudsync");
  CHECK(ad001[3].evidence.at(1).location == "corp.json");
  CHECK_THAT(std::string(ad001[3].remediation), !Catch::Contains("AuthoritativeNull"));
}

TEST_CASE("container and group filters: in or under a container; direct members only",
          "[cloudsync][decision]") {
  boost::json::value doc = fixtureJson();
  doc.at("synchronizationRules").at(0).as_object()["containerFilter"] = boost::json::object{
      {"includedContainers", boost::json::array{"ou=cloud, OU=Staff,DC=corp,DC=example,DC=com"}}};
  const Snapshot byOu =
      snapshotOf({mailboxIn("anna"), mailboxIn("bert", "OU=Sub," + kCloudOu),
                  mailboxIn("carl", "OU=Legacy,OU=Staff,DC=corp,DC=example,DC=com")},
                 {readSchema(boost::json::serialize(doc))});
  CHECK(exposureOf(byOu, 0).flow.value == Tristate::Yes); // case and spaces as AD compares DNs
  CHECK(exposureOf(byOu, 1).flow.value == Tristate::Yes);
  CHECK(scopedOut(exposureOf(byOu, 2)));
  const FindingList ad003 = runCheck("AD003", byOu);
  REQUIRE(ad003.size() == 1);
  CHECK_THAT(ad003[0].message, Catch::Contains("outside the Cloud Sync job's scope"));
  CHECK(ad003[0].evidence.at(1).location == "corp.json#/synchronizationRules/0/containerFilter");

  doc = fixtureJson();
  doc.at("synchronizationRules").at(0).as_object()["groupFilter"] =
      boost::json::object{{"includedGroups", boost::json::array{kPilot}}};
  Snapshot byGroup = snapshotOf({mailboxIn("anna"), mailboxIn("bert"), mailboxIn("ivo")},
                                {readSchema(boost::json::serialize(doc))});
  byGroup.ad.setMemberOf(byGroup.ad.accounts[0], {kPilot});
  byGroup.ad.setMemberOf(byGroup.ad.accounts[2],
                         {"CN=Pilot Nested,OU=Groups,DC=corp,DC=example,DC=com"});
  CHECK(exposureOf(byGroup, 0).flow.value == Tristate::Yes);
  CHECK(scopedOut(exposureOf(byGroup, 1)));
  CHECK(scopedOut(exposureOf(byGroup, 2))); // a member of a member: nested, out
  // An LDIF export without memberOf for anyone: membership cannot be told.
  byGroup.ad.live = false;
  byGroup.ad.sawAttributesByFile = {0};
  byGroup.ad.accounts[0].memberOf = byGroup.ad.accounts[2].memberOf = 0;
  const auto unknown = exposureOf(byGroup, 1);
  CHECK(unknown.candidate);
  CHECK(unknown.flow.value == Tristate::Unknown);
  CHECK_THAT(unknown.flow.why, Catch::Contains("export memberOf"));
}

TEST_CASE("the MSExchMailboxGuid mapping: removed, None, Constant, ObjectAddOnly, functions, "
          "default values, a disabled object mapping",
          "[cloudsync][decision]") {
  const auto answer = [](const std::function<void(boost::json::value&)>& edit) {
    boost::json::value doc = fixtureJson();
    edit(doc);
    const Snapshot s = snapshotOf({mailboxIn("anna")}, {readSchema(boost::json::serialize(doc))});
    return exposureOf(s);
  };
  const auto removed = answer([](boost::json::value& d) {
    auto& list = userMapping(d).at("attributeMappings").as_array();
    list.erase(list.begin() + 7);
  });
  CHECK(removed.flow.value == Tristate::No);
  CHECK(removed.clearsNothing);
  CHECK_THAT(removed.flow.why, Catch::Contains("no attribute mapping to MSExchMailboxGuid"));
  const auto none = answer([](boost::json::value& d) { guidMapping(d)["source"] = nullptr; });
  CHECK(none.flow.value == Tristate::No);
  CHECK(none.clearsNothing);
  const auto noneWithDefault = answer([](boost::json::value& d) {
    guidMapping(d)["source"] = nullptr;
    guidMapping(d)["defaultValue"] = "00000000-0000-0000-0000-000000000001";
  });
  CHECK(noneWithDefault.flow.value == Tristate::Yes);
  const auto constant = answer([](boost::json::value& d) {
    guidMapping(d)["source"] = boost::json::object{{"expression", "\"x\""},
                                                   {"name", "x"},
                                                   {"type", "Constant"},
                                                   {"parameters", boost::json::array()}};
  });
  CHECK(constant.flow.value == Tristate::Yes);
  CHECK_THAT(constant.flow.why, Catch::Contains("constant"));
  // An empty constant, however written (the portal writes the expression "\"\""): unknown, as
  // docs/cloud-sync.md says, never "reaches".
  for (const auto& [expression, name] : std::vector<std::pair<std::string, std::string>>{
           {"\"\"", ""}, {"", ""}, {"\" \"", " "}, {"\"\"", ""}}) {
    const auto empty = answer([&, &expression = expression, &name = name](boost::json::value& d) {
      guidMapping(d)["source"] = boost::json::object{{"expression", expression},
                                                     {"name", name},
                                                     {"type", "Constant"},
                                                     {"parameters", boost::json::array()}};
      guidMapping(d)["defaultValue"] = "";
    });
    CHECK(empty.flow.value == Tristate::Unknown);
    CHECK_THAT(empty.flow.why, Catch::Contains("empty constant"));
  }
  const auto addOnly =
      answer([](boost::json::value& d) { guidMapping(d)["flowType"] = "ObjectAddOnly"; });
  CHECK(addOnly.flow.value == Tristate::Unknown);
  CHECK_THAT(addOnly.flow.why, Catch::Contains("created the cloud user"));
  const auto ignoreFlow = answer([](boost::json::value& d) {
    guidMapping(d)["source"] = boost::json::parse(
        R"J({"expression": "IgnoreFlowIfNullOrEmpty([msExchMailboxGuid])",
             "name": "IgnoreFlowIfNullOrEmpty", "type": "Function",
             "parameters": [{"key": "source", "value": {"expression": "[msExchMailboxGuid]",
                             "name": "msExchMailboxGuid", "type": "Attribute"}}]})J");
  });
  CHECK(ignoreFlow.flow.value == Tristate::Yes);
  const auto function = answer([](boost::json::value& d) {
    guidMapping(d)["source"] = boost::json::parse(
        R"J({"expression": "Left([msExchMailboxGuid], 4)", "name": "Left",
             "type": "Function", "parameters": []})J");
  });
  CHECK(function.flow.value == Tristate::Unknown);
  CHECK_THAT(function.flow.why, Catch::Contains("Left([msExchMailboxGuid], 4)"));
  const auto disabled = answer([](boost::json::value& d) { userMapping(d)["enabled"] = false; });
  CHECK(disabled.candidate);
  CHECK(disabled.flow.value == Tristate::No);
  CHECK(disabled.clearsNothing);
  CHECK_THAT(disabled.flow.why, Catch::Contains("object mapping is disabled"));
}

TEST_CASE("duplicates: every mapping to MSExchMailboxGuid, every object mapping of the class "
          "and every rule counts, not the first; the worst decides",
          "[cloudsync][decision][duplicates]") {
  const auto answer = [](const std::function<void(boost::json::value&)>& edit) {
    boost::json::value doc = fixtureJson();
    edit(doc);
    const Snapshot s = snapshotOf({mailboxIn("anna")}, {readSchema(boost::json::serialize(doc))});
    return exposureOf(s);
  };
  const auto mappingFirst = [](boost::json::value& d, boost::json::value first) {
    auto& list = userMapping(d).at("attributeMappings").as_array();
    list.insert(list.begin(), std::move(first));
  };
  // A harmless mapping of the same target before the real one: the real one still sends it.
  const auto noneFirst = answer([&](boost::json::value& d) {
    mappingFirst(d, boost::json::parse(R"J({"targetAttributeName": "MSExchMailboxGuid",
        "source": null, "flowType": "Always"})J"));
  });
  CHECK(noneFirst.flow.value == Tristate::Yes);
  CHECK(noneFirst.flow.file ==
        "corp.json#/synchronizationRules/0/objectMappings/3/attributeMappings/8");
  CHECK_THAT(noneFirst.flow.why, Catch::Contains("2 mappings to MSExchMailboxGuid"));
  const auto otherFirst = answer([&](boost::json::value& d) {
    mappingFirst(d, boost::json::parse(R"J({"targetAttributeName": "msexchmailboxguid",
        "source": {"expression": "[mail]", "name": "mail", "type": "Attribute"}})J"));
    guidMapping(d)["source"] = nullptr; // the real one now None: the unknown one counts
  });
  CHECK(otherFirst.flow.value == Tristate::Unknown);
  CHECK_THAT(otherFirst.flow.why, Catch::Contains("copies mail"));
  // Two object mappings for users (names differ in case): the first one sends nothing.
  const auto twoObjectMappings = answer([](boost::json::value& d) {
    boost::json::object copy = userMapping(d);
    copy["sourceObjectName"] = "USER";
    copy["attributeMappings"] = boost::json::array();
    auto& list = d.at("synchronizationRules").at(0).at("objectMappings").as_array();
    list.insert(list.begin(), copy);
  });
  CHECK(twoObjectMappings.flow.value == Tristate::Yes);
  // Two rules: the first one's user mapping disabled; the second still provisions and sends.
  const auto twoRules = answer([](boost::json::value& d) {
    auto& rules = d.at("synchronizationRules").as_array();
    boost::json::value first = rules.at(0);
    for (auto& m : first.at("objectMappings").as_array())
      m.as_object()["enabled"] = false;
    rules.insert(rules.begin(), first);
  });
  CHECK(twoRules.flow.value == Tristate::Yes);
  CHECK(twoRules.flow.file ==
        "corp.json#/synchronizationRules/1/objectMappings/3/attributeMappings/7");
  // Out of one rule's scope, in the other's: in scope.
  const auto scopedRules = answer([](boost::json::value& d) {
    auto& rules = d.at("synchronizationRules").as_array();
    boost::json::value second = rules.at(0);
    rules.at(0).as_object()["containerFilter"] =
        boost::json::object{{"includedContainers", boost::json::array{"OU=Elsewhere,DC=x"}}};
    rules.push_back(second);
  });
  CHECK(scopedRules.candidate);
  CHECK(scopedRules.flow.value == Tristate::Yes);
}

TEST_CASE("excluded now, synced before: Cloud Sync clears nothing, so AD001 stays a blocker "
          "until the cloud shows the user clean",
          "[cloudsync][decision][AD001]") {
  boost::json::value doc = fixtureJson();
  auto& list = userMapping(doc).at("attributeMappings").as_array();
  list.erase(list.begin() + 7);
  Snapshot s = snapshotOf({mailboxIn("anna")}, {readSchema(boost::json::serialize(doc))});
  FindingList f = runCheck("AD001", s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Blocker);
  CHECK_THAT(f[0].message, Catch::Contains("clears nothing it sent before"));
  CHECK(f[0].planStep == PlanStep::None); // nothing to remove from the schema any more
  // Entra ID read, the recycle bin too, and no synced user joined to the account: it never
  // reached the cloud.
  s.source(SourceKind::Graph).status = SourceStatus::Complete;
  s.cloud.deletedUsersCollected = true;
  f = runCheck("AD001", s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Info);
  CHECK_THAT(f[0].message, Catch::Contains("never reached Entra ID"));
  // A synced user joined to it, without Exchange Online data: a blocker again, and CLOUD001's.
  CloudUser u;
  u.id = "11111111-2222-4333-8444-555555555555";
  u.userPrincipalName = "anna@example.com";
  u.onPremisesSyncEnabled = true;
  u.location = "users/page-001.json#/value/0";
  u.join = {0, JoinKey::ImmutableIdFromObjectGuid};
  s.cloud.users = {u};
  CHECK(runCheck("AD001", s).at(0).severity == Severity::Blocker);
  const FindingList cloud001 = runCheck("CLOUD001", s);
  REQUIRE(cloud001.size() == 1);
  CHECK(cloud001[0].planStep == PlanStep::RemoveCloudSyncUser);
  CHECK_THAT(std::string(cloud001[0].remediation), Catch::Contains("Scoping filters"));
  // Entra ID read: AD001 says what the cloud shows, not "scan Entra ID". Exchange Online not
  // read: that is what settles it.
  FindingList notAsked = runCheck("AD001", s);
  REQUIRE(notAsked.size() == 1);
  CHECK(notAsked[0].severity == Severity::Blocker);
  CHECK_THAT(notAsked[0].message,
             Catch::Contains("anna@example.com") &&
                 Catch::Contains("Exchange Online was not read") &&
                 !Catch::Contains("Entra ID data that shows no synced cloud user"));
  CHECK_THAT(std::string(notAsked[0].remediation), !Catch::Contains("scan Entra ID too"));
  // Exchange Online read, and the cloud user holds the ExchangeGuid (CLOUD005's confirmation):
  // a blocker with the cloud's evidence.
  ExchangeMailUser m;
  m.externalDirectoryObjectId = u.id;
  m.userPrincipalName = u.userPrincipalName;
  m.exchangeGuid = kG1;
  m.hasExchangeGuid = true;
  m.recipientTypeDetails = "MailUser";
  m.location = "exchange/mailusers.json#/value/0";
  s.cloud.mailUsers = {m};
  s.cloud.exchangeCollected = true;
  FindingList confirmed = runCheck("AD001", s);
  REQUIRE(confirmed.size() == 1);
  CHECK(confirmed[0].severity == Severity::Blocker);
  CHECK_THAT(confirmed[0].message, Catch::Contains("Entra ID shows it did") &&
                                       Catch::Contains(fmt::format("holds ExchangeGuid {}", kG1)) &&
                                       !Catch::Contains("unknown"));
  CHECK_THAT(std::string(confirmed[0].remediation), Catch::Contains("hard-delete"));
  CHECK(std::any_of(
      confirmed[0].evidence.begin(), confirmed[0].evidence.end(),
      [](const Evidence& e) { return e.location == "exchange/mailusers.json#/value/0"; }));
  // ... or holds none: settled.
  s.cloud.mailUsers[0].exchangeGuid = "00000000-0000-0000-0000-000000000000";
  s.cloud.mailUsers[0].hasExchangeGuid = false;
  FindingList clean = runCheck("AD001", s);
  REQUIRE(clean.size() == 1);
  CHECK(clean[0].severity == Severity::Info);
  CHECK_THAT(clean[0].message, Catch::Contains("holds no ExchangeGuid"));
}

TEST_CASE("out of a Cloud Sync job's scope is not safe: what it synced before may stay, so AD001 "
          "stays a blocker until the cloud shows the user clean",
          "[cloudsync][decision][AD001]") {
  boost::json::value doc = fixtureJson();
  doc.at("synchronizationRules").at(0).as_object()["containerFilter"] = boost::json::object{
      {"includedContainers", boost::json::array{"OU=Elsewhere,DC=corp,DC=example,DC=com"}}};
  Snapshot s = snapshotOf({mailboxIn("anna")}, {readSchema(boost::json::serialize(doc))});
  CHECK(scopedOut(exposureOf(s)));
  FindingList f = runCheck("AD001", s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Blocker);
  CHECK_THAT(f[0].message, Catch::Contains("Cloud Sync does not sync it now") &&
                               Catch::Contains("the container filter includes only") &&
                               Catch::Contains("excluded now, synced before"));
  // Entra ID read with its recycle bin, and no synced user joined to it: never synced.
  s.source(SourceKind::Graph).status = SourceStatus::Complete;
  s.cloud.deletedUsersCollected = true;
  f = runCheck("AD001", s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Info);
  CHECK_THAT(f[0].message, Catch::Contains("never reached Entra ID"));
  // The recycle bin not read: unknown, and the message says what settles it.
  s.cloud.deletedUsersCollected = false;
  f = runCheck("AD001", s);
  CHECK(f.at(0).severity == Severity::Blocker);
  CHECK_THAT(f.at(0).message, Catch::Contains("the recycle bin (deleted users) was not read"));
}

TEST_CASE("SYNC004: Connect's pilot rules and staging mode decide which tool exports",
          "[cloudsync][decision][SYNC004]") {
  const CloudSyncSchema schema = readSchema(readFile(kFixture));
  Snapshot s = snapshotOf(
      {mailboxIn("anna"), mailboxIn("carl", "OU=Legacy,OU=Staff,DC=corp,DC=example,DC=com")},
      {schema});
  s.sync =
      test::defaultExport("DC=corp,DC=example,DC=com", {"OU=Staff,DC=corp,DC=example,DC=com"}, {});
  // Connect exports it too: both tools take anna in and send the attribute.
  auto anna = exposureOf(s, 0);
  CHECK(anna.bothTools);
  CHECK(anna.flow.value == Tristate::Yes);
  CHECK(anna.alsoDecided.size() == 1);
  CHECK_THAT(anna.flow.why, Catch::Contains("also in scope of"));
  CHECK(runCheck("SYNC004", s).size() == 2);
  // Connect keeps it out (an AuthoritativeNull rule): Cloud Sync still sends it.
  test::addRule(*s.sync, test::nullRule(90));
  anna = exposureOf(s, 0);
  CHECK(anna.flow.value == Tristate::Yes);
  CHECK(anna.flow.tool == SyncTool::CloudSync);
  // The pilot: cloudNoFlow = True for the Cloud OU, and JoinNoFlow: Connect stands aside there.
  SyncRule pilot;
  pilot.id = "{00000000-0000-4000-8000-0000000000aa}";
  pilot.name = "In from AD - Cloud Sync pilot";
  pilot.file = "export/SynchronizationRules/pilot.xml";
  pilot.connector = "{AE4DB4CC-B16B-4EB2-ACF5-837CA84E4D7D}";
  pilot.precedence = 50;
  pilot.sourceObjectType = "user";
  pilot.targetObjectType = "person";
  pilot.scope = {{{"dn", "ENDSWITH", kCloudOu}}};
  pilot.mappings = {{"cloudNoFlow", {}, "True"}};
  SyncRule noFlow;
  noFlow.id = "{00000000-0000-4000-8000-0000000000ab}";
  noFlow.name = "Out to AAD - Cloud Sync pilot";
  noFlow.file = "export/SynchronizationRules/noflow.xml";
  noFlow.connector = std::string(kAzureAdConnectorId);
  noFlow.outbound = true;
  noFlow.precedence = 51;
  noFlow.linkType = "JoinNoFlow";
  noFlow.sourceObjectType = "person";
  noFlow.targetObjectType = "user";
  test::addRule(*s.sync, pilot);
  test::addRule(*s.sync, noFlow);
  CHECK(runCheck("SYNC004", s).size() == 1); // carl only: outside the pilot OU
  anna = exposureOf(s, 0);
  CHECK_FALSE(anna.bothTools);
  CHECK(anna.flow.tool == SyncTool::CloudSync);
  // Staging mode beside Cloud Sync (as Microsoft's migration tool leaves Connect): Cloud Sync
  // exports, nobody is in both.
  s.sync->stagingMode = true;
  CHECK(runCheck("SYNC004", s).empty());
  const MailboxGuidExposure exposure(s);
  CHECK(exposure.syncingTool(&s.ad.accounts[1]) == SyncTool::CloudSync);
}

TEST_CASE("SYNC005: a tenant's Cloud Sync job that no schema covers; its domain unknown",
          "[cloudsync][decision][SYNC005]") {
  Snapshot s = snapshotOf({mailboxIn("anna")}, {});
  s.source(SourceKind::Sync).status = SourceStatus::NotProvided;
  s.source(SourceKind::Graph).status = SourceStatus::Complete;
  CloudSyncJob job;
  job.id =
      "AD2AADProvisioning.a948e1d58215475cb76a66f39959b21a.791b065b-71d9-42b7-9745-8f6a00f2339b";
  job.templateId = "AD2AADProvisioning";
  job.domain = kDomain;
  job.scheduleState = "Active";
  job.statusCode = "Active";
  job.location = "synchronization/jobs/sp/page-001.json#/value/0";
  s.cloud.cloudSyncJobs = {job};
  s.cloud.cloudSyncCollected = true;
  const auto anna = exposureOf(s);
  CHECK(anna.candidate);
  CHECK(anna.flow.value == Tristate::Unknown);
  CHECK_THAT(anna.flow.why, Catch::Contains("its job schema was not read"));
  const FindingList f = runCheck("SYNC005", s);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Blocker);
  CHECK_THAT(f[0].message, Catch::Contains("provisions corp.example.com"));
  // With a schema for the domain, the job is covered.
  s.cloudSync = {readSchema(readFile(kFixture))};
  CHECK(runCheck("SYNC005", s).empty());
}

TEST_CASE("a schema without a domain, and two AD domains, is a usage error naming them",
          "[cloudsync][domains]") {
  Snapshot s =
      snapshotOf({mailboxIn("anna"), mailboxIn("olga", "OU=Staff,DC=other,DC=example,DC=com")},
                 {readSchema(readFile(kFixture), "")});
  s.syncInputs.push_back({SyncTool::CloudSync, "corp.json", "", false, {}, {}, {}, {}, {}});
  auto problems = cloudSyncDomainProblems(s);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Catch::Contains("2 domains (corp.example.com, other.example.com)"));
  s.syncInputs[0].domain = kDomain;
  CHECK(cloudSyncDomainProblems(s).empty());
  s.syncInputs.push_back({SyncTool::CloudSync, "again.json", kDomain, false, {}, {}, {}, {}, {}});
  problems = cloudSyncDomainProblems(s);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Catch::Contains("corp.json and again.json both serve corp.example.com"));
}

TEST_CASE("reports of schema 1.x (sources.adconnect) and 2.0 (sources.sync) read back alike",
          "[cloudsync][gate]") {
  TempPath file("old.json");
  for (const auto& [version, key] : {std::pair{"1.2", "adconnect"}, std::pair{"2.0", "sync"}}) {
    file.write(fmt::format(
        R"({{"schemaVersion":"{}","tool":{{"name":"migready","version":"0.1.0"}},)"
        R"("generatedAt":"2026-11-01T00:00:00Z","verdict":"READY","verdictReason":"",)"
        R"("failOn":"blocker","sources":{{"ad":{{"status":"complete"}},"{}":{{"status":"partial",)"
        R"("detail":"d"}}}},"checks":[],"findings":[]}})",
        version, key));
    const SavedReport r = readSavedReport(file.str());
    CHECK(r.source(SourceKind::Sync).status == SourceStatus::Partial);
    CHECK(r.source(SourceKind::Sync).detail == "d");
  }
}

TEST_CASE("a DN's domain, with and without building its name", "[cloudsync][domains]") {
  CHECK(dnsDomainOf("CN=a,OU=b,DC=Corp,DC=Example,DC=com") == "corp.example.com");
  CHECK(dnsDomainOf("CN=a,OU=b") == "");
  for (const auto& [dn, domain, in] : std::vector<std::tuple<std::string, std::string, bool>>{
           {"CN=a,OU=b,DC=corp,DC=example,DC=com", "corp.example.com", true},
           {"CN=a,OU=b,DC=CORP,DC=Example,DC=COM", "corp.example.com", true},
           {"CN=a, OU=b, DC=corp, DC=example, DC=com", "corp.example.com", true},
           {"CN=a,OU=b,DC=child,DC=corp,DC=example,DC=com", "corp.example.com", false},
           {"CN=a,OU=b,DC=child,DC=corp,DC=example,DC=com", "child.corp.example.com", true},
           {"CN=a,OU=b,DC=example,DC=com", "corp.example.com", false},
           {"CN=a,OU=b,DC=corp,DC=example,DC=org", "corp.example.com", false},
           {"CN=a\\,DC=x,OU=b,DC=corp,DC=example,DC=com", "corp.example.com", true},
           {"CN=a,DC=x,OU=b,DC=com", "com", true},
           {"DC=corp,DC=example,DC=com", "corp.example.com", true},
           {"CN=a,OU=b", "corp.example.com", false}}) {
    INFO(dn << " in " << domain);
    CHECK(dnInDomain(dn, domain) == in);
    CHECK((dnsDomainOf(dn) == domain) == in);
  }
}

TEST_CASE("the schema reader leaves the directories out, but reads them as strictly",
          "[cloudsync][reader]") {
  JsonError error;
  const auto doc =
      parseStrictJson(R"({"a": 1, "directories": [{"x": {"y": [1, "2", null]}}], "b": [true]})",
                      error, {"directories"});
  REQUIRE(doc);
  CHECK(boost::json::serialize(*doc) == R"({"a":1,"b":[true]})");
  CHECK_FALSE(parseStrictJson(R"({"directories": [{"x": 1, "x": 2}]})", error, {"directories"}));
  CHECK_THAT(error.message, Catch::Contains("duplicate key \"x\""));
  CHECK_FALSE(parseStrictJson(R"({"directories": [}", "a": 1})", error, {"directories"}));
  // Only the root's member: the same key deeper down is kept.
  const auto deep =
      parseStrictJson(R"({"a": {"directories": 2}, "directories": "s"})", error, {"directories"});
  REQUIRE(deep);
  CHECK(boost::json::serialize(*deep) == R"({"a":{"directories":2}})");
}
