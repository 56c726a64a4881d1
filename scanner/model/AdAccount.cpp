#include "scanner/model/AdAccount.h"

#include "scanner/model/Dn.h"
#include "scanner/model/Text.h"

#include <utility>

namespace migready {

std::string_view toString(MailboxKind kind) {
  switch (kind) {
  case MailboxKind::None:
    return "none";
  case MailboxKind::OnPremMailbox:
    return "on_prem_mailbox";
  case MailboxKind::RemoteMailbox:
    return "remote_mailbox";
  case MailboxKind::MailUser:
    return "mail_user";
  case MailboxKind::LeftoverExchange:
    return "leftover_exchange_attributes";
  case MailboxKind::Other:
    return "other_recipient";
  }
  return "none";
}

std::string_view words(MailboxKind kind) {
  switch (kind) {
  case MailboxKind::None:
    return "no mailbox";
  case MailboxKind::OnPremMailbox:
    return "on-premises mailbox";
  case MailboxKind::RemoteMailbox:
    return "remote mailbox";
  case MailboxKind::MailUser:
    return "mail user";
  case MailboxKind::LeftoverExchange:
    return "leftover Exchange attributes";
  case MailboxKind::Other:
    return "other recipient";
  }
  return "no mailbox";
}

std::string_view subjectKindWords(std::string_view kind) {
  for (const MailboxKind k :
       {MailboxKind::None, MailboxKind::OnPremMailbox, MailboxKind::RemoteMailbox,
        MailboxKind::MailUser, MailboxKind::LeftoverExchange, MailboxKind::Other})
    if (kind == toString(k)) return words(k);
  static constexpr std::pair<std::string_view, std::string_view> kOthers[] = {
      {"cloud_user", "cloud user"},       {"deleted_user", "deleted user"},
      {"sync_rule", "sync rule"},         {"connector", "sync connector"},
      {"server", "sync server"},          {"cloudsync_mapping", "Cloud Sync attribute mapping"},
      {"cloudsync_job", "Cloud Sync job"}};
  for (const auto& [id, text] : kOthers)
    if (kind == id) return text;
  return kind; // "tenant", and what a saved report of a later version names
}

std::string_view toString(DefaultFilterExclusion reason) {
  switch (reason) {
  case DefaultFilterExclusion::None:
    return "none";
  case DefaultFilterExclusion::CriticalSystemObject:
    return "isCriticalSystemObject is TRUE";
  case DefaultFilterExclusion::NoSamAccountName:
    return "no sAMAccountName";
  case DefaultFilterExclusion::SyncServiceAccount:
    return "sync service account (AAD_/MSOL_)";
  case DefaultFilterExclusion::SupportAccount:
    return "SUPPORT_388945a0 account";
  case DefaultFilterExclusion::SystemMailbox:
    return "system mailbox (SystemMailbox{...})";
  case DefaultFilterExclusion::CasMailbox:
    return "CAS_{...} mailbox";
  case DefaultFilterExclusion::ExcludedRecipientType:
    return "system recipient type (msExchRecipientTypeDetails & 0x21C07000)";
  case DefaultFilterExclusion::ReplicationConflict:
    return "replication conflict (CNF) object";
  }
  return "none";
}

namespace {
bool isOneOf(std::int64_t v, std::initializer_list<std::int64_t> values) {
  for (auto x : values)
    if (v == x) return true;
  return false;
}

bool isCasName(std::string_view name) {
  return name.starts_with("CAS_") && name.find('}') != std::string_view::npos;
}

// The first RDN of a replication-conflict object carries "\0ACNF:" (escaped in a string DN,
// or a literal line feed when the DN came base64-encoded).
bool isConflictDn(std::string_view dn) {
  const std::string_view rdn = firstRdn(dn);
  if (rdn.find("\nCNF:") != std::string_view::npos) return true;
  for (std::size_t at = rdn.find('\\'); at != std::string_view::npos; at = rdn.find('\\', at + 1))
    if (startsWithIgnoreCase(rdn.substr(at), "\\0ACNF:")) return true;
  return false;
}
} // namespace

MailboxKind classifyMailbox(const AdAccount& a) {
  if (a.recipientTypeDetails) {
    const std::int64_t rtd = *a.recipientTypeDetails;
    if (isOneOf(rtd, {1, 2, 4, 8, 16, 32})) return MailboxKind::OnPremMailbox;
    if (isOneOf(rtd, {2147483648LL, 8589934592LL, 17179869184LL, 34359738368LL}))
      return MailboxKind::RemoteMailbox;
    if (rtd == 128) return MailboxKind::MailUser;
  } else if (a.hasHomeMdb()) {
    return MailboxKind::OnPremMailbox;
  }
  if (a.remoteRecipientType && *a.remoteRecipientType != 0 && !a.hasHomeMdb())
    return MailboxKind::RemoteMailbox;
  if (a.mailboxGuid && !a.hasHomeMdb()) return MailboxKind::LeftoverExchange;
  if (a.recipientTypeDetails) return MailboxKind::Other;
  return MailboxKind::None;
}

DefaultFilterExclusion defaultFilterExclusion(const AdAccount& a) {
  using E = DefaultFilterExclusion;
  if (a.isCriticalSystemObject) return E::CriticalSystemObject;
  if (a.samAccountName.empty()) return E::NoSamAccountName;
  // Exact-case comparisons, as the rule text has them: an account wrongly taken as excluded
  // would hide a blocker, so the filter errs towards keeping users in scope.
  if (a.samAccountName.starts_with("AAD_") || a.samAccountName.starts_with("MSOL_"))
    return E::SyncServiceAccount;
  if (a.samAccountName == "SUPPORT_388945a0") return E::SupportAccount;
  if (a.mailNickname.starts_with("SystemMailbox{")) return E::SystemMailbox;
  if (isCasName(a.mailNickname) || isCasName(a.samAccountName)) return E::CasMailbox;
  if (a.recipientTypeDetails && (*a.recipientTypeDetails & 0x21C07000LL) != 0)
    return E::ExcludedRecipientType;
  if (isConflictDn(a.dn)) return E::ReplicationConflict;
  return E::None;
}

void classify(AdAccount& account) {
  account.kind = classifyMailbox(account);
  account.defaultFilterExclusion = defaultFilterExclusion(account);
}

} // namespace migready
