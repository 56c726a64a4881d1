#pragma once
// Compares earlier JSON reports of one tenant (migready diff).
#include "scanner/gate/GateInputError.h"
#include "scanner/model/SavedReport.h"
#include "scanner/model/ScanDiff.h"

#include <vector>

namespace migready {

// `reports` oldest first, at least two. Throws GateInputError when they are of different tenants
// (tenant ids compared in any case, as the scan's baseline compares them).
ScanDiff diffScans(const std::vector<SavedReport>& reports, Severity failOn);

// Puts `reports` in the order they were made: by generatedAt, oldest first. Throws
// GateInputError when one does not say when it was made, or two were made at the same second
// (which is older cannot be told). True when that is not the order they were given in.
bool orderByTime(std::vector<SavedReport>& reports);

} // namespace migready
