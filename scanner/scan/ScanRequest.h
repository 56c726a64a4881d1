#pragma once
// What a scan reads and how it judges, in the scan's own terms. At most one way to read each
// source: a request to read AD from an export and from a server at once cannot be written down.
// How a user says it (flags, a config file) is the front end's business.
#include "scanner/ad/ldap/AdLdapSource.h"
#include "scanner/cloudsync/CloudSyncSchemaSource.h"
#include "scanner/entra/live/GraphLiveSource.h"
#include "scanner/model/Report.h"
#include "scanner/model/SavedReport.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace migready {

// AD from ldifde / ldapsearch exports, one file per domain.
struct LdifExports {
  std::vector<std::string> files;
};
// AD read live from domain controllers; `saveLdif`: also write what was read there, as LDIF.
struct LdapForest {
  AdLdapOptions options;
  std::string saveLdif;
};
// Entra ID (and Exchange Online) from saved Graph pages (docs/graph-snapshot.md).
struct GraphSnapshotFolder {
  std::string folder;
};
// Entra ID (and Exchange Online) read live from the tenant.
struct GraphTenant {
  GraphLiveOptions options;
};
// The Azure AD Connect configuration export (Get-ADSyncServerConfiguration).
struct AdConnectExportFolder {
  std::string folder;
};

struct ScanOptions {
  Severity failOn = Severity::Blocker;
  std::vector<SourceKind> scope{SourceKind::Ad, SourceKind::Graph, SourceKind::Sync};
  std::string generatedAt; // ISO 8601; the front end passes the clock in, tests a fixed value
  std::string toolVersion;
  std::string title;    // the report's title (a project's name), for the cover
  std::string customer; // the customer's name, for the cover
  // An earlier report of the same tenant: each finding is then new or unchanged, and the ones
  // gone are resolved. With newOnly, only new findings decide the verdict.
  std::optional<SavedReport> baseline;
  bool newOnly = false;
  // One migration wave the verdict is about (its users, plus what concerns every wave); empty:
  // all of them.
  std::string wave;
};

struct ScanRequest {
  std::variant<std::monostate, LdifExports, LdapForest> ad;
  std::variant<std::monostate, GraphSnapshotFolder, GraphTenant> cloud;
  std::optional<AdConnectExportFolder> adConnect;
  // Entra Cloud Sync job schemas, each with the AD domain its job serves ("" = every domain).
  std::vector<CloudSyncSchemaFile> cloudSync;
  std::optional<WaiverList> waivers; // accepted exceptions, read by the front end
  std::optional<WavePlan> waves;     // the migration batches, read by the front end
  ScanOptions options;

  // No source at all: nothing to scan.
  bool empty() const {
    return std::holds_alternative<std::monostate>(ad) &&
           std::holds_alternative<std::monostate>(cloud) && !adConnect && cloudSync.empty();
  }
};

// Checks what can be checked before anything is read, and completes what the scan layer fills
// itself (the HTTPS proxy from HTTPS_PROXY / NO_PROXY). Returns what cannot work, each naming
// its setting (settingName); empty means the scan may start.
std::vector<std::string> prepare(ScanRequest& request);

// What the AD data read makes of the Cloud Sync schemas given: a schema that names no domain
// while the AD input holds two or more domains (it would serve which?), and two schemas for
// one domain. Each problem names the domains and the setting; empty when there is none.
std::vector<std::string> cloudSyncDomainProblems(const Snapshot& snapshot);

} // namespace migready
