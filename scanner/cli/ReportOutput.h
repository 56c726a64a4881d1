#pragma once
// Where the reports go, checked before the scan and written after it, whole or not at all.
#include "reporters/Reporter.h"
#include "reporters/plan/RemediationPackage.h"

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace migready {

struct ReportTarget {
  std::unique_ptr<Reporter> reporter;
  std::string path; // "-" = standard output
};

// "json=report.json", "html" (to stdout). Throws UsageError for an unknown format or empty path.
ReportTarget parseReportSpec(const std::string& spec, const ReporterOptions& options = {});

// A file or folder the scan reads: a report must never land on one.
struct InputPath {
  std::string option; // "--ad-ldif"
  std::string path;
  bool folder = false; // a file inside it is an input too
};

// A file or folder the scan writes besides the reports (--save-ad-ldif, --save-graph-snapshot).
struct OutputPath {
  std::string option; // "--report html" or "--save-ad-ldif"
  std::string path;
  bool folder = false;
};

// Before anything is read: every input that exists is what its option expects, a file or a
// folder. Throws UsageError naming the option ("--waivers x: is a folder, not a file").
void checkInputs(const std::vector<InputPath>& inputs);

// A folder as given on the command line, without the trailing '/' that tab completion adds
// ("plan=out/" is the folder "out").
std::string folderArgument(std::string path);

// Before anything is read: every output's folder exists and is writable, no output is an input
// (or inside an input folder), no two outputs are the same file, a file is not written where a
// folder is nor a folder where a file is, and at most one report goes to standard output. Throws
// UsageError naming the options.
void checkOutputs(const std::vector<OutputPath>& outputs, const std::vector<InputPath>& inputs);

// One file to write: its format's name (for messages), its path ("-" = standard output), and
// what writes it.
struct Output {
  std::string format;
  std::string path;
  std::function<void(std::ostream&)> write;
};

// Writes every output: files to temporary files first, put in place only when all of them were
// written whole; then the one for standard output. On failure nothing is replaced, `err` gets
// the system's reason, and the result is false.
bool writeOutputs(const std::vector<Output>& outputs, std::ostream& out, std::ostream& err);

// Writes `files` into the new folder `dir`: into a temporary folder beside it first (removed on
// an interrupt), renamed to `dir` only when every file was written. On failure nothing is left,
// `err` gets the system's reason, and the result is false.
bool writeFolder(const std::string& dir, const std::vector<PackageFile>& files,
                 std::string_view what, std::ostream& err);

// Writes every report: files to temporary files first, put in place only when all of them were
// written whole; then the one for standard output. On failure nothing is replaced, `err` gets
// the system's reason, and the result is false.
bool writeReports(const Report& report, const std::vector<ReportTarget>& targets, std::ostream& out,
                  std::ostream& err);

} // namespace migready
