#include "scanner/model/Severity.h"

#include "scanner/model/Text.h"

namespace migready {

std::string_view toString(Severity severity) {
  switch (severity) {
  case Severity::Info:
    return "info";
  case Severity::Warning:
    return "warning";
  case Severity::Blocker:
    return "blocker";
  }
  return "info";
}

std::optional<Severity> parseSeverity(std::string_view text) {
  for (Severity s : {Severity::Info, Severity::Warning, Severity::Blocker})
    if (equalsIgnoreCase(text, toString(s))) return s;
  return std::nullopt;
}

} // namespace migready
