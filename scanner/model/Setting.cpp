#include "scanner/model/Setting.h"

namespace migready {

namespace {
std::string_view (*frontEndNames)(Setting) = nullptr;

std::string_view plainWords(Setting s) {
  switch (s) {
  case Setting::AdLdif:
    return "the AD export (LDIF) setting";
  case Setting::LdapUrl:
    return "the domain controller URL setting";
  case Setting::LdapBase:
    return "the naming context (base DN) setting";
  case Setting::LdapFilter:
    return "the LDAP filter setting";
  case Setting::LdapPageSize:
    return "the LDAP page size setting";
  case Setting::LdapTimeout:
    return "the LDAP page timeout";
  case Setting::LdapMaxTime:
    return "the time allowed for the whole AD read";
  case Setting::ConnectTimeout:
    return "the connect timeout";
  case Setting::StartTls:
    return "the StartTLS setting";
  case Setting::BindMech:
    return "the bind mechanism setting";
  case Setting::BindDiscoveredDcs:
    return "the setting that allows binding to discovered domain controllers";
  case Setting::InsecureSkipTlsVerify:
    return "the setting that turns TLS verification off";
  case Setting::TlsCa:
    return "the trusted CA file setting";
  case Setting::SaveAdLdif:
    return "the setting that saves the AD read as LDIF";
  case Setting::GraphSnapshot:
    return "the saved Graph snapshot setting";
  case Setting::Tenant:
    return "the tenant setting";
  case Setting::DeviceCode:
    return "the device code sign-in setting";
  case Setting::ClientCert:
    return "the app certificate setting";
  case Setting::ClientKey:
    return "the app private key setting";
  case Setting::ExchangeOnline:
    return "the Exchange Online setting";
  case Setting::SaveGraphSnapshot:
    return "the setting that saves the Graph pages";
  case Setting::LoginUrl:
    return "the sign-in URL setting";
  case Setting::GraphUrl:
    return "the Graph URL setting";
  case Setting::ExchangeUrl:
    return "the Exchange Online URL setting";
  case Setting::GraphTimeout:
    return "the Graph request timeout";
  case Setting::GraphMaxWait:
    return "the time allowed for the whole cloud read";
  case Setting::AdConnectExport:
    return "the AD Connect export setting";
  case Setting::CloudSyncSchema:
    return "the Cloud Sync job schema setting";
  case Setting::Scope:
    return "the scope setting";
  case Setting::FailOn:
    return "the fail-on setting";
  case Setting::Waivers:
    return "the waiver file";
  case Setting::Baseline:
    return "the baseline report";
  case Setting::Waves:
    return "the migration wave files";
  case Setting::Wave:
    return "the wave to gate";
  }
  return "a setting";
}
} // namespace

std::string_view settingName(Setting setting) {
  if (frontEndNames)
    if (const std::string_view name = frontEndNames(setting); !name.empty()) return name;
  return plainWords(setting);
}

void nameSettings(std::string_view (*names)(Setting)) {
  frontEndNames = names;
}

} // namespace migready
