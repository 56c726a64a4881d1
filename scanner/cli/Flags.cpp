#include "scanner/cli/Flags.h"

namespace migready {

std::string_view flagOf(Setting setting) {
  switch (setting) {
  case Setting::AdLdif:
    return "--ad-ldif";
  case Setting::LdapUrl:
    return "--ldap-url";
  case Setting::LdapBase:
    return "--ldap-base";
  case Setting::LdapFilter:
    return "--ldap-filter";
  case Setting::LdapPageSize:
    return "--ldap-page-size";
  case Setting::LdapTimeout:
    return "--ldap-timeout";
  case Setting::LdapMaxTime:
    return "--ldap-max-time";
  case Setting::ConnectTimeout:
    return "--connect-timeout";
  case Setting::StartTls:
    return "--starttls";
  case Setting::BindMech:
    return "--bind-mech gssapi";
  case Setting::BindDiscoveredDcs:
    return "--ldap-bind-discovered-dcs";
  case Setting::InsecureSkipTlsVerify:
    return "--insecure-skip-tls-verify";
  case Setting::TlsCa:
    return "--tls-ca";
  case Setting::SaveAdLdif:
    return "--save-ad-ldif";
  case Setting::GraphSnapshot:
    return "--graph-snapshot";
  case Setting::Tenant:
    return "--tenant";
  case Setting::DeviceCode:
    return "--device-code";
  case Setting::ClientCert:
    return "--client-cert";
  case Setting::ClientKey:
    return "--client-key";
  case Setting::ExchangeOnline:
    return "--exchange-online";
  case Setting::SaveGraphSnapshot:
    return "--save-graph-snapshot";
  case Setting::LoginUrl:
    return "--login-url";
  case Setting::GraphUrl:
    return "--graph-url";
  case Setting::ExchangeUrl:
    return "--exchange-url";
  case Setting::GraphTimeout:
    return "--graph-timeout";
  case Setting::GraphMaxWait:
    return "--graph-max-wait";
  case Setting::AdConnectExport:
    return "--adconnect-export";
  case Setting::CloudSyncSchema:
    return "--cloud-sync-schema";
  case Setting::Scope:
    return "--scope";
  case Setting::FailOn:
    return "--fail-on";
  case Setting::Waivers:
    return "--waivers";
  case Setting::Baseline:
    return "--baseline";
  case Setting::Waves:
    return "--waves";
  case Setting::Wave:
    return "--wave";
  }
  return {};
}

void useFlagNames() {
  nameSettings(flagOf);
}

} // namespace migready
