#include "checks/support/CloudSyncEvaluation.h"

#include "scanner/model/Dn.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace migready {

namespace {

constexpr std::string_view kTarget = "MSExchMailboxGuid";
constexpr std::string_view kSourceAttribute = "msExchMailboxGuid";

// ---- the attributes scoping clauses read --------------------------------------------------------

enum class Attr : std::uint8_t {
  Dn,
  SamAccountName,
  MailNickname,
  UserPrincipalName,
  DisplayName,
  RecipientTypeDetails,
  RemoteRecipientType,
  UserAccountControl,
  IsCriticalSystemObject,
  AdminDescription,
  MailboxGuid, // binary: presence only
  ObjectGuid,  // binary: presence only
  MultiValued, // memberOf, proxyAddresses, objectClass, ...
  Other,
};

Attr attrOf(std::string_view name) {
  struct Known {
    std::string_view name;
    Attr attr;
  };
  static constexpr Known kKnown[] = {
      {"distinguishedName", Attr::Dn},
      {"dn", Attr::Dn},
      {"sAMAccountName", Attr::SamAccountName},
      {"mailNickname", Attr::MailNickname},
      {"userPrincipalName", Attr::UserPrincipalName},
      {"displayName", Attr::DisplayName},
      {"msExchRecipientTypeDetails", Attr::RecipientTypeDetails},
      {"msExchRemoteRecipientType", Attr::RemoteRecipientType},
      {"userAccountControl", Attr::UserAccountControl},
      {"isCriticalSystemObject", Attr::IsCriticalSystemObject},
      {"adminDescription", Attr::AdminDescription},
      {"msExchMailboxGuid", Attr::MailboxGuid},
      {"objectGUID", Attr::ObjectGuid},
      {"memberOf", Attr::MultiValued},
      {"proxyAddresses", Attr::MultiValued},
      {"objectClass", Attr::MultiValued},
      {"otherMailbox", Attr::MultiValued},
      {"showInAddressBook", Attr::MultiValued},
      {"servicePrincipalName", Attr::MultiValued},
  };
  for (const Known& k : kKnown)
    if (equalsIgnoreCase(name, k.name)) return k.attr;
  return Attr::Other;
}

// A user's value of one attribute, as a clause sees it.
struct Value {
  enum class Kind : std::uint8_t { Absent, Text, Present, Unknown, Multi } kind = Kind::Absent;
  std::string_view text; // Text
  std::optional<std::int64_t> number;
  bool absenceKnown = true; // Absent: known to be absent (the export holds the attribute)
  std::string storage;      // owns `text` when it is computed
};

Value valueOf(Attr attr, const AdAccount* a, const AdDirectory* ad) {
  Value v;
  const auto text = [&](std::string_view t) {
    if (t.empty()) return;
    v.kind = Value::Kind::Text;
    v.text = t;
  };
  const auto number = [&](std::optional<std::int64_t> n) {
    if (!n) return;
    v.storage = std::to_string(*n);
    v.kind = Value::Kind::Text;
    v.text = v.storage;
    v.number = n;
  };
  if (attr == Attr::MultiValued) {
    v.kind = Value::Kind::Multi;
    return v;
  }
  if (!a) { // the typical mailbox user: an alias and a GUID, nothing else known
    v.kind = attr == Attr::MailNickname || attr == Attr::MailboxGuid ? Value::Kind::Present
                                                                     : Value::Kind::Unknown;
    return v;
  }
  switch (attr) {
  case Attr::Dn:
    text(a->dn);
    break;
  case Attr::SamAccountName:
    text(a->samAccountName);
    break;
  case Attr::MailNickname:
    text(a->mailNickname);
    break;
  case Attr::UserPrincipalName:
    text(a->userPrincipalName);
    break;
  case Attr::DisplayName:
    text(a->displayName);
    break;
  case Attr::RecipientTypeDetails:
    number(a->recipientTypeDetails);
    break;
  case Attr::RemoteRecipientType:
    number(a->remoteRecipientType);
    break;
  case Attr::UserAccountControl:
    number(a->userAccountControl ? std::optional<std::int64_t>(*a->userAccountControl)
                                 : std::nullopt);
    break;
  case Attr::IsCriticalSystemObject:
    if (a->isCriticalSystemObject) text("TRUE");
    break;
  case Attr::AdminDescription:
    text(ad->adminDescriptionOf(*a));
    v.absenceKnown = ad->absenceKnown(*a, AdDirectory::kSawAdminDescription);
    break;
  case Attr::MailboxGuid:
    if (a->mailboxGuid) v.kind = Value::Kind::Present;
    break;
  case Attr::ObjectGuid:
    if (a->objectGuid) v.kind = Value::Kind::Present;
    break;
  case Attr::MultiValued:
  case Attr::Other:
    v.kind = Value::Kind::Unknown;
    break;
  }
  return v;
}

// ---- operators --------------------------------------------------------------------------------

enum class Op : std::uint8_t {
  IsNull,
  IsNotNull,
  IsTrue,
  IsFalse,
  Equals,
  NotEquals,
  EndsWith,
  Includes,
  RegexMatch,
  NotRegexMatch,
  GreaterThan,
  GreaterOrEqual,
  BitAnd,
  NotBitAnd,
  Unknown,
};

// "Greater_Than_OR_EQUALS", "ENDS_WITH", "NOT REGEX MATCH": compared upper-case, '_' as ' '.
Op opOf(std::string_view name) {
  std::string n;
  for (char c : name)
    n += c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  struct Known {
    std::string_view name;
    Op op;
  };
  static constexpr Known kKnown[] = {
      {"IS NULL", Op::IsNull},
      {"IS NOT NULL", Op::IsNotNull},
      {"IS TRUE", Op::IsTrue},
      {"IS FALSE", Op::IsFalse},
      {"EQUALS", Op::Equals},
      {"NOT EQUALS", Op::NotEquals},
      {"ENDS WITH", Op::EndsWith},
      {"INCLUDES", Op::Includes},
      {"REGEX MATCH", Op::RegexMatch},
      {"NOT REGEX MATCH", Op::NotRegexMatch},
      {"GREATER THAN", Op::GreaterThan},
      {"GREATER THAN OR EQUALS", Op::GreaterOrEqual},
      {"&", Op::BitAnd},
      {"!&", Op::NotBitAnd},
  };
  for (const Known& k : kKnown)
    if (n == k.name) return k.op;
  return Op::Unknown;
}

// The clause, as a person reads it: `adminDescription NOT REGEX MATCH "^User_"`.
std::string clauseText(const CloudSyncClause& c) {
  if (c.values.empty()) return fmt::format("{} {}", c.attribute, c.op);
  std::vector<std::string> quoted;
  for (const auto& v : c.values)
    quoted.push_back(fmt::format("\"{}\"", v));
  return fmt::format("{} {} {}", c.attribute, c.op, fmt::join(quoted, " or "));
}

Tristate yes(bool b) {
  return b ? Tristate::Yes : Tristate::No;
}

// A clause compiled once: its operator, attribute and regular expressions.
struct CompiledClause {
  const CloudSyncClause* clause = nullptr;
  Attr attr = Attr::Other;
  Op op = Op::Unknown;
  std::vector<ScopeRegex> regexes;                  // REGEX MATCH, NOT REGEX MATCH: one per value
  std::vector<std::optional<std::int64_t>> numbers; // the values as whole numbers, when they are
  bool allNumbers = true; // every value is a whole number (EQUALS may compare as numbers)
};

CompiledClause compile(const CloudSyncClause& c) {
  CompiledClause out;
  out.clause = &c;
  out.attr = attrOf(c.attribute);
  out.op = opOf(c.op);
  if (out.op == Op::RegexMatch || out.op == Op::NotRegexMatch)
    for (const std::string& v : c.values)
      out.regexes.emplace_back(v);
  for (const std::string& v : c.values) {
    out.numbers.push_back(parseInt64(v));
    out.allNumbers = out.allNumbers && out.numbers.back().has_value();
  }
  return out;
}

// A comparison whose answer turns on letter case (the service compares case-sensitively, as
// Microsoft documents EQUALS and Includes) is unknown when the case-blind answer differs.
template <typename Exact, typename Blind>
Tristate caseCareful(std::string_view value, const std::vector<std::string>& targets, Exact exact,
                     Blind blind) {
  for (const std::string& t : targets)
    if (exact(value, std::string_view(t))) return Tristate::Yes;
  for (const std::string& t : targets)
    if (blind(value, std::string_view(t))) return Tristate::Unknown;
  return Tristate::No;
}

bool endsWith(std::string_view s, std::string_view t) {
  return s.size() >= t.size() && s.substr(s.size() - t.size()) == t;
}
bool endsWithBlind(std::string_view s, std::string_view t) {
  return s.size() >= t.size() && equalsIgnoreCase(s.substr(s.size() - t.size()), t);
}
bool includesBlind(std::string_view s, std::string_view t) {
  return toLowerAscii(s).find(toLowerAscii(t)) != std::string::npos;
}

// The positive operators' answer on a present value (the negative ones are its negation).
Tristate positive(const CompiledClause& cc, Value& v, std::string& why) {
  const CloudSyncClause& c = *cc.clause;
  switch (cc.op) {
  case Op::IsTrue:
  case Op::IsFalse:
    if (equalsIgnoreCase(v.text, "true")) return Tristate::Yes;
    if (equalsIgnoreCase(v.text, "false")) return Tristate::No;
    why = fmt::format("[{}] holds \"{}\", not a Boolean", clauseText(c), v.text);
    return Tristate::Unknown;
  case Op::Equals:
  case Op::NotEquals:
    if (cc.allNumbers) { // numbers compare as numbers when both sides are numbers
      if (!v.number) v.number = parseInt64(v.text);
      if (v.number) {
        bool any = false;
        for (const auto& n : cc.numbers)
          any = any || *n == *v.number;
        return yes(any);
      }
    }
    return caseCareful(
        v.text, c.values, [](std::string_view a, std::string_view b) { return a == b; },
        [](std::string_view a, std::string_view b) { return equalsIgnoreCase(a, b); });
  case Op::EndsWith:
    return caseCareful(v.text, c.values, endsWith, endsWithBlind);
  case Op::Includes:
    return caseCareful(
        v.text, c.values,
        [](std::string_view a, std::string_view b) { return a.find(b) != std::string_view::npos; },
        includesBlind);
  case Op::RegexMatch:
  case Op::NotRegexMatch: {
    Tristate out = Tristate::No;
    for (const ScopeRegex& r : cc.regexes) {
      if (!r.usable()) {
        why = r.error();
        out = Tristate::Unknown;
        continue;
      }
      const auto m = r.matches(v.text);
      if (!m) {
        why = fmt::format("[{}] on \"{}\" depends on .NET's Unicode character classes",
                          clauseText(c), v.text);
        out = Tristate::Unknown;
      } else if (*m) {
        return Tristate::Yes;
      }
    }
    return out;
  }
  case Op::GreaterThan:
  case Op::GreaterOrEqual:
  case Op::BitAnd:
  case Op::NotBitAnd: {
    if (!v.number) v.number = parseInt64(v.text);
    if (!v.number) {
      why =
          fmt::format("[{}] needs a whole number, and the value is \"{}\"", clauseText(c), v.text);
      return Tristate::Unknown;
    }
    Tristate out = Tristate::No;
    for (std::size_t i = 0; i < c.values.size(); ++i) {
      const auto& n = cc.numbers[i];
      const std::string& t = c.values[i];
      if (!n) {
        why =
            fmt::format("[{}] compares with \"{}\", which is not a whole number", clauseText(c), t);
        out = Tristate::Unknown;
        continue;
      }
      const bool hit = cc.op == Op::GreaterThan      ? *v.number > *n
                       : cc.op == Op::GreaterOrEqual ? *v.number >= *n
                                                     : (*v.number & *n) != 0;
      if (hit) return Tristate::Yes;
    }
    return out;
  }
  default:
    break;
  }
  return Tristate::Unknown;
}

Tristate evaluate(const CompiledClause& cc, const AdAccount* a, const AdDirectory* ad,
                  std::string& why) {
  const CloudSyncClause& c = *cc.clause;
  if (cc.op == Op::Unknown) {
    why = fmt::format("the operator \"{}\" (in [{}]) is one migready does not evaluate", c.op,
                      clauseText(c));
    return Tristate::Unknown;
  }
  Value v = valueOf(cc.attr, a, ad);
  if (v.kind == Value::Kind::Multi) {
    why = fmt::format("[{}] filters on a multi-valued attribute, which Microsoft documents "
                      "as not supported: what the service does with it cannot be told",
                      clauseText(c));
    return Tristate::Unknown;
  }
  if (v.kind == Value::Kind::Unknown) {
    why = a ? fmt::format("[{}] reads {}, which migready does not read from AD", clauseText(c),
                          c.attribute)
            : fmt::format("[{}] depends on the user's own attributes (no AD data)", clauseText(c));
    return Tristate::Unknown;
  }
  const bool negative = cc.op == Op::IsNull || cc.op == Op::IsFalse || cc.op == Op::NotEquals ||
                        cc.op == Op::NotRegexMatch || cc.op == Op::NotBitAnd;
  Tristate answer;
  if (v.kind == Value::Kind::Absent) {
    // Absent: a positive clause fails, a negative one passes (the default exclusions hold for
    // users without isCriticalSystemObject or adminDescription).
    answer = yes(negative);
    if (answer == Tristate::No && !v.absenceKnown) {
      why = fmt::format("[{}]: the AD export holds no {} for any user of its file, so an "
                        "absent value may be one that was not exported",
                        clauseText(c), c.attribute);
      return Tristate::Unknown;
    }
    if (answer == Tristate::No)
      why = fmt::format("[{}] fails: {} is empty", clauseText(c), c.attribute);
    return answer;
  }
  if (cc.op == Op::IsNull || cc.op == Op::IsNotNull) {
    answer = yes(cc.op == Op::IsNotNull);
  } else if (v.kind == Value::Kind::Present) {
    why = fmt::format("[{}] compares the value of {}, which migready does not hold as text",
                      clauseText(c), c.attribute);
    return Tristate::Unknown;
  } else {
    const Tristate p = positive(cc, v, why);
    if (p == Tristate::Unknown) {
      if (why.empty())
        why = fmt::format("[{}] on \"{}\" depends on letter case, which the service compares "
                          "and migready cannot be sure of",
                          clauseText(c), v.text);
      return p;
    }
    answer = negative ? negated(p) : p; // IS FALSE reads the value as IS TRUE does
  }
  if (answer == Tristate::No)
    why = fmt::format("[{}] fails for \"{}\"", clauseText(c),
                      v.kind == Value::Kind::Text ? v.text : std::string_view("(a value)"));
  return answer;
}

// ---- filters ----------------------------------------------------------------------------------

struct CompiledGroup {
  const CloudSyncFilterGroup* group;
  std::vector<CompiledClause> clauses;
};
using CompiledSet = std::vector<CompiledGroup>;

struct CompiledMapping {
  const CloudSyncObjectMapping* mapping = nullptr;
  // The source class, as decide() asks it: 0 user, 1 inetOrgPerson (any case), 2 another.
  std::uint8_t sourceClass = 2;
  std::vector<std::pair<std::string_view, CompiledSet>> sets; // non-empty sets, named
  // Worded once, not per user: the mapping in words (describeMapping, without the
  // MSExchMailboxGuid mapping) and where it is.
  std::string mapped, mappingAt;
  bool addsOrUpdates = false;
  // Every attribute mapping to MSExchMailboxGuid (a schema may hold the target twice; the one
  // that sends the value decides, not the first): each in words, where it is, and the answer
  // most users get.
  struct Guid {
    const CloudSyncAttributeMapping* mapping = nullptr;
    std::string described, at, sent;
    bool always = false;
  };
  std::vector<Guid> guids;
  std::string described; // the object mapping with its first MSExchMailboxGuid mapping, if any
};

// A rule's container and group filters, folded once (foldDn).
struct CompiledRule {
  std::vector<std::string> containers, groups;
  std::string containersText, groupsText;
  std::vector<CompiledMapping> mappings;
};

// A group holds when every clause holds; a set when any group holds.
Tristate evaluateSet(const CompiledSet& set, const AdAccount* a, const AdDirectory* ad,
                     std::string& why, bool words = true) {
  Tristate out = Tristate::No;
  std::string firstNo, firstUnknown;
  for (const CompiledGroup& g : set) {
    Tristate all = Tristate::Yes;
    std::string groupWhy;
    for (const CompiledClause& c : g.clauses) {
      std::string w;
      const Tristate t = evaluate(c, a, ad, w);
      if (t == Tristate::No) {
        all = Tristate::No;
        groupWhy = std::move(w);
        break;
      }
      if (t == Tristate::Unknown && all == Tristate::Yes) {
        all = Tristate::Unknown;
        groupWhy = std::move(w);
      }
    }
    if (all == Tristate::Yes) return Tristate::Yes;
    const auto named = [&] {
      return fmt::format("filter group \"{}\": {}", g.group->name, groupWhy);
    };
    if (words && all == Tristate::Unknown && firstUnknown.empty()) firstUnknown = named();
    if (words && all == Tristate::No && firstNo.empty()) firstNo = named();
    if (all == Tristate::Unknown) out = Tristate::Unknown;
  }
  why = out == Tristate::Unknown ? firstUnknown : firstNo;
  return out;
}

std::string fileName(std::string_view path) {
  return std::filesystem::path(std::string(path)).filename().string();
}

} // namespace

