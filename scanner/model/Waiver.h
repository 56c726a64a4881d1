#pragma once
// Accepted exceptions to the gate: a finding a team has decided to live with for a while, with
// who decided, why, and until when (docs/waivers.md). A waived finding stays in every report,
// marked; it no longer counts toward the verdict. A waiver never hides an incomplete source.
#include "scanner/model/Finding.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace migready {

struct Waiver {
  std::vector<std::string> checks; // the check ids it covers
  // What it matches: every field given must match (empty fields are not asked).
  std::string fingerprint; // a finding's fingerprint
  std::string objectGuid;  // lower case, no braces
  std::string upn;         // a glob: * and ? (case-insensitive)
  std::string dn;          // a subtree: this DN and every object below it
  std::string cloudId;
  std::string reason;
  std::string owner;
  std::string expires; // YYYY-MM-DD, the last day it applies
  std::string ticket;  // optional
  std::string file;    // where it was written
  std::uint32_t line = 0;

  // The waiver applies through its expiry day: on `today` (YYYY-MM-DD) after it, no longer.
  bool expiredOn(std::string_view today) const { return expires < today; }
  // Names the finding's check and matches its subject (or fingerprint).
  bool covers(const Finding& finding) const;
  // Its match fields (all but the fingerprint) match this user, whatever the check.
  bool matchesSubject(const Subject& subject) const;
  // "waivers.yaml:12"
  std::string where() const;
  // The match fields given, by name: {"upn", "*.hold@contoso.com"}, ...
  std::vector<std::pair<std::string_view, std::string_view>> matchFields() const;
};

// The waiver file as read, and the day its expiry dates are judged against.
struct WaiverList {
  std::string file;
  std::string today; // YYYY-MM-DD (UTC): the scan's date
  std::vector<Waiver> waivers;
};

// A waiver in one sentence, the same in every format that prints it (CSV, JUnit, SARIF, the
// remediation plan): "waived until 2027-06-30 by owner@contoso.com: the reason (ticket CHG-1)".
std::string waiverSentence(const Waiver& waiver);

// `dn` is `subtree` or below it (case-insensitive, on RDN boundaries).
bool dnInSubtree(std::string_view dn, std::string_view subtree);

} // namespace migready
