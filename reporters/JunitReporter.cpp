#include "reporters/JunitReporter.h"

#include "reporters/common/InputLocations.h"
#include "reporters/common/ReportText.h"
#include "reporters/common/TextClean.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <pugixml.hpp>

namespace migready {

namespace {
constexpr std::size_t kFindingsInMessage = 5;
constexpr std::size_t kFindingsInBody = 50;

std::string seconds(double s) {
  return fmt::format("{:.3f}", s);
}

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double time = 0;
};

void setCounts(pugi::xml_node n, const Counts& c) {
  n.append_attribute("tests") = std::to_string(c.tests).c_str();
  n.append_attribute("failures") = std::to_string(c.failures).c_str();
  n.append_attribute("errors") = std::to_string(c.errors).c_str();
  n.append_attribute("skipped") = std::to_string(c.skipped).c_str();
  n.append_attribute("time") = seconds(c.time).c_str();
}

void text(pugi::xml_node n, std::string_view value) {
  n.text().set(toXmlText(value).c_str());
}
void attr(pugi::xml_node n, const char* name, std::string_view value) {
  n.append_attribute(name) = toXmlText(value).c_str();
}
} // namespace

void JunitReporter::write(const Report& r, std::ostream& out) const {
  const InputLocations where(r.inputs);
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = doc.append_child("testsuites");
  // A CI gate's report: named by the gate's decision (the exit code follows it).
  attr(root, "name", fmt::format("migready {}: {}", r.toolVersion, toString(r.gate.verdict)));
  Counts total;

  // Sources first: a failed or partial source, or one in scope that was not given, fails.
  pugi::xml_node sources = root.append_child("testsuite");
  Counts sc;
  std::vector<pugi::xml_node> sourceCases;
  for (SourceKind k : kAllSources) {
    const SourceState& s = r.source(k);
    pugi::xml_node tc = sources.append_child("testcase");
    attr(tc, "classname", "migready.sources");
    attr(tc, "name", fmt::format("source {}", toString(k)));
    tc.append_attribute("time") = "0.000";
    ++sc.tests;
    if (s.status == SourceStatus::Failed || s.status == SourceStatus::Partial) {
      ++sc.failures;
      pugi::xml_node f = tc.append_child("failure");
      attr(f, "type", toString(s.status));
      attr(f, "message", r.shownText(r.sourceSentence(k)));
      std::string body;
      for (const auto& e : s.errors)
        body += r.shownText(e) + "\n";
      text(f, body);
    } else if (s.status == SourceStatus::NotProvided) {
      if (r.inScope(k)) {
        ++sc.failures;
        pugi::xml_node f = tc.append_child("failure");
        attr(f, "type", "not_provided");
        attr(f, "message", r.shownText(r.sourceSentence(k)));
      } else {
        ++sc.skipped;
        attr(tc.append_child("skipped"), "message", r.shownText(r.sourceSentence(k)));
      }
    } else {
      text(tc.append_child("system-out"),
           fmt::format("{} object(s) from {}: {}", s.objects, r.shownText(s.origin),
                       r.shownText(s.detail)));
    }
  }
  attr(sources, "name", "sources");
  // Where CI tools show a suite's properties: the tenant's readiness beside the gate's decision,
  // and the gate's counts: waived findings, and against the baseline the new, unchanged and
  // resolved ones.
  std::vector<std::pair<std::string, std::string>> gate;
  gate.emplace_back("readiness", std::string(toString(r.readiness)));
  gate.emplace_back("gate", gateSentence(r));
  if (!r.waiverFile.empty()) gate.emplace_back("waived", std::to_string(r.waived));
  if (r.baseline) {
    gate.emplace_back("baseline", r.shownPath(r.baseline->file));
    gate.emplace_back("new", std::to_string(r.baseline->newFindings));
    gate.emplace_back("unchanged", std::to_string(r.baseline->unchanged));
    gate.emplace_back("resolved", std::to_string(r.baseline->resolved.size()));
    gate.emplace_back("mode", r.gate.newOnly ? "new findings only" : "all findings");
  }
  if (!r.gate.wave.empty()) gate.emplace_back("wave", r.gate.wave);
  if (!gate.empty()) {
    pugi::xml_node properties = sources.prepend_child("properties");
    for (const auto& [name, value] : gate) {
      pugi::xml_node p = properties.append_child("property");
      attr(p, "name", fmt::format("migready.{}", name));
      attr(p, "value", value);
    }
  }
  setCounts(sources, sc);

  // One suite per check group, in catalog order of first appearance.
  std::vector<std::string> groups;
  for (const CheckResult& c : r.checks)
    if (std::find(groups.begin(), groups.end(), c.group) == groups.end()) groups.push_back(c.group);
  // Per check, the findings that fail it (at or above fail-on, counted by the gate) and the ones
  // a waiver accepts (listed in system-out, never failing).
  std::map<std::string, std::vector<const Finding*>> byCheck, waivedByCheck;
  for (const Finding& f : r.findings) {
    auto& list = f.waived() ? waivedByCheck[f.check] : byCheck[f.check];
    if (list.size() < kFindingsInBody &&
        (f.waived() || (f.severity >= r.gate.failOn && r.gate.counts(f))))
      list.push_back(&f);
  }
  std::vector<std::pair<pugi::xml_node, Counts>> suites;
  for (const std::string& g : groups) {
    pugi::xml_node suite = root.append_child("testsuite");
    attr(suite, "name", g);
    Counts gc;
    for (const CheckResult& c : r.checks) {
      if (c.group != g) continue;
      pugi::xml_node tc = suite.append_child("testcase");
      attr(tc, "classname", fmt::format("migready.{}", g));
      attr(tc, "name", fmt::format("{} {}", c.id, c.title));
      tc.append_attribute("time") = seconds(c.seconds).c_str();
      ++gc.tests;
      gc.time += c.seconds;
      std::string out; // system-out: what does not fail the case
      if (c.waived > 0) {
        out += fmt::format("{} finding(s) waived (accepted exceptions, not counted):\n", c.waived);
        for (const Finding* f : waivedByCheck[c.id]) {
          const Waiver& w = *r.waiverOf(*f);
          out += fmt::format("[{}] {}\n", waiverSentence(w), r.shownText(f->message));
        }
        if (c.waived > waivedByCheck[c.id].size())
          out += fmt::format("... and {} more in the full report\n",
                             c.waived - waivedByCheck[c.id].size());
      }
      if (c.status == CheckStatus::NotRun) {
        ++gc.skipped;
        attr(tc.append_child("skipped"), "message", c.reason);
      } else if (c.status == CheckStatus::Error) {
        ++gc.errors;
        pugi::xml_node e = tc.append_child("error");
        attr(e, "message", fmt::format("the check failed to run: {}", c.reason));
      } else if (failsGate(c, r.gate.failOn)) {
        ++gc.failures;
        const auto& listed = byCheck[c.id];
        std::string message = fmt::format("{} finding(s){}, worst {}, at or above {}{}", c.findings,
                                          c.waived ? fmt::format(" ({} waived)", c.waived) : "",
                                          toString(*c.gateWorst), toString(r.gate.failOn),
                                          r.gate.newOnly ? " (new findings only)" : "");
        for (std::size_t i = 0; i < listed.size() && i < kFindingsInMessage; ++i)
          message += fmt::format("; {}", r.shownText(listed[i]->message));
        std::string body;
        for (const Finding* f : listed) {
          body += fmt::format("[{}] {}\n", toString(f->severity), r.shownText(f->message));
          for (const Evidence& e : f->evidence)
            body += fmt::format("    {}: {}\n", evidenceSourceWords(e.source),
                                r.shownText(where.shown(e)));
        }
        if (c.findings - c.waived > listed.size())
          body += fmt::format("... and {} more in the full report\n",
                              c.findings - c.waived - listed.size());
        pugi::xml_node f = tc.append_child("failure");
        attr(f, "type", toString(*c.worst));
        attr(f, "message", message);
        text(f, body);
      } else if (c.findings > c.waived) {
        out += fmt::format("{} finding(s) that do not fail the scan (below {}{})",
                           c.findings - c.waived, toString(r.gate.failOn),
                           r.gate.newOnly        ? ", or already in the baseline"
                           : r.gate.wave.empty() ? ""
                                                 : ", or about another wave");
      }
      if (!out.empty()) text(tc.append_child("system-out"), out);
    }
    setCounts(suite, gc);
    total.tests += gc.tests, total.failures += gc.failures, total.errors += gc.errors,
        total.skipped += gc.skipped, total.time += gc.time;
  }
  total.tests += sc.tests, total.failures += sc.failures, total.skipped += sc.skipped;
  setCounts(root, total);
  attr(root, "timestamp", r.generatedAt);
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

} // namespace migready