Tristate evaluateClause(const CloudSyncClause& clause, const AdAccount* account,
                        const AdDirectory* ad, std::string& why) {
  return evaluate(compile(clause), account, ad, why);
}

struct CloudSyncEvaluator::Compiled {
  std::vector<CompiledRule> rules; // by rule
  std::string described;           // the schema in words (describeMapping)
};

CloudSyncEvaluator::CloudSyncEvaluator(const Snapshot& snapshot) : snapshot_(snapshot) {}

// Compiled on first use: many checks build an evaluator and ask it nothing.
const CloudSyncEvaluator::Compiled& CloudSyncEvaluator::compiled(std::size_t index) const {
  std::call_once(compiledOnce_, [this] { compileSchemas(); });
  return *compiled_[index];
}

void CloudSyncEvaluator::compileSchemas() const {
  const Snapshot& snapshot = snapshot_;
  for (const CloudSyncSchema& s : snapshot.cloudSync) {
    auto c = std::make_unique<Compiled>();
    c->described = describeMapping(s, nullptr, nullptr);
    for (const CloudSyncRule& r : s.rules) {
      CompiledRule cr;
      for (const std::string& dn : r.includedContainers)
        foldDnInto(dn, cr.containers.emplace_back());
      for (const std::string& dn : r.includedGroups)
        foldDnInto(dn, cr.groups.emplace_back());
      cr.containersText = fmt::format("{}", fmt::join(r.includedContainers, "; "));
      cr.groupsText = fmt::format("{}", fmt::join(r.includedGroups, "; "));
      for (const CloudSyncObjectMapping& m : r.objectMappings) {
        CompiledMapping cm;
        cm.mapping = &m;
        cm.sourceClass = equalsIgnoreCase(m.sourceObjectName, "user")            ? 0
                         : equalsIgnoreCase(m.sourceObjectName, "inetOrgPerson") ? 1
                                                                                 : 2;
        if (m.scope) {
          const std::pair<std::string_view, const std::vector<CloudSyncFilterGroup>*> sets[] = {
              {"groups", &m.scope->groups},
              {"inputFilterGroups", &m.scope->inputFilterGroups},
              {"categoryFilterGroups", &m.scope->categoryFilterGroups}};
          for (const auto& [name, groups] : sets) {
            if (groups->empty()) continue;
            CompiledSet set;
            for (const CloudSyncFilterGroup& g : *groups) {
              CompiledGroup cg{&g, {}};
              for (const CloudSyncClause& clause : g.clauses)
                cg.clauses.push_back(compile(clause));
              set.push_back(std::move(cg));
            }
            cm.sets.emplace_back(name, std::move(set));
          }
        }
        cm.addsOrUpdates = m.flows("Add") || m.flows("Update");
        cm.mapped = describeMapping(s, &m, nullptr);
        cm.mappingAt = s.locationOf(m.pointer);
        for (const CloudSyncAttributeMapping& a : m.attributeMappings) {
          if (!equalsIgnoreCase(a.target, kTarget)) continue;
          CompiledMapping::Guid g;
          g.mapping = &a;
          g.always = a.flowType.empty() || equalsIgnoreCase(a.flowType, "Always");
          g.described = describeMapping(s, &m, &a);
          g.at = s.locationOf(a.pointer);
          g.sent = fmt::format("{}: the job takes the user in and the mapping sends the value",
                               g.described);
          cm.guids.push_back(std::move(g));
        }
        cm.described = cm.guids.empty() ? cm.mapped : cm.guids.front().described;
        cr.mappings.push_back(std::move(cm));
      }
      c->rules.push_back(std::move(cr));
    }
    compiled_.push_back(std::move(c));
  }
}

