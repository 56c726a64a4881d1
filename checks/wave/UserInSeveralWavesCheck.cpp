#include "checks/wave/UserInSeveralWavesCheck.h"

#include "checks/support/CheckSupport.h"
#include "checks/wave/WaveSupport.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "WAVE004",
    "wave-user-in-two-waves",
    "WAVE",
    "Users planned in more than one wave",
    Severity::Info,
    {SourceKind::Ad},
    R"(Reads the migration wave CSVs. An info finding for each AD user that rows of two or
more waves name.

Why: a mailbox moves once; the later wave finds it moved (or the tool moves it twice), and the
per-wave counts add up to more users than there are.

What to do: keep the user in one wave.)",
    "info",
    "a user planned in two or more waves"};

const CheckInfo& UserInSeveralWavesCheck::info() const {
  return kInfo;
}

std::string UserInSeveralWavesCheck::whyNotRunnable(const Snapshot& snapshot) const {
  return whyNoWaves(snapshot);
}

void UserInSeveralWavesCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const auto waves = wavesByAccount(snapshot);
  for (std::size_t i = 0; i < waves.size(); ++i) {
    if (waves[i].size() < 2) continue;
    const AdAccount& a = snapshot.ad.accounts[i];
    Finding f;
    f.severity = Severity::Info;
    f.subject = subjectOf(a);
    f.message = fmt::format("{} is planned in {} waves: {}",
                            a.userPrincipalName.empty() ? a.dn : a.userPrincipalName,
                            waves[i].size(), fmt::join(waves[i], ", "));
    f.remediation = "Keep the user in one wave.";
    for (const WaveRow& row : snapshot.waves->rows)
      if (row.accounts.size() == 1 && row.accounts[0] == i) f.evidence.push_back(evidenceOf(row));
    out.push_back(std::move(f));
  }
}

} // namespace migready
