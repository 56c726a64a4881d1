#pragma once
// The migration batch CSVs (the wave files): read as the migration tools write them.
#include "scanner/gate/GateInputError.h"
#include "scanner/model/Wave.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace migready {

// What the wave files may hold (the README's limits).
inline constexpr std::uintmax_t kMaxWaveFileBytes = 256u << 20; // one file
inline constexpr std::size_t kMaxWaveColumns = 256;             // one row
inline constexpr std::size_t kMaxWaveFieldChars = 1'024;        // one cell
inline constexpr std::size_t kMaxWaveRows = 1'000'000;          // every file together
inline constexpr std::size_t kMaxWaves = 1'000;                 // every file together

// Reads every file: UTF-8 (with or without a byte-order mark) or UTF-16 with one; comma,
// semicolon or tab separated (the header line decides); RFC 4180 quoting; a first line "#TYPE
// ..." (Windows PowerShell's Export-Csv) is skipped. Columns by header name, case-insensitive,
// spaces ignored: the identity from the first present of EmailAddress, SourceEmail,
// PrimarySmtpAddress, Mail, UserPrincipalName / UPN, DistinguishedName, ObjectGUID,
// SamAccountName; the wave from the one column Wave, Batch, BatchName or Group, else (no such
// column) the file's name without its extension. Wave names are trimmed and told apart by
// waveKey, each kept as first written. A row whose identity cell is empty is kept with an empty
// identity (WAVE001 names it); a row of empty cells is a blank line. Throws GateInputError naming
// file:line for a folder, a file, row, cell or count over its cap, a quote left open, no identity
// column, a users' or wave column named twice, two wave columns, a row with more cells than the
// header or too few for its identity and wave, an empty wave cell, and a wave name that
// waveNameProblem refuses.
WavePlan readWaveFiles(const std::vector<std::string>& paths);

// Adds one file's rows to `plan`, from its bytes read already (`path` names it).
void readWaveText(std::string bytes, const std::string& path, WavePlan& plan);

} // namespace migready
