#include "scanner/cli/ReportOutput.h"

#include "reporters/common/TextClean.h"
#include "scanner/cli/UsageError.h"
#include "scanner/io/FileOutput.h"
#include "scanner/io/InputFile.h"
#include "scanner/io/SourceError.h"

#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <optional>
#include <ostream>
#include <unistd.h>

namespace migready {

namespace fs = std::filesystem;

ReportTarget parseReportSpec(const std::string& spec, const ReporterOptions& options) {
  const auto eq = spec.find('=');
  const std::string format = spec.substr(0, eq);
  ReportTarget t{makeReporter(format, options),
                 eq == std::string::npos ? "-" : spec.substr(eq + 1)};
  if (!t.reporter) {
    std::string known;
    for (auto f : reporterFormats())
      known += fmt::format("{}{}", known.empty() ? "" : ", ", f);
    known += ", plan=DIR (the remediation package)"; // taken apart by the scan before this
    throw UsageError(
        fmt::format("--report {}: unknown format \"{}\" (known: {})", spec, format, known));
  }
  if (t.path.empty()) throw UsageError(fmt::format("--report {}=: the path is empty", format));
  return t;
}

namespace {

// The path as the file system will resolve it: symbolic links followed where they exist.
fs::path resolved(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::absolute(path) : p;
}

bool inside(const fs::path& path, const fs::path& folder) {
  auto p = path.begin();
  for (auto f = folder.begin(); f != folder.end(); ++f, ++p)
    if (p == path.end() || *p != *f) return false;
  return true;
}

// Whether writing `out` would touch `in`: the same file (also through another name: a hard
// link), or a file inside the input folder. (An output folder that merely holds an input file
// is fine: only new page files and manifest.json are written there, into an empty folder or
// one without a snapshot.)
bool touches(const OutputPath& out, const InputPath& in) {
  const fs::path o = resolved(out.path), i = resolved(in.path);
  std::error_code ec;
  if (fs::exists(o, ec) && fs::exists(i, ec) && fs::equivalent(o, i, ec)) return true;
  if (o == i) return true;
  return in.folder && inside(o, i);
}

} // namespace

void checkInputs(const std::vector<InputPath>& inputs) {
  for (const InputPath& in : inputs) {
    // A path given that is not there is a mistyped argument, whatever option names it: a usage
    // error (2), as a missing --waivers file always was, never a failed source (exit 1 or 3 by
    // what else was found). A source that fails while it is read stays a failed source.
    std::error_code ec;
    if (!fs::exists(in.path, ec))
      throw UsageError(fmt::format("{} {}: cannot open: no such {}", in.option, in.path,
                                   in.folder ? "folder" : "file"));
    if (const auto wrong = wrongKind(in.path, in.folder))
      throw UsageError(fmt::format("{} {}: {}", in.option, in.path, *wrong));
  }
}

std::string folderArgument(std::string path) {
  while (path.size() > 1 && path.back() == '/')
    path.pop_back();
  return path;
}

void checkOutputs(const std::vector<OutputPath>& outputs, const std::vector<InputPath>& inputs) {
  std::optional<std::string> stdoutBy;
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const OutputPath& o = outputs[k];
    if (o.path == "-") {
      if (stdoutBy)
        throw UsageError(fmt::format("{} and {} both write to standard output: give one of them "
                                     "a file (FORMAT=PATH)",
                                     *stdoutBy, o.option));
      stdoutBy = o.option;
      continue;
    }
    for (const InputPath& in : inputs)
      if (touches(o, in))
        throw UsageError(fmt::format("{}={} would write over the input given with {} {}: choose "
                                     "another path",
                                     o.option, o.path, in.option, in.path));
    for (std::size_t j = 0; j < k; ++j)
      if (outputs[j].path != "-" &&
          touches(o, {outputs[j].option, outputs[j].path, outputs[j].folder}))
        throw UsageError(fmt::format("{}={} and {}={} are the same file: give each its own path",
                                     outputs[j].option, outputs[j].path, o.option, o.path));
    std::error_code ec;
    const fs::path path(o.path);
    const fs::file_status status = fs::status(path, ec);
    if (!o.folder && fs::is_directory(status))
      throw UsageError(fmt::format("{}={}: is a folder; give a file name", o.option, o.path));
    if (o.folder && fs::exists(status) && !fs::is_directory(status))
      throw UsageError(
          fmt::format("{}={}: is a file, not a folder; name a new folder", o.option, o.path));
    if (!o.folder && fs::exists(status) && !fs::is_regular_file(status))
      continue; // a terminal, a pipe, /dev/stdout: written as it is
    const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::is_directory(folder, ec))
      throw UsageError(
          fmt::format("{}={}: the folder {} does not exist", o.option, o.path, folder.string()));
    if (::access(folder.c_str(), W_OK | X_OK) != 0)
      throw UsageError(fmt::format("{}={}: cannot write in {}: {}", o.option, o.path,
                                   folder.string(), std::strerror(errno)));
  }
}

