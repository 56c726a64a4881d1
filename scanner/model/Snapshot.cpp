#include "scanner/model/Snapshot.h"

#include "scanner/model/Encoding.h"

namespace migready {

std::string_view toString(SourceKind kind) {
  switch (kind) {
  case SourceKind::Ad: return "ad";
  case SourceKind::Graph: return "graph";
  case SourceKind::AdConnect: return "adconnect";
  }
  return "ad";
}

std::optional<SourceKind> parseSourceKind(std::string_view text) {
  for (SourceKind k : kAllSources)
    if (equalsIgnoreCase(text, toString(k))) return k;
  return std::nullopt;
}

std::string_view toString(SourceStatus status) {
  switch (status) {
  case SourceStatus::NotProvided: return "not_provided";
  case SourceStatus::Complete: return "complete";
  case SourceStatus::Partial: return "partial";
  case SourceStatus::Failed: return "failed";
  }
  return "failed";
}

std::string_view toString(JoinKey key) {
  switch (key) {
  case JoinKey::None: return "none";
  case JoinKey::ImmutableIdFromObjectGuid: return "onPremisesImmutableId = base64(objectGUID)";
  case JoinKey::ImmutableIdFromConsistencyGuid:
    return "onPremisesImmutableId = base64(mS-DS-ConsistencyGuid)";
  case JoinKey::SecurityIdentifier: return "onPremisesSecurityIdentifier = objectSid";
  }
  return "none";
}

} // namespace migready
