#pragma once
// The interface every check implements. A check reads an immutable Snapshot and appends
// findings; it does no I/O and knows no reporter.
#include "scanner/model/Finding.h"
#include "scanner/model/Snapshot.h"

#include <deque>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

// What a check found, in order, plus short notes on what it checked without a finding
// ("12 synced users checked in Exchange Online: no ExchangeGuid"), shown beside its status.
class FindingList : public std::deque<Finding> {
public:
  std::vector<std::string> notes;
  void note(std::string text) { notes.push_back(std::move(text)); }
};

struct CheckInfo {
  std::string_view id;    // stable: "AD001"
  std::string_view name;  // readable second name: "mailbox-guid-not-remote"
  std::string_view group; // "AD", "CLOUD", "SYNC"
  std::string_view title; // one line
  Severity severity;      // the usual severity of its findings
  // Sources that must have been read: the runner does not run the check (not_run, with the
  // reason) when one of them was not given or failed.
  std::initializer_list<SourceKind> needs;
  std::string_view doc; // what it finds, why it matters, what to do (Markdown)
};

class Check {
public:
  virtual ~Check() = default;
  virtual const CheckInfo& info() const = 0;
  // Empty when the check can run on this snapshot; otherwise why not (beyond `needs`).
  virtual std::string whyNotRunnable(const Snapshot&) const { return {}; }
  // Appends findings. The runner stamps the check id and the fingerprint.
  virtual void run(const Snapshot& snapshot, FindingList& out) const = 0;
};

using CheckList = std::vector<std::unique_ptr<const Check>>;

// Every check migready has, in catalog order (AllChecks.cpp).
CheckList makeAllChecks();
const Check* findCheck(const CheckList& checks, std::string_view id);

} // namespace migready
