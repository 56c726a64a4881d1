#pragma once
// One on-premises Active Directory user, reduced to what the checks read. Compact on
// purpose: a forest of a few million users is held in memory at once (see bench/).
#include "scanner/model/Guid.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace migready {

// What Exchange made of the user, from msExchRecipientTypeDetails (RTD),
// msExchRemoteRecipientType (RRT), homeMDB and msExchMailboxGuid. Rules in docs/checks.md.
enum class MailboxKind : std::uint8_t {
  None,             // no Exchange recipient
  OnPremMailbox,    // mailbox in an on-premises database
  RemoteMailbox,    // mailbox already in Exchange Online
  MailUser,         // mail-enabled user without a mailbox
  LeftoverExchange, // msExchMailboxGuid without any mailbox: stale attributes
  Other,            // an Exchange recipient type this tool does not classify (kept raw)
};
std::string_view toString(MailboxKind kind); // the report's id: "on_prem_mailbox"
// What a customer reads for it: "on-premises mailbox".
std::string_view words(MailboxKind kind);
// The words for a finding subject's kind (Subject::kind): a mailbox kind's id, or one of the
// other subjects' ("deleted_user", "sync_rule", "tenant"); an unknown id comes back as it is.
std::string_view subjectKindWords(std::string_view kind);

// Why Azure AD Connect's default "In from AD" rules never sync the user
// (their scoping filters, listed in docs/checks.md), or None when they would.
enum class DefaultFilterExclusion : std::uint8_t {
  None,
  CriticalSystemObject,
  NoSamAccountName,
  SyncServiceAccount,    // AAD_* / MSOL_*
  SupportAccount,        // SUPPORT_388945a0
  SystemMailbox,         // mailNickname SystemMailbox{...
  CasMailbox,            // CAS_...} alias or account name
  ExcludedRecipientType, // RTD & 0x21C07000
  ReplicationConflict,   // CNF object
};
std::string_view toString(DefaultFilterExclusion reason);

struct AdAccount {
  std::string dn;
  std::string samAccountName;
  std::string userPrincipalName;
  std::string displayName;
  std::string mailNickname;
  std::string primarySmtp; // the SMTP: proxy address, without the prefix
  std::optional<Guid> objectGuid;
  std::optional<Guid> consistencyGuid; // mS-DS-ConsistencyGuid
  std::optional<Guid> mailboxGuid;     // msExchMailboxGuid (an all-zero value counts as absent)
  std::optional<std::int64_t> recipientTypeDetails;
  std::optional<std::int64_t> remoteRecipientType;
  std::optional<std::uint32_t> userAccountControl;
  // objectSid, split so that the domain part is stored once per domain (AdDirectory::sidOf).
  std::uint32_t sidDomain = 0; // index into AdDirectory::sidDomains; 0 = no objectSid
  std::uint32_t sidRid = 0;    // last sub-authority (the RID)
  std::uint32_t homeMdb = 0;   // index into AdDirectory::homeMdbs; 0 = none
  std::uint32_t proxyAddressCount = 0;
  // mail and the secondary smtp: proxy addresses, when the directory keeps them
  // (AdDirectory::keepOtherSmtp): an index into AdDirectory::otherSmtp; 0 = none.
  std::uint32_t otherSmtp = 0;
  // adminDescription and memberOf, which Cloud Sync's scoping filters read: indexes into
  // AdDirectory::adminDescriptions and AdDirectory::memberOfSets; 0 = none.
  std::uint32_t adminDescription = 0;
  std::uint32_t memberOf = 0;
  // givenName and sn, which the directory readiness checks judge: an index into
  // AdDirectory::personNames; 0 = neither.
  std::uint32_t personNames = 0;
  std::uint32_t line = 0;    // line of the entry's "dn:" in the LDIF, 0 when live
  std::uint32_t endLine = 0; // the entry's last line in the LDIF, 0 when live
  std::uint16_t file = 0;    // index into AdDirectory::files (the LDIF it was read from)
  bool isCriticalSystemObject = false;
  // objectClass holds inetOrgPerson (a user object of that class: Cloud Sync maps it with its
  // own object mapping).
  bool inetOrgPerson = false;
  // The first address of otherSmtp is the mail attribute's value (the others are smtp: proxy
  // addresses); false when the user has no mail value (or the directory keeps none).
  bool otherSmtpHasMail = false;
  MailboxKind kind = MailboxKind::None;
  DefaultFilterExclusion defaultFilterExclusion = DefaultFilterExclusion::None;

  bool hasHomeMdb() const { return homeMdb != 0; }
  bool hasSid() const { return sidDomain != 0; }
  bool passesDefaultFilter() const {
    return defaultFilterExclusion == DefaultFilterExclusion::None;
  }
};

// Fills kind and defaultFilterExclusion from the raw attributes. Readers call it once
// per account after setting the attributes.
void classify(AdAccount& account);

MailboxKind classifyMailbox(const AdAccount& account);
DefaultFilterExclusion defaultFilterExclusion(const AdAccount& account);

} // namespace migready
