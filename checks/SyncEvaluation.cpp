#include "checks/SyncEvaluation.h"

#include "scanner/model/Encoding.h"

#include <fmt/format.h>

namespace migready {

std::string_view toString(Tristate t) {
  switch (t) {
  case Tristate::No:
    return "no";
  case Tristate::Yes:
    return "yes";
  case Tristate::Unknown:
    return "unknown";
  }
  return "unknown";
}

namespace {

// Splits a DN into RDNs, honouring backslash escapes; spaces after commas are dropped.
std::vector<std::string_view> rdnsOf(std::string_view dn) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t end = rdnEnd(dn, start);
    out.push_back(dn.substr(start, end - start));
    if (end == dn.size()) break;
    start = end + 1;
  }
  for (auto& r : out)
    while (!r.empty() && r.front() == ' ')
      r.remove_prefix(1);
  return out;
}

// Number of RDNs of `container` when it is `dn` or an ancestor of it, else 0.
std::size_t suffixDepth(const std::vector<std::string_view>& d, std::string_view container) {
  const auto c = rdnsOf(container);
  if (c.size() > d.size() || container.empty()) return 0;
  for (std::size_t i = 0; i < c.size(); ++i)
    if (!equalsIgnoreCase(d[d.size() - c.size() + i], c[i])) return 0;
  return c.size();
}

// The metaverse value of `attribute` for an AD user, as the outbound rules see it. nullopt:
// absent (null); error(): not an attribute migready can tell.
struct MvValue {
  bool known = true;
  std::optional<std::string> text;
  std::optional<std::int64_t> number;
};

MvValue mvValueOf(std::string_view attribute, const AdAccount* a) {
  auto text = [](std::string_view v) {
    MvValue m;
    if (!v.empty()) m.text = std::string(v);
    return m;
  };
  auto number = [](std::optional<std::int64_t> v) {
    MvValue m;
    m.number = v;
    if (v) m.text = std::to_string(*v);
    return m;
  };
  // Objects projected from AD user accounts: the metaverse class is person, the source type User.
  if (equalsIgnoreCase(attribute, "sourceObjectType")) return text("User");
  // cloudMastered is set only on objects that came from Entra ID.
  if (equalsIgnoreCase(attribute, "cloudMastered")) return MvValue{};
  if (!a) return MvValue{false, {}, {}};
  if (equalsIgnoreCase(attribute, "mailNickname")) return text(a->mailNickname);
  if (equalsIgnoreCase(attribute, "sAMAccountName") || equalsIgnoreCase(attribute, "accountName"))
    return text(a->samAccountName);
  if (equalsIgnoreCase(attribute, "userPrincipalName")) return text(a->userPrincipalName);
  if (equalsIgnoreCase(attribute, "displayName")) return text(a->displayName);
  if (equalsIgnoreCase(attribute, "msExchRecipientTypeDetails"))
    return number(a->recipientTypeDetails);
  if (equalsIgnoreCase(attribute, "msExchRemoteRecipientType"))
    return number(a->remoteRecipientType);
  if (equalsIgnoreCase(attribute, "userAccountControl"))
    return number(a->userAccountControl ? std::optional<std::int64_t>(*a->userAccountControl)
                                        : std::nullopt);
  if (equalsIgnoreCase(attribute, "isCriticalSystemObject"))
    return a->isCriticalSystemObject ? text("True") : MvValue{};
  if (equalsIgnoreCase(attribute, "msExchMailboxGuid"))
    return a->mailboxGuid ? text(a->mailboxGuid->toString()) : MvValue{};
  return MvValue{false, {}, {}};
}

} // namespace

Tristate evaluateCondition(const ScopeCondition& c, const AdAccount* a, std::string& why) {
  const MvValue v = mvValueOf(c.attribute, a);
  if (!v.known) {
    why = fmt::format("the condition \"{} {} {}\" reads an attribute migready does not evaluate",
                      c.attribute, c.op, c.value);
    return Tristate::Unknown;
  }
  const std::string& op = c.op;
  auto yes = [](bool b) { return b ? Tristate::Yes : Tristate::No; };
  const std::string_view s = v.text ? std::string_view(*v.text) : std::string_view();
  if (equalsIgnoreCase(op, "ISNULL")) return yes(!v.text);
  if (equalsIgnoreCase(op, "ISNOTNULL")) return yes(v.text.has_value());
  if (equalsIgnoreCase(op, "EQUAL")) return yes(v.text && equalsIgnoreCase(s, c.value));
  if (equalsIgnoreCase(op, "NOTEQUAL")) return yes(!v.text || !equalsIgnoreCase(s, c.value));
  if (equalsIgnoreCase(op, "STARTSWITH")) return yes(v.text && startsWithIgnoreCase(s, c.value));
  if (equalsIgnoreCase(op, "NOTSTARTSWITH"))
    return yes(!v.text || !startsWithIgnoreCase(s, c.value));
  if (equalsIgnoreCase(op, "ENDSWITH") || equalsIgnoreCase(op, "NOTENDSWITH")) {
    const bool ends = v.text && s.size() >= c.value.size() &&
                      equalsIgnoreCase(s.substr(s.size() - c.value.size()), c.value);
    return yes(equalsIgnoreCase(op, "ENDSWITH") ? ends : !ends);
  }
  if (equalsIgnoreCase(op, "ISBITSET") || equalsIgnoreCase(op, "ISNOTBITSET") ||
      equalsIgnoreCase(op, "ISBITNOTSET")) {
    const auto mask = parseInt64(c.value);
    if (!mask) {
      why = fmt::format("the condition \"{} {} {}\" has a mask that is not a number", c.attribute,
                        c.op, c.value);
      return Tristate::Unknown;
    }
    const bool set = v.number && (*v.number & *mask) == *mask;
    return yes(equalsIgnoreCase(op, "ISBITSET") ? set : !set);
  }
  why = fmt::format("the operator {} (in \"{} {} {}\") is one migready does not evaluate", c.op,
                    c.attribute, c.op, c.value);
  return Tristate::Unknown;
}

