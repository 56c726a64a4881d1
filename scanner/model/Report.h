#pragma once
// The finished result of a scan: what reporters write. Reporters see nothing else.
#include "scanner/model/Finding.h"
#include "scanner/model/Snapshot.h"
#include "scanner/model/Waiver.h"

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace migready {

enum class Verdict : std::uint8_t { Ready, NotReady, Incomplete };
std::string_view toString(Verdict verdict); // "READY", "NOT_READY", "INCOMPLETE"
int exitCodeOf(Verdict verdict);            // 0, 1, 3 (2 is kept for usage errors)

enum class CheckStatus : std::uint8_t { Pass, Fail, NotRun, Error };
std::string_view toString(CheckStatus status);

struct CheckResult {
  std::string id;
  std::string title;
  std::string group;                  // "AD", "CLOUD", "SYNC"
  Severity severity = Severity::Info; // the check's default severity
  CheckStatus status = CheckStatus::NotRun;
  std::size_t findings = 0;
  std::string reason; // why not_run / error, or a one-line summary
  double seconds = 0;
  std::string name;              // readable second id: "mailbox-guid-not-remote"
  std::string doc;               // what it finds, why, what to do (Markdown)
  std::optional<Severity> worst; // the worst severity among its findings
  // The worst severity among its findings that count toward the gate (not waived; in "new
  // findings only" mode, new): what fails it.
  std::optional<Severity> gateWorst;
  std::size_t waived = 0; // of its findings, how many a waiver accepts
  std::size_t users = 0;  // distinct users among its findings
};

// Findings counted in people: distinct users (Subject::isUser, by Subject::key), each by the
// worst of their findings that count toward the gate (not waived; new, in new-findings-only mode).
struct UserCounts {
  std::size_t total = 0;   // users with any finding
  std::size_t blocked = 0; // worst counted finding: a blocker
  std::size_t warned = 0;  // worst counted finding: a warning
  std::size_t failing = 0; // with a counted finding at or above fail-on: what the verdict says
};

// A fact about the scanned environment, for the report's header ("Tenant", "Source anchor").
struct Fact {
  std::string label;
  std::string value;
};

// The two remediation procedures (exclude the attribute; hard-delete and re-sync), filled in with
// this environment's objects (built from the findings' plan steps). migready never runs any of it.
struct RemediationPlan {
  bool excludeAttribute = false;       // some finding says msExchMailboxGuid flows (or may)
  std::vector<std::string> rules;      // sync rules that export it today
  std::vector<std::string> containers; // OUs of synced users to take out of scope and back
  std::vector<Subject> syncedUsers;    // cloud users to hard-delete after leaving scope
  std::vector<Subject> deletedUsers;   // recycle-bin users to purge before the re-sync
  // Every synced user in those containers (taking a container out of scope removes all of them
  // from Entra ID, not only the ones with a finding), with whether they have a finding.
  struct ContainerUser {
    std::string container;
    Subject subject;
    bool hasFinding = false;
  };
  std::vector<ContainerUser> containerUsers;
  // A precedence number no sync rule of the export uses, below 100 (custom rules), for the
  // AuthoritativeNull rule; none without the export or when 1-99 are all taken.
  std::optional<long> freePrecedence;
  // Cloud Sync: some finding says a job schema's mapping sends msExchMailboxGuid (or may), and
  // which mappings ("corp.json: Provision Active Directory users"); some synced users to
  // hard-delete are Cloud Sync's (their scope is the configuration's scoping filters).
  bool excludeAttributeCloudSync = false;
  std::vector<std::string> cloudSyncMappings;
  bool cloudSyncUsers = false;
  bool connectUsers = false; // some of them are Azure AD Connect's
  bool empty() const {
    return !excludeAttribute && !excludeAttributeCloudSync && syncedUsers.empty() &&
           deletedUsers.empty();
  }
  // The synced users in the containers that have no finding: removed and brought back too.
  std::size_t collateral() const;
};

// Where a source was read from. Locations in the findings point into these; formats that want
// locations relative to a base (SARIF's uriBaseId) use them as the bases.
struct InputRoot {
  // "ADEXPORT", "GRAPHSNAPSHOT", "ADCONNECTEXPORT", "CLOUDSYNCSCHEMA", "ADSERVER", "GRAPHLIVE",
  // "WAIVERS"
  std::string id;
  std::optional<SourceKind> source; // none for the waiver file and the wave files

  // A folder as the user gave it ("" is the working folder), or what a live read's locations
  // start with (a server URL, "graph-live:"): a location under it is relative to it.
  std::string path;
  bool live = false;       // no file: a server, or pages that were not kept
  std::string description; // what it is, in words
  // The Evidence::source of the locations under it: "ad", "graph", "adconnect", "cloudsync",
  // "waivers", "waves".
  std::string_view evidenceSource() const {
    if (id.starts_with("ADCONNECT")) return "adconnect";
    if (id.starts_with("CLOUDSYNC")) return "cloudsync";
    if (source) return toString(*source);
    return id.starts_with("WAIVERS") ? "waivers" : "waves";
  }
};

// What the scan was compared with (a baseline report): an earlier report of the same tenant.
struct BaselineSummary {
  std::string file;
  std::string generatedAt;
  std::size_t newFindings = 0; // in this scan, not in the baseline
  std::size_t unchanged = 0;   // in both (same fingerprint)
  // In the baseline, gone from this scan, as the baseline wrote them.
  std::deque<Finding> resolved;
};

// Readiness of one migration wave: its users, and how many of them are blocked.
struct WaveReadiness {
  std::string name;        // a wave, or kNoWave for the users no wave plans
  std::size_t users = 0;   // AD accounts planned in it (matched rows)
  std::size_t blocked = 0; // with a counted blocker
  std::size_t warned = 0;  // whose worst counted finding is a warning
  std::size_t rows = 0;    // rows of the CSVs that name it (0 for kNoWave)
  bool ready() const { return blocked == 0; }
};

struct Report {
  std::string toolName = "migready";
  std::string toolVersion;
  std::string generatedAt; // ISO 8601
  // What the deliverable is and for whom, as the user named them (the cover of the HTML report);
  // empty when not given.
  std::string title;
  std::string customer;
  Verdict verdict = Verdict::Incomplete;
  std::string verdictReason;
  Severity failOn = Severity::Blocker;
  std::vector<SourceKind> scope;
  std::array<SourceState, 3> sources;
  std::vector<CheckResult> checks;
  std::vector<Fact> facts;
  std::vector<InputRoot> inputs;
  // The sync configuration's inputs as read (the JSON's sync.tools[]), and the tenant's Cloud
  // Sync jobs when they were read (cloudSyncJobsRead; else why not, when the read was tried).
  std::vector<SyncInput> syncInputs;
  std::vector<CloudSyncJob> cloudSyncJobs;
  bool cloudSyncJobsRead = false;
  std::string cloudSyncJobsNote;
  std::vector<std::pair<std::string, std::size_t>> usersByKind; // AD users per mailbox kind
  RemediationPlan plan;
  std::string tenantId; // Entra ID's tenant id, when the cloud was read
  // The gate (docs/waivers.md): the waivers given (a finding's `waiver` indexes them), how many
  // findings each accepts, the baseline, and whether only new findings decide the verdict.
  std::string waiverFile;
  std::vector<Waiver> waivers;
  std::vector<std::size_t> waiverUse;
  std::size_t waived = 0;
  UserCounts users;
  std::vector<WaveReadiness> waves; // with wave files: one per wave, then kNoWave
  std::string gatedWave;            // the wave the verdict is about, or empty
  // The waves a finding's user is planned in (Finding::wave): "" first, then "Wave 1",
  // "Wave 1, Wave 2" for a user in two, kNoWave for one no wave plans.
  std::vector<std::string> waveLabels{std::string()};
  std::string_view waveOf(const Finding& f) const {
    return f.wave < waveLabels.size() ? std::string_view(waveLabels[f.wave]) : std::string_view();
  }
  std::optional<BaselineSummary> baseline;
  bool newOnly = false;
  // Ordered by check, then severity (worst first), then source order. A deque: it grows
  // without ever holding two copies of a million findings.
  std::deque<Finding> findings;
  // Findings per severity, indexed by Severity: counted once (countFindings), printed by every
  // reporter.
  std::array<std::size_t, 3> findingsBySeverity{};

  const SourceState& source(SourceKind kind) const {
    return sources[static_cast<std::size_t>(kind)];
  }
  bool inScope(SourceKind kind) const;
  std::size_t findingsAt(Severity severity) const {
    return findingsBySeverity[static_cast<std::size_t>(severity)];
  }
  // Whether a finding counts toward the verdict: not waived, not about a user of a wave the
  // verdict is not about and, in "new findings only" mode, not in the baseline.
  bool countsTowardGate(const Finding& f) const {
    return !f.outsideGatedWave && countsInItsWave(f);
  }
  // The same, whatever wave is gated: what a wave's own readiness counts.
  bool countsInItsWave(const Finding& f) const {
    return !f.waived() && !(newOnly && f.baseline == BaselineState::Unchanged);
  }
  const Waiver* waiverOf(const Finding& f) const {
    return f.waived() ? &waivers[static_cast<std::size_t>(f.waiver)] : nullptr;
  }
  // Fills findingsBySeverity from findings.
  void countFindings();
  // What a reader needs to know about a source that is not simply complete, in one sentence
  // shared by the verdict and every reporter: "the ad source is partial: ...", "the graph source
  // is in scope but was not given (...); narrow the scope to scan without it", "the adconnect
  // source was not given and is not in the scope" (settings named by settingName). Empty when
  // complete.
  std::string sourceSentence(SourceKind kind) const;
};

// How the user gives a source, in the front end's words (settingName).
std::string settingsOf(SourceKind kind);

} // namespace migready
