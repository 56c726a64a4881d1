#include "checks/support/SyncEvaluation.h"

#include "scanner/model/Dn.h"
#include "scanner/model/Text.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

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

Tristate negated(Tristate t) {
  return t == Tristate::Yes ? Tristate::No : t == Tristate::No ? Tristate::Yes : t;
}

namespace {

constexpr std::string_view kAttribute = "msExchMailboxGuid";

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
  if (container.empty()) return 0;
  const auto c = rdnsOf(container);
  if (c.size() > d.size()) return 0;
  for (std::size_t i = 0; i < c.size(); ++i)
    if (!equalsIgnoreCase(d[d.size() - c.size() + i], c[i])) return 0;
  return c.size();
}

// An attribute of a user as the rules see it (the connector space and the metaverse agree on
// the attributes migready reads).
struct MvValue {
  bool known = true;       // an attribute migready can tell for this user
  bool present = false;    // has a value
  bool valueKnown = false; // the value itself is known (not only that there is one)
  std::string text;
  std::optional<std::int64_t> number;
};

MvValue absent() {
  return {};
}
MvValue unknown() {
  return {false, false, false, {}, {}};
}
MvValue presentButUnknown() {
  return {true, true, false, {}, {}};
}
MvValue text(std::string_view v) {
  if (v.empty()) return absent();
  return {true, true, true, std::string(v), parseInt64(v)};
}
MvValue number(std::optional<std::int64_t> v) {
  if (!v) return absent();
  return {true, true, true, std::to_string(*v), v};
}

// `a` null: the typical mailbox user of forAnyUser(), of whom only this is known: it comes from
// AD as a User, it has an alias (mailNickname) and an msExchMailboxGuid.
MvValue mvValueOf(std::string_view attribute, const AdAccount* a) {
  // Objects projected from AD user accounts: the metaverse class is person, the source type User.
  if (equalsIgnoreCase(attribute, "sourceObjectType")) return text("User");
  // cloudMastered and cloudFiltered are set only on objects that came from Entra ID.
  if (equalsIgnoreCase(attribute, "cloudMastered")) return absent();
  if (!a) {
    if (equalsIgnoreCase(attribute, "mailNickname") || equalsIgnoreCase(attribute, kAttribute))
      return presentButUnknown();
    return unknown();
  }
  if (equalsIgnoreCase(attribute, "mailNickname")) return text(a->mailNickname);
  if (equalsIgnoreCase(attribute, "dn") || equalsIgnoreCase(attribute, "distinguishedName"))
    return text(a->dn);
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
  if (equalsIgnoreCase(attribute, "accountEnabled")) {
    if (!a->userAccountControl) return unknown();
    return text((*a->userAccountControl & 2) ? "False" : "True");
  }
  if (equalsIgnoreCase(attribute, "isCriticalSystemObject"))
    return a->isCriticalSystemObject ? text("TRUE") : absent();
  if (equalsIgnoreCase(attribute, kAttribute))
    return a->mailboxGuid ? text(a->mailboxGuid->toString()) : absent();
  return unknown();
}

std::string conditionText(const ScopeCondition& c) {
  return c.value.empty() ? fmt::format("{} {}", c.attribute, c.op)
                         : fmt::format("{} {} {}", c.attribute, c.op, c.value);
}

// ---- attribute-flow expressions -----------------------------------------------------------
// A small evaluator for the expression language of sync rules: literals, [attribute],
// AuthoritativeNull, NULL, IIF(c, a, b), IsPresent, IsNullOrEmpty, IsNull, Not, =, <>, &&, ||.
// Anything else is Unknown: never guessed.

struct Value {
  enum class Kind { Null, AuthoritativeNull, Own, Text, Bool, Present, Unknown };
  Value(Kind k = Kind::Null, std::string t = {}, bool f = false)
      : kind(k), text(std::move(t)), flag(f) {}
  Kind kind;
  std::string text; // Text
  bool flag;        // Bool
};

class Expression {
public:
  Expression(std::string_view source, const AdAccount* account) : s_(source), account_(account) {}

