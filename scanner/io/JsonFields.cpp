#include "scanner/io/JsonFields.h"

#include "scanner/io/SourceError.h"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace migready {

namespace json = boost::json;

JsonWhere JsonWhere::operator/(std::string_view key) const {
  std::string escaped;
  for (char c : key) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return {file, pointer + "/" + escaped};
}

JsonWhere JsonWhere::operator/(std::size_t index) const {
  return {file, fmt::format("{}/{}", pointer, index)};
}

std::string JsonWhere::str() const {
  return pointer.empty() ? file : fmt::format("{}#{}", file, pointer);
}

void failAt(const JsonWhere& at, std::string_view what) {
  throw SourceError(fmt::format("{}: {}", at.str(), what));
}

const json::object& objectAt(const json::value& v, const JsonWhere& at) {
  if (!v.is_object()) failAt(at, "expected a JSON object");
  return v.get_object();
}

std::string stringAt(const json::object& o, std::string_view key, const JsonWhere& at) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return {};
  if (!v->is_string()) failAt(at / key, "expected a string or null");
  return std::string(v->get_string());
}

std::optional<bool> boolAt(const json::object& o, std::string_view key, const JsonWhere& at) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) failAt(at / key, "expected true, false or null");
  return v->get_bool();
}

} // namespace migready
