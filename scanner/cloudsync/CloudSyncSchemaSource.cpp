#include "scanner/cloudsync/CloudSyncSchemaSource.h"

#include "scanner/io/JsonFields.h"
#include "scanner/io/SourceError.h"
#include "scanner/io/StrictJson.h"
#include "scanner/model/Text.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <initializer_list>

namespace migready {

namespace json = boost::json;

namespace {

// The properties the evaluator knows, per object (Graph beta: synchronizationRule, filter).
// Another property with a value there may change who is in scope: the schema is then newer
// than the evaluator, and its decisions are not trusted.
const std::initializer_list<std::string_view> kRuleProperties = {"id",
                                                                 "name",
                                                                 "editable",
                                                                 "priority",
                                                                 "sourceDirectoryName",
                                                                 "targetDirectoryName",
                                                                 "metadata",
                                                                 "objectMappings",
                                                                 "containerFilter",
                                                                 "groupFilter",
                                                                 "@odata.type"};
const std::initializer_list<std::string_view> kFilterProperties = {
    "groups", "inputFilterGroups", "categoryFilterGroups", "@odata.type"};

bool known(std::initializer_list<std::string_view> names, std::string_view key) {
  for (std::string_view n : names)
    if (equalsIgnoreCase(n, key)) return true;
  return false;
}

// Member names are read in any case: Microsoft Graph PowerShell (Get-MgServicePrincipal-
// SynchronizationJobSchema | ConvertTo-Json) writes them in PascalCase ("SynchronizationRules",
// "TargetAttributeName"), and puts what its model does not know (the beta filters, @odata.*) in
// an "AdditionalProperties" object, whose members are read as the object's own.
constexpr std::string_view kBag = "AdditionalProperties";

// A member, and where it is (the pointer as the file spells it).
struct Member {
  const json::value* value = nullptr;
  JsonWhere at;
};
Member member(const json::object& o, std::string_view key, const JsonWhere& at) {
  for (const auto& kv : o)
    if (equalsIgnoreCase(kv.key(), key)) return {&kv.value(), at / kv.key()};
  for (const auto& kv : o)
    if (equalsIgnoreCase(kv.key(), kBag) && kv.value().is_object())
      for (const auto& b : kv.value().get_object())
        if (equalsIgnoreCase(b.key(), key)) return {&b.value(), at / kv.key() / b.key()};
  return {nullptr, at / key};
}
bool has(const json::object& o, std::string_view key) {
  return member(o, key, {}).value != nullptr;
}
// A string member; absent or null gives "".
std::string text(const json::object& o, std::string_view key, const JsonWhere& at) {
  const Member m = member(o, key, at);
  if (!m.value || m.value->is_null()) return {};
  if (!m.value->is_string()) failAt(m.at, "expected a string or null");
  return std::string(m.value->get_string());
}
// A Boolean member; absent or null gives nullopt.
std::optional<bool> flag(const json::object& o, std::string_view key, const JsonWhere& at) {
  const Member m = member(o, key, at);
  if (!m.value || m.value->is_null()) return std::nullopt;
  if (!m.value->is_bool()) failAt(m.at, "expected true, false or null");
  return m.value->get_bool();
}
// Every member, with those of the AdditionalProperties object: (name, value, where).
template <typename Visit> void eachMember(const json::object& o, const JsonWhere& at, Visit visit) {
  for (const auto& kv : o) {
    if (equalsIgnoreCase(kv.key(), kBag) && kv.value().is_object()) {
      for (const auto& b : kv.value().get_object())
        visit(std::string_view(b.key()), b.value(), at / kv.key() / b.key());
    } else {
      visit(std::string_view(kv.key()), kv.value(), at / kv.key());
    }
  }
}
// Two members whose names differ only in case (or one given both in an object and in its
// AdditionalProperties) are one member given twice: malformed, as a repeated name is.
void checkNames(const json::value& v, const JsonWhere& at) {
  if (v.is_array()) {
    std::size_t i = 0;
    for (const json::value& item : v.get_array())
      checkNames(item, at / i++);
    return;
  }
  if (!v.is_object()) return;
  std::vector<std::pair<std::string, std::string>> seen; // lower-case name, pointer
  eachMember(v.get_object(), at, [&](std::string_view key, const json::value&, JsonWhere where) {
    std::string lower = toLowerAscii(key);
    for (const auto& [name, pointer] : seen)
      if (name == lower)
        failAt(where, fmt::format("the member \"{}\" is given twice (also as {}): member names "
                                  "are read in any case, so names that differ only in case are "
                                  "one member",
                                  key, pointer));
    seen.emplace_back(std::move(lower), where.pointer);
  });
  for (const auto& kv : v.get_object())
    checkNames(kv.value(), at / kv.key());
}

bool holdsSomething(const json::value& v) {
  if (v.is_null()) return false;
  if (v.is_array()) return !v.get_array().empty();
  if (v.is_object()) return !v.get_object().empty();
  if (v.is_string()) return !v.get_string().empty();
  return true;
}

// The job template a schema's id names ("AD2AADProvisioning.<hex>.<guid>" -> the first part),
// and what that job does, in words.
std::string templateOf(std::string_view id) {
  return std::string(id.substr(0, id.find('.')));
}
std::string_view jobWords(std::string_view templateId) {
  if (equalsIgnoreCase(templateId, "AD2AADPasswordHash")) return "password hash sync";
  if (equalsIgnoreCase(templateId, "AAD2ADExchangeHybridWriteback"))
    return "Exchange hybrid writeback from Entra ID to AD";
  if (equalsIgnoreCase(templateId, "AAD2ADGroupProvisioning"))
    return "group provisioning from Entra ID to AD";
  return "another provisioning job";
}

bool isActiveDirectory(std::string_view directory) {
  return equalsIgnoreCase(directory, "Active Directory");
}

class SchemaReader {
public:
  SchemaReader(const std::string& file, const std::string& savedFor, CloudSyncSchema& out)
      : file_(file), savedFor_(savedFor), out_(out) {}

