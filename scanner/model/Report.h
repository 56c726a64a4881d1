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
  // The worst severity among its findings that the gate counts (GateDecision::counts): what
  // fails it at the gate.
  std::optional<Severity> gateWorst;
  std::size_t waived = 0; // of its findings, how many a waiver accepts
  std::size_t users = 0;  // distinct users among its findings
  // A check of the gate itself (a waiver that expired or matched nothing): its findings are
  // about the gate's inputs, not the tenant, and are left out of the tenant's counts.
  bool aboutGate = false;
};

// The tenant's findings counted in people: distinct users (Subject::isUser, by Subject::key),
// each by the worst of ALL their findings, whatever the gate's options (waivers, baseline, wave):
// a fact about the tenant as scanned.
struct UserCounts {
  std::size_t total = 0;   // users with any finding
  std::size_t blocked = 0; // worst finding: a blocker
  std::size_t warned = 0;  // worst finding: a warning
  // Of the blocked users, those whose every blocker finding a waiver accepts: still blocked, by
  // accepted exceptions only.
  std::size_t blockedWaived = 0;
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
  // Users a waiver protects: a finding that would make them an action (hard delete, purge) is
  // waived, so the plan never acts on them; listed apart, with the waiver (Report::waivers).
  struct KeptUser {
    Subject subject;
    PlanStep step = PlanStep::None; // what the plan would have done (RemoveSyncedUser, Purge...)
    std::int32_t waiver = -1;       // the waiver of its first waived finding of that step
    // Checks whose findings would act on the user and are NOT waived: the gate still counts
    // them, and the waiver does not cover everything it was meant to.
    std::vector<std::string> unwaivedChecks;
  };
  std::vector<KeptUser> keptByWaiver;
  // Every synced user in those containers (taking a container out of scope removes all of them
  // from Entra ID, not only the ones with a finding), with whether they have a finding and
  // whether a waiver protects them (never hard-deleted).
  struct ContainerUser {
    std::string container;
    Subject subject;
    bool hasFinding = false;
    std::int32_t waiver = -1; // a kept user's waiver, or -1
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
  // What the plan's lists stand on: the state of each source when the plan was made. A list
  // whose source was not read (or only in part) is not known to be complete, and every format
  // says so instead of printing its count as a fact (planSteps, the remediation package).
  std::array<SourceStatus, 3> sourceStatus{};
  SourceStatus statusOf(SourceKind kind) const {
    return sourceStatus[static_cast<std::size_t>(kind)];
  }
  // Whether the cloud side (who carries the ExchangeGuid in Entra ID) was read completely: only
  // then are syncedUsers and deletedUsers the whole list.
  bool cloudKnown() const { return statusOf(SourceKind::Graph) == SourceStatus::Complete; }
  bool empty() const {
    return !excludeAttribute && !excludeAttributeCloudSync && syncedUsers.empty() &&
           deletedUsers.empty() && keptByWaiver.empty();
  }
  // The synced users in the containers that have no finding: removed and brought back too.
  std::size_t collateral() const;
  // The synced users in the containers that a waiver protects: removed with the container, never
  // hard-deleted, back with the re-sync.
  std::size_t keptInContainers() const;
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
  // How a deliverable read by a customer shows `path` (displayPath): relative to the working
  // folder, or the folder's own name when that would climb out of it; never this machine's
  // absolute folders.
  std::string shown;
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

// Readiness of one migration wave: its users and how many of them are blocked (facts about the
// tenant, whatever the gate's options), and what the gate decides for that wave alone.
struct WaveReadiness {
  std::string name;              // a wave, or kNoWave for the users no wave plans
  std::size_t users = 0;         // AD accounts planned in it (matched rows)
  std::size_t blocked = 0;       // whose worst finding is a blocker
  std::size_t warned = 0;        // whose worst finding is a warning
  std::size_t blockedWaived = 0; // of the blocked, those blocked by waived findings only
  std::size_t rows = 0;          // rows of the CSVs that name it (0 for kNoWave)
  // The wave as scanned: NOT_READY with a blocker about its users, its rows or the whole tenant
  // (the tenant and the sync configuration concern every wave); else INCOMPLETE when data the
  // scan needs is missing; else READY.
  Verdict readiness = Verdict::Incomplete;
  // The gate's decision for this wave alone (what `--wave NAME` gives, the other options kept).
  Verdict gate = Verdict::Incomplete;
  // Why, in words: "2 user(s) blocked; 1 blocker finding(s) about the tenant or the sync
  // configuration (they concern every wave)"; "" when READY.
  std::string reason{};
};

// The migration wave(s) a finding concerns: its user's waves (or the group of users no wave
// plans), a planned row's wave; none listed: the finding concerns every wave (the tenant, the
// sync configuration, the gate's inputs).
struct WaveLabel {
  std::string text;                 // "Wave 1", "Wave 1, Wave 2", kNoWave; "" for every wave
  std::vector<std::uint32_t> waves; // indexes into Report::waves
};

// The gate: what a team's options (the fail-on severity, waivers, a baseline with new findings
// only, one wave) make of the tenant's findings. It decides the verdict and the exit code; it never
// changes a fact about the tenant (a finding, its severity, a count of users, a wave's readiness).
struct GateDecision {
  Verdict verdict = Verdict::Incomplete;
  std::string reason; // one sentence: what counted, what was left out and why, what is missing
  Severity failOn = Severity::Blocker;
  bool newOnly = false;    // only findings new since the baseline count
  std::string wave;        // the one wave decided on (its users and rows, plus what concerns every
                           // wave), as first written in the wave files; empty: every wave
  std::size_t counted = 0; // findings at or above failOn that count
  std::size_t users = 0;   // distinct users among them
  // Findings at or above failOn left out, by why: waived; unchanged since the baseline (new
  // findings only); about users or rows of another wave.
  std::size_t leftOutWaived = 0;
  std::size_t leftOutExisting = 0;
  std::size_t leftOutOtherWaves = 0;

