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
    if (n == key) return true;
  return false;
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
  SchemaReader(const std::string& file, CloudSyncSchema& out) : file_(file), out_(out) {}

  void read(const json::value& doc) {
    const JsonWhere root{file_, ""};
    const json::object& o = objectAt(doc, root);
    rejectOtherDocuments(o, root);
    out_.jobId = stringAt(o, "provisioningTaskIdentifier", root);
    const std::string id = stringAt(o, "id", root);
    if (out_.jobId.empty()) out_.jobId = id;
    if (!out_.jobId.empty() && !equalsIgnoreCase(templateOf(out_.jobId), kCloudSyncJobTemplate))
      failAt(root, fmt::format("the schema of a {} job ({}, id {}), not of an {} job: give the "
                               "schema of the configuration's {} job",
                               templateOf(out_.jobId), jobWords(templateOf(out_.jobId)), out_.jobId,
                               kCloudSyncJobTemplate, kCloudSyncJobTemplate));
    out_.version = versionOf(o, root);
    out_.shape = o.contains("@odata.context") || !id.empty() ? "Graph GET response" : "PUT body";
    const json::value* rules = o.if_contains("synchronizationRules");
    if (!rules || !rules->is_array())
      failAt(root / "synchronizationRules",
             "expected the job schema's \"synchronizationRules\" array: this is not a Cloud "
             "Sync job schema (GET .../synchronization/jobs/{jobId}/schema)");
    std::vector<std::string> others;
    std::size_t i = 0;
    for (const json::value& r : rules->get_array()) {
      const JsonWhere at = root / "synchronizationRules" / i++;
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
      failAt(root / "synchronizationRules",
             others.empty()
                 ? std::string("no synchronization rule: not an AD2AADProvisioning job schema")
                 : fmt::format("no rule provisions Active Directory to Entra ID (the schema has "
                               "{}): not an AD2AADProvisioning job schema",
                               fmt::join(others, ", ")));
  }

private:
  // Documents users save by mistake instead of the schema, each named for what it is.
  void rejectOtherDocuments(const json::object& o, const JsonWhere& at) {
    if (const json::value* e = o.if_contains("error"); e && e->is_object())
      failAt(at, fmt::format("a Graph error was saved instead of the schema: {} {}",
                             stringAt(e->get_object(), "code", at / "error"),
                             stringAt(e->get_object(), "message", at / "error")));
    if (o.contains("onpremisesDirectoryPolicy") || o.contains("azureDirectoryPolicy"))
      failAt(at, "an Entra Connect settings export (JSON), not a Cloud Sync job schema; Azure "
                 "AD Connect is read from its Get-ADSyncServerConfiguration export folder");
    if (o.contains("templateId") && o.contains("schedule"))
      failAt(at, "one synchronization job (GET .../synchronization/jobs/{id}), not its schema: "
                 "save GET .../synchronization/jobs/{id}/schema");
    if (const json::value* v = o.if_contains("value"); v && v->is_array()) {
      const json::array& items = v->get_array();
      if (!items.empty() && items[0].is_object() && items[0].get_object().contains("templateId"))
        failAt(at, "the list of a configuration's synchronization jobs, not a job's schema: "
                   "save GET .../synchronization/jobs/{AD2AADProvisioning job id}/schema");
      if (!items.empty() && items[0].is_object() &&
          items[0].get_object().contains("servicePrincipalNames"))
        failAt(at, "a list of service principals, not a job's schema");
    }
  }

  // "Date:2020-04-30T13:58:46..., ActivityId:..." (GET) or "2.0" (2025 PUT body) are versions the
  // evaluator knows; a higher major number is a schema it does not.
  std::string versionOf(const json::object& o, const JsonWhere& root) {
    const json::value* v = o.if_contains("version");
    if (!v || v->is_null()) return {};
    std::string text;
    if (v->is_string())
      text = std::string(v->get_string());
    else if (v->is_number())
      text = json::serialize(*v);
    else
      failAt(root / "version", "expected a string");
    if (const auto major = parseInt64(std::string_view(text).substr(0, text.find('.'))))
      if (*major > 2)
        out_.newerThanKnown =
            fmt::format("the schema's version is {}, newer than the 2.x this version of "
                        "migready knows",
                        text);
    return text;
  }

  void unknownProperty(const json::object& o, std::initializer_list<std::string_view> names,
                       const JsonWhere& at, std::string_view what) {
    if (!out_.newerThanKnown.empty()) return;
    for (const auto& kv : o)
      if (!known(names, kv.key()) && holdsSomething(kv.value())) {
        out_.newerThanKnown =
            fmt::format("{} has the property \"{}\" ({}), which this version of migready does "
                        "not know: it may change who is in scope",
                        what, std::string_view(kv.key()), (at / kv.key()).str());
        return;
      }
  }

  std::vector<std::string> stringList(const json::object& o, std::string_view key,
                                      const JsonWhere& at) {
    std::vector<std::string> out;
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) failAt(at / key, "expected an array of strings or null");
    std::size_t i = 0;
    for (const json::value& item : v->get_array()) {
      if (!item.is_string()) failAt(at / key / i, "expected a string");
      if (!item.get_string().empty()) out.emplace_back(item.get_string());
      ++i;
    }
    return out;
  }

  // containerFilter {includedContainers} / groupFilter {includedGroups}; null: none.
  std::vector<std::string> ruleFilter(const json::object& rule, std::string_view key,
                                      std::string_view list, const JsonWhere& at,
                                      std::string& pointer) {
    const json::value* v = rule.if_contains(key);
    if (!v || v->is_null()) return {};
    const JsonWhere fat = at / key;
    const json::object& f = objectAt(*v, fat);
    pointer = fat.pointer;
    unknownProperty(f, {list, "@odata.type"}, fat, key);
    return stringList(f, list, fat);
  }

  CloudSyncRule ruleOf(const json::object& o, const JsonWhere& at) {
    CloudSyncRule r;
    r.pointer = at.pointer;
    r.id = stringAt(o, "id", at);
    r.name = stringAt(o, "name", at);
    r.sourceDirectoryName = stringAt(o, "sourceDirectoryName", at);
    r.targetDirectoryName = stringAt(o, "targetDirectoryName", at);
    unknownProperty(o, kRuleProperties, at, fmt::format("rule \"{}\"", r.name));
    r.includedContainers =
        ruleFilter(o, "containerFilter", "includedContainers", at, r.containerPointer);
    r.includedGroups = ruleFilter(o, "groupFilter", "includedGroups", at, r.groupPointer);
    const json::value* mappings = o.if_contains("objectMappings");
    if (mappings && !mappings->is_null()) {
      if (!mappings->is_array()) failAt(at / "objectMappings", "expected an array");
      std::size_t i = 0;
      for (const json::value& m : mappings->get_array()) {
        const JsonWhere mat = at / "objectMappings" / i++;
        r.objectMappings.push_back(objectMappingOf(objectAt(m, mat), mat));
      }
    }
    return r;
  }

  CloudSyncObjectMapping objectMappingOf(const json::object& o, const JsonWhere& at) {
    CloudSyncObjectMapping m;
    m.pointer = at.pointer;
    m.name = stringAt(o, "name", at);
    m.enabled = boolAt(o, "enabled", at).value_or(true);
    m.flowTypes = stringAt(o, "flowTypes", at);
    m.sourceObjectName = stringAt(o, "sourceObjectName", at);
    m.targetObjectName = stringAt(o, "targetObjectName", at);
    if (const json::value* scope = o.if_contains("scope"); scope && !scope->is_null())
      m.scope = filterOf(objectAt(*scope, at / "scope"), at / "scope");
    const json::value* list = o.if_contains("attributeMappings");
    if (list && !list->is_null()) {
      if (!list->is_array()) failAt(at / "attributeMappings", "expected an array");
      std::size_t i = 0;
      for (const json::value& a : list->get_array()) {
        const JsonWhere aat = at / "attributeMappings" / i++;
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
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) failAt(at / key, "expected an array of filter groups or null");
    std::size_t i = 0;
    for (const json::value& g : v->get_array()) {
      const JsonWhere gat = at / key / i++;
      const json::object& go = objectAt(g, gat);
      CloudSyncFilterGroup group;
      group.pointer = gat.pointer;
      group.name = stringAt(go, "name", gat);
      const json::value* clauses = go.if_contains("clauses");
      if (!clauses || !clauses->is_array()) failAt(gat / "clauses", "expected an array of clauses");
      std::size_t c = 0;
      for (const json::value& clause : clauses->get_array()) {
        const JsonWhere cat = gat / "clauses" / c++;
        group.clauses.push_back(clauseOf(objectAt(clause, cat), cat));
      }
      out.push_back(std::move(group));
    }
    return out;
  }

  CloudSyncClause clauseOf(const json::object& o, const JsonWhere& at) {
    CloudSyncClause c;
    c.pointer = at.pointer;
    c.op = stringAt(o, "operatorName", at);
    c.attribute = stringAt(o, "sourceOperandName", at);
    if (c.op.empty()) failAt(at / "operatorName", "a clause without an operator");
    if (c.attribute.empty()) failAt(at / "sourceOperandName", "a clause without an attribute");
    if (const json::value* t = o.if_contains("targetOperand"); t && !t->is_null()) {
      const JsonWhere tat = at / "targetOperand";
      const json::value* values = objectAt(*t, tat).if_contains("values");
      if (values && !values->is_null()) {
        if (!values->is_array()) failAt(tat / "values", "expected an array");
        std::size_t i = 0;
        for (const json::value& v : values->get_array()) {
          if (v.is_string())
            c.values.emplace_back(v.get_string());
          else if (v.is_number())
            c.values.push_back(json::serialize(v));
          else
            failAt(tat / "values" / i, "expected a string");
          ++i;
        }
      }
    }
    return c;
  }

  CloudSyncSource sourceOf(const json::object& o, const JsonWhere& at) {
    CloudSyncSource s;
    s.typeText = stringAt(o, "type", at);
    s.name = stringAt(o, "name", at);
    s.expression = stringAt(o, "expression", at);
    using Type = CloudSyncSource::Type;
    s.type = equalsIgnoreCase(s.typeText, "Attribute")  ? Type::Attribute
             : equalsIgnoreCase(s.typeText, "Constant") ? Type::Constant
             : equalsIgnoreCase(s.typeText, "Function") ? Type::Function
             : s.typeText.empty()                       ? Type::None
                                                        : Type::Other;
    const json::value* params = o.if_contains("parameters");
    if (params && !params->is_null()) {
      if (!params->is_array()) failAt(at / "parameters", "expected an array");
      std::size_t i = 0;
      for (const json::value& p : params->get_array()) {
        const JsonWhere pat = at / "parameters" / i++;
        const json::object& po = objectAt(p, pat);
        CloudSyncSource param;
        if (const json::value* v = po.if_contains("value"); v && !v->is_null())
          param = sourceOf(objectAt(*v, pat / "value"), pat / "value");
        param.key = stringAt(po, "key", pat);
        s.parameters.push_back(std::move(param));
      }
    }
    return s;
  }

  CloudSyncAttributeMapping attributeMappingOf(const json::object& o, const JsonWhere& at) {
    CloudSyncAttributeMapping m;
    m.pointer = at.pointer;
    m.target = stringAt(o, "targetAttributeName", at);
    m.flowType = stringAt(o, "flowType", at);
    m.flowBehavior = stringAt(o, "flowBehavior", at);
    if (const json::value* d = o.if_contains("defaultValue"); d && !d->is_null()) {
      if (d->is_string())
        m.defaultValue = std::string(d->get_string());
      else
        m.defaultValue = json::serialize(*d);
    }
    if (const json::value* s = o.if_contains("source"); s && !s->is_null()) {
      m.hasSource = true;
      m.source = sourceOf(objectAt(*s, at / "source"), at / "source");
    }
    return m;
  }

  const std::string& file_;
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
    SchemaReader(in.file, out).read(parse());
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
  return readSchema(
      in, out, [&] { return readJsonFile(in.file, kMaxCloudSyncSchemaBytes, {"directories"}); });
}

SourceState readCloudSyncSchemaText(const std::string& text, const CloudSyncSchemaFile& in,
                                    CloudSyncSchema& out) {
  return readSchema(in, out, [&] {
    JsonError error;
    auto doc = parseStrictJson(text, error, {"directories"});
    if (!doc)
      throw SourceError(fmt::format("{}:{}: malformed JSON: {}", in.file,
                                    lineColumnAt(text, error.offset), error.message));
    return std::move(*doc);
  });
}

} // namespace migready
