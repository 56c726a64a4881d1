#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace migready {

// Runs the command line; returns the process exit code (0 READY, 1 NOT_READY, 2 usage or
// configuration error, 3 INCOMPLETE). `out` gets what was asked for (catalog, docs, a report
// written to "-"), `err` the human summary and errors.
int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace migready
