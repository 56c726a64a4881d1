#pragma once
// A diff writer turns the comparison of scans (migready diff) into one format, as a Reporter
// does for one scan. It sees only the ScanDiff.
#include "scanner/model/ScanDiff.h"

#include <memory>
#include <ostream>
#include <string_view>
#include <vector>

namespace migready {

class DiffWriter {
public:
  virtual ~DiffWriter() = default;
  virtual std::string_view format() const = 0;
  virtual void write(const ScanDiff& diff, std::ostream& out) const = 0;
};

// nullptr for an unknown format; json, md, html.
std::unique_ptr<DiffWriter> makeDiffWriter(std::string_view format);
std::vector<std::string_view> diffFormats();

} // namespace migready