CloudSyncEvaluator::~CloudSyncEvaluator() = default;

bool CloudSyncEvaluator::configured() const {
  if (!snapshot_.cloudSync.empty()) return true;
  for (const CloudSyncJob& j : snapshot_.cloud.cloudSyncJobs)
    if (j.provisionsUsers()) return true;
  return false;
}

const CloudSyncSchema* CloudSyncEvaluator::schemaFor(std::string_view domain) const {
  const CloudSyncSchema* any = nullptr;
  for (const CloudSyncSchema& s : snapshot_.cloudSync) {
    if (equalsIgnoreCase(s.domain, domain)) return &s;
    if (s.domain.empty() && !any) any = &s;
  }
  return any;
}

std::string describeMapping(const CloudSyncSchema& schema, const CloudSyncObjectMapping* om,
                            const CloudSyncAttributeMapping* m) {
  std::string text = fmt::format("Cloud Sync job schema {}", fileName(schema.file));
  if (om)
    text += fmt::format(": \"{}\" ({} to {})", om->name.empty() ? "(unnamed)" : om->name,
                        om->sourceObjectName, om->targetObjectName);
  if (m) {
    std::string source = !m->hasSource                   ? std::string("None")
                         : !m->source.expression.empty() ? m->source.expression
                         : m->source.type == CloudSyncSource::Type::Constant
                             ? fmt::format("\"{}\"", m->source.name)
                             : m->source.name;
    text += fmt::format(", {} <- {}, {}", m->target, source,
                        m->flowType.empty() ? std::string("Always") : m->flowType);
  }
  return text;
}

