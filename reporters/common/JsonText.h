#pragma once
// A directory or tenant string as a JSON value for the JSON and SARIF writers: valid UTF-8
// always (Boost.JSON escapes the rest when it serializes).
#include "reporters/common/TextClean.h"

#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <string_view>

namespace migready {

inline boost::json::value jsonText(std::string_view s) {
  return boost::json::string(toValidUtf8(s));
}

} // namespace migready
