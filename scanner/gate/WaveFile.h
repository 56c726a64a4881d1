#pragma once
// The migration batch CSVs (the wave files): read as the migration tools write them.
#include "scanner/gate/GateInputError.h"
#include "scanner/model/Wave.h"

#include <string>
#include <vector>

namespace migready {

// Reads every file: UTF-8 (with or without a byte-order mark) or UTF-16 with one; comma,
// semicolon or tab separated (the header line decides); RFC 4180 quoting. Columns by header
// name, case-insensitive, spaces ignored: the identity from the first present of EmailAddress,
// SourceEmail, PrimarySmtpAddress, Mail, UserPrincipalName / UPN, DistinguishedName, ObjectGUID,
// SamAccountName; the wave from Wave, Batch, BatchName or Group, else the file's name without
// its extension. Rows without an identity are skipped. Throws GateInputError naming file:line.
WavePlan readWaveFiles(const std::vector<std::string>& paths);

} // namespace migready