  Value evaluate(std::string& why) {
    Value v = orExpr();
    skipSpaces();
    if (failed_.empty() && pos_ != s_.size()) failed_ = "unexpected text";
    if (!failed_.empty()) {
      why = fmt::format("the expression \"{}\" uses a form migready does not evaluate ({})", s_,
                        failed_);
      return {Value::Kind::Unknown};
    }
    if (v.kind == Value::Kind::Unknown && why.empty())
      why = fmt::format("the expression \"{}\" depends on a value migready cannot tell for this "
                        "user",
                        s_);
    return v;
  }

private:
  void skipSpaces() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_])))
      ++pos_;
  }
  bool eat(std::string_view token) {
    skipSpaces();
    if (s_.substr(pos_).starts_with(token)) {
      pos_ += token.size();
      return true;
    }
    return false;
  }
  Value fail(std::string what) {
    if (failed_.empty()) failed_ = std::move(what);
    return {Value::Kind::Unknown};
  }
  static Value boolean(bool b) { return {Value::Kind::Bool, {}, b}; }
  static Value unknownValue() { return {Value::Kind::Unknown}; }

  // Truth of a condition: true, false or unknown (nullopt).
  static std::optional<bool> truth(const Value& v) {
    if (v.kind == Value::Kind::Bool) return v.flag;
    return std::nullopt;
  }

  Value orExpr() {
    Value left = andExpr();
    while (eat("||")) {
      const Value right = andExpr();
      const auto a = truth(left), b = truth(right);
      if ((a && *a) || (b && *b))
        left = boolean(true);
      else if (a && b)
        left = boolean(false);
      else
        left = unknownValue();
    }
    return left;
  }
  Value andExpr() {
    Value left = comparison();
    while (eat("&&")) {
      const Value right = comparison();
      const auto a = truth(left), b = truth(right);
      if ((a && !*a) || (b && !*b))
        left = boolean(false);
      else if (a && b)
        left = boolean(true);
      else
        left = unknownValue();
    }
    return left;
  }
  Value comparison() {
    Value left = primary();
    for (;;) {
      bool negate;
      if (eat("<>"))
        negate = true;
      else if (eat("="))
        negate = false;
      else
        return left;
      const Value right = primary();
      left = equal(left, right, negate);
    }
  }
  static Value equal(const Value& a, const Value& b, bool negate) {
    auto known = [](const Value& v) {
      return v.kind == Value::Kind::Null || v.kind == Value::Kind::Text ||
             v.kind == Value::Kind::Bool;
    };
    if (!known(a) || !known(b)) return unknownValue();
    bool same;
    if (a.kind != b.kind)
      same = false;
    else if (a.kind == Value::Kind::Text)
      same = equalsIgnoreCase(a.text, b.text);
    else if (a.kind == Value::Kind::Bool)
      same = a.flag == b.flag;
    else
      same = true;
    return boolean(negate ? !same : same);
  }

  Value attribute() {
    const std::size_t close = s_.find(']', pos_);
    if (close == std::string_view::npos) return fail("an attribute reference without ']'");
    const std::string_view name = s_.substr(pos_, close - pos_);
    pos_ = close + 1;
    if (equalsIgnoreCase(name, kAttribute)) {
      const bool has = account_ ? account_->mailboxGuid.has_value() : true;
      return has ? Value{Value::Kind::Own} : Value{Value::Kind::Null};
    }
    const MvValue v = mvValueOf(name, account_);
    if (!v.known) return unknownValue();
    if (!v.present) return {Value::Kind::Null};
    if (!v.valueKnown) return {Value::Kind::Present};
    return {Value::Kind::Text, v.text};
  }

  Value primary() {
    skipSpaces();
    if (pos_ >= s_.size()) return fail("the expression ends early");
    const char c = s_[pos_];
    if (c == '(') {
      ++pos_;
      Value v = orExpr();
      if (!eat(")")) return fail("a '(' without ')'");
      return v;
    }
    if (c == '[') {
      ++pos_;
      return attribute();
    }
    if (c == '"') {
      const std::size_t close = s_.find('"', pos_ + 1);
      if (close == std::string_view::npos) return fail("a string without its closing quote");
      Value v{Value::Kind::Text, std::string(s_.substr(pos_ + 1, close - pos_ - 1))};
      pos_ = close + 1;
      return v;
    }
    if (c == '!') {
      ++pos_;
      const auto t = truth(primary());
      return t ? boolean(!*t) : unknownValue();
    }
    std::size_t end = pos_;
    while (end < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[end])) || s_[end] == '_'))
      ++end;
    if (end == pos_) return fail(fmt::format("unexpected '{}'", c));
    const std::string_view word = s_.substr(pos_, end - pos_);
    pos_ = end;
    if (equalsIgnoreCase(word, "AuthoritativeNull")) return {Value::Kind::AuthoritativeNull};
    if (equalsIgnoreCase(word, "NULL") || equalsIgnoreCase(word, "Nothing"))
      return {Value::Kind::Null};
    if (equalsIgnoreCase(word, "True")) return boolean(true);
    if (equalsIgnoreCase(word, "False")) return boolean(false);
    if (std::isdigit(static_cast<unsigned char>(word.front())))
      return {Value::Kind::Text, std::string(word)};
    skipSpaces();
    if (pos_ >= s_.size() || s_[pos_] != '(') return fail(fmt::format("the name {}", word));
    ++pos_;
    std::vector<Value> args;
    if (!eat(")")) {
      do {
        args.push_back(orExpr());
      } while (eat(","));
      if (!eat(")")) return fail(fmt::format("{}( without ')'", word));
    }
    return call(word, args);
  }

  Value call(std::string_view name, const std::vector<Value>& args) {
    auto presence = [](const Value& v) -> std::optional<bool> {
      switch (v.kind) {
      case Value::Kind::Null:
      case Value::Kind::AuthoritativeNull:
        return false;
      case Value::Kind::Unknown:
        return std::nullopt;
      default:
        return true;
      }
    };
    if (equalsIgnoreCase(name, "IIF") && args.size() == 3) {
      const auto c = truth(args[0]);
      if (!c) return unknownValue();
      return *c ? args[1] : args[2];
    }
    if ((equalsIgnoreCase(name, "IsPresent") || equalsIgnoreCase(name, "IsNull") ||
         equalsIgnoreCase(name, "IsNullOrEmpty")) &&
        args.size() == 1) {
      auto p = presence(args[0]);
      if (p && *p && args[0].kind == Value::Kind::Text && args[0].text.empty() &&
          equalsIgnoreCase(name, "IsNullOrEmpty"))
        p = false;
      if (!p) return unknownValue();
      return boolean(equalsIgnoreCase(name, "IsPresent") ? *p : !*p);
    }
    if (equalsIgnoreCase(name, "Not") && args.size() == 1) {
      const auto t = truth(args[0]);
      return t ? boolean(!*t) : unknownValue();
    }
    return fail(fmt::format("the function {}", name));
  }

  std::string_view s_;
  const AdAccount* account_;
  std::size_t pos_ = 0;
  std::string failed_;
};

