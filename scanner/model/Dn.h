#pragma once
// Distinguished names (RFC 4514) as AD writes them.
#include <cstddef>
#include <string_view>

namespace migready {

// Where the RDN that starts at `from` ends (the next comma not escaped by
// a backslash), or dn.size(). One place knows the escaping rule.
std::size_t rdnEnd(std::string_view dn, std::size_t from = 0);
// "CN=a\,b,OU=x,DC=y" -> "CN=a\,b"
std::string_view firstRdn(std::string_view dn);
// "CN=a,OU=x,DC=y" -> "OU=x,DC=y"; empty for a single RDN.
std::string_view parentDn(std::string_view dn);
// RFC 4514 syntax: RDNs separated by unescaped commas, each one or more type=value pairs (joined
// by '+') whose type is a name or a numeric OID, escapes complete. Empty is not a valid DN here.
bool isValidDn(std::string_view dn);

} // namespace migready
