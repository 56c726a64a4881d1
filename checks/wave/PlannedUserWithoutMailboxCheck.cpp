#include "checks/wave/PlannedUserWithoutMailboxCheck.h"

#include "checks/support/CheckSupport.h"
#include "checks/wave/WaveSupport.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "WAVE002",
    "wave-user-without-mailbox",
    "WAVE",
    "Planned users with no mailbox to migrate",
    Severity::Warning,
    {SourceKind::Ad},
    R"(Reads the migration wave CSVs and the AD accounts they name. A warning for each
planned user whose account has no on-premises mailbox to move: no Exchange attributes at all,
or a mail user (its mailbox is elsewhere).

Why: the migration tool will fail or skip the row, and the wave's count of mailboxes is wrong.

What to do: remove the user from the wave, or check whether the mailbox lives in another
forest or tenant (then plan it from there).)",
    "warning",
    "a planned user with no mailbox to migrate (no Exchange attributes, or a mail user)"};

const CheckInfo& PlannedUserWithoutMailboxCheck::info() const {
  return kInfo;
}

std::string PlannedUserWithoutMailboxCheck::whyNotRunnable(const Snapshot& snapshot) const {
  return whyNoWaves(snapshot);
}

void PlannedUserWithoutMailboxCheck::run(const Snapshot& snapshot, FindingList& out) const {
  for (const WaveRow& row : snapshot.waves->rows) {
    if (row.accounts.size() != 1) continue;
    const AdAccount& a = snapshot.ad.accounts[row.accounts[0]];
    if (a.kind != MailboxKind::None && a.kind != MailboxKind::MailUser) continue;
    Finding f;
    f.severity = Severity::Warning;
    f.subject = subjectOf(a);
    f.message =
        fmt::format("wave {}: {} has no mailbox to migrate ({})", row.wave,
                    a.userPrincipalName.empty() ? a.dn : a.userPrincipalName,
                    a.kind == MailboxKind::MailUser ? "a mail user: its mailbox is elsewhere"
                                                    : "no Exchange attributes");
    f.remediation = "Remove the user from the wave, or plan the mailbox from where it lives.";
    f.evidence.push_back(evidenceOf(row));
    f.evidence.push_back(evidenceOf(snapshot, a));
    out.push_back(std::move(f));
  }
}

} // namespace migready
