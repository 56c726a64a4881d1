#pragma once
// The remediation package (the "plan" report): a folder an administrator works from.
// README.md (the ordered steps with this tenant's names),
// hard-delete.csv (each user to hard-delete once, and why), scope-change.csv (every synced user
// in the containers to take out of scope, with or without a finding: the collateral), and
// remediate.ps1 (the cmdlets, every destructive line commented out). migready runs none of it.
// The package is a list of files; the front end writes them into a folder, whole or not at all.
#include "scanner/model/Report.h"

#include <string>
#include <vector>

namespace migready {

struct PackageFile {
  std::string name; // "README.md"
  std::string content;
};

// The README names the package's files by their names (they lie beside it): the package carries
// no folder of the machine that wrote it.
std::vector<PackageFile> remediationPackage(const Report& report);

} // namespace migready