bool writeOutputs(const std::vector<Output>& outputs, std::ostream& out, std::ostream& err) {
  std::vector<std::unique_ptr<AtomicFile>> files(outputs.size());
  try {
    // Regular files first (into temporary files), then the ones written directly (pipes,
    // devices), so that a failure there still replaces nothing.
    for (int pass = 0; pass < 2; ++pass)
      for (std::size_t i = 0; i < outputs.size(); ++i) {
        if (outputs[i].path == "-") continue;
        if (pass == 0) files[i] = std::make_unique<AtomicFile>(outputs[i].path);
        if (files[i]->direct() != (pass == 1)) continue;
        outputs[i].write(files[i]->stream());
        files[i]->finish();
      }
    for (auto& f : files)
      if (f) f->commit();
  } catch (const SourceError& e) {
    err << "migready: the reports were not written (earlier files are unchanged): "
        << visibleText(e.what()) << "\n";
    return false;
  }
  for (const Output& o : outputs)
    if (o.path == "-") {
      o.write(out);
      out.flush();
      if (!out) {
        err << fmt::format("migready: writing the {} report to standard output failed\n", o.format);
        return false;
      }
    }
  return true;
}

bool writeReports(const Report& report, const std::vector<ReportTarget>& targets, std::ostream& out,
                  std::ostream& err) {
  std::vector<Output> outputs;
  for (const ReportTarget& t : targets)
    outputs.push_back({std::string(t.reporter->format()), t.path,
                       [&](std::ostream& to) { t.reporter->write(report, to); }});
  return writeOutputs(outputs, out, err);
}

bool writeFolder(const std::string& dir, const std::vector<PackageFile>& files,
                 std::string_view what, std::ostream& err) {
  const fs::path target = fs::absolute(dir).lexically_normal();
  const fs::path temporary =
      target.parent_path() / fmt::format(".{}.partial-{}", target.filename().string(), ::getpid());
  std::error_code ec;
  registerTemporary(temporary.string());
  const auto fail = [&](const std::string& why) {
    fs::remove_all(temporary, ec);
    forgetTemporary(temporary.string());
    err << fmt::format("migready: the {} was not written ({}): {}\n", what, dir, visibleText(why));
    return false;
  };
  if (!fs::create_directory(temporary, ec)) return fail(ec ? ec.message() : "cannot create it");
  for (const PackageFile& f : files) {
    std::ofstream out(temporary / f.name, std::ios::binary);
    out.write(f.content.data(), static_cast<std::streamsize>(f.content.size()));
    out.close();
    if (!out) return fail(fmt::format("{}: {}", f.name, std::strerror(errno)));
  }
  if (fs::exists(target, ec)) fs::remove(target, ec); // an empty folder (checked before the scan)
  fs::rename(temporary, target, ec);
  if (ec) return fail(ec.message());
  forgetTemporary(temporary.string());
  return true;
}

} // namespace migready
