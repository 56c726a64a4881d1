#pragma once
// Reading values out of a parsed JSON document with errors that name their place: the file and
// the RFC 6901 JSON pointer of the value ("users/page-001.json#/value/3/id: expected a string").
// Shared by the readers of saved Graph pages and of Cloud Sync job schemas.
#include <boost/json/value.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace migready {

// Where a value sits: a file and a JSON pointer into it.
struct JsonWhere {
  std::string file;
  std::string pointer;
  JsonWhere operator/(std::string_view key) const; // "~" and "/" escaped as RFC 6901 says
  JsonWhere operator/(std::size_t index) const;
  // "file#/pointer", or the file alone at the document's root.
  std::string str() const;
};

// Throws SourceError "file#/pointer: what".
[[noreturn]] void failAt(const JsonWhere& at, std::string_view what);

const boost::json::object& objectAt(const boost::json::value& v, const JsonWhere& at);
// A string property; absent or null gives "". Anything else fails, naming the place.
std::string stringAt(const boost::json::object& o, std::string_view key, const JsonWhere& at);
// A boolean property; absent or null gives nullopt.
std::optional<bool> boolAt(const boost::json::object& o, std::string_view key, const JsonWhere& at);

} // namespace migready
