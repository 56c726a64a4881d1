#include "checks/Check.h"

#include "scanner/model/Encoding.h"

namespace migready {

const Check* findCheck(const CheckList& checks, std::string_view id) {
  for (const auto& c : checks)
    if (equalsIgnoreCase(c->info().id, id) || equalsIgnoreCase(c->info().name, id)) return c.get();
  return nullptr;
}

} // namespace migready
