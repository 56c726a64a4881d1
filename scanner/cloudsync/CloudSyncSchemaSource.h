#pragma once
// Reads an Entra Cloud Sync job schema: the answer to GET /servicePrincipals/{id}/synchronization/
// jobs/{AD2AADProvisioning job id}/schema as Graph Explorer saves it, as PowerShell writes it
// (ConvertTo-Json | Out-File: UTF-16LE with BOM and CRLF), or the PUT body form (keys sorted, no
// @odata.* and no id). Layout and meaning: docs/cloud-sync.md.
#include "scanner/model/Snapshot.h"

#include <cstdint>
#include <string>

namespace migready {

// One schema to read, and the AD domain (DNS name) the job serves; an empty domain: every
// domain of the AD input.
struct CloudSyncSchemaFile {
  std::string file;
  std::string domain;
  // The tenant's job the schema was saved for (a Graph snapshot's synchronization/schemas/<job
  // id>.json, named from the jobs list): the schema's own id must name it. Empty for a file given.
  std::string jobId;
};

// A schema file is a few MB (Graph's answer holds every attribute of both directories); the cap
// only stops a mistaken file from being read into memory.
inline constexpr std::uintmax_t kMaxCloudSyncSchemaBytes = 64u << 20;

// Fills `out` from the file. Complete when the schema was read and is an AD2AADProvisioning
// job's; failed (nothing taken from it) when the file is unreadable, not strict JSON (errors
// name file, line and column), not a job schema, or another job's schema (the error says whose).
SourceState readCloudSyncSchema(const CloudSyncSchemaFile& in, CloudSyncSchema& out);
// The same for a schema already in memory as UTF-8 (a job's schema read with the tenant's Graph
// pages): `in.file` names it in errors and evidence.
SourceState readCloudSyncSchemaText(const std::string& text, const CloudSyncSchemaFile& in,
                                    CloudSyncSchema& out);

} // namespace migready
