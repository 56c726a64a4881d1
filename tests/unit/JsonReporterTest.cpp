#include "reporters/JsonReporter.h"

#include "reporters/common/TextClean.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <sstream>

using namespace migready;
namespace json = boost::json;

namespace {
Report sampleReport(std::string hostile) {
  Report r;
  r.toolVersion = "9.9.9";
  r.generatedAt = "2026-11-27T00:00:00Z";
  r.gate.verdict = Verdict::NotReady;
  r.gate.reason = "1 finding(s) at or above blocker";
  r.scope = {SourceKind::Ad};
  r.sources[0].status = SourceStatus::Complete;
  r.sources[0].objects = 1;
  r.sources[0].origin = "users.ldf";
  r.checks.push_back({"AD001", "title", "AD", Severity::Blocker, CheckStatus::Fail, 1, "", 0.0,
                      "mailbox-guid-not-remote", "doc", Severity::Blocker, Severity::Blocker, 0});
  Finding f;
  f.check = "AD001";
  f.severity = Severity::Blocker;
  f.subject.dn = "CN=" + hostile + ",DC=x";
  f.subject.displayName = hostile;
  f.message = "message " + hostile;
  f.remediation = "do this";
  f.evidence.push_back({"ad", "users.ldf:2", hostile});
  f.fingerprint = "0123456789abcdef0123456789abcdef";
  r.findings.push_back(f);
  r.countFindings();
  return r;
}
} // namespace

