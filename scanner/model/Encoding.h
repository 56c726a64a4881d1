#pragma once
// Byte-level encodings Active Directory and Entra ID use: base64, the mixed-endian GUID
// layout of MS-DTYP 2.3.4.2 and the binary SID of MS-DTYP 2.4.2.2.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace migready {

bool equalsIgnoreCase(std::string_view a, std::string_view b);
bool startsWithIgnoreCase(std::string_view text, std::string_view prefix);
std::string toLowerAscii(std::string_view text);

std::string base64Encode(std::string_view bytes);
// Strict RFC 4648 decoding (padding required, whitespace not allowed); nullopt when malformed.
std::optional<std::string> base64Decode(std::string_view text);
// Appends the decoded bytes to `out`; false (out unchanged in size) when malformed.
bool base64DecodeAppend(std::string_view text, std::string& out);

// A GUID held as its 16 wire bytes (objectGUID, mS-DS-ConsistencyGuid, msExchMailboxGuid).
struct Guid {
  std::array<std::uint8_t, 16> bytes{};

  // nullopt unless exactly 16 bytes.
  static std::optional<Guid> fromBytes(std::string_view raw);
  // Parses the text form "3ab39606-c642-489b-84b6-58c038d3ef39" (braces allowed).
  static std::optional<Guid> parse(std::string_view text);

  bool isZero() const;
  // Text form: Data1..Data3 little-endian on the wire, Data4 as-is.
  std::string toString() const;
  // base64 of the 16 wire bytes: the form Entra ID stores as onPremisesImmutableId.
  std::string toBase64() const;
  std::string_view raw() const {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }
  friend bool operator==(const Guid&, const Guid&) = default;
};

// Binary SID to "S-1-5-21-..." text; nullopt when the bytes are not a well-formed SID.
std::optional<std::string> sidToString(std::string_view raw);

// Distinguished names: where the RDN that starts at `from` ends (the next comma not escaped by
// a backslash), or dn.size(). One place knows the escaping rule.
std::size_t rdnEnd(std::string_view dn, std::size_t from = 0);
// "CN=a\,b,OU=x,DC=y" -> "CN=a\,b"
std::string_view firstRdn(std::string_view dn);
// "CN=a,OU=x,DC=y" -> "OU=x,DC=y"; empty for a single RDN.
std::string_view parentDn(std::string_view dn);
// RFC 4514 syntax: RDNs separated by unescaped commas, each one or more type=value pairs (joined
// by '+') whose type is a name or a numeric OID, escapes complete. Empty is not a valid DN here.
bool isValidDn(std::string_view dn);

// Length of the valid UTF-8 sequence that starts at text[i] (1 to 4), or 0 when the bytes there
// are not valid UTF-8 (RFC 3629: no overlong forms, no surrogates). Writers that escape as they go
// use it to clean in one pass.
std::size_t utf8SequenceLength(std::string_view text, std::size_t i);
bool isValidUtf8(std::string_view text);

// Parses a whole decimal integer with optional sign; nullopt on anything else.
std::optional<std::int64_t> parseInt64(std::string_view text);

} // namespace migready

namespace migready {
// ISO 8601 / RFC 3339 date-time ("2026-11-27T02:39:05Z", fractions and offsets allowed) to
// seconds since the Unix epoch; nullopt when malformed.
std::optional<std::int64_t> parseIsoTime(std::string_view text);
// Seconds since the epoch to "YYYY-MM-DDTHH:MM:SSZ".
std::string formatIsoTime(std::int64_t seconds);
// Now, as ISO 8601 UTC; SOURCE_DATE_EPOCH (reproducible builds' convention) pins it, so that
// reports and live captures can be compared byte for byte in tests.
std::string nowIsoTime();
} // namespace migready
