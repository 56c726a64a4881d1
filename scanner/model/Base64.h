#pragma once
// Base64 (RFC 4648) as LDIF and Entra ID use it.
#include <optional>
#include <string>
#include <string_view>

namespace migready {

std::string base64Encode(std::string_view bytes);
// Strict RFC 4648 decoding (padding required, whitespace not allowed); nullopt when malformed.
std::optional<std::string> base64Decode(std::string_view text);
// Appends the decoded bytes to `out`; false (out unchanged in size) when malformed.
bool base64DecodeAppend(std::string_view text, std::string& out);

} // namespace migready
