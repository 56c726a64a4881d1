#pragma once
// Reads a saved Microsoft Graph snapshot: the response bodies exactly as Graph returned them
// (layout in docs/graph-snapshot.md).
#include "scanner/model/Snapshot.h"

#include <string>

namespace migready {

// Reads `dir` into `out`. Complete when every part is there and every page followed; partial
// when a part is missing or paging stopped early; failed when the snapshot cannot be trusted
// (no manifest, no users, a malformed page). Errors name the file and the JSON pointer or line.
SourceState readGraphSnapshot(const std::string& dir, CloudDirectory& out);

} // namespace migready
