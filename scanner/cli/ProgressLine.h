#pragma once
// Progress of the live reads, AD and Entra ID on one terminal line (only when stderr is a
// terminal). Both readers report from their own threads.
#include "scanner/scan/ScanRequest.h"

#include <mutex>
#include <ostream>
#include <string>

namespace migready {

class ProgressLine {
public:
  explicit ProgressLine(std::ostream& err) : err_(err) {}
  void ad(const LdapProgress& p);
  void graph(const GraphProgress& p);

private:
  void draw(bool newline);
  std::ostream& err_;
  std::mutex mutex_;
  std::string ad_, graph_;
};

} // namespace migready
