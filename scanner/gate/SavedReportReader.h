#pragma once
// Reads back a JSON report of migready (any 1.x schema): a gate's baseline, a diff's points.
#include "scanner/gate/GateInputError.h"
#include "scanner/model/SavedReport.h"

#include <string>

namespace migready {

// Throws GateInputError naming the file (and line and column, or the finding's index) when it is
// not a migready JSON report of schema 1.x.
SavedReport readSavedReport(const std::string& path);

} // namespace migready