  void read(const json::value& doc) {
    const JsonWhere root{file_, ""};
    checkNames(doc, root);
    const json::object& o = objectAt(doc, root);
    rejectOtherDocuments(o, root);
    out_.jobId = text(o, "provisioningTaskIdentifier", root);
    const std::string id = text(o, "id", root);
    if (out_.jobId.empty()) out_.jobId = id;
    // Saved from a tenant as a job's schema: it must be that job's (its id and its
    // provisioningTaskIdentifier name the job), or the snapshot mixes up two jobs.
    if (!savedFor_.empty())
      for (const char* key : {"id", "provisioningTaskIdentifier"}) {
        const std::string own = text(o, key, root);
        if (!own.empty() && !equalsIgnoreCase(own, savedFor_))
          failAt(member(o, key, root).at,
                 fmt::format("the schema's {} is \"{}\", but it was saved as the schema of job {} "
                             "(its file name, from the tenant's jobs list): it is another job's "
                             "schema, and cannot say what job {} does; save the snapshot again",
                             key, own, savedFor_, savedFor_));
      }
    if (!out_.jobId.empty() && !equalsIgnoreCase(templateOf(out_.jobId), kCloudSyncJobTemplate))
      failAt(root, fmt::format("the schema of a {} job ({}, id {}), not of an {} job: give the "
                               "schema of the configuration's {} job",
                               templateOf(out_.jobId), jobWords(templateOf(out_.jobId)), out_.jobId,
                               kCloudSyncJobTemplate, kCloudSyncJobTemplate));
    out_.version = versionOf(o, root);
    out_.shape = has(o, "@odata.context") || !id.empty() ? "Graph GET response" : "PUT body";
    const Member rulesM = member(o, "synchronizationRules", root);
    const json::value* rules = rulesM.value;
    if (!rules || !rules->is_array())
      failAt(rulesM.at,
             "expected the job schema's \"synchronizationRules\" array: this is not a Cloud "
             "Sync job schema (GET .../synchronization/jobs/{jobId}/schema)");
    std::vector<std::string> others;
    std::size_t i = 0;
    for (const json::value& r : rules->get_array()) {
      const JsonWhere at = rulesM.at / i++;
      const json::object& ro = objectAt(r, at);
      CloudSyncRule rule = ruleOf(ro, at);
      // The rule that provisions AD to Entra ID; a job schema may hold others.
      if (isActiveDirectory(rule.sourceDirectoryName) ||
          equalsIgnoreCase(rule.name, kCloudSyncJobTemplate))
        out_.rules.push_back(std::move(rule));
      else
        others.push_back(fmt::format("\"{}\" from {} to {}", rule.name, rule.sourceDirectoryName,
                                     rule.targetDirectoryName));
    }
    if (out_.rules.empty())
      failAt(rulesM.at,
             others.empty()
                 ? std::string("no synchronization rule: not an AD2AADProvisioning job schema")
                 : fmt::format("no rule provisions Active Directory to Entra ID (the schema has "
                               "{}): not an AD2AADProvisioning job schema",
                               fmt::join(others, ", ")));
  }

private:
  // Documents users save by mistake instead of the schema, each named for what it is.
  void rejectOtherDocuments(const json::object& o, const JsonWhere& at) {
    if (const Member e = member(o, "error", at); e.value && e.value->is_object())
      failAt(at, fmt::format("a Graph error was saved instead of the schema: {} {}",
                             text(e.value->get_object(), "code", e.at),
                             text(e.value->get_object(), "message", e.at)));
    if (has(o, "onpremisesDirectoryPolicy") || has(o, "azureDirectoryPolicy"))
      failAt(at, "an Entra Connect settings export (JSON), not a Cloud Sync job schema; Azure "
                 "AD Connect is read from its Get-ADSyncServerConfiguration export folder");
    if (has(o, "templateId") && has(o, "schedule"))
      failAt(at, "one synchronization job (GET .../synchronization/jobs/{id}), not its schema: "
                 "save GET .../synchronization/jobs/{id}/schema");
    if (const json::value* v = member(o, "value", at).value; v && v->is_array()) {
      const json::array& items = v->get_array();
      if (!items.empty() && items[0].is_object() && has(items[0].get_object(), "templateId"))
        failAt(at, "the list of a configuration's synchronization jobs, not a job's schema: "
                   "save GET .../synchronization/jobs/{AD2AADProvisioning job id}/schema");
      if (!items.empty() && items[0].is_object() &&
          has(items[0].get_object(), "servicePrincipalNames"))
        failAt(at, "a list of service principals, not a job's schema");
    }
  }

