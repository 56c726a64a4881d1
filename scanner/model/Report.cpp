#include "scanner/model/Report.h"

namespace migready {

std::string_view toString(Verdict verdict) {
  switch (verdict) {
  case Verdict::Ready:
    return "READY";
  case Verdict::NotReady:
    return "NOT_READY";
  case Verdict::Incomplete:
    return "INCOMPLETE";
  }
  return "INCOMPLETE";
}

int exitCodeOf(Verdict verdict) {
  switch (verdict) {
  case Verdict::Ready:
    return 0;
  case Verdict::NotReady:
    return 1;
  case Verdict::Incomplete:
    return 3;
  }
  return 3;
}

std::string_view toString(CheckStatus status) {
  switch (status) {
  case CheckStatus::Pass:
    return "pass";
  case CheckStatus::Fail:
    return "fail";
  case CheckStatus::NotRun:
    return "not_run";
  case CheckStatus::Error:
    return "error";
  }
  return "error";
}

} // namespace migready