namespace {

// What a mapping source gives for the user: the user's own msExchMailboxGuid, nothing, or
// something migready cannot tell (why says what).
enum class Gives { Own, Nothing, Constant, Unknown };

Gives sourceGives(const CloudSyncSource& s, const AdAccount* a, std::string& why) {
  using Type = CloudSyncSource::Type;
  const bool has = a ? a->mailboxGuid.has_value() : true;
  switch (s.type) {
  case Type::Attribute: {
    std::string_view name = s.name;
    if (name.empty() && s.expression.size() > 2 && s.expression.front() == '[' &&
        s.expression.back() == ']')
      name = std::string_view(s.expression).substr(1, s.expression.size() - 2);
    if (name == kSourceAttribute || equalsIgnoreCase(name, kSourceAttribute))
      return has ? Gives::Own : Gives::Nothing;
    why = fmt::format("it copies {} into MSExchMailboxGuid", name);
    return Gives::Unknown;
  }
  case Type::Constant: {
    // The constant is the name; the expression quotes it ("\"x\""). The portal's empty constant
    // is written as an empty name and the expression "\"\"": empty either way.
    std::string_view value = s.name;
    if (value.empty()) {
      value = s.expression;
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
    }
    if (trimSpaces(value).empty()) {
      why = "it writes an empty constant, and what that does to the Binary attribute (a null "
            "that leaves Entra ID's value, or a value) is not documented";
      return Gives::Unknown;
    }
    return Gives::Constant;
  }
  case Type::Function:
    // IgnoreFlowIfNullOrEmpty(x) gives x, or writes nothing when x is empty.
    if (equalsIgnoreCase(s.name, "IgnoreFlowIfNullOrEmpty") && s.parameters.size() == 1)
      return sourceGives(s.parameters.front(), a, why);
    why = fmt::format("its function {} is one migready does not evaluate, so it cannot show "
                      "that it gives no value",
                      s.expression.empty() ? s.name : s.expression);
    return Gives::Unknown;
  case Type::None:
  case Type::Other:
    break;
  }
  why = fmt::format("its source type \"{}\" is one migready does not know", s.typeText);
  return Gives::Unknown;
}

int rankOf(Tristate t) {
  return t == Tristate::Yes ? 2 : t == Tristate::Unknown ? 1 : 0;
}
Tristate atLeast(Tristate a, Tristate b) {
  return rankOf(b) > rankOf(a) ? b : a;
}
// How bad an answer is for the migration: what reaches Entra ID over what may, then in scope
// over maybe over out, then a No that clears nothing.
int severityOf(const CloudSyncAnswer& x) {
  return rankOf(x.flow.value) * 100 + rankOf(x.scope) * 10 + (x.clearsNothing ? 1 : 0);
}

// What one mapping to MSExchMailboxGuid gives the user (Yes, No, Unknown), and why.
// words false: the value only, and `text` is left as it is.
Tristate guidFlow(const CompiledMapping::Guid& g, const AdAccount* a, std::string& text,
                  bool words) {
  const CloudSyncAttributeMapping* m = g.mapping;
  const bool hasDefault = m->defaultValue && !m->defaultValue->empty();
  std::string w;
  const Gives gv = m->hasSource ? sourceGives(m->source, a, w) : Gives::Nothing;
  if (gv == Gives::Own && g.always) {
    if (words) text = g.sent; // the usual answer, worded once
    return Tristate::Yes;
  }
  if (gv == Gives::Unknown) {
    if (words) text = fmt::format("{}: {}", g.described, w);
    return Tristate::Unknown;
  }
  if (gv == Gives::Constant) {
    if (words)
      text = fmt::format("{}: it writes that constant into MSExchMailboxGuid for every user",
                         g.described);
    return Tristate::Yes;
  }
  if (gv == Gives::Nothing) {
    if (hasDefault) {
      if (words)
        text = fmt::format("{}: it writes the default value \"{}\" when the source gives none",
                           g.described, *m->defaultValue);
      return Tristate::Yes;
    }
    if (!words) return Tristate::No;
    text = fmt::format("{}: {}", g.described,
                       m->hasSource ? "it gives no value for this user"
                                    : "the mapping type None leaves Entra ID's value as it is "
                                      "(it clears nothing sent before)");
    return Tristate::No;
  }
  if (!words) return Tristate::Unknown;
  if (equalsIgnoreCase(m->flowType, "ObjectAddOnly")) {
    text = fmt::format("{}: it was sent when Cloud Sync created the cloud user, if the user "
                       "carried it then, which cannot be told",
                       g.described);
    return Tristate::Unknown;
  }
  text = fmt::format("{}: flowType {} sends it when Entra ID's value is empty, which cannot be "
                     "told",
                     g.described, m->flowType);
  return Tristate::Unknown;
}

// What one object mapping of the user's class decides: its rule's container or group filter,
// its scoping filters, whether it adds or updates, and its mappings to MSExchMailboxGuid.
CloudSyncAnswer decideMapping(const AdAccount* a, const AdDirectory* ad,
                              const CloudSyncSchema& schema, const CloudSyncRule& rule,
                              const CompiledRule& cr, const CompiledMapping& cmRef,
                              std::string& folded, bool words) {
  // words false: the values only (scope, provisioned, flow, clearsNothing, the pointers), the
  // same as with words; no text is made (for an answer that is only compared, or only asks
  // whether the user is in scope).
  const CompiledMapping* cm = &cmRef;
  auto at = [&](std::string_view pointer) { return schema.locationOf(pointer); };
  CloudSyncAnswer one;
  one.served = Tristate::Yes;
  one.schema = &schema;
  one.flow.tool = SyncTool::CloudSync;
  const CloudSyncObjectMapping& om = *cm->mapping;
  one.objectMapping = &om;
  if (words) one.flow.item = cm->mapped;
  // Scope: the rule's container or group filter, then the mapping's scoping filter sets.
  // Without AD data (a == null) the answer is for a user inside the scope.
  Tristate scope = Tristate::Yes;
  std::string why;
  std::string_view where = om.pointer;
  if (a && (!cr.containers.empty() || !cr.groups.empty())) {
    // The two filters are mutually exclusive; a schema with both lets in whom either does.
    scope = Tristate::No;
    const auto consider = [&](Tristate t, auto&& w, std::string_view pointer) {
      if (t == Tristate::Yes || (t == Tristate::Unknown && scope == Tristate::No)) {
        scope = t;
        if (words) why = w();
        where = pointer;
      } else if (t == Tristate::No && scope == Tristate::No) {
        if (words) why = why.empty() ? w() : fmt::format("{}; {}", why, w());
        where = pointer;
      }
    };
    foldDnInto(a->dn, folded);
    if (!cr.containers.empty()) {
      const bool in = std::any_of(cr.containers.begin(), cr.containers.end(),
                                  [&](const std::string& c) { return foldedDnUnder(folded, c); });
      if (in)
        consider(
            Tristate::Yes, [] { return std::string(); }, rule.containerPointer);
      else
        consider(
            Tristate::No,
            [&] { return fmt::format("the container filter includes only {}", cr.containersText); },
            rule.containerPointer);
    }
    if (!cr.groups.empty()) {
      const auto& groups = ad->memberOfOf(*a);
      bool member = false;
      std::string group;
      for (const std::string& m : groups) {
        foldDnInto(m, group);
        member = member || std::find(cr.groups.begin(), cr.groups.end(), group) != cr.groups.end();
      }
      if (member)
        consider(
            Tristate::Yes, [] { return std::string(); }, rule.groupPointer);
      else if (groups.empty() && !ad->absenceKnown(*a, AdDirectory::kSawMemberOf))
        consider(
            Tristate::Unknown,
            [] {
              return std::string("the group filter needs the user's groups, and the AD export "
                                 "holds no memberOf for any user of its file (export memberOf)");
            },
            rule.groupPointer);
      else
        consider(
            Tristate::No,
            [&] {
              return fmt::format("not a direct member of {} (the group filter ignores nested "
                                 "groups)",
                                 cr.groupsText);
            },
            rule.groupPointer);
    }
  }
  if (a && scope != Tristate::No)
    for (const auto& [name, set] : cm->sets) {
      std::string setWhy;
      const Tristate t = evaluateSet(set, a, ad, setWhy, words);
      if (t == Tristate::No || (t == Tristate::Unknown && scope == Tristate::Yes)) {
        scope = t;
        if (words) why = fmt::format("scoping filter {}, {}", name, setWhy);
        where = om.scope->pointer;
      }
      if (scope == Tristate::No) break;
    }
  one.scope = scope;
  if (scope == Tristate::No) {
    one.provisioned = Tristate::No;
    one.flow.value = Tristate::No;
    if (words) {
      one.flow.why = fmt::format("{}: out of scope: {}", cm->mapped, why);
      one.flow.file = at(where);
    }
    return one;
  }
  // Inside the scope (or maybe): does the mapping send msExchMailboxGuid now?
  const std::string scopeNote =
      words && scope == Tristate::Unknown
          ? fmt::format(" (whether the user is in scope is unknown: {})", why)
          : std::string();
  one.provisioned = scope;
  // Cloud Sync never writes a null for what it stops sending: every No clears nothing.
  const auto flow = [&](Tristate v, auto&& text, const auto& location) {
    // Sent when the user is in scope, and whether it is cannot be told: unknown.
    if (v == Tristate::Yes && scope == Tristate::Unknown) v = Tristate::Unknown;
    one.flow.value = v;
    if (words) {
      one.flow.why = text() + scopeNote;
      one.flow.file = location;
    }
    one.clearsNothing = v == Tristate::No;
  };
  if (!om.enabled || !cm->addsOrUpdates) {
    one.provisioned = Tristate::No;
    flow(
        Tristate::No,
        [&] {
          return fmt::format("{}: the object mapping is {}: Cloud Sync sends nothing for these "
                             "users now, but clears nothing it sent before",
                             cm->mapped,
                             !om.enabled ? "disabled" : "set to neither add nor update");
        },
        cm->mappingAt);
  } else if (cm->guids.empty()) {
    flow(
        Tristate::No,
        [&] {
          return fmt::format("{}: no attribute mapping to MSExchMailboxGuid: Cloud Sync no longer "
                             "sends it, and removing a mapping clears nothing already in Entra ID",
                             cm->mapped);
        },
        cm->mappingAt);
  } else {
    // Each mapping to MSExchMailboxGuid: one that sends the value decides, else one that may.
    // The values first; only the one picked is put in words.
    Tristate pickValue = Tristate::No;
    const CompiledMapping::Guid* pick = nullptr;
    std::string unused;
    for (const CompiledMapping::Guid& g : cm->guids) {
      const Tristate v = guidFlow(g, a, unused, false);
      if (!pick || rankOf(v) > rankOf(pickValue)) {
        pick = &g;
        pickValue = v;
      }
      if (pickValue == Tristate::Yes) break;
    }
    one.mapping = pick->mapping;
    if (words) one.flow.item = pick->described;
    flow(
        pickValue,
        [&] {
          std::string pickText;
          guidFlow(*pick, a, pickText, true);
          if (cm->guids.size() > 1)
            pickText += fmt::format(" (the object mapping has {} mappings to MSExchMailboxGuid: "
                                    "any that sends it counts)",
                                    cm->guids.size());
          return pickText;
        },
        pick->at);
  }
  return one;
}

} // namespace

