// Feeds arbitrary bytes as one HTTP answer on a live Graph connection: through the HTTP reader
// (Beast's parser under migready's caps, gzip undone as a stream) and, when the answer is a
// success, as the users page the live read saves and the Graph page reader then reads. No crash,
// no sanitizer report; a broken answer is an HttpError, a broken page a failed source with
// errors.
#include "FuzzInput.h"
#include "scanner/entra/snapshot/GraphSnapshotSource.h"
#include "scanner/net/HttpsClient.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  migready::HttpResponse answer;
  try {
    answer = migready::parseHttpAnswer(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const migready::HttpError& e) {
    if (std::string_view(e.what()).empty()) std::abort(); // every error names what happened
    return 0;
  }
  if (answer.body.size() > migready::kMaxAnswerBytes) std::abort();
  if (answer.status < 200 || answer.status > 299) return 0;
  const auto dir = migready::fuzz::workDir() / "graph";
  static const bool prepared = (migready::fuzz::writeGraphSnapshot(dir, false), true);
  (void)prepared;
  migready::fuzz::writeText(dir / "users/page-001.json", answer.body);
  migready::CloudDirectory cloud;
  const migready::SourceState state = migready::readGraphSnapshot(dir.string(), cloud);
  if (state.status == migready::SourceStatus::Failed && state.errors.empty()) std::abort();
  return 0;
}
