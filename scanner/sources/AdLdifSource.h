#pragma once
// Reads an ldifde export of on-premises AD into AdAccounts.
#include <string>

#include "scanner/model/Snapshot.h"

namespace migready {

// Reads every user entry of `path` into `out` and returns the source's state: complete, or
// failed with the errors (file:line) when any entry could not be read. Entries read before
// and after a bad one are kept, so findings on them still count (the verdict cannot be READY).
SourceState readAdLdif(const std::string& path, AdDirectory& out);

} // namespace migready
