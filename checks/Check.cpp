#include "checks/Check.h"

#include "scanner/model/Text.h"

#include <fmt/format.h>

namespace migready {

const Check* findCheck(const CheckList& checks, std::string_view id) {
  for (const auto& c : checks)
    if (equalsIgnoreCase(c->info().id, id) || equalsIgnoreCase(c->info().name, id)) return c.get();
  return nullptr;
}

std::string catalogTable(const CheckList& checks) {
  std::string out = "| id | severity | finds | needs |\n|---|---|---|---|\n";
  for (const auto& c : checks) {
    const CheckInfo& i = c->info();
    std::string needs;
    for (SourceKind k : i.needs)
      needs += fmt::format("{}{}", needs.empty() ? "" : ", ", toString(k));
    out += fmt::format("| {} | {} | {} | {} |\n", i.id, i.severities, i.finds, needs);
  }
  return out;
}

} // namespace migready