bool isTheAttribute(std::string_view name) {
  return equalsIgnoreCase(name, kAttribute);
}

std::string ruleName(const SyncRule& r) {
  return fmt::format("\"{}\" (precedence {})", r.name, r.precedence);
}

// Whether a rule's scope matches the user: groups are ORed, conditions inside a group ANDed.
Tristate scopeMatches(const SyncRule& r, const AdAccount* account, std::string& why) {
  if (r.scope.empty()) return Tristate::Yes;
  Tristate matches = Tristate::No;
  for (const auto& group : r.scope) {
    Tristate all = Tristate::Yes;
    for (const auto& c : group) {
      std::string conditionWhy;
      const Tristate t = evaluateCondition(c, account, conditionWhy);
      if (t == Tristate::No) {
        all = Tristate::No;
        break;
      }
      if (t == Tristate::Unknown) {
        all = Tristate::Unknown;
        why = conditionWhy;
      }
    }
    if (all == Tristate::Yes) return Tristate::Yes;
    if (all == Tristate::Unknown) matches = Tristate::Unknown;
  }
  return matches;
}

// The first condition of a rule's scope that this user fails, for the reason why it does not
// apply.
std::string firstFailedCondition(const SyncRule& r, const AdAccount* account) {
  for (const auto& group : r.scope)
    for (const auto& c : group) {
      std::string ignored;
      if (evaluateCondition(c, account, ignored) == Tristate::No) return conditionText(c);
    }
  return "its scope";
}

