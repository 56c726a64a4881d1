#pragma once
// Reads ldifde or ldapsearch exports of on-premises AD into AdAccounts.
#include "scanner/model/Snapshot.h"

#include <string>
#include <vector>

namespace migready {

// Reads every user entry of `path` into `out` and returns the source's state: complete, or
// failed with the errors (file:line) when any entry could not be read. Entries read before
// and after a bad one are kept, so findings on them still count (the verdict cannot be READY).
// Files of at least `splitAtBytes` are read as two halves on two threads (the tests lower it).
// Several files (one export per domain) are read as one directory, in the order given; each
// account remembers its file (AdDirectory::files).
SourceState readAdLdif(const std::vector<std::string>& paths, AdDirectory& out,
                       std::uint64_t splitAtBytes = 32u << 20);
SourceState readAdLdif(const std::string& path, AdDirectory& out,
                       std::uint64_t splitAtBytes = 32u << 20);

} // namespace migready
