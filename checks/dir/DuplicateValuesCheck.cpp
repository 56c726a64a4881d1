#include "checks/dir/DuplicateValuesCheck.h"

#include "checks/support/CheckSupport.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>

namespace migready {

static constexpr CheckInfo kInfo{
    "DIR001",
    "duplicate-values",
    "DIR",
    "Duplicate addresses and sign-in names among AD users",
    Severity::Blocker,
    {SourceKind::Ad},
    R"(What it finds: AD users in sync scope that share an address or a sign-in name with another
user in sync scope, across every domain read: the same userPrincipalName, the same mail, the same
SMTP proxy address (primary SMTP: or secondary smtp:), or one user's userPrincipalName or mail
equal to another's proxy address. Entra ID keeps userPrincipalName, mail and the SMTP proxy
addresses of all its objects in one namespace, compared without regard to case, so all of these
collide once synced. Each holder gets a finding that names the other holders (ten by name with
their attribute and the value as written, the proxy address with its prefix, then how many
more), so every holder is counted.

Why it matters: Entra ID accepts each value on one object only. The first user synced keeps it;
for the others the sync fails (AttributeValueMustBeUnique) or, with duplicate attribute
resiliency, the conflicting value is set aside: a userPrincipalName becomes
name+1234@<tenant>.onmicrosoft.com, a proxy address is dropped, and mail sent to it reaches the
other user or no one. Which user wins depends on the order of the sync, not on intent. A
migration batch built on such users moves mail to the wrong mailbox or fails.

Only users the sync exports are judged: users outside the sync scope (the sync configuration's
containers and filters, or without one the default sync rules: system mailboxes, critical system
objects, sync service accounts, replication conflicts) never reach Entra ID and collide with
nothing.

How it differs from IdFix: IdFix compared each attribute only with itself (UPN with UPN, mail with
mail), so a user's UPN equal to another user's proxy address, the collision Microsoft's own
documentation uses as its example, went unseen; migready compares the one namespace. IdFix
flagged only the second and later holders of a value (the first seen was "not a duplicate"), so
the list depended on the directory's order; migready names every holder. IdFix also judged
objects the sync never exports. Proxy addresses of other types (X500:, SIP:) are not compared
yet, nor groups and contacts.

Remediation: decide which user keeps the address or name, then change or remove it on the others
in Active Directory before the next sync, for example
Set-ADUser <user> -Remove @{proxyAddresses='smtp:<address>'}, or a new userPrincipalName. No value
is proposed: a person decides who keeps it. migready never changes AD.)",
    "blocker",
    "AD users in sync scope sharing a userPrincipalName, mail or SMTP proxy address (any of them "
    "against any other, case-insensitively) across every domain read; each finding names every "
    "holder"};

const CheckInfo& DuplicateValuesCheck::info() const {
  return kInfo;
}

std::string DuplicateValuesCheck::whyNotRunnable(const Snapshot& snapshot) const {
  return whyAddressesNotKept(snapshot);
}

namespace {

// Where a user holds a value. The order is the order in which a finding names them.
enum Held : std::uint8_t { Upn = 0, Mail = 1, PrimarySmtp = 2, SecondarySmtp = 3 };

std::uint64_t foldedHash(std::string_view value) {
  std::uint64_t h = 1469598103934665603ull; // FNV-1a over the ASCII-lower-cased bytes
  for (const char c : value) {
    h ^= static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    h *= 1099511628211ull;
  }
  return h;
}

// Calls f(held, value) for each value of the account in the namespace: UPN, mail, the primary
// SMTP and each secondary smtp: proxy address.
template <typename F> void eachValue(const AdDirectory& dir, const AdAccount& a, F&& f) {
  if (!a.userPrincipalName.empty()) f(Upn, std::string_view(a.userPrincipalName));
  if (!a.primarySmtp.empty()) f(PrimarySmtp, std::string_view(a.primarySmtp));
  std::string_view rest = dir.otherSmtpOf(a);
  bool first = true;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    const std::string_view v = rest.substr(0, nl);
    if (!v.empty()) f(first && a.otherSmtpHasMail ? Mail : SecondarySmtp, v);
    first = false;
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
}

// "userPrincipalName anna@x.com", "proxyAddresses smtp:anna@x.com": the attribute and the value
// as AD holds it.
std::string asHeld(Held held, std::string_view value) {
  switch (held) {
  case Upn:
    return fmt::format("userPrincipalName {}", value);
  case Mail:
    return fmt::format("mail {}", value);
  case PrimarySmtp:
    return fmt::format("proxyAddresses SMTP:{}", value);
  case SecondarySmtp:
    return fmt::format("proxyAddresses smtp:{}", value);
  }
  return std::string(value);
}

// A value held by two or more users: each holder's account and where it holds the value.
struct Duplicate {
  std::string value; // as the first holder writes it
  struct Holder {
    std::uint32_t account;
    std::vector<std::pair<Held, std::string>> as; // attribute and value as written
  };
  std::vector<Holder> holders; // in directory order
};

constexpr std::size_t kHoldersNamed = 10; // in a finding's message and evidence

} // namespace

void DuplicateValuesCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const AdDirectory& dir = snapshot.ad;
  const MailboxGuidExposure exposure(snapshot);
  // One pass: a 64-bit hash of each folded value and who holds it (account << 2 | held), 16
  // bytes a value; sorted, equal hashes are neighbours, and only those are compared as text.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
  // Counted first, so that the array is allocated once at its size (no doubling).
  std::uint64_t outOfScope = 0;
  std::size_t values = 0;
  std::vector<bool> inScope(dir.accounts.size());
  for (std::uint32_t i = 0; i < dir.accounts.size(); ++i) {
    const AdAccount& a = dir.accounts[i];
    inScope[i] = exposure.mayBeInScope(a);
    if (!inScope[i]) {
      ++outOfScope;
      continue;
    }
    eachValue(dir, a, [&](Held, std::string_view) { ++values; });
  }
  entries.reserve(values);
  for (std::uint32_t i = 0; i < dir.accounts.size(); ++i)
    if (inScope[i])
      eachValue(dir, dir.accounts[i], [&](Held held, std::string_view v) {
        entries.emplace_back(foldedHash(v), (i << 2) | held);
      });
  std::sort(entries.begin(), entries.end());

  std::vector<Duplicate> duplicates;
  for (std::size_t run = 0; run < entries.size();) {
    std::size_t end = run + 1;
    while (end < entries.size() && entries[end].first == entries[run].first)
      ++end;
    bool severalAccounts = false;
    for (std::size_t k = run + 1; k < end && !severalAccounts; ++k)
      severalAccounts = (entries[k].second >> 2) != (entries[run].second >> 2);
    if (severalAccounts) {
      // The same hash: group by the folded text itself (a hash collision is no duplicate).
      std::map<std::string, Duplicate> byValue;
      for (std::size_t k = run; k < end; ++k) {
        const std::uint32_t account = entries[k].second >> 2;
        const Held held = static_cast<Held>(entries[k].second & 3);
        eachValue(dir, dir.accounts[account], [&](Held h, std::string_view v) {
          if (h != held || foldedHash(v) != entries[k].first) return;
          Duplicate& d = byValue[toLowerAscii(v)];
          if (d.value.empty()) d.value = v;
          if (d.holders.empty() || d.holders.back().account != account)
            d.holders.push_back({account, {}});
          auto& as = d.holders.back().as;
          if (std::find(as.begin(), as.end(), std::pair(h, std::string(v))) == as.end())
            as.emplace_back(h, std::string(v));
        });
      }
      for (auto& [folded, d] : byValue)
        if (d.holders.size() > 1) duplicates.push_back(std::move(d));
    }
    run = end;
  }
  entries = {};
  if (outOfScope > 0)
    out.note(fmt::format("{} users outside the sync scope not compared: the sync exports none "
                         "of their values",
                         outOfScope));
  if (duplicates.empty()) return;

  // Per account, the duplicates it holds: one finding per user.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> byAccount; // account, duplicate
  for (std::uint32_t d = 0; d < duplicates.size(); ++d)
    for (const Duplicate::Holder& h : duplicates[d].holders)
      byAccount.emplace_back(h.account, d);
  std::sort(byAccount.begin(), byAccount.end());

  const SharedText remediation(
      "Decide which user keeps each value, then change or remove it on the others in Active "
      "Directory before the next sync (for a proxy address: Set-ADUser <user> -Remove "
      "@{proxyAddresses='smtp:<address>'}; for a sign-in name: a new userPrincipalName). Entra ID "
      "accepts each address and sign-in name on one object only. To be done by an administrator; "
      "migready never changes AD.");
  for (std::size_t k = 0; k < byAccount.size();) {
    const std::uint32_t account = byAccount[k].first;
    const AdAccount& a = dir.accounts[account];
    Finding f;
    f.severity = Severity::Blocker;
    f.subject = subjectOf(a);
    f.evidence.push_back(evidenceOf(snapshot, a));
    std::vector<std::string> sentences;
    for (; k < byAccount.size() && byAccount[k].first == account; ++k) {
      const Duplicate& d = duplicates[byAccount[k].second];
      std::vector<std::string> mine, others;
      std::size_t othersLeft = 0;
      for (const Duplicate::Holder& h : d.holders) {
        const AdAccount& b = dir.accounts[h.account];
        std::vector<std::string> as;
        for (const auto& [held, v] : h.as)
          as.push_back(asHeld(held, v));
        if (h.account == account) {
          mine = as;
          for (const std::string& one : as)
            f.evidence.push_back({"ad", dir.locationOf(a), one, a.endLine});
        } else if (others.size() < kHoldersNamed) {
          others.push_back(fmt::format("{} ({})", b.dn, fmt::join(as, ", ")));
          f.evidence.push_back({"ad", dir.locationOf(b),
                                fmt::format("{}; {}", fmt::join(as, "; "), b.dn), b.endLine});
        } else {
          ++othersLeft;
        }
      }
      sentences.push_back(
          fmt::format("{} ({}) is also held by {} other user{} in sync scope: {}{}", d.value,
                      fmt::join(mine, ", "), d.holders.size() - 1, d.holders.size() == 2 ? "" : "s",
                      fmt::join(others, "; "),
                      othersLeft == 0 ? std::string() : fmt::format("; and {} more", othersLeft)));
    }
    f.message =
        fmt::format("{}: {}; Entra ID accepts each value on one object only",
                    a.samAccountName.empty() ? a.dn : a.samAccountName, fmt::join(sentences, "; "));
    f.remediation = remediation;
    out.push_back(std::move(f));
  }
}

} // namespace migready
