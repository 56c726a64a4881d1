#pragma once
// Migration waves (batches) as the migration tools' CSVs plan them: which mailbox moves in which
// wave. Read by scanner/gate/WaveFile, matched to AD accounts by the scan, judged by the WAVE
// checks, and counted per wave in the report.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

// What a row's identity is, by the column it came from: the reader knows, the join matches by it.
enum class WaveIdentity : std::uint8_t {
  Address,           // an SMTP address or a UPN (EmailAddress, Source Email, Mail, UPN, ...)
  DistinguishedName, // DistinguishedName
  ObjectGuid,        // ObjectGUID
  SamAccountName,    // SamAccountName, with or without "DOMAIN\"
};

struct WaveRow {
  std::string wave;     // the wave's name as first written (WavePlan::waves): its column's value,
                        // or the file's name
  std::string identity; // the value that names the user; empty when the row's cell is (WAVE001)
  std::string column;   // the header it came from ("EmailAddress", "Source Email", ...)
  WaveIdentity kind = WaveIdentity::Address;
  std::string file;
  std::uint32_t line = 0;
  std::vector<std::uint32_t> accounts; // matched AD accounts (AdDirectory::accounts), by the scan
};

struct WavePlan {
  std::vector<std::string> files;
  std::vector<std::string> waves; // in order of first appearance, each as first written
  std::vector<WaveRow> rows;

  // The wave called `name` (spaces around it and ASCII case do not matter), as first written;
  // null when no row plans it.
  const std::string* find(std::string_view name) const;
};

// A wave's name as waves are told apart: without the spaces and tabs around it, in lower case
// ("Pilot " and "pilot" are one wave).
std::string waveKey(std::string_view name);

// The group of users that no wave plans.
inline constexpr std::string_view kNoWave = "(no wave)";

// Why `name` cannot be a wave's name, or nothing: the reports' own labels must stay unambiguous.
// kNoWave in any case and with any blanks (or other marks) inside is the users no wave plans;
// a ',' separates the waves of a user planned in several ("Wave1-Pilot, Wave2-Sales").
std::optional<std::string> waveNameProblem(std::string_view name);

} // namespace migready