Answer containerScopeOf(std::string_view dn, const SyncConfig& sync) {
  const auto rdns = rdnsOf(dn);
  for (const SyncConnector& c : sync.connectors) {
    if (c.kind != SyncConnector::Kind::ActiveDirectory) continue;
    for (const SyncPartition& p : c.partitions) {
      if (suffixDepth(rdns, p.dn) == 0) continue;
      std::size_t bestInclude = 0, bestExclude = 0;
      std::string_view include, exclude;
      for (const auto& i : p.inclusions)
        if (auto d = suffixDepth(rdns, i); d > bestInclude) bestInclude = d, include = i;
      for (const auto& e : p.exclusions)
        if (auto d = suffixDepth(rdns, e); d > bestExclude) bestExclude = d, exclude = e;
      if (bestInclude > bestExclude)
        return {Tristate::Yes,
                fmt::format("under {}, included by connector \"{}\"", include, c.name)};
      if (bestExclude > 0)
        return {Tristate::No,
                fmt::format("under {}, excluded by connector \"{}\"", exclude, c.name)};
      return {Tristate::No,
              fmt::format("in partition {} of connector \"{}\" but under no included container",
                          p.dn, c.name)};
    }
    for (const auto& other : c.otherPartitions)
      if (suffixDepth(rdns, other) > 0)
        return {Tristate::No,
                fmt::format("partition {} is not selected in connector \"{}\"", other, c.name)};
  }
  return {Tristate::Unknown, "its domain is in no AD connector of the export"};
}

MailboxGuidFlow::MailboxGuidFlow(const SyncConfig& sync) : azureAd_(sync.azureAdConnector()) {
  if (!azureAd_) return;
  for (const SyncRule& r : sync.rules) // already in precedence order
    if (r.outbound && !r.disabled && equalsIgnoreCase(r.connector, azureAd_->id) &&
        equalsIgnoreCase(r.targetObjectType, "user") && r.mappingTo("msExchMailboxGuid"))
      candidates_.push_back(&r);
}

Answer MailboxGuidFlow::forUser(const AdAccount& account) const {
  return decide(&account);
}
Answer MailboxGuidFlow::forAnyUser() const {
  return decide(nullptr);
}

Answer MailboxGuidFlow::decide(const AdAccount* account) const {
  if (!azureAd_) return {Tristate::Unknown, "the export has no Azure AD connector", nullptr};
  if (!azureAd_->includes("msExchMailboxGuid"))
    return {Tristate::No,
            fmt::format("msExchMailboxGuid is not in the attribute inclusion list of the Azure AD "
                        "connector ({})",
                        azureAd_->file),
            nullptr};
  for (const SyncRule* r : candidates_) {
    Tristate matches = r->scope.empty() ? Tristate::Yes : Tristate::No;
    std::string why;
    for (const auto& group : r->scope) {
      Tristate all = Tristate::Yes;
      for (const auto& c : group) {
        const Tristate t = evaluateCondition(c, account, why);
        if (t == Tristate::No) {
          all = Tristate::No;
          break;
        }
        if (t == Tristate::Unknown) all = Tristate::Unknown;
      }
      if (all == Tristate::Yes) {
        matches = Tristate::Yes;
        break;
      }
      if (all == Tristate::Unknown) matches = Tristate::Unknown;
    }
    if (matches == Tristate::No) continue;
    if (matches == Tristate::Unknown)
      return {Tristate::Unknown,
              fmt::format("cannot tell whether rule \"{}\" (precedence {}, {}) applies: {}",
                          r->name, r->precedence, r->file, why),
              r};
    const AttributeMapping& m = *r->mappingTo("msExchMailboxGuid");
    const std::string expr = m.expression;
    if (equalsIgnoreCase(expr, "AuthoritativeNull"))
      return {Tristate::No,
              fmt::format("nulled by rule \"{}\" at precedence {} ({})", r->name, r->precedence,
                          r->file),
              r};
    const bool direct =
        (expr.empty() && !m.sources.empty()) || equalsIgnoreCase(expr, "[msExchMailboxGuid]");
    if (direct)
      return {Tristate::Yes,
              fmt::format("exported by rule \"{}\" at precedence {} ({}); the Azure AD connector "
                          "({}) includes the attribute",
                          r->name, r->precedence, r->file, azureAd_->file),
              r};
    return {Tristate::Unknown,
            fmt::format("rule \"{}\" (precedence {}, {}) maps it with a form migready cannot "
                        "evaluate: \"{}\"",
                        r->name, r->precedence, r->file, expr.empty() ? "(no source)" : expr),
            r};
  }
  return {Tristate::No, "no enabled outbound rule to the Azure AD connector maps it for this user",
          nullptr};
}

} // namespace migready
