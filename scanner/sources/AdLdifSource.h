#pragma once
// Reads an ldifde export of on-premises AD into AdAccounts.
#include "scanner/model/Snapshot.h"

#include <string>

namespace migready {

// Reads every user entry of `path` into `out` and returns the source's state: complete, or
// failed with the errors (file:line) when any entry could not be read. Entries read before
// and after a bad one are kept, so findings on them still count (the verdict cannot be READY).
// Files of at least `splitAtBytes` are read as two halves on two threads (the tests lower it).
SourceState readAdLdif(const std::string& path, AdDirectory& out,
                       std::uint64_t splitAtBytes = 32u << 20);

} // namespace migready
