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

// One sentence a customer understands: "Not ready: ..." etc.
std::string_view verdictHeadline(Verdict verdict);

// "file:line" -> {file, line}; "file#/pointer" -> {file, pointer}; anything else -> {text}.
struct SplitLocation {
  std::string file;
  std::optional<std::uint64_t> line;
  std::string pointer;
};
SplitLocation splitLocation(std::string_view location);

// A waived finding's waiver in one sentence, the same in every format that prints it (CSV, JUnit,
// SARIF): "waived until 2027-06-30 by owner@contoso.com: the reason (ticket CHG-1)".
std::string waiverSentence(const Waiver& waiver);

// The deliverable's cover line from the title and the customer the user named: "Title · prepared
// for Customer", "Prepared for Customer", "Title"; empty when neither was given. Plain text: each
// format escapes.
std::string coverLine(const Report& report);

// The executive summary that opens a deliverable: three to five sentences in the customer's
// words: the verdict, how many users are blocked and why, the waves, and the next step with its
// owner (the AD Connect administrator, the Entra ID administrator).
std::vector<std::string> executiveSummary(const Report& report);

// A check's status in words: "passed", "failed", "did not run", "error".
std::string_view statusWords(CheckStatus status);

// Whether a check's result fails a gate at `failOn` (used by JUnit and the HTML badges).
bool failsGate(const CheckResult& check, Severity failOn);

} // namespace migready
