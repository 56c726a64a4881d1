#include "scanner/io/StrictJson.h"

#include "scanner/io/InputFile.h"
#include "scanner/io/SourceError.h"
#include "scanner/io/TextInput.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <fmt/format.h>
#include <unordered_set>
#include <vector>

namespace migready {

namespace json = boost::json;

namespace {

// The events of basic_parser build the value on a value_stack (as Boost's own parser does);
// besides, each open object keeps the set of its keys.
struct StrictHandler {
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  json::value_stack stack;
  std::vector<std::unordered_set<std::string>> keys; // one set per open object
  std::string key;                                   // the key being read (in parts)
  std::string duplicate;                             // the first duplicate key found

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) {
    keys.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code&) {
    keys.pop_back();
    stack.push_object(n);
    return true;
  }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t n, json::error_code&) {
    stack.push_array(n);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    key.append(s.data(), s.size());
    stack.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code& ec) {
    key.append(s.data(), s.size());
    if (!keys.back().insert(key).second) {
      duplicate = std::move(key);
      key.clear();
      ec = json::error::syntax;
      return false;
    }
    key.clear();
    stack.push_key(s);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    stack.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    stack.push_string(s);
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    stack.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    stack.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view, json::error_code&) {
    stack.push_double(d);
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    stack.push_bool(b);
    return true;
  }
  bool on_null(json::error_code&) {
    stack.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }
};

} // namespace

std::optional<json::value> parseStrictJson(std::string_view text, JsonError& error) {
  json::parse_options options;
  options.max_depth = 64;
  json::basic_parser<StrictHandler> parser(options);
  parser.handler().stack.reset();
  json::error_code ec;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && used < text.size()) ec = json::error::extra_data;
  if (ec) {
    error.offset = used;
    error.message =
        parser.handler().duplicate.empty()
            ? ec.message()
            : fmt::format("duplicate key \"{}\" in one object", parser.handler().duplicate);
    return std::nullopt;
  }
  return parser.handler().stack.release();
}

json::value parseJsonBytes(std::string bytes, const std::string& path) {
  // Saved by a Windows tool: UTF-8 with a byte-order mark, or UTF-16 (PowerShell 5.1 Out-File).
  const std::string text = decodeTextBytes(std::move(bytes));
  JsonError error;
  auto doc = parseStrictJson(text, error);
  if (!doc)
    throw SourceError(fmt::format("{}:{}: malformed JSON: {}", path,
                                  lineColumnAt(text, error.offset), error.message));
  return std::move(*doc);
}

json::value readJsonFile(const std::string& path, std::uintmax_t maxBytes) {
  return parseJsonBytes(readInputFile(path, maxBytes, "a JSON file"), path);
}

} // namespace migready
