#pragma once
// Reads the tenant live from Microsoft Graph (and, when asked, Exchange Online's admin API) into
// the same CloudDirectory the snapshot reader fills. The pages are written exactly as received
// in the saved snapshot layout (docs/graph-snapshot.md; to saveDir, or a private temporary
// folder) and read back by the snapshot reader: a live scan and a scan of what it
// saved cannot disagree.
#include "scanner/entra/auth/EntraAuth.h"
#include "scanner/model/Snapshot.h"
#include "scanner/net/HttpsClient.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace migready {

struct GraphProgress {
  std::string step;        // "users", "deletedUsers", "mailUsers", ...
  std::uint64_t pages = 0; // pages read in all
  std::uint64_t objects = 0;
  double waitedSeconds = 0; // throttling and retry waits so far
  std::string note;         // "throttled: waiting 3 s (429)"
};

// A series of pages (one query) longer than this is taken as a server that never ends it: at
// 999 users a page, 20,000 pages are 20 million objects.
inline constexpr std::size_t kMaxPagesPerSeries = 20000;

struct RetryPolicy {
  int maxRetries = 12; // per scan, over all requests
  // The whole live read: every request, and every wait on throttling and retries.
  std::chrono::seconds maxTotalWait{14400};
  std::chrono::milliseconds firstBackoff{1000}; // doubled each time, with jitter
  std::chrono::seconds maxBackoff{30};
  std::chrono::seconds maxRetryAfter{120}; // a longer Retry-After ends the scan instead
};

struct GraphLiveOptions {
  Cloud cloud = Cloud::Global;
  CloudEndpoints endpoints; // endpointsOf(cloud), or the user's own
  AppCredentials credentials;
  HttpsOptions https;
  RetryPolicy retry;
  bool exchangeOnline = false; // Get-MailUser through InvokeCommand (unofficial admin API)
  std::string saveDir;         // keep the pages here (a new folder); empty = a temporary folder
  std::function<void(const GraphProgress&)> progress;
  std::function<void(const std::string&)> say; // device code instructions
};

// Never throws for what the services answer: a sign-in refused, a page that failed after the
// retries, a 403 on a required read make the source failed or partial, with the request id.
SourceState readGraphLive(const GraphLiveOptions& options, CloudDirectory& out);

// The $select lists (docs/graph-snapshot.md): exactly what the checks read.
extern const char* const kGraphUserSelect;
extern const char* const kGraphDeletedUserSelect;

} // namespace migready
