#pragma once
// Reads an Azure AD Connect configuration export (Get-ADSyncServerConfiguration -Path DIR):
// Connectors/*.xml, SynchronizationRules/*.xml, GlobalSettings/*.xml. A MIM/FIM
// management-agent export (<saved-ma-configuration>) is accepted for the connector part.
// Layout and meaning: docs/adconnect-export.md.
#include "scanner/model/Snapshot.h"

#include <string>

namespace migready {

// Fills `out`. Complete when connectors, rules and global settings were all read; partial when
// a part is missing (no GlobalSettings: anchor and staging unknown); failed when the export
// cannot be evaluated (no Connectors/ or SynchronizationRules/, no Azure AD connector,
// malformed XML). Errors name the file (and line).
SourceState readAdConnectExport(const std::string& dir, SyncConfig& out);

} // namespace migready