TEST_CASE("invalid UTF-8 becomes U+FFFD, valid text is untouched", "[reporters][text]") {
  CHECK(toValidUtf8("plain ascii") == "plain ascii");
  CHECK(toValidUtf8("J\xC3\xBCrgen \xF0\x9F\x98\x80") == "J\xC3\xBCrgen \xF0\x9F\x98\x80");
  CHECK(toValidUtf8("a\xFF"
                    "b") == "a\xEF\xBF\xBD"
                            "b");
  CHECK(toValidUtf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                 // overlong '/'
  CHECK(toValidUtf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // surrogate
  CHECK(toValidUtf8("end\xE2\x82") == "end\xEF\xBF\xBD\xEF\xBF\xBD");           // truncated
  CHECK(toValidUtf8("\xF4\x90\x80\x80").find("\xEF\xBF\xBD") == 0);             // > U+10FFFF
}

TEST_CASE("control characters from the directory are shown, never sent raw", "[reporters][text]") {
  const std::string hostile = std::string("a\x1b[2Jb\x07"
                                          "c\0d\x7f",
                                          11) +
                              "e\xC2\x9b"
                              "f\tg\nh\ri";
  const std::string shown = visibleText(hostile);
  CHECK(shown == "a\\x1b[2Jb\\x07c\\x00d\\x7fe\\u009bf\\x09g\\x0ah\\x0di");
  for (const std::string& out :
       {csvField(hostile), markdownCell(hostile), htmlEscape(hostile), toXmlText(hostile)})
    for (unsigned char c : out) {
      CHECK(c != 0x1b);
      CHECK(c != 0x07);
      CHECK(c != 0x00);
    }
  CHECK(csvField("=cmd|' /C calc'!A0").rfind("\"'=", 0) == 0); // formula neutralised still
  CHECK(csvField(hostile).find("\\x1b") != std::string::npos);
  std::string js;
  appendJsonString(js, hostile, true);
  CHECK(js.find("\\x1b") != std::string::npos);
  CHECK(js.find('\x1b') == std::string::npos);
  CHECK(visibleText("J\xC3\xBCrgen \xF0\x9F\x98\x80") == "J\xC3\xBCrgen \xF0\x9F\x98\x80");
}

TEST_CASE("bidirectional controls and line breaks are shown in every format people read",
          "[reporters][text]") {
  // U+202E makes "Paula<U+202E>txt.exe" read as "Paulaexe.txt"; a CR LF in a name broke the
  // Markdown table's line and read as a space.
  const std::string name = "Paula\xE2\x80\xAEtxt.exe\r\nOlsen\xE2\x81\xA6x\xD8\x9C";
  CHECK(visibleText(name) == "Paula\\u202etxt.exe\\x0d\\x0aOlsen\\u2066x\\u061c");
  CHECK(markdownCell(name) == "Paula\\u202etxt.exe\\x0d\\x0aOlsen\\u2066x\\u061c");
  for (const std::string& out :
       {csvField(name), htmlEscape(name), toXmlText(name), powershellComment(name)})
    CHECK(out.find("\xE2\x80\xAE") == std::string::npos);
  std::string js;
  appendJsonString(js, name, true); // the HTML's data block: shown, never decoded
  CHECK(js.find("\\\\u202e") != std::string::npos);
  std::string exact;
  appendJsonString(exact, name); // JSON for programs keeps the value
  CHECK(exact.find("\xE2\x80\xAE") != std::string::npos);
  CHECK(markdownCell("a\tb") == "a b");
}

TEST_CASE("URI paths are percent-encoded per RFC 3986", "[reporters][text]") {
  CHECK(uriPath("SynchronizationRules/SynchronizationRule_{8d26623c}.xml", true) ==
        "SynchronizationRules/SynchronizationRule_%7B8d26623c%7D.xml");
  CHECK(uriPath("a b/c%d", true) == "a%20b/c%25d");
  CHECK(uriPath("a/b", false) == "a%2Fb");
  // A DN is one segment; its ':' is encoded so that it never reads as a scheme.
  CHECK(uriPath("CN=Berg\\, Anna:x,DC=corp", false) == "CN=Berg%5C,%20Anna%3Ax,DC=corp");
  CHECK(uriPath("J\xC3\xBCrgen", true) == "J%C3%BCrgen");
  CHECK(uriPath("~user_1-2.x!$&'()*+,;=@", true) == "~user_1-2.x!$&'()*+,;=@");
}

TEST_CASE("PowerShell strings and comments hold any name and end where they should",
          "[reporters][text]") {
  CHECK(powershellString("O'Brien") == "'O''Brien'");
  CHECK(powershellString("$(Remove-Item C:\\) `n \"x\"") == "'$(Remove-Item C:\\) `n \"x\"'");
  // PowerShell reads U+2018..U+201B as single quotes too: each is doubled like '.
  CHECK(powershellString("a\xE2\x80\x98"
                         "b\xE2\x80\x99"
                         "c\xE2\x80\x9A"
                         "d\xE2\x80\x9B"
                         "e") == "'a\xE2\x80\x98\xE2\x80\x98"
                                 "b\xE2\x80\x99\xE2\x80\x99"
                                 "c\xE2\x80\x9A\xE2\x80\x9A"
                                 "d\xE2\x80\x9B\xE2\x80\x9B"
                                 "e'");
  CHECK(powershellString("\xFF") == "'\xEF\xBF\xBD'");
  // A comment stays one line: line breaks of every kind are shown, not sent.
  const std::string comment = powershellComment("a\nb\rc\xE2\x80\xA8"
                                                "d\xE2\x80\xA9"
                                                "e\xC2\x85"
                                                "f");
  CHECK(comment.find('\n') == std::string::npos);
  CHECK(comment.find('\r') == std::string::npos);
  CHECK(comment.find("\xE2\x80\xA8") == std::string::npos);
  CHECK(comment.find("\xE2\x80\xA9") == std::string::npos);
  CHECK(comment.find("\xC2\x85") == std::string::npos);
  CHECK(comment.find("\\u2028") != std::string::npos);
}

TEST_CASE("the JSON report is valid JSON whatever the directory held", "[reporters][json]") {
  static const char kHostile[] = "</script><img src=x onerror=alert(1)>\"'\\\x01\x1f\x7f\xFF\xC3";
  const std::string hostile = std::string(kHostile, sizeof kHostile - 1) + std::string(10000, 'A');
  std::ostringstream out;
  JsonReporter().write(sampleReport(hostile), out);
  json::value doc;
  REQUIRE_NOTHROW(doc = json::parse(out.str()));
  const auto& o = doc.as_object();
  CHECK(o.at("schemaVersion") == "2.0");
  CHECK(o.at("verdict") == "NOT_READY");
  CHECK(o.at("exitCode") == 1);
  CHECK(o.at("tool").at("version") == "9.9.9");
  CHECK(o.at("sources").at("ad").at("status") == "complete");
  CHECK(o.at("sources").at("graph").at("status") == "not_provided");
  CHECK(o.at("summary").at("blocker") == 1);
  const auto& f = o.at("findings").at(0).as_object();
  CHECK(f.at("subject").at("upn").is_null());
  const std::string name(f.at("subject").at("displayName").as_string());
  CHECK(name.find("</script>") == 0); // JSON needs no HTML escaping; the text survives intact
  CHECK(name.find("\xEF\xBF\xBD") != std::string::npos);
  CHECK(name.size() > 10000);
  CHECK(out.str().find("\\u0001") != std::string::npos); // control characters escaped
}

TEST_CASE("an empty report is still a complete document", "[reporters][json]") {
  Report r;
  std::ostringstream out;
  JsonReporter().write(r, out);
  const json::value doc = json::parse(out.str());
  CHECK(doc.at("findings").as_array().empty());
  CHECK(doc.at("checks").as_array().empty());
}