// A rule that applies to the user but whose connector is not in the export: it may be the
// user's own connector (inbound) or the Azure AD connector (outbound), so its effect is unknown.
Answer unresolvedRule(const SyncRule& r, std::string_view direction) {
  return {Tristate::Unknown,
          fmt::format("{} rule {} refers to connector {}, which is not in the export: whether it "
                      "sends msExchMailboxGuid cannot be told",
                      direction, ruleName(r), r.connector.empty() ? "(none)" : r.connector),
          &r, r.file, r.decisionLine()};
}

} // namespace

Tristate evaluateCondition(const ScopeCondition& c, const AdAccount* a, std::string& why) {
  const MvValue v = mvValueOf(c.attribute, a);
  auto cannot = [&] {
    why = a ? fmt::format("the condition \"{}\" reads an attribute migready does not evaluate",
                          conditionText(c))
            : fmt::format("the condition \"{}\" depends on the user's own attributes (no AD data)",
                          conditionText(c));
    return Tristate::Unknown;
  };
  if (!v.known) return cannot();
  const std::string& op = c.op;
  auto yes = [](bool b) { return b ? Tristate::Yes : Tristate::No; };
  if (equalsIgnoreCase(op, "ISNULL")) return yes(!v.present);
  if (equalsIgnoreCase(op, "ISNOTNULL")) return yes(v.present);
  // Every other operator compares the value: a present value that is not known cannot tell.
  if (v.present && !v.valueKnown) {
    const bool knownOperator =
        equalsIgnoreCase(op, "EQUAL") || equalsIgnoreCase(op, "NOTEQUAL") ||
        equalsIgnoreCase(op, "STARTSWITH") || equalsIgnoreCase(op, "NOTSTARTSWITH") ||
        equalsIgnoreCase(op, "ENDSWITH") || equalsIgnoreCase(op, "NOTENDSWITH") ||
        equalsIgnoreCase(op, "ISBITSET") || equalsIgnoreCase(op, "ISNOTBITSET") ||
        equalsIgnoreCase(op, "ISBITNOTSET");
    if (knownOperator) return cannot();
  }
  const std::string_view s = v.text;
  if (equalsIgnoreCase(op, "EQUAL")) return yes(v.present && equalsIgnoreCase(s, c.value));
  if (equalsIgnoreCase(op, "NOTEQUAL")) return yes(!v.present || !equalsIgnoreCase(s, c.value));
  if (equalsIgnoreCase(op, "STARTSWITH")) return yes(v.present && startsWithIgnoreCase(s, c.value));
  if (equalsIgnoreCase(op, "NOTSTARTSWITH"))
    return yes(!v.present || !startsWithIgnoreCase(s, c.value));
  if (equalsIgnoreCase(op, "ENDSWITH") || equalsIgnoreCase(op, "NOTENDSWITH")) {
    const bool ends = v.present && s.size() >= c.value.size() &&
                      equalsIgnoreCase(s.substr(s.size() - c.value.size()), c.value);
    return yes(equalsIgnoreCase(op, "ENDSWITH") ? ends : !ends);
  }
  if (equalsIgnoreCase(op, "ISBITSET") || equalsIgnoreCase(op, "ISNOTBITSET") ||
      equalsIgnoreCase(op, "ISBITNOTSET")) {
    const auto mask = parseInt64(c.value);
    if (!mask) {
      why = fmt::format("the condition \"{}\" has a mask that is not a number", conditionText(c));
      return Tristate::Unknown;
    }
    const bool set = v.number && (*v.number & *mask) == *mask;
    return yes(equalsIgnoreCase(op, "ISBITSET") ? set : !set);
  }
  why = fmt::format("the operator {} (in \"{}\") is one migready does not evaluate", c.op,
                    conditionText(c));
  return Tristate::Unknown;
}