  // Whether the gate counts a finding (of any severity): not waived, not unchanged since the
  // baseline in new-findings-only mode, not about another wave than the one decided on.
  bool counts(const Finding& f) const { return countsInItsWave(f) && !f.outsideGatedWave; }
  // The same, whatever wave is decided on: what each wave's own gate verdict counts.
  bool countsInItsWave(const Finding& f) const {
    return !f.waived() && !(newOnly && f.baseline == BaselineState::Unchanged);
  }
};

struct Report {
  std::string toolName = "migready";
  std::string toolVersion;
  std::string generatedAt; // ISO 8601
  // What the deliverable is and for whom, as the user named them (the cover of the HTML report);
  // empty when not given.
  std::string title;
  std::string customer;
  // The tenant as scanned, whatever the gate's options: NOT_READY with any blocker (waived ones
  // included: a waiver accepts a finding, it does not remove it), else INCOMPLETE when data is
  // missing (`incomplete`), else READY. `readinessReason` says it in one sentence.
  Verdict readiness = Verdict::Incomplete;
  std::string readinessReason;
  // Why the data does not cover the scope: a source failed or read in part, a source in scope not
  // given, a check that failed (sourceSentence and the check's reason). Shared by the tenant's
  // readiness, each wave's and the gate's.
  std::vector<std::string> incomplete;
  // The gate's decision; the exit code follows it (exitCodeOf(gate.verdict)).
  GateDecision gate;
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
  std::size_t waived = 0; // findings a waiver accepts (any severity)
  UserCounts users;
  std::vector<WaveReadiness> waves; // with wave files: one per wave, then kNoWave
  // The waves a finding concerns (Finding::wave): [0] every wave, then "Wave 1", "Wave 1, Wave 2"
  // for a user in two, kNoWave for one no wave plans.
  std::vector<WaveLabel> waveLabels{WaveLabel{}};
  std::string_view waveOf(const Finding& f) const {
    return f.wave < waveLabels.size() ? std::string_view(waveLabels[f.wave].text)
                                      : std::string_view();
  }
  // Whether a finding concerns waves[wave]: its own wave(s), or every wave.
  bool concernsWave(const Finding& f, std::size_t wave) const;
  std::optional<BaselineSummary> baseline;
  // The paths the user gave (inputs, the waiver file, the baseline, the wave files) and how a
  // deliverable shows them (displayPath), longest first; filled by the scan.
  std::vector<std::pair<std::string, std::string>> shownPaths;
  // A path as a customer's copy shows it: from shownPaths, else as displayPath would without a
  // working folder (the last name of an absolute or climbing path, a relative one as it is).
  std::string shownPath(std::string_view given) const;
  // `text` with every path of shownPaths replaced by its shown form: source details, reasons and
  // messages name files as they were given.
  std::string shownText(std::string_view text) const;
  // Ordered by check, then severity (worst first), then source order. A deque: it grows
  // without ever holding two copies of a million findings.
  std::deque<Finding> findings;
  // The tenant's findings per severity (the gate's own findings left out), indexed by Severity:
  // counted once (countFindings), printed by every reporter.
  std::array<std::size_t, 3> findingsBySeverity{};

  const SourceState& source(SourceKind kind) const {
    return sources[static_cast<std::size_t>(kind)];
  }
  bool inScope(SourceKind kind) const;
  std::size_t findingsAt(Severity severity) const {
    return findingsBySeverity[static_cast<std::size_t>(severity)];
  }
  // Whether a finding is about the gate's own inputs (GATE001, GATE002), not the tenant.
  bool aboutGate(const Finding& f) const;
  const Waiver* waiverOf(const Finding& f) const { return waiverAt(f.waiver); }
  const Waiver* waiverAt(std::int32_t index) const {
    return index >= 0 && static_cast<std::size_t>(index) < waivers.size()
               ? &waivers[static_cast<std::size_t>(index)]
               : nullptr;
  }
  // Fills findingsBySeverity from the tenant's findings (not the gate's own).
  void countFindings();
  // What a reader needs to know about a source that is not simply complete, in one sentence
  // shared by the verdict and every reporter: "the ad source is partial: ...", "the graph source
  // is in scope but was not given (...); narrow the scope to scan without it", "the adconnect
  // source was not given and is not in the scope" (settings named by settingName). Empty when
  // complete.
  std::string sourceSentence(SourceKind kind) const;
};

// How a path the user gave is shown in what a customer reads (HTML, Markdown, the CSVs, the
// remediation package): relative to `workingFolder` (absolute) when it lies in it, else its last
// name; never the scanning machine's folders. Lexical only.
std::string displayPath(std::string_view given, std::string_view workingFolder);

// How the user gives a source, in the front end's words (settingName).
std::string settingsOf(SourceKind kind);

} // namespace migready
