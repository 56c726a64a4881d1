#pragma once
// JSON as migready reads it from files and from the network: one RFC 8259 document, and no
// object with the same key twice. Boost.JSON keeps the last of duplicate keys, so a page written
// {"value":[...],"value":[]} would silently lose its users; here it is malformed.
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace migready {

struct JsonError {
  std::size_t offset = 0; // byte offset of the problem in the text
  std::string message;    // "duplicate key \"value\"", "syntax error", ...
};

// The document, or nullopt with `error` filled in. Members of the root object named in `skip`
// are parsed as strictly as the rest but left out of the document.
std::optional<boost::json::value>
parseStrictJson(std::string_view text, JsonError& error,
                std::initializer_list<std::string_view> skip = {});

// JSON bytes as a Windows tool may have saved them (UTF-8, with or without a byte-order mark, or
// UTF-16 with one), parsed strictly (the root members named in `skip` checked, not kept). Throws
// SourceError naming `path` and, for malformed JSON, the line and column.
boost::json::value parseJsonBytes(std::string bytes, const std::string& path,
                                  std::initializer_list<std::string_view> skip = {});

// A JSON file as a Windows tool may have saved it (UTF-8, with or without a byte-order mark, or
// UTF-16 with one), parsed strictly. Throws SourceError naming the file and, for malformed JSON,
// the line and column; a folder, or a file over `maxBytes`, is refused by name.
boost::json::value readJsonFile(const std::string& path, std::uintmax_t maxBytes,
                                std::initializer_list<std::string_view> skip = {});

} // namespace migready
