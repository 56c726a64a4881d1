#pragma once
// Reads back a JSON report of migready (any 1.x schema): a gate's baseline, a diff's points.
#include "scanner/gate/GateInputError.h"
#include "scanner/model/SavedReport.h"

#include <cstdint>
#include <string>

namespace migready {

// The largest report read back: its document takes several times its size in memory, and a
// report of two million findings is about 2 GiB.
inline constexpr std::uintmax_t kMaxSavedReportBytes = 2ull << 30;

// Throws GateInputError naming the file and, for malformed JSON, the line and column, or for
// what the report schema (docs/report.schema.json) does not allow, the JSON pointer of the value
// (/findings/12/severity): a folder, a file over kMaxSavedReportBytes, duplicate keys, a
// schemaVersion that is not 1.N, a generatedAt that is not a UTC time, an unknown verdict,
// severity, source or check status or baselineState, and every value read of the wrong type.
// Keys it does not read are left alone (a later 1.x may add some).
SavedReport readSavedReport(const std::string& path);

// The same for the file's bytes, read already (`path` names it in errors).
SavedReport readSavedReportText(std::string bytes, const std::string& path);

} // namespace migready
