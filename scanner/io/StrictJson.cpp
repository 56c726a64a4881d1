#include "scanner/io/StrictJson.h"

#include "scanner/io/InputFile.h"
#include "scanner/io/SourceError.h"
#include "scanner/io/TextInput.h"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <fmt/format.h>
#include <unordered_set>
#include <vector>

namespace migready {

namespace json = boost::json;

namespace {

// The events of basic_parser build the value on a value_stack (as Boost's own parser does);
// besides, each open object keeps the set of its keys. Members of the root object named in
// `skip` are checked as strictly as the rest but not built (a Cloud Sync schema's directories:
// most of its megabytes, which no check reads).
struct StrictHandler {
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  json::value_stack stack;
  std::vector<std::unordered_set<std::string>> keys; // one set per open object
  std::string key;                                   // the key being read (in parts)
  std::string duplicate;                             // the first duplicate key found
  std::initializer_list<std::string_view> skip;
  std::size_t depth = 0;         // open objects and arrays
  std::size_t skipping = 0;      // inside a skipped value: the depth it opened at
  bool skipNext = false;         // the root member just named is skipped
  std::size_t skippedAtRoot = 0; // root members not built

  // A value that is not built: inside a skipped one, or the skipped member's own scalar.
  bool skipped() {
    if (skipping) return true;
    if (!skipNext) return false;
    skipNext = false;
    return true;
  }
  void open() {
    if (skipNext) {
      skipping = depth + 1;
      skipNext = false;
    }
    ++depth;
  }
  bool close() { // true when the container closed is not built
    --depth;
    if (!skipping) return false;
    if (depth + 1 == skipping) skipping = 0;
    return true;
  }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) {
    open();
    keys.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code&) {
    keys.pop_back();
    if (close()) return true;
    stack.push_object(depth == 0 ? n - skippedAtRoot : n);
    return true;
  }
  bool on_array_begin(json::error_code&) {
    open();
    return true;
  }
  bool on_array_end(std::size_t n, json::error_code&) {
    if (close()) return true;
    stack.push_array(n);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    key.append(s.data(), s.size());
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
    if (!skipping && depth == 1 && std::find(skip.begin(), skip.end(), key) != skip.end()) {
      skipNext = true;
      ++skippedAtRoot;
    } else if (!skipping) {
      stack.push_key(key);
    }
    key.clear();
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    if (!skipping && !skipNext) stack.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    if (!skipped()) stack.push_string(s);
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    if (!skipped()) stack.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    if (!skipped()) stack.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view, json::error_code&) {
    if (!skipped()) stack.push_double(d);
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    if (!skipped()) stack.push_bool(b);
    return true;
  }
  bool on_null(json::error_code&) {
    if (!skipped()) stack.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }
};

} // namespace

std::optional<json::value> parseStrictJson(std::string_view text, JsonError& error,
                                           std::initializer_list<std::string_view> skip) {
  json::parse_options options;
  options.max_depth = 64;
  json::basic_parser<StrictHandler> parser(options);
  parser.handler().stack.reset();
  parser.handler().skip = skip;
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

json::value parseJsonBytes(std::string bytes, const std::string& path,
                           std::initializer_list<std::string_view> skip) {
  // Saved by a Windows tool: UTF-8 with a byte-order mark, or UTF-16 (PowerShell 5.1 Out-File).
  const std::string text = decodeTextBytes(std::move(bytes));
  JsonError error;
  auto doc = parseStrictJson(text, error, skip);
  if (!doc)
    throw SourceError(fmt::format("{}:{}: malformed JSON: {}", path,
                                  lineColumnAt(text, error.offset), error.message));
  return std::move(*doc);
}

json::value readJsonFile(const std::string& path, std::uintmax_t maxBytes,
                         std::initializer_list<std::string_view> skip) {
  return parseJsonBytes(readInputFile(path, maxBytes, "a JSON file"), path, skip);
}

} // namespace migready
