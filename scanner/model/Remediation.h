#pragma once
// The remediation of the msExchMailboxGuid problem, worded once: the steps of the original
// procedure (exclude the attribute; take the users out of scope, hard-delete them, sync them
// back), used by the checks for one finding and by the plan for the whole environment, which
// every reporter prints. migready never runs any of it: it is for an administrator.
#include "scanner/model/CloudSync.h"
#include "scanner/model/Report.h"

#include <string>
#include <string_view>
#include <vector>

namespace migready {

// For a finding whose account's GUID reaches (or may reach) Entra ID through `tool`: how to keep
// it out, then sync again, leaving the value on-premises.
std::string excludeMailboxGuidSteps(SyncTool tool = SyncTool::Connect);
// For a synced cloud user that holds (or may hold) the ExchangeGuid: the hard delete and re-sync
// of that one user, with the scope change of the tool that syncs it.
std::string hardDeleteSteps(std::string_view cloudId, SyncTool tool = SyncTool::Connect);
// For a synced user already in the recycle bin: purge it before any re-sync.
std::string purgeDeletedUserSteps(std::string_view cloudId);

// The whole procedure for this environment (Report::plan), one step per entry, in order: first
// what the plan cannot know because a source was not read or only in part (and what would read
// it), then the steps, then the users that waivers protect (never an action). `package`: the
// remediation package's folder when it was written (its CSVs hold the full lists), as the reader
// follows it; "." in the package's own README.
std::vector<std::string> planSteps(const Report& report, std::string_view package = {});

// The wording of the procedure's parts, shared by the steps and the remediation package.
std::string_view containersWhere();
std::string_view cloudSyncScopeWhere();
std::string_view cloudSyncMappingHow();
std::string_view initialSyncCommand();

} // namespace migready
