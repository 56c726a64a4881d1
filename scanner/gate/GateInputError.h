#pragma once
#include "scanner/io/SourceError.h"

namespace migready {

// A waiver file or an earlier report that cannot be used: what() names the file and, where
// there is one, the line. The front end shows it as a usage error.
class GateInputError : public SourceError {
public:
  using SourceError::SourceError;
};

} // namespace migready
