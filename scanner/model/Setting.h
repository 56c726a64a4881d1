#pragma once
// The settings a user gives a scan, by what they are. How a front end spells them (the command
// line's flags) is that front end's business: it names them once at start
// (nameSettings), and every message below it that points the user to a setting does so through
// settingName(). Nothing below the command line knows a flag.
#include <cstdint>
#include <string_view>

namespace migready {

enum class Setting : std::uint8_t {
  AdLdif,
  LdapUrl,
  LdapBase,
  LdapFilter,
  LdapPageSize,
  LdapTimeout,
  LdapMaxTime,
  ConnectTimeout,
  StartTls,
  BindMech,
  BindDiscoveredDcs,
  InsecureSkipTlsVerify,
  TlsCa,
  SaveAdLdif,
  GraphSnapshot,
  Tenant,
  DeviceCode,
  ClientCert,
  ClientKey,
  ExchangeOnline,
  SaveGraphSnapshot,
  LoginUrl,
  GraphUrl,
  ExchangeUrl,
  GraphTimeout,
  GraphMaxWait,
  AdConnectExport,
  CloudSyncSchema,
  Scope,
  FailOn,
  Waivers,
  Baseline,
  Waves,
  Wave,
};

// The setting as the front end calls it (a flag), or in plain words ("the LDAP page
// timeout") when no front end named it.
std::string_view settingName(Setting setting);

// A front end's names, installed once before any scan starts (the scan's threads only read
// them). Returning an empty view keeps the plain words for that setting.
void nameSettings(std::string_view (*names)(Setting));

} // namespace migready
