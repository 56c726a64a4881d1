#pragma once
// Wording shared by the human-readable reporters (HTML, Markdown, JUnit): one place says what a
// verdict means to a customer and how a location splits into file and line.
#include "scanner/model/Remediation.h"
#include "scanner/model/Report.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

// One sentence a customer understands about the tenant's readiness: "Not ready: ..." etc.
std::string_view verdictHeadline(Verdict verdict);

// "file:line" -> {file, line}; "file#/pointer" -> {file, pointer}; anything else -> {text}.
struct SplitLocation {
  std::string file;
  std::optional<std::uint64_t> line;
  std::string pointer;
};
SplitLocation splitLocation(std::string_view location);

// The deliverable's cover line from the title and the customer the user named: "Title · prepared
// for Customer", "Prepared for Customer", "Title"; empty when neither was given. Plain text: each
// format escapes.
std::string coverLine(const Report& report);

// The executive summary that opens a deliverable: three to five sentences in the customer's
// words: the tenant as scanned (how many users are blocked and why, whatever the gate's
// options), the waves, the next step with its owner (the AD Connect administrator, the Entra ID
// administrator), and, in a labelled sentence of its own, the gate's decision.
std::vector<std::string> executiveSummary(const Report& report);

// " (20 by waived findings only)" after a count of blocked users, or "" when none is.
std::string blockedByWaivedOnly(std::size_t blockedWaived);

// Whether any option of the gate was given (waivers, a baseline, one wave, a fail-on other than
// blocker): then the gate's decision may differ from the tenant's readiness, and is said apart.
bool gateOptionsGiven(const Report& report);
// The gate's decision in one labelled sentence: "Gate decision (fails at blocker; new findings
// only, against the baseline last.json): READY, exit code 0: no new finding at or above ...".
std::string gateSentence(const Report& report);

// A check's status in words: "passed", "failed", "did not run", "error".
std::string_view statusWords(CheckStatus status);

// What a customer reads for an evidence source (Evidence::source): "Active Directory" for "ad",
// "Entra ID" for "graph", ... An unknown id comes back as it is.
std::string_view evidenceSourceWords(std::string_view source);

// Whether a check's result fails a gate at `failOn` (used by JUnit and the HTML badges).
bool failsGate(const CheckResult& check, Severity failOn);

} // namespace migready
