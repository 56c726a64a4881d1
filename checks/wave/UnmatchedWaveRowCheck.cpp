#include "checks/wave/UnmatchedWaveRowCheck.h"

#include "checks/support/CheckSupport.h"
#include "checks/wave/WaveSupport.h"

#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unordered_map>

namespace migready {

namespace {
// Past this many unmatched rows of one file, the rest of them are one finding for the file (a
// file of a million unknown addresses is one mistake, not a million).
constexpr std::size_t kRowsPerFile = 100;
// The rows that finding lists in its evidence.
constexpr std::size_t kRowsListed = 100;
constexpr std::string_view kRemediation =
    "Correct the row to the user's primary SMTP address or UPN (or remove it), so that the wave "
    "names exactly one mailbox.";
} // namespace

static constexpr CheckInfo kInfo{
    "WAVE001",
    "wave-row-unmatched",
    "WAVE",
    "Planned rows that match no AD account, or several",
    Severity::Warning,
    {SourceKind::Ad},
    R"(Reads the migration wave CSVs and matches each row to the AD accounts: an address
column by the primary SMTP address, else the UPN; DistinguishedName, ObjectGUID and
SamAccountName columns by theirs. A warning for each row whose identity cell is empty, and for
each row that matches no account, or more than one. Past 100 such rows in one file, the rest of
that file's rows are one finding, which counts them and lists the first 100 in its evidence.

Why: a row that matches nothing is a mailbox the migration tool will look for and not find (a
typing error, a renamed or deleted user, a secondary address); a row that matches several is a
wave whose members nobody can name; a row without an identity plans no one. Either way, the
wave's readiness cannot speak for that row.

What to do: correct the row to the user's primary SMTP address or UPN, or remove it.)",
    "warning",
    "a planned row that matches no AD account, or more than one"};

const CheckInfo& UnmatchedWaveRowCheck::info() const {
  return kInfo;
}

std::string UnmatchedWaveRowCheck::whyNotRunnable(const Snapshot& snapshot) const {
  return whyNoWaves(snapshot);
}

void UnmatchedWaveRowCheck::run(const Snapshot& snapshot, FindingList& out) const {
  std::size_t unmatched = 0;
  // The rows of each file past kRowsPerFile: counted, the first kRowsListed kept for the list.
  struct Rest {
    std::string_view file;
    std::size_t count = 0;
    std::vector<const WaveRow*> listed;
  };
  std::unordered_map<std::string_view, std::size_t> perFile; // unmatched rows so far
  std::unordered_map<std::string_view, std::size_t> restOf;  // the file's entry in `rest`
  std::vector<Rest> rest;                                    // in the files' order
  for (const WaveRow& row : snapshot.waves->rows) {
    if (row.accounts.size() == 1) continue;
    ++unmatched;
    if (++perFile[row.file] > kRowsPerFile) {
      const auto [it, added] = restOf.emplace(row.file, rest.size());
      if (added) rest.push_back({row.file, 0, {}});
      Rest& r = rest[it->second];
      if (++r.count <= kRowsListed) r.listed.push_back(&row);
      continue;
    }
    Finding f;
    f.severity = Severity::Warning;
    f.subject.kind = "wave_row";
    f.subject.displayName = row.identity;
    if (row.identity.empty()) {
      f.subject.configItem = fmt::format("wave row {} {}:{}", row.wave, row.file, row.line);
      f.message = fmt::format("row {} of wave {} has no identity in column {}", row.line, row.wave,
                              row.column);
    } else if (row.accounts.empty()) {
      f.subject.configItem = fmt::format("wave row {} {}", row.wave, row.identity);
      f.message =
          fmt::format("wave {}: {} ({}) matches no AD account", row.wave, row.identity, row.column);
    } else {
      f.subject.configItem = fmt::format("wave row {} {}", row.wave, row.identity);
      std::vector<std::string> dns;
      for (std::uint32_t a : row.accounts)
        dns.push_back(snapshot.ad.accounts[a].dn);
      f.message = fmt::format("wave {}: {} ({}) matches {} AD accounts: {}", row.wave, row.identity,
                              row.column, row.accounts.size(), fmt::join(dns, "; "));
    }
    f.remediation = std::string(kRemediation);
    f.evidence.push_back(evidenceOf(row));
    out.push_back(std::move(f));
  }
  for (const Rest& r : rest) {
    Finding f;
    f.severity = Severity::Warning;
    f.subject.kind = "wave_file";
    f.subject.displayName = std::string(r.file);
    f.subject.configItem = fmt::format("wave file {}", r.file);
    // The file by its name: the evidence gives where it is, relative to the input.
    f.message = fmt::format("{} more row(s) of {} name no one, or match no AD account or several "
                            "(past the first {}; the evidence lists {} of them)",
                            r.count, std::filesystem::path(r.file).filename().string(),
                            kRowsPerFile, r.listed.size());
    f.remediation = std::string(kRemediation);
    for (const WaveRow* row : r.listed)
      f.evidence.push_back(evidenceOf(*row));
    out.push_back(std::move(f));
  }
  out.note(fmt::format("{} planned row(s), {} matched exactly one AD account",
                       snapshot.waves->rows.size(), snapshot.waves->rows.size() - unmatched));
}

} // namespace migready
