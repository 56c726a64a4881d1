#include "checks/dir/InvalidValuesCheck.h"

#include "checks/support/CheckSupport.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

static constexpr CheckInfo kInfo{
    "DIR002",
    "invalid-values",
    "DIR",
    "Values Entra ID rejects or changes on AD users",
    Severity::Blocker,
    {SourceKind::Ad},
    R"(What it finds: AD users in sync scope with a value that Entra ID refuses, or that reaches it
changed. One finding per user names every such value, the attribute, the rule it breaks and what
happens to it. The rules are Microsoft's published limits ("Prepare for directory
synchronization to Microsoft 365", Microsoft Graph's user resource):

- userPrincipalName: no spaces (leading, trailing or inside); none of \ % & * + / = ? { } | < >
  ( ) ; : , [ ] "; exactly one @, not first; at most 113 characters, 64 before the @ and 48
  after it; the part before the @ may not end with a period; the suffix must be a domain name.
  Any of these: the user does not sync (blocker). Letters outside ASCII are changed to
  underscores (warning). A suffix that is not routable (.local, .lan, .corp, .internal, a name
  without a dot, ...) and, when the Entra ID snapshot holds the tenant's verified domains, a
  suffix that is not one of them: the user syncs as name@<tenant>.onmicrosoft.com (warning).
- mail and each SMTP proxy address: an e-mail address (one @, a local part without a leading,
  trailing or double period, a domain of letters, digits and hyphens), no spaces, none of
  < > ( ) ; , [ ] " \ or a second colon, ASCII only, at most 256 characters: otherwise Entra ID
  refuses it and the user does not sync (blocker).
- mailNickname (the Exchange alias): at most 64 characters, not beginning or ending with a
  period (blocker); spaces, \ < > ( ) ; : , [ ] " @ and letters outside ASCII are replaced by
  underscores on the way (warning).
- displayName: at most 256 characters and, when present, not blank (blocker); givenName and sn:
  at most 64 characters (blocker).
- sAMAccountName: at most 20 characters, none of [ ] \ " | , / : < > + = ; ? * ': a user with a
  valid userPrincipalName still syncs, so a warning.
- any of these beginning or ending with a space: a sign-in name or address with one is refused
  (blocker); a name (displayName, givenName, sn, mailNickname, sAMAccountName) is kept or
  trimmed, not as written (warning).

Why it matters: a user Entra ID refuses never gets a cloud account to migrate into; a value
changed on the way leaves users signing in or receiving mail under a name nobody chose.

Only users the sync exports are judged: users outside the sync scope (the sync configuration,
or without one the default sync rules: system mailboxes, critical system objects, sync service
accounts) never reach Entra ID. When an LDIF export lacks givenName or sn entirely, those are not
judged and the check's note says so.

How it differs from IdFix: apostrophes are valid in a userPrincipalName (O'Brien@contoso.com;
IdFix's UPN rule flags them); the 64 and 48 character limits before and after the @ are checked
(IdFix checked the total only); top-level domains are not taken from a list, so a new or long
one (.photography, .xn--p1ai) is valid (IdFix's list and its 2 to 17 letter rule flag them); mail
is checked as an address (IdFix's default rules never did); a mailNickname ending with a period
is found (IdFix's period rule never reported); givenName may have 64 characters (IdFix: 63) and
sn is checked (IdFix's default rules never read it); an apostrophe in sAMAccountName is found
(Microsoft lists it, IdFix does not); and users the sync never exports are left alone.
targetAddress and the proxy addresses of other types (X500:, SIP:) are not judged yet.

Remediation: correct the value on the AD user (Set-ADUser) before the next sync: remove the
character or space, shorten it, or give the user a userPrincipalName in a verified domain (add
the domain as a UPN suffix of the forest first). To be done by an administrator; migready never
changes AD.)",
    "blocker; warning where the value reaches Entra ID changed",
    "AD users in sync scope with a userPrincipalName, mail, SMTP proxy address, mailNickname, "
    "displayName, givenName, sn or sAMAccountName that Entra ID refuses (blocker) or changes on "
    "the way (warning: a non-routable or unverified UPN suffix, non-ASCII letters, characters "
    "replaced in the alias), naming the rule"};

const CheckInfo& InvalidValuesCheck::info() const {
  return kInfo;
}

std::string InvalidValuesCheck::whyNotRunnable(const Snapshot& snapshot) const {
  return whyAddressesNotKept(snapshot);
}

namespace {

// One rule a value breaks, and what happens to it.
struct Broken {
  std::string rule;
  bool refused; // the user does not sync (blocker); else the value is changed (warning)
};

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool hasNonAscii(std::string_view v) {
  return std::any_of(v.begin(), v.end(),
                     [](char c) { return static_cast<unsigned char>(c) > 127; });
}
// Characters counted as a person counts them (UTF-8 continuation bytes not counted).
std::size_t lengthOf(std::string_view v) {
  return static_cast<std::size_t>(std::count_if(
      v.begin(), v.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
// The characters of `v` that are in `set`, each once, quoted: "'%', '&'".
std::string found(std::string_view v, std::string_view set) {
  if (v.find_first_of(set) == std::string_view::npos) return {}; // the usual case: no allocation
  std::string seen;
  for (const char c : v)
    if (set.find(c) != std::string_view::npos && seen.find(c) == std::string::npos) seen += c;
  std::vector<std::string> quoted;
  for (const char c : seen)
    quoted.push_back(fmt::format("'{}'", c));
  return fmt::format("{}", fmt::join(quoted, ", "));
}
bool edgeSpace(std::string_view v) {
  return !v.empty() && (isSpace(v.front()) || isSpace(v.back()));
}
bool innerSpace(std::string_view v) {
  return std::any_of(v.begin(), v.end(), isSpace);
}

// A domain name: labels of ASCII letters, digits and hyphens (not first or last), two or more.
bool isDomainName(std::string_view d, bool underscores = false) {
  if (d.empty() || d.front() == '.' || d.back() == '.') return false;
  std::size_t labels = 0;
  while (!d.empty()) {
    const auto dot = d.find('.');
    const std::string_view label = d.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (const char c : label)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || (underscores && c == '_')))
        return false;
    ++labels;
    d = dot == std::string_view::npos ? std::string_view() : d.substr(dot + 1);
  }
  return labels >= 2;
}

// Suffixes no public DNS delegates (RFC 6761, RFC 6762, and the names directories use for
// internal domains), and a name without a dot: Microsoft's "non-routable domain".
bool isNonRoutable(std::string_view domain) {
  const auto dot = domain.rfind('.');
  if (dot == std::string_view::npos) return true;
  static constexpr std::array<std::string_view, 13> kInternal = {
      "local",     "lan",     "corp", "internal", "intranet", "home", "localdomain",
      "localhost", "private", "test", "invalid",  "example",  "priv"};
  const std::string_view tld = domain.substr(dot + 1);
  return std::any_of(kInternal.begin(), kInternal.end(),
                     [&](std::string_view internal) { return equalsIgnoreCase(tld, internal); });
}

constexpr std::string_view kUpnInvalid = "\\%&*+/=?{}|<>();:,[]\"";
constexpr std::string_view kSmtpInvalid = "<>();,[]\"\\:";
constexpr std::string_view kAliasReplaced = "\\<>();:,[]\"@";
constexpr std::string_view kSamInvalid = "[]\\\"|,/:<>+=;?*'";

void spaces(std::string_view v, bool refused, std::vector<Broken>& out) {
  if (edgeSpace(v))
    out.push_back({"begins or ends with a space", refused});
  else if (refused && innerSpace(v))
    out.push_back({"holds a space", true});
}

} // namespace

// The rules of one attribute, exposed for the unit tests through the check's findings.
namespace {

std::vector<Broken> upnRules(std::string_view upn, const std::vector<std::string>* verified) {
  std::vector<Broken> out;
  spaces(upn, true, out);
  if (const std::string bad = found(upn, kUpnInvalid); !bad.empty())
    out.push_back({fmt::format("holds {}, which a sign-in name cannot hold", bad), true});
  const auto ats = std::count(upn.begin(), upn.end(), '@');
  if (ats != 1) {
    out.push_back(
        {ats == 0 ? "has no @" : fmt::format("has {} @ signs (one is allowed)", ats), true});
    return out;
  }
  const auto at = upn.find('@');
  const std::string_view local = upn.substr(0, at), domain = upn.substr(at + 1);
  if (local.empty()) out.push_back({"begins with @", true});
  if (lengthOf(upn) > 113)
    out.push_back({fmt::format("is {} characters long (at most 113)", lengthOf(upn)), true});
  if (lengthOf(local) > 64)
    out.push_back(
        {fmt::format("has {} characters before the @ (at most 64)", lengthOf(local)), true});
  if (lengthOf(domain) > 48)
    out.push_back(
        {fmt::format("has {} characters after the @ (at most 48)", lengthOf(domain)), true});
  if (!local.empty() && local.back() == '.')
    out.push_back({"ends with a period before the @", true});
  if (hasNonAscii(upn))
    out.push_back({"holds letters outside ASCII, which the sync changes to underscores", false});
  if (!hasNonAscii(domain) && !domain.empty() &&
      domain.find_first_of(kUpnInvalid) == std::string::npos && !innerSpace(domain) &&
      !isDomainName(domain, true) && domain.find('.') != std::string::npos) {
    out.push_back({fmt::format("its suffix {} is not a domain name", domain), true});
    return out;
  }
  if (domain.empty()) return out;
  if (verified) {
    const bool isVerified =
        std::any_of(verified->begin(), verified->end(),
                    [&](const std::string& d) { return equalsIgnoreCase(d, domain); });
    if (!isVerified)
      out.push_back({fmt::format("its suffix {} is {}not a verified domain of the tenant: the user "
                                 "syncs as name@<tenant>.onmicrosoft.com",
                                 domain, isNonRoutable(domain) ? "not routable and " : ""),
                     false});
  } else if (isNonRoutable(domain)) {
    out.push_back({fmt::format("its suffix {} is not routable: the user syncs as "
                               "name@<tenant>.onmicrosoft.com",
                               domain),
                   false});
  }
  return out;
}

// mail, or the address part of an SMTP proxy address.
std::vector<Broken> smtpRules(std::string_view address, std::size_t maxLength) {
  std::vector<Broken> out;
  spaces(address, true, out);
  if (const std::string bad = found(address, kSmtpInvalid); !bad.empty())
    out.push_back({fmt::format("holds {}, which an e-mail address cannot hold", bad), true});
  if (hasNonAscii(address))
    out.push_back({"holds letters outside ASCII, which an e-mail address cannot hold", true});
  if (lengthOf(address) > maxLength)
    out.push_back(
        {fmt::format("is {} characters long (at most {})", lengthOf(address), maxLength), true});
  const auto ats = std::count(address.begin(), address.end(), '@');
  if (ats != 1) {
    out.push_back({ats == 0 ? "has no @: not an e-mail address"
                            : fmt::format("has {} @ signs: not an e-mail address", ats),
                   true});
    return out;
  }
  const auto at = address.find('@');
  const std::string_view local = address.substr(0, at), domain = address.substr(at + 1);
  if (local.empty())
    out.push_back({"has nothing before the @", true});
  else if (local.front() == '.' || local.back() == '.' ||
           local.find("..") != std::string_view::npos)
    out.push_back(
        {"has a period at the start or end of the part before the @, or two in a row", true});
  if (!hasNonAscii(domain) && !innerSpace(domain) && !isDomainName(domain))
    out.push_back({fmt::format("its domain {} is not a domain name", domain), true});
  return out;
}

std::vector<Broken> aliasRules(std::string_view alias) {
  std::vector<Broken> out;
  if (lengthOf(alias) > 64)
    out.push_back({fmt::format("is {} characters long (at most 64)", lengthOf(alias)), true});
  if (alias.front() == '.' || alias.back() == '.')
    out.push_back({"begins or ends with a period", true});
  spaces(alias, false, out);
  std::string replaced = found(alias, kAliasReplaced);
  if (innerSpace(alias) && !edgeSpace(alias)) replaced += replaced.empty() ? "spaces" : ", spaces";
  if (!replaced.empty())
    out.push_back(
        {fmt::format("holds {}, which Exchange replaces with underscores", replaced), false});
  if (hasNonAscii(alias))
    out.push_back({"holds letters outside ASCII, which Exchange changes in addresses", false});
  return out;
}

std::vector<Broken> nameRules(std::string_view name, std::size_t maxLength, bool notBlank) {
  std::vector<Broken> out;
  if (lengthOf(name) > maxLength)
    out.push_back(
        {fmt::format("is {} characters long (at most {})", lengthOf(name), maxLength), true});
  if (notBlank && std::all_of(name.begin(), name.end(), isSpace))
    out.push_back({"is blank", true});
  else
    spaces(name, false, out);
  return out;
}

std::vector<Broken> samRules(std::string_view sam) {
  std::vector<Broken> out;
  if (lengthOf(sam) > 20)
    out.push_back({fmt::format("is {} characters long (at most 20)", lengthOf(sam)), false});
  if (const std::string bad = found(sam, kSamInvalid); !bad.empty())
    out.push_back({fmt::format("holds {}, which an account name should not hold", bad), false});
  spaces(sam, false, out);
  return out;
}

} // namespace

void InvalidValuesCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const AdDirectory& dir = snapshot.ad;
  const MailboxGuidExposure exposure(snapshot);
  // The tenant's verified domains, when Entra ID was read and its organization names them.
  const std::vector<std::string>* verified = nullptr;
  if (snapshot.source(SourceKind::Graph).status != SourceStatus::Failed && snapshot.cloud.tenant &&
      snapshot.cloud.tenant->verifiedDomains)
    verified = &*snapshot.cloud.tenant->verifiedDomains;
  if (!verified)
    out.note("the tenant's verified domains were not read: userPrincipalName suffixes judged by "
             "routability only");
  const SharedText refusedFix(
      "Correct the value on the AD user before the next sync (Set-ADUser): remove the character "
      "or space, shorten it, or give it the form the rule names. Until then Entra ID refuses the "
      "user and it does not sync. To be done by an administrator; migready never changes AD.");
  const SharedText changedFix(
      "Correct the value on the AD user before the next sync (Set-ADUser), or accept the value "
      "Entra ID makes of it; for a userPrincipalName suffix, add a verified domain to the tenant "
      "and give the users a UPN in it (add it to the forest's UPN suffixes first). To be done by "
      "an administrator; migready never changes AD.");
  std::uint64_t outOfScope = 0, namesUnknown = 0;
  for (const AdAccount& a : dir.accounts) {
    if (!exposure.mayBeInScope(a)) {
      ++outOfScope;
      continue;
    }
    struct Problem {
      std::string attribute; // with the value as AD holds it
      Broken broken;
    };
    std::vector<Problem> problems;
    // `prefix` (a proxy address's) is written before the value in the finding; the text is
    // made only for a value that breaks a rule.
    const auto judge = [&](std::string_view attribute, std::string_view value,
                           std::vector<Broken> broken, std::string_view prefix = {}) {
      for (Broken& b : broken)
        problems.push_back({fmt::format("{} \"{}{}\"", attribute, prefix, value), std::move(b)});
    };
    if (!a.userPrincipalName.empty())
      judge("userPrincipalName", a.userPrincipalName, upnRules(a.userPrincipalName, verified));
    if (const std::string_view mail = dir.mailOf(a); !mail.empty())
      judge("mail", mail, smtpRules(mail, 256));
    if (!a.primarySmtp.empty())
      judge("proxyAddresses", a.primarySmtp, smtpRules(a.primarySmtp, 256 - 5), "SMTP:");
    {
      std::string_view rest = dir.otherSmtpOf(a);
      bool first = true;
      while (!rest.empty()) {
        const auto nl = rest.find('\n');
        const std::string_view v = rest.substr(0, nl);
        if (!(first && a.otherSmtpHasMail) && !v.empty())
          judge("proxyAddresses", v, smtpRules(v, 256 - 5), "smtp:");
        first = false;
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      }
    }
    if (!a.mailNickname.empty()) judge("mailNickname", a.mailNickname, aliasRules(a.mailNickname));
    if (!a.displayName.empty())
      judge("displayName", a.displayName, nameRules(a.displayName, 256, true));
    if (const std::string_view g = dir.givenNameOf(a); !g.empty())
      judge("givenName", g, nameRules(g, 64, false));
    if (const std::string_view sn = dir.surnameOf(a); !sn.empty())
      judge("sn", sn, nameRules(sn, 64, false));
    if (!dir.absenceKnown(a, AdDirectory::kSawGivenName) ||
        !dir.absenceKnown(a, AdDirectory::kSawSurname))
      ++namesUnknown;
    if (!a.samAccountName.empty())
      judge("sAMAccountName", a.samAccountName, samRules(a.samAccountName));
    if (problems.empty()) continue;

    Finding f;
    const bool refused = std::any_of(problems.begin(), problems.end(),
                                     [](const Problem& p) { return p.broken.refused; });
    f.severity = refused ? Severity::Blocker : Severity::Warning;
    f.subject = subjectOf(a);
    f.evidence.push_back(evidenceOf(snapshot, a));
    std::vector<std::string> sentences;
    for (const Problem& p : problems) {
      sentences.push_back(
          fmt::format("{}: {} ({})", p.attribute, p.broken.rule,
                      p.broken.refused ? "refused: the user does not sync" : "changed on the way"));
      f.evidence.push_back(
          {"ad", dir.locationOf(a), fmt::format("{}: {}", p.attribute, p.broken.rule), a.endLine});
    }
    f.message = fmt::format("{}: {}", a.samAccountName.empty() ? a.dn : a.samAccountName,
                            fmt::join(sentences, "; "));
    f.remediation = refused ? refusedFix : changedFix;
    out.push_back(std::move(f));
  }
  if (outOfScope > 0)
    out.note(fmt::format("{} users outside the sync scope not judged: the sync exports none of "
                         "their values",
                         outOfScope));
  if (namesUnknown > 0)
    out.note(fmt::format("{} users read from an export without givenName or sn: those not judged",
                         namesUnknown));
}

} // namespace migready
