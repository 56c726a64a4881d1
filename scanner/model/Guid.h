#pragma once
// Byte-level identifiers of Active Directory and Entra ID: the mixed-endian GUID layout of
// MS-DTYP 2.3.4.2 and the binary SID of MS-DTYP 2.4.2.2.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace migready {

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

} // namespace migready