FlowValue evaluateFlow(const AttributeMapping& m, const AdAccount* account, std::string& why) {
  const bool has = account ? account->mailboxGuid.has_value() : true;
  if (m.expression.empty()) {
    // A direct flow hands over the source attribute's value.
    if (m.sources.size() == 1 && isTheAttribute(m.sources[0]))
      return has ? FlowValue::OwnValue : FlowValue::Null;
    why = m.sources.empty()
              ? std::string("the mapping has neither a source nor an expression")
              : fmt::format("the mapping copies {} into msExchMailboxGuid", m.sources.front());
    return m.sources.empty() ? FlowValue::Null : FlowValue::Unknown;
  }
  const Value v = Expression(m.expression, account).evaluate(why);
  switch (v.kind) {
  case Value::Kind::Null:
    return FlowValue::Null;
  case Value::Kind::AuthoritativeNull:
    return FlowValue::AuthoritativeNull;
  case Value::Kind::Own:
    return FlowValue::OwnValue;
  case Value::Kind::Text:
  case Value::Kind::Bool:
  case Value::Kind::Present:
    why =
        fmt::format("the expression \"{}\" sets msExchMailboxGuid to another value", m.expression);
    return FlowValue::OtherValue;
  case Value::Kind::Unknown:
    return FlowValue::Unknown;
  }
  return FlowValue::Unknown;
}

Answer connectStandsAside(const AdAccount& account, const SyncConfig& sync) {
  if (sync.stagingMode == true)
    return {Tristate::Yes,
            "the Azure AD Connect server is in staging mode (Microsoft.Synchronize.StagingMode): "
            "it exports nothing",
            nullptr, sync.globalSettingsFile,
            sync.settingLine("Microsoft.Synchronize.StagingMode")};
  const SyncRule* joinNoFlow = nullptr;
  for (const SyncRule& r : sync.rules)
    if (r.outbound && !r.disabled && equalsIgnoreCase(r.linkType, "JoinNoFlow")) joinNoFlow = &r;
  if (!joinNoFlow)
    return {Tristate::No, "no JoinNoFlow rule: Azure AD Connect exports", nullptr, {}};
  const PartitionMatch match = partitionOf(account.dn, sync);
  for (const SyncRule& r : sync.rules) {
    if (r.outbound || r.disabled) continue;
    if (match.connector && r.connectorResolved && r.connectorKey != match.connector->key) continue;
    const AttributeMapping* m = r.mappingTo("cloudNoFlow");
    if (!m) continue;
    std::string_view value = m->expression;
    while (!value.empty() && value.front() == '"')
      value.remove_prefix(1);
    while (!value.empty() && value.back() == '"')
      value.remove_suffix(1);
    if (!equalsIgnoreCase(value, "True")) continue;
    std::string why;
    const Tristate applies = scopeMatches(r, &account, why);
    if (applies == Tristate::Yes)
      return {Tristate::Yes,
              fmt::format("inbound rule {} sets cloudNoFlow and outbound rule {} (JoinNoFlow) "
                          "stops Azure AD Connect from exporting the user",
                          ruleName(r), ruleName(*joinNoFlow)),
              &r, r.file, r.line};
    if (applies == Tristate::Unknown)
      return {Tristate::Unknown,
              fmt::format("cannot tell whether pilot rule {} (cloudNoFlow) applies: {}",
                          ruleName(r), why),
              &r, r.file, r.line};
  }
  return {Tristate::No, "no cloudNoFlow rule applies: Azure AD Connect exports", nullptr, {}};
}

PartitionMatch partitionOf(std::string_view dn, const SyncConfig& sync) {
  const auto rdns = rdnsOf(dn);
  // The DN's domain is its trailing run of DC= RDNs. A partition shorter than that is a parent
  // domain's: a child domain without its own partition belongs to no partition of the export.
  std::size_t domainDepth = 0;
  while (domainDepth < rdns.size() &&
         startsWithIgnoreCase(rdns[rdns.size() - 1 - domainDepth], "DC="))
    ++domainDepth;
  if (domainDepth == rdns.size()) domainDepth = 0; // the DN is a domain itself
  PartitionMatch best;
  std::size_t bestDepth = domainDepth > 0 ? domainDepth - 1 : 0;
  for (const SyncConnector& c : sync.connectors) {
    if (c.kind != SyncConnector::Kind::ActiveDirectory) continue;
    for (const SyncPartition& p : c.partitions) {
      const std::size_t depth = suffixDepth(rdns, p.dn);
      // The longest naming context wins (a child domain over its parent); on a tie, a selected
      // partition over one that is not.
      if (depth > bestDepth ||
          (best.partition && depth == bestDepth && p.selected && !best.partition->selected)) {
        best = {&c, &p};
        bestDepth = depth;
      }
    }
  }
  return best;
}

