#pragma once
#include "reporters/Reporter.h"

namespace migready {

// JUnit XML for CI systems: one testsuite per check group, one testcase per check, one per source
// (fail closed).
class JunitReporter final : public Reporter {
public:
  std::string_view format() const override { return "junit"; }
  void write(const Report& report, std::ostream& out) const override;
};

} // namespace migready
