#pragma once
// What a check reports about one object (or the tenant), with where it came from and what to
// do about it.
#include "scanner/model/Severity.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

// The object a finding is about; empty fields are unknown.
struct Subject {
  std::string dn;
  std::string upn;
  std::string objectGuid;
  std::string cloudId;
  std::string displayName;
  std::string kind; // mailbox kind of the AD user, or "tenant" / "deleted_user" / "sync_rule" ...
  std::string configItem; // a sync rule or connector of the AD Connect export: "rule {guid}"

  // A person's account (on-premises or in the cloud), not the tenant or a configuration item.
  bool isUser() const {
    return configItem.empty() && kind != "tenant" &&
           !(dn.empty() && upn.empty() && objectGuid.empty() && cloudId.empty());
  }
  // The most stable identifier known: objectGuid, else cloudId, else configItem, else dn, else upn.
  std::string key() const;
};

// Immutable text shared by many findings (the same remediation for a hundred thousand users
// is stored once). Copies share the string.
class SharedText {
public:
  SharedText() = default;
  SharedText(std::string text) : text_(std::make_shared<const std::string>(std::move(text))) {}
  SharedText(const char* text) : SharedText(std::string(text)) {}
  const std::string& str() const;
  operator std::string_view() const { return str(); }
  bool empty() const { return str().empty(); }

private:
  std::shared_ptr<const std::string> text_;
};

struct Evidence {
  std::string source;   // "ad", "graph" or "adconnect"
  std::string location; // "file:line", "file#/json/pointer", or a rule/connector name
  std::string detail;   // the values that made the check fire
  // The last line of what `location` points at (an LDIF entry), when known; 0 otherwise.
  std::uint32_t endLine = 0;
};

// Which step of the remediation a finding feeds (the report's RemediationPlan gathers
// them, so that reporters need not know which check said what).
enum class PlanStep : std::uint8_t {
  None,
  ExcludeAttribute, // keep msExchMailboxGuid out of the export (rule named in the subject)
  RemoveSyncedUser, // take out of scope, sync, hard-delete, re-sync (cloud id in the subject)
  PurgeDeletedUser, // permanently delete from the recycle bin (cloud id in the subject)
  // The same two for Cloud Sync: remove the MSExchMailboxGuid attribute mapping (the job schema's
  // mapping named in the subject); take a Cloud Sync user out of the configuration's scope.
  ExcludeAttributeCloudSync,
  RemoveCloudSyncUser,
};

// Where a finding stands against a baseline (an earlier report): new since, or there already.
// None when the scan had no baseline.
enum class BaselineState : std::uint8_t { None, New, Unchanged };
std::string_view toString(BaselineState state); // "", "new", "unchanged"

struct Finding {
  std::string check;
  Severity severity = Severity::Info;
  Subject subject;
  std::string message;
  SharedText remediation;
  std::vector<Evidence> evidence;
  PlanStep planStep = PlanStep::None;
  std::string fingerprint;  // stable across runs: same check + same object -> same value
  std::int32_t waiver = -1; // the waiver that accepts it (Report::waivers), or -1
  BaselineState baseline = BaselineState::None;
  // About a user outside the one wave the verdict is about (a gated wave): listed, not counted.
  bool outsideGatedWave = false;
  // The migration wave(s) of its user, as an index into Report::waveLabels; 0 (no label) when
  // no wave files were given or the finding is not about a user.
  std::uint32_t wave = 0;
  bool waived() const { return waiver >= 0; }
};

// Where a finding of this scan stands against the finding with the same fingerprint in an
// earlier report (`before`; null when that report has none): unchanged only when it was there and
// counted at least as much then. Waived then and not now (the waiver expired or went), or a
// higher severity now, is new: otherwise a gate of new findings only would never see an expired
// waiver or a finding getting worse (docs/waivers.md). A scan against a baseline and `migready
// diff` both judge by this rule.
BaselineState baselineStateOf(const Finding* before, const Finding& now);

// SHA-256 of check id and subject key, first 32 hex digits.
std::string fingerprintOf(std::string_view check, const Subject& subject);

} // namespace migready