CloudSyncAnswer CloudSyncEvaluator::decide(const AdAccount* a, const CloudSyncSchema& schema,
                                           const Compiled& compiled, bool words) const {
  // Called for every candidate user of a forest from several checks: the words that do not
  // depend on the user were made once (Compiled); what is formatted here is the exception, and
  // only for the answer kept (words false: none at all, the values only).
  CloudSyncAnswer out;
  out.served = Tristate::Yes;
  out.schema = &schema;
  out.flow.tool = SyncTool::CloudSync;
  auto at = [&](std::string_view pointer) { return schema.locationOf(pointer); };
  if (!schema.newerThanKnown.empty()) {
    out.scope = out.provisioned = out.flow.value = Tristate::Unknown;
    if (words) {
      out.flow.why = fmt::format("{}: {}", compiled.described, schema.newerThanKnown);
      out.flow.file = schema.file;
      out.flow.item = compiled.described;
    }
    return out;
  }
  const std::string_view cls = a && a->inetOrgPerson ? "inetOrgPerson" : "user";
  const std::uint8_t clsIndex = a && a->inetOrgPerson ? 1 : 0;
  // Every rule, and every object mapping of the user's class in it, counts: a schema may hold
  // two rules, two object mappings for one class (names compared in any case) or two mappings
  // to MSExchMailboxGuid, and the first is not the one the service uses. The worst answer
  // decides: the value reaches Entra ID when any of them sends it, is unknown when any may, and
  // the user is in scope when any takes it in.
  std::string folded; // the user's DN, folded once for the container and group filters
  // The candidates in order: each object mapping of the user's class, or (null) a rule that maps
  // none; `fn` returns false to stop.
  const auto each = [&](auto&& fn) {
    for (std::size_t ri = 0; ri < schema.rules.size(); ++ri) {
      const CompiledRule& cr = compiled.rules[ri];
      bool mapsClass = false;
      for (const CompiledMapping& m : cr.mappings)
        if (m.sourceClass == clsIndex) {
          mapsClass = true;
          if (!fn(ri, &m)) return;
        }
      if (!mapsClass && !fn(ri, static_cast<const CompiledMapping*>(nullptr))) return;
    }
  };
  const auto answer = [&](std::size_t ri, const CompiledMapping* m, bool w) {
    const CloudSyncRule& rule = schema.rules[ri];
    if (m) return decideMapping(a, &snapshot_.ad, schema, rule, compiled.rules[ri], *m, folded, w);
    CloudSyncAnswer one = out;
    one.scope = one.provisioned = one.flow.value = Tristate::No;
    if (w) {
      one.flow.why = fmt::format("{}: rule \"{}\" maps no {} objects, so the job does not "
                                 "provision this user",
                                 compiled.described, rule.name, cls);
      one.flow.file = at(rule.pointer);
      one.flow.item = compiled.described;
    }
    return one;
  };
  std::size_t candidates = 0;
  each([&](std::size_t, const CompiledMapping*) { return ++candidates < 2; });
  if (candidates == 0) {
    out.scope = out.provisioned = out.flow.value = Tristate::No;
    if (words) {
      out.flow.why = fmt::format("{}: no rule provisions AD users", compiled.described);
      out.flow.file = schema.file;
      out.flow.item = compiled.described;
    }
    return out;
  }
  // One candidate (the usual schema): its answer, in words if asked.
  if (candidates == 1) {
    CloudSyncAnswer one;
    each([&](std::size_t ri, const CompiledMapping* m) {
      one = answer(ri, m, words);
      return false;
    });
    return one;
  }
  // Several: the values of each, the worst kept (the first of the highest severity), and only
  // that one put in words.
  std::optional<CloudSyncAnswer> worst;
  std::size_t worstAt = 0, k = 0;
  Tristate anyScope = Tristate::No, anyProvisioned = Tristate::No;
  each([&](std::size_t ri, const CompiledMapping* m) {
    CloudSyncAnswer x = answer(ri, m, false);
    anyScope = atLeast(anyScope, x.scope);
    anyProvisioned = atLeast(anyProvisioned, x.provisioned);
    if (!worst || severityOf(x) > severityOf(*worst)) {
      worst = std::move(x);
      worstAt = k;
    }
    ++k;
    return true;
  });
  if (words) {
    k = 0;
    each([&](std::size_t ri, const CompiledMapping* m) {
      if (k++ != worstAt) return true;
      worst = answer(ri, m, true);
      return false;
    });
  }
  worst->scope = anyScope;
  worst->provisioned = anyProvisioned;
  return std::move(*worst);
}