Answer containerScopeOf(std::string_view dn, const SyncConfig& sync) {
  const PartitionMatch match = partitionOf(dn, sync);
  if (!match.partition)
    return {Tristate::Unknown,
            "its domain is in no AD connector of the export (another sync server may serve it)",
            nullptr, sync.origin};
  const SyncConnector& c = *match.connector;
  const SyncPartition& p = *match.partition;
  if (!p.selected)
    return {Tristate::No,
            fmt::format("partition {} is not selected in connector \"{}\"", p.dn, c.name), nullptr,
            c.file, p.line};
  const auto rdns = rdnsOf(dn);
  std::size_t bestInclude = 0, bestExclude = 0;
  std::string_view include, exclude;
  for (const auto& i : p.inclusions)
    if (auto d = suffixDepth(rdns, i); d > bestInclude) bestInclude = d, include = i;
  for (const auto& e : p.exclusions)
    if (auto d = suffixDepth(rdns, e); d > bestExclude) bestExclude = d, exclude = e;
  if (bestInclude > bestExclude)
    return {Tristate::Yes, fmt::format("under {}, included by connector \"{}\"", include, c.name),
            nullptr, c.file, p.line};
  if (bestExclude > 0)
    return {Tristate::No, fmt::format("under {}, excluded by connector \"{}\"", exclude, c.name),
            nullptr, c.file, p.line};
  return {Tristate::No,
          fmt::format("in partition {} of connector \"{}\" but under no included container", p.dn,
                      c.name),
          nullptr, c.file, p.line};
}

MailboxGuidFlow::MailboxGuidFlow(const SyncConfig& sync)
    : sync_(sync), azureAd_(sync.azureAdConnector()) {
  // Rules whose connector reference names no connector of the export stay candidates: where
  // one of them would be reached, its effect is unknown.
  for (const SyncRule& r : sync.rules) { // already in precedence order
    if (r.disabled || !r.mappingTo(kAttribute)) continue;
    if (!r.outbound && equalsIgnoreCase(r.sourceObjectType, "user") &&
        equalsIgnoreCase(r.targetObjectType, "person"))
      inbound_.push_back(&r);
    if (r.outbound && (!r.connectorResolved || (azureAd_ && r.connectorKey == azureAd_->key)) &&
        equalsIgnoreCase(r.sourceObjectType, "person") &&
        equalsIgnoreCase(r.targetObjectType, "user"))
      outbound_.push_back(&r);
  }
}

FlowAnswer MailboxGuidFlow::forUser(const AdAccount& account) const {
  const PartitionMatch match = partitionOf(account.dn, sync_);
  if (!match.connector) {
    FlowAnswer a;
    a.why = "its domain is in no AD connector of the export";
    a.file = sync_.origin;
    return a;
  }
  return decide(&account, *match.connector);
}

FlowAnswer MailboxGuidFlow::forAnyUser() const {
  // Every AD connector may hold such a user: one that sends the attribute is enough.
  std::optional<FlowAnswer> unknown, no;
  for (const SyncConnector& c : sync_.connectors) {
    if (c.kind != SyncConnector::Kind::ActiveDirectory) continue;
    FlowAnswer a = decide(nullptr, c);
    if (a.value == Tristate::Yes) return a;
    if (a.value == Tristate::Unknown && !unknown) unknown = std::move(a);
    if (a.value == Tristate::No && !no) no = std::move(a);
  }
  if (unknown) return *unknown;
  if (no) return *no;
  FlowAnswer a;
  a.why = "the export has no AD connector";
  a.file = sync_.origin;
  return a;
}

