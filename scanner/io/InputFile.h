#pragma once
// An input file named by the user, read whole: what every reader of a small input shares (the
// waiver file, the configuration file, wave CSVs, earlier reports, JSON pages).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace migready {

// Why `path` is not what it should be: a folder where a file is expected ("is a folder, not a
// file") or a file where a folder is. Nothing when it is right, or when it does not exist (the
// reader says that in its own words).
std::optional<std::string> wrongKind(const std::string& path, bool folderExpected);

// "1 MiB", "256 MiB", "2 GiB": a cap as the documentation writes it.
std::string sizeText(std::uintmax_t bytes);

// The bytes of the regular file `path`, at most `maxBytes` of them. Throws SourceError naming the
// file: a folder, a file that cannot be opened or read, or one larger than the cap (`what` names
// the input in that message: "a waiver file").
std::string readInputFile(const std::string& path, std::uintmax_t maxBytes, std::string_view what);

} // namespace migready
