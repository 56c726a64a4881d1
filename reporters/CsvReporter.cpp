#include "reporters/CsvReporter.h"

#include "reporters/common/AffectedUsers.h"
#include "reporters/common/InputLocations.h"
#include "reporters/common/ReportText.h"
#include "reporters/common/TextClean.h"
#include "scanner/model/AdAccount.h"

#include <fmt/format.h>

namespace migready {

namespace {
// How the gate treats the finding: "counted", or why not (`gate` column).
std::string_view gateWords(const Report& r, const Finding& f) {
  const std::string_view why = notCountedWhy(r, f);
  return why.empty() ? std::string_view("counted") : why;
}
} // namespace

void CsvReporter::write(const Report& r, std::ostream& out) const {
  std::string buffer(kUtf8Bom);
  buffer += "check,severity,display_name,dn,upn,object_guid,cloud_id,kind,config_item,message,"
            "remediation,evidence,fingerprint,waiver,baseline_state,wave,gate\r\n";
  const InputLocations where(r.inputs);
  for (const Finding& f : r.findings) {
    std::string evidence;
    for (const Evidence& e : f.evidence)
      evidence += fmt::format("{}{}: {} {}", evidence.empty() ? "" : " | ",
                              evidenceSourceWords(e.source), r.shownText(where.shown(e)), e.detail);
    const Waiver* w = r.waiverOf(f);
    buffer +=
        csvRow({f.check, toString(f.severity), f.subject.displayName, f.subject.dn, f.subject.upn,
                f.subject.objectGuid, f.subject.cloudId, subjectKindWords(f.subject.kind),
                f.subject.configItem, r.shownText(f.message), r.shownText(f.remediation.str()),
                evidence, f.fingerprint, w ? waiverSentence(*w) : std::string(),
                toString(f.baseline), r.waveOf(f), gateWords(r, f)});
    if (buffer.size() > (1u << 20)) {
      out << buffer;
      buffer.clear();
    }
  }
  out << buffer;
}

} // namespace migready
