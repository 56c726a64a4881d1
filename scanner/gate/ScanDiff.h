#pragma once
// Compares earlier JSON reports of one tenant (migready diff).
#include "scanner/gate/GateInputError.h"
#include "scanner/model/SavedReport.h"
#include "scanner/model/ScanDiff.h"

#include <vector>

namespace migready {

// `reports` oldest first, at least two. Throws GateInputError when they are of different tenants.
ScanDiff diffScans(const std::vector<SavedReport>& reports, Severity failOn);

} // namespace migready