  // The versions the evaluator knows: the GET answer's "Date:2020-04-30T13:58:46..., ActivityId:
  // ..." and the PUT body's "2.0" (a number up to 2.0: "2", "1.5", 2). Any other version, "2.1"
  // as much as "3.0" or a text of another form, is a schema newer than it knows: read, and its
  // decisions not trusted.
  static bool knownVersion(std::string_view text) {
    if (text.size() >= 5 && equalsIgnoreCase(text.substr(0, 5), "Date:")) return true;
    const std::size_t dot = text.find('.');
    const auto major = parseInt64(text.substr(0, dot));
    if (!major || *major < 0 || *major > 2) return false;
    if (dot == std::string_view::npos) return *major <= 2;
    const std::string_view minor = text.substr(dot + 1);
    if (minor.empty() || minor.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    return *major < 2 || minor.find_first_not_of('0') == std::string_view::npos;
  }

  std::string versionOf(const json::object& o, const JsonWhere& root) {
    const Member vm = member(o, "version", root);
    const json::value* v = vm.value;
    if (!v || v->is_null()) return {};
    std::string text;
    bool known = false;
    if (v->is_string()) {
      text = std::string(v->get_string());
      known = knownVersion(trimSpaces(text));
    } else if (v->is_number()) {
      text = json::serialize(*v);
      const double n = v->to_number<double>();
      known = n >= 0 && n <= 2.0;
    } else {
      failAt(vm.at, "expected a string");
    }
    if (!known)
      out_.newerThanKnown =
          fmt::format("the schema's version is {}, which this version of migready does not know "
                      "(it knows 2.0 and the Graph answer's Date:... versions): it may be newer",
                      text);
    return text;
  }

  void unknownProperty(const json::object& o, std::initializer_list<std::string_view> names,
                       const JsonWhere& at, std::string_view what) {
    if (!out_.newerThanKnown.empty()) return;
    eachMember(o, at, [&](std::string_view key, const json::value& v, const JsonWhere& where) {
      if (out_.newerThanKnown.empty() && !known(names, key) && holdsSomething(v))
        out_.newerThanKnown =
            fmt::format("{} has the property \"{}\" ({}), which this version of migready does "
                        "not know: it may change who is in scope",
                        what, key, where.str());
    });
  }

  std::vector<std::string> stringList(const json::object& o, std::string_view key,
                                      const JsonWhere& at) {
    std::vector<std::string> out;
    const Member m = member(o, key, at);
    const json::value* v = m.value;
    if (!v || v->is_null()) return out;
    if (!v->is_array()) failAt(m.at, "expected an array of strings or null");
    std::size_t i = 0;
    for (const json::value& item : v->get_array()) {
      if (!item.is_string()) failAt(m.at / i, "expected a string");
      if (!item.get_string().empty()) out.emplace_back(item.get_string());
      ++i;
    }
    return out;
  }

  // containerFilter {includedContainers} / groupFilter {includedGroups}; null: none.
  std::vector<std::string> ruleFilter(const json::object& rule, std::string_view key,
                                      std::string_view list, const JsonWhere& at,
                                      std::string& pointer) {
    const Member m = member(rule, key, at);
    const json::value* v = m.value;
    if (!v || v->is_null()) return {};
    const JsonWhere fat = m.at;
    const json::object& f = objectAt(*v, fat);
    pointer = fat.pointer;
    unknownProperty(f, {list, "@odata.type"}, fat, key);
    return stringList(f, list, fat);
  }

  CloudSyncRule ruleOf(const json::object& o, const JsonWhere& at) {
    CloudSyncRule r;
    r.pointer = at.pointer;
    r.id = text(o, "id", at);
    r.name = text(o, "name", at);
    r.sourceDirectoryName = text(o, "sourceDirectoryName", at);
    r.targetDirectoryName = text(o, "targetDirectoryName", at);
    unknownProperty(o, kRuleProperties, at, fmt::format("rule \"{}\"", r.name));
    r.includedContainers =
        ruleFilter(o, "containerFilter", "includedContainers", at, r.containerPointer);
    r.includedGroups = ruleFilter(o, "groupFilter", "includedGroups", at, r.groupPointer);
    const Member mappingsM = member(o, "objectMappings", at);
    const json::value* mappings = mappingsM.value;
    if (mappings && !mappings->is_null()) {
      if (!mappings->is_array()) failAt(mappingsM.at, "expected an array");
      std::size_t i = 0;
      for (const json::value& m : mappings->get_array()) {
        const JsonWhere mat = mappingsM.at / i++;
        r.objectMappings.push_back(objectMappingOf(objectAt(m, mat), mat));
      }
    }
    return r;
  }

  CloudSyncObjectMapping objectMappingOf(const json::object& o, const JsonWhere& at) {
    CloudSyncObjectMapping m;
    m.pointer = at.pointer;
    m.name = text(o, "name", at);
    m.enabled = flag(o, "enabled", at).value_or(true);
    m.flowTypes = text(o, "flowTypes", at);
    m.sourceObjectName = text(o, "sourceObjectName", at);
    m.targetObjectName = text(o, "targetObjectName", at);
    if (const Member scope = member(o, "scope", at); scope.value && !scope.value->is_null())
      m.scope = filterOf(objectAt(*scope.value, scope.at), scope.at);
    const Member listM = member(o, "attributeMappings", at);
    const json::value* list = listM.value;
    if (list && !list->is_null()) {
      if (!list->is_array()) failAt(listM.at, "expected an array");
      std::size_t i = 0;
      for (const json::value& a : list->get_array()) {
        const JsonWhere aat = listM.at / i++;
        m.attributeMappings.push_back(attributeMappingOf(objectAt(a, aat), aat));
      }
    }
    return m;
  }

  CloudSyncFilter filterOf(const json::object& o, const JsonWhere& at) {
    CloudSyncFilter f;
    f.pointer = at.pointer;
    unknownProperty(o, kFilterProperties, at, "a scoping filter");
    f.groups = groupsOf(o, "groups", at);
    f.inputFilterGroups = groupsOf(o, "inputFilterGroups", at);
    f.categoryFilterGroups = groupsOf(o, "categoryFilterGroups", at);
    return f;
  }

  std::vector<CloudSyncFilterGroup> groupsOf(const json::object& o, std::string_view key,
                                             const JsonWhere& at) {
    std::vector<CloudSyncFilterGroup> out;
    const Member m = member(o, key, at);
    const json::value* v = m.value;
    if (!v || v->is_null()) return out;
    if (!v->is_array()) failAt(m.at, "expected an array of filter groups or null");
    std::size_t i = 0;
    for (const json::value& g : v->get_array()) {
      const JsonWhere gat = m.at / i++;
      const json::object& go = objectAt(g, gat);
      CloudSyncFilterGroup group;
      group.pointer = gat.pointer;
      group.name = text(go, "name", gat);
      const Member clausesM = member(go, "clauses", gat);
      const json::value* clauses = clausesM.value;
      if (!clauses || !clauses->is_array()) failAt(clausesM.at, "expected an array of clauses");
      std::size_t c = 0;
      for (const json::value& clause : clauses->get_array()) {
        const JsonWhere cat = clausesM.at / c++;
        group.clauses.push_back(clauseOf(objectAt(clause, cat), cat));
      }
      out.push_back(std::move(group));
    }
    return out;
  }

  CloudSyncClause clauseOf(const json::object& o, const JsonWhere& at) {
    CloudSyncClause c;
    c.pointer = at.pointer;
    c.op = text(o, "operatorName", at);
    c.attribute = text(o, "sourceOperandName", at);
    if (c.op.empty()) failAt(member(o, "operatorName", at).at, "a clause without an operator");
    if (c.attribute.empty())
      failAt(member(o, "sourceOperandName", at).at, "a clause without an attribute");
    if (const Member t = member(o, "targetOperand", at); t.value && !t.value->is_null()) {
      const Member valuesM = member(objectAt(*t.value, t.at), "values", t.at);
      const json::value* values = valuesM.value;
      if (values && !values->is_null()) {
        if (!values->is_array()) failAt(valuesM.at, "expected an array");
        std::size_t i = 0;
        for (const json::value& v : values->get_array()) {
          if (v.is_string())
            c.values.emplace_back(v.get_string());
          else if (v.is_number())
            c.values.push_back(json::serialize(v));
          else
            failAt(valuesM.at / i, "expected a string");
          ++i;
        }
      }
    }
    return c;
  }

  CloudSyncSource sourceOf(const json::object& o, const JsonWhere& at) {
    CloudSyncSource s;
    s.typeText = text(o, "type", at);
    s.name = text(o, "name", at);
    s.expression = text(o, "expression", at);
    using Type = CloudSyncSource::Type;
    s.type = equalsIgnoreCase(s.typeText, "Attribute")  ? Type::Attribute
             : equalsIgnoreCase(s.typeText, "Constant") ? Type::Constant
             : equalsIgnoreCase(s.typeText, "Function") ? Type::Function
             : s.typeText.empty()                       ? Type::None
                                                        : Type::Other;
    const Member paramsM = member(o, "parameters", at);
    const json::value* params = paramsM.value;
    if (params && !params->is_null()) {
      if (!params->is_array()) failAt(paramsM.at, "expected an array");
      std::size_t i = 0;
      for (const json::value& p : params->get_array()) {
        const JsonWhere pat = paramsM.at / i++;
        const json::object& po = objectAt(p, pat);
        CloudSyncSource param;
        if (const Member v = member(po, "value", pat); v.value && !v.value->is_null())
          param = sourceOf(objectAt(*v.value, v.at), v.at);
        param.key = text(po, "key", pat);
        s.parameters.push_back(std::move(param));
      }
    }
    return s;
  }

  CloudSyncAttributeMapping attributeMappingOf(const json::object& o, const JsonWhere& at) {
    CloudSyncAttributeMapping m;
    m.pointer = at.pointer;
    m.target = text(o, "targetAttributeName", at);
    m.flowType = text(o, "flowType", at);
    m.flowBehavior = text(o, "flowBehavior", at);
    if (const json::value* d = member(o, "defaultValue", at).value; d && !d->is_null()) {
      if (d->is_string())
        m.defaultValue = std::string(d->get_string());
      else
        m.defaultValue = json::serialize(*d);
    }
    if (const Member s = member(o, "source", at); s.value && !s.value->is_null()) {
      m.hasSource = true;
      m.source = sourceOf(objectAt(*s.value, s.at), s.at);
    }
    return m;
  }

  const std::string& file_;
  const std::string& savedFor_;
  CloudSyncSchema& out_;
};

} // namespace

namespace {
// Reads with `parse` (which throws SourceError naming the place) into `out`.
template <typename Parse>
SourceState readSchema(const CloudSyncSchemaFile& in, CloudSyncSchema& out, Parse parse) {
  SourceState state;
  state.origin = in.file;
  out.file = in.file;
  out.domain = toLowerAscii(in.domain);
  try {
    SchemaReader(in.file, in.jobId, out).read(parse());
  } catch (const std::exception& e) { // SourceError, and filesystem errors
    out.rules.clear();
    state.status = SourceStatus::Failed;
    state.errors.push_back(dynamic_cast<const SourceError*>(&e)
                               ? std::string(e.what())
                               : fmt::format("{}: {}", in.file, e.what()));
    state.detail = state.errors.back();
    return state;
  }
  std::size_t mappings = 0;
  for (const CloudSyncRule& r : out.rules)
    mappings += r.objectMappings.size();
  state.status = SourceStatus::Complete;
  state.objects = mappings;
  state.detail = fmt::format("Cloud Sync job schema ({}{}), {} object mapping(s), serving {}",
                             out.shape, out.version.empty() ? "" : ", version " + out.version,
                             mappings, out.domainText());
  return state;
}
} // namespace

SourceState readCloudSyncSchema(const CloudSyncSchemaFile& in, CloudSyncSchema& out) {
  return readSchema(in, out, [&] {
    return readJsonFile(in.file, kMaxCloudSyncSchemaBytes, {"directories", "Directories"});
  });
}

SourceState readCloudSyncSchemaText(const std::string& text, const CloudSyncSchemaFile& in,
                                    CloudSyncSchema& out) {
  return readSchema(in, out, [&] {
    JsonError error;
    auto doc = parseStrictJson(text, error, {"directories", "Directories"});
    if (!doc)
      throw SourceError(fmt::format("{}:{}: malformed JSON: {}", in.file,
                                    lineColumnAt(text, error.offset), error.message));
    return std::move(*doc);
  });
}

} // namespace migready
