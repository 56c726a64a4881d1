#pragma once
// Distinguished names (RFC 4514) as AD writes them.
#include <cstddef>
#include <string>
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

// A DN as AD compares it here: ASCII letters lower-cased, a space after an unescaped comma
// dropped ("CN=a, OU=b" is "cn=a,ou=b"); each character of the folded form goes to `each`.
template <typename Each> void foldDn(std::string_view dn, Each each) {
  bool afterComma = false, escaped = false;
  for (char c : dn) {
    if (afterComma && c == ' ') continue;
    afterComma = !escaped && c == ',';
    escaped = !escaped && c == '\\';
    each(static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c));
  }
}
// The folded form into `out` (replacing what it held).
void foldDnInto(std::string_view dn, std::string& out);
// `folded` (a folded DN) is `container` (folded) or lies under it, by whole RDNs.
bool foldedDnUnder(std::string_view folded, std::string_view container);

} // namespace migready
