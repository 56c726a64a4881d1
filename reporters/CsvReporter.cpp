#include "reporters/CsvReporter.h"

#include "reporters/common/InputLocations.h"
#include "reporters/common/ReportText.h"
#include "reporters/common/TextClean.h"

#include <fmt/format.h>

namespace migready {

void CsvReporter::write(const Report& r, std::ostream& out) const {
  std::string buffer(kUtf8Bom);
  buffer += "check,severity,display_name,dn,upn,object_guid,cloud_id,kind,config_item,message,"
            "remediation,evidence,fingerprint,waiver,baseline_state,wave\r\n";
  const InputLocations where(r.inputs);
  for (const Finding& f : r.findings) {
    std::string evidence;
    for (const Evidence& e : f.evidence)
      evidence += fmt::format("{}{} {} {}", evidence.empty() ? "" : " | ", e.source, where.shown(e),
                              e.detail);
    const Waiver* w = r.waiverOf(f);
    buffer += csvRow({f.check, toString(f.severity), f.subject.displayName, f.subject.dn,
                      f.subject.upn, f.subject.objectGuid, f.subject.cloudId, f.subject.kind,
                      f.subject.configItem, f.message, f.remediation.str(), evidence, f.fingerprint,
                      w ? waiverSentence(*w) : std::string(), toString(f.baseline), r.waveOf(f)});
    if (buffer.size() > (1u << 20)) {
      out << buffer;
      buffer.clear();
    }
  }
  out << buffer;
}

} // namespace migready
