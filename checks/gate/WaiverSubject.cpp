#include "checks/gate/WaiverSubject.h"

#include "scanner/model/Setting.h"
#include "scanner/model/Snapshot.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

namespace {
std::vector<std::string> matchesOf(const Waiver& w, std::string_view separator) {
  std::vector<std::string> m;
  for (const auto& [name, value] : w.matchFields())
    m.push_back(fmt::format("{}{}{}", name, separator, value));
  return m;
}
} // namespace

Subject subjectOf(const Waiver& w) {
  Subject s;
  s.configItem =
      fmt::format("waiver {} {}", fmt::join(w.checks, ","), fmt::join(matchesOf(w, "="), " "));
  s.kind = "waiver";
  return s;
}

std::string coverageOf(const Waiver& w) {
  return fmt::format("{} for {}", fmt::join(w.checks, ", "), fmt::join(matchesOf(w, " "), ", "));
}

Evidence evidenceOf(const Waiver& w) {
  return {"waivers", w.where(),
          fmt::format("owner: {}; reason: {}; expires: {}{}", w.owner, w.reason, w.expires,
                      w.ticket.empty() ? "" : fmt::format("; ticket: {}", w.ticket)),
          0};
}

std::string whyNoWaivers(const Snapshot& snapshot) {
  if (snapshot.waivers) return {};
  return fmt::format("no waiver file given ({})", settingName(Setting::Waivers));
}

} // namespace migready
