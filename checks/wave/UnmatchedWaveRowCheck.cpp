#include "checks/wave/UnmatchedWaveRowCheck.h"

#include "checks/support/CheckSupport.h"
#include "checks/wave/WaveSupport.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "WAVE001",
    "wave-row-unmatched",
    "WAVE",
    "Planned rows that match no AD account, or several",
    Severity::Warning,
    {SourceKind::Ad},
    R"(Reads the migration wave CSVs and matches each row to the AD accounts: an address
column by the primary SMTP address, else the UPN; DistinguishedName, ObjectGUID and
SamAccountName columns by theirs. A warning for each row that matches no account, or more than
one.

Why: a row that matches nothing is a mailbox the migration tool will look for and not find (a
typing error, a renamed or deleted user, a secondary address); a row that matches several is a
wave whose members nobody can name. Either way, the wave's readiness cannot speak for that row.

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
  for (const WaveRow& row : snapshot.waves->rows) {
    if (row.accounts.size() == 1) continue;
    ++unmatched;
    Finding f;
    f.severity = Severity::Warning;
    f.subject.configItem = fmt::format("wave row {} {}", row.wave, row.identity);
    f.subject.kind = "wave_row";
    f.subject.displayName = row.identity;
    if (row.accounts.empty()) {
      f.message =
          fmt::format("wave {}: {} ({}) matches no AD account", row.wave, row.identity, row.column);
    } else {
      std::vector<std::string> dns;
      for (std::uint32_t a : row.accounts)
        dns.push_back(snapshot.ad.accounts[a].dn);
      f.message = fmt::format("wave {}: {} ({}) matches {} AD accounts: {}", row.wave, row.identity,
                              row.column, row.accounts.size(), fmt::join(dns, "; "));
    }
    f.remediation = "Correct the row to the user\x27s primary SMTP address or UPN (or remove it), "
                    "so that the wave names exactly one mailbox.";
    f.evidence.push_back(evidenceOf(row));
    out.push_back(std::move(f));
  }
  out.note(fmt::format("{} planned row(s), {} matched exactly one AD account",
                       snapshot.waves->rows.size(), snapshot.waves->rows.size() - unmatched));
}

} // namespace migready