Answer MailboxGuidFlow::inbound(const AdAccount* account, const SyncConnector& ad) const {
  std::vector<std::string> passed; // rules that did not apply or gave no value, and why
  for (const SyncRule* r : inbound_) {
    if (r->connectorResolved && r->connectorKey != ad.key) continue;
    std::string why;
    const Tristate scope = scopeMatches(*r, account, why);
    if (scope == Tristate::Unknown)
      return {Tristate::Unknown,
              fmt::format("cannot tell whether inbound rule {} applies: {}", ruleName(*r), why), r,
              r->file, r->decisionLine()};
    if (scope == Tristate::No) {
      passed.push_back(
          fmt::format("{} does not apply ({})", ruleName(*r), firstFailedCondition(*r, account)));
      continue;
    }
    if (!r->connectorResolved) return unresolvedRule(*r, "inbound");
    switch (evaluateFlow(*r->mappingTo(kAttribute), account, why)) {
    case FlowValue::OwnValue:
      return {Tristate::Yes, fmt::format("inbound rule {} puts it in the metaverse", ruleName(*r)),
              r, r->file, r->decisionLine()};
    case FlowValue::AuthoritativeNull:
      return {Tristate::No,
              fmt::format("inbound rule {} sets it to AuthoritativeNull, so the metaverse holds "
                          "no value",
                          ruleName(*r)),
              r, r->file, r->decisionLine()};
    case FlowValue::Null:
      passed.push_back(fmt::format("{} gives no value", ruleName(*r)));
      continue;
    case FlowValue::OtherValue:
    case FlowValue::Unknown:
      return {Tristate::Unknown, fmt::format("inbound rule {}: {}", ruleName(*r), why), r, r->file,
              r->decisionLine()};
    }
  }
  const std::string tried =
      passed.empty() ? std::string() : fmt::format(" ({})", fmt::join(passed, "; "));
  if (!sync_.hasStandardRule(StandardRule::InFromAdUserExchange))
    return {Tristate::Unknown,
            fmt::format("no inbound rule of connector \"{}\" puts it in the metaverse{}, and the "
                        "export lacks the standard rule \"{}\": the export looks incomplete",
                        ad.name, tried, nameOf(StandardRule::InFromAdUserExchange)),
            nullptr, sync_.origin};
  return {Tristate::No,
          fmt::format("no enabled inbound rule of connector \"{}\" puts it in the metaverse{}",
                      ad.name, tried),
          nullptr, ad.file};
}

Answer MailboxGuidFlow::outbound(const AdAccount* account, Tristate metaverseHasValue) const {
  std::vector<std::string> passed;
  for (const SyncRule* r : outbound_) {
    std::string why;
    const Tristate scope = scopeMatches(*r, account, why);
    if (scope == Tristate::Unknown)
      return {Tristate::Unknown,
              fmt::format("cannot tell whether outbound rule {} applies: {}", ruleName(*r), why), r,
              r->file, r->decisionLine()};
    if (scope == Tristate::No) {
      passed.push_back(
          fmt::format("{} does not apply ({})", ruleName(*r), firstFailedCondition(*r, account)));
      continue;
    }
    if (!r->connectorResolved) return unresolvedRule(*r, "outbound");
    const FlowValue v = evaluateFlow(*r->mappingTo(kAttribute), account, why);
    if (v == FlowValue::AuthoritativeNull)
      return {Tristate::No,
              fmt::format("outbound rule {} sets it to AuthoritativeNull", ruleName(*r)), r,
              r->file, r->decisionLine()};
    if (v == FlowValue::OwnValue) {
      // Outbound, [msExchMailboxGuid] is the metaverse value step 2 decided.
      if (metaverseHasValue == Tristate::Yes)
        return {Tristate::Yes, fmt::format("outbound rule {} exports it", ruleName(*r)), r, r->file,
                r->decisionLine()};
      if (metaverseHasValue == Tristate::Unknown)
        return {Tristate::Unknown,
                fmt::format("outbound rule {} exports whatever the metaverse holds", ruleName(*r)),
                r, r->file, r->decisionLine()};
      passed.push_back(fmt::format("{} has no value to export", ruleName(*r)));
      continue;
    }
    if (v == FlowValue::Null) {
      passed.push_back(fmt::format("{} gives no value", ruleName(*r)));
      continue;
    }
    return {Tristate::Unknown, fmt::format("outbound rule {}: {}", ruleName(*r), why), r, r->file,
            r->decisionLine()};
  }
  const std::string tried =
      passed.empty() ? std::string() : fmt::format(" ({})", fmt::join(passed, "; "));
  if (metaverseHasValue != Tristate::No &&
      !sync_.hasStandardRule(StandardRule::OutToAadUserExchangeOnline))
    return {Tristate::Unknown,
            fmt::format("no outbound rule to the Azure AD connector exports it{}, and the export "
                        "lacks the standard rule \"{}\": the export looks incomplete",
                        tried, nameOf(StandardRule::OutToAadUserExchangeOnline)),
            nullptr, sync_.origin};
  return {Tristate::No,
          fmt::format("no enabled outbound rule to the Azure AD connector exports it{}", tried),
          nullptr, azureAd_ ? azureAd_->file : sync_.origin};
}

