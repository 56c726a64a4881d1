#include "reporters/CsvReporter.h"

#include "reporters/common/InputLocations.h"
#include "reporters/common/ReportText.h"
#include "reporters/common/TextClean.h"

#include <fmt/format.h>

namespace migready {

void CsvReporter::write(const Report& r, std::ostream& out) const {
  // A UTF-8 byte-order mark, so that Excel opens the file as UTF-8; CRLF as RFC 4180 says.
  std::string buffer = "\xEF\xBB\xBF";
  buffer += "check,severity,display_name,dn,upn,object_guid,cloud_id,kind,config_item,message,"
            "remediation,evidence,fingerprint,waiver,baseline_state,wave\r\n";
  const InputLocations where(r.inputs);
  for (const Finding& f : r.findings) {
    std::string evidence;
    for (const Evidence& e : f.evidence)
      evidence += fmt::format("{}{} {} {}", evidence.empty() ? "" : " | ", e.source, where.shown(e),
                              e.detail);
    for (std::string_view field :
         {std::string_view(f.check), toString(f.severity), std::string_view(f.subject.displayName),
          std::string_view(f.subject.dn), std::string_view(f.subject.upn),
          std::string_view(f.subject.objectGuid), std::string_view(f.subject.cloudId),
          std::string_view(f.subject.kind), std::string_view(f.subject.configItem),
          std::string_view(f.message), std::string_view(f.remediation.str()),
          std::string_view(evidence)}) {
      buffer += csvField(field);
      buffer += ',';
    }
    buffer += csvField(f.fingerprint);
    buffer += ',';
    const Waiver* w = r.waiverOf(f);
    buffer += csvField(w ? waiverSentence(*w) : std::string());
    buffer += ',';
    buffer += csvField(toString(f.baseline));
    buffer += ',';
    buffer += csvField(r.waveOf(f));
    buffer += "\r\n";
    if (buffer.size() > (1u << 20)) {
      out << buffer;
      buffer.clear();
    }
  }
  out << buffer;
}

} // namespace migready
