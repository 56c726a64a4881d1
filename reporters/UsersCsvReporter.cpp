#include "reporters/UsersCsvReporter.h"

#include "reporters/common/AffectedUsers.h"
#include "reporters/common/TextClean.h"
#include "scanner/model/AdAccount.h"
#include "scanner/model/Dn.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

void UsersCsvReporter::write(const Report& r, std::ostream& out) const {
  std::string buffer(kUtf8Bom); // CRLF as RFC 4180 says
  // `status` is the user as scanned (the worst of all findings); `gate` how the gate's options
  // treat the user: counted, or why not.
  buffer += "display_name,upn,dn,ou,object_guid,cloud_id,kind,wave,status,worst_severity,checks,"
            "findings,waived,gate\r\n";
  for (const AffectedUser& u : affectedUsers(r)) {
    const std::string checks = fmt::format("{}", fmt::join(u.checks, " "));
    for (std::string_view field :
         {std::string_view(u.subject.displayName), std::string_view(u.subject.upn),
          std::string_view(u.subject.dn), parentDn(u.subject.dn),
          std::string_view(u.subject.objectGuid), std::string_view(u.subject.cloudId),
          subjectKindWords(u.subject.kind), u.wave, userStatus(u), toString(u.worst),
          std::string_view(checks)}) {
      buffer += csvField(field);
      buffer += ',';
    }
    buffer += fmt::format("{},{},", u.findings, u.waived);
    buffer += csvField(gateStatus(u));
    buffer += "\r\n";
    if (buffer.size() > (1u << 20)) {
      out << buffer;
      buffer.clear();
    }
  }
  out << buffer;
}

} // namespace migready