CloudSyncAnswer CloudSyncEvaluator::forUser(const AdAccount& a, bool words) const {
  const CloudSyncSchema* unnamed = nullptr;
  for (std::size_t i = 0; i < snapshot_.cloudSync.size(); ++i) {
    const CloudSyncSchema& s = snapshot_.cloudSync[i];
    if (s.domain.empty()) {
      if (!unnamed) unnamed = &s;
    } else if (dnInDomain(a.dn, s.domain)) {
      return decide(&a, s, compiled(i), words);
    }
  }
  if (unnamed)
    return decide(&a, *unnamed,
                  compiled(static_cast<std::size_t>(unnamed - snapshot_.cloudSync.data())), words);
  const std::string domain = dnsDomainOf(a.dn);
  CloudSyncAnswer out;
  out.flow.tool = SyncTool::CloudSync;
  for (const CloudSyncJob& j : snapshot_.cloud.cloudSyncJobs)
    if (j.provisionsUsers() && equalsIgnoreCase(j.domain, domain)) {
      out.served = out.scope = out.provisioned = out.flow.value = Tristate::Unknown;
      if (!words) return out;
      out.flow.why = fmt::format("Cloud Sync job {} of the tenant serves {}, but its job schema "
                                 "was not read: what it sends cannot be told",
                                 j.id, domain);
      out.flow.file = j.location;
      return out;
    }
  out.flow.value = Tristate::No;
  if (!words) return out;
  out.flow.why = fmt::format("no Cloud Sync configuration serves {}",
                             domain.empty() ? std::string("its domain") : domain);
  return out;
}

CloudSyncAnswer CloudSyncEvaluator::forAnyUser() const {
  std::optional<CloudSyncAnswer> unknown, no;
  for (std::size_t i = 0; i < snapshot_.cloudSync.size(); ++i) {
    CloudSyncAnswer a = decide(nullptr, snapshot_.cloudSync[i], compiled(i));
    if (a.flow.value == Tristate::Yes) return a;
    if (a.flow.value == Tristate::Unknown && !unknown) unknown = std::move(a);
    if (a.flow.value == Tristate::No && !no) no = std::move(a);
  }
  if (unknown) return *unknown;
  if (no) return *no;
  CloudSyncAnswer out;
  out.flow.tool = SyncTool::CloudSync;
  out.flow.value = Tristate::No;
  out.flow.why = "no Cloud Sync job schema was read";
  return out;
}

} // namespace migready
