#pragma once
// What the wave checks share: the row as evidence, and why they cannot run.
#include "scanner/model/Finding.h"
#include "scanner/model/Snapshot.h"

#include <string>

namespace migready {

// "waves/batch.csv:12" with the row's wave and identity.
Evidence evidenceOf(const WaveRow& row);
// Empty when wave files were given; otherwise why the wave checks do not run.
std::string whyNoWaves(const Snapshot& snapshot);

} // namespace migready
