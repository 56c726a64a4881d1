#include "scanner/cli/ProgressLine.h"

#include "reporters/common/TextClean.h"

#include <fmt/format.h>

namespace migready {

void ProgressLine::ad(const LdapProgress& p) {
  std::lock_guard lock(mutex_);
  const double rate = p.seconds > 0 ? static_cast<double>(p.entries) / p.seconds : 0;
  ad_ = fmt::format("AD {}: {} entries, {} page(s), {:.0f}/s", visibleText(p.domain), p.entries,
                    p.pages, rate);
  draw(p.finished);
}

void ProgressLine::graph(const GraphProgress& p) {
  std::lock_guard lock(mutex_);
  if (!p.note.empty()) {
    err_ << "\r\33[K"
         << "Graph " << p.step << ": " << visibleText(p.note) << "\n";
  } else {
    graph_ =
        fmt::format("Graph {}: {} page(s), {} object(s){}", p.step, p.pages, p.objects,
                    p.waitedSeconds > 0 ? fmt::format(", waited {:.1f} s", p.waitedSeconds) : "");
  }
  draw(false);
}

void ProgressLine::draw(bool newline) {
  err_ << "\r\33[K" << ad_ << (ad_.empty() || graph_.empty() ? "" : " | ") << graph_
       << (newline ? "\n" : "") << std::flush;
}

} // namespace migready
