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

// An export without the standard rules that carry msExchMailboxGuid ("In from AD - User
// Exchange", "Out to AAD - User ExchangeOnline") while AD users carry the attribute looks
// trimmed: the export source becomes partial, naming the missing rules. Called once both the
// AD data and the export are read.
void checkExportCompleteness(const AdDirectory& ad, const SyncConfig& sync, SourceState& state);

} // namespace migready