FlowAnswer MailboxGuidFlow::decide(const AdAccount* account, const SyncConnector& ad) const {
  FlowAnswer out;
  auto decided = [&](const Answer& step) {
    out.value = step.value;
    out.why = step.why;
    out.rule = step.rule;
    out.file = step.file;
    out.line = step.line;
    return out;
  };
  auto trail = [&](const std::string& file, std::uint32_t line, std::string what) {
    out.trail.push_back({"adconnect", locationIn(file, line), std::move(what)});
  };
  if (!azureAd_)
    return decided(
        {Tristate::Unknown, "the export has no Azure AD connector", nullptr, sync_.origin});

  // The filters that stop the attribute whatever the rules say.
  if (!ad.hasAttributeInclusion)
    return decided(
        {Tristate::Unknown,
         fmt::format("the file of AD connector \"{}\" has no attribute inclusion list", ad.name),
         nullptr, ad.file});
  if (!ad.includes(kAttribute)) {
    trail(ad.file, ad.inclusionLine,
          "import: the AD connector's attribute-inclusion does not list msExchMailboxGuid");
    return decided({Tristate::No,
                    fmt::format("AD connector \"{}\" does not import it (not in its attribute "
                                "inclusion list), so it never enters the connector space",
                                ad.name),
                    nullptr, ad.file, ad.inclusionLine});
  }
  trail(ad.file, ad.inclusionLine,
        "import: the AD connector's attribute-inclusion lists msExchMailboxGuid");
  if (!azureAd_->hasAttributeInclusion || !azureAd_->includes(kAttribute)) {
    trail(azureAd_->file, azureAd_->inclusionLine,
          "export: the Azure AD connector's attribute-inclusion does not list "
          "msExchMailboxGuid");
    if (!azureAd_->hasAttributeInclusion)
      return decided({Tristate::Unknown,
                      "the Azure AD connector's file has no attribute inclusion list", nullptr,
                      azureAd_->file});
    return decided({Tristate::No,
                    fmt::format("msExchMailboxGuid is not in the attribute inclusion list of the "
                                "Azure AD connector \"{}\"",
                                azureAd_->name),
                    nullptr, azureAd_->file, azureAd_->inclusionLine});
  }
  if (sync_.wizardExcludes(kAttribute)) {
    const std::uint32_t listLine = sync_.settingLine("Microsoft.AADFilter.AttributeExclusionList");
    trail(sync_.globalSettingsFile, listLine,
          "Microsoft.OptionalFeature.FilterAAD=True; "
          "Microsoft.AADFilter.AttributeExclusionList lists "
          "msExchMailboxGuid");
    return decided({Tristate::No,
                    "the wizard's attribute filter (Microsoft.AADFilter.AttributeExclusionList, "
                    "with Microsoft.OptionalFeature.FilterAAD on) excludes it from the export",
                    nullptr, sync_.globalSettingsFile, listLine});
  }
  trail(azureAd_->file, azureAd_->inclusionLine,
        "export: the Azure AD connector's attribute-inclusion lists msExchMailboxGuid");

  const Answer in = inbound(account, ad);
  out.inboundRule = in.rule;
  trail(in.file, in.line, "inbound: " + in.why);
  if (in.value == Tristate::No) return decided(in);
  const Answer outb = outbound(account, in.value);
  out.outboundRule = outb.rule;
  trail(outb.file, outb.line, "outbound: " + outb.why);
  if (outb.value == Tristate::No) return decided(outb);
  if (in.value == Tristate::Unknown) return decided(in);
  decided(outb);
  if (out.value == Tristate::Yes) out.why = fmt::format("{}, and {}", in.why, outb.why);
  return out;
}

} // namespace migready
