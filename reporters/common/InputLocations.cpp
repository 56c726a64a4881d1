#include "reporters/common/InputLocations.h"

#include "reporters/common/ReportText.h"

#include <filesystem>

namespace migready {

namespace {

// A path as a comparable prefix: normalized, '/'-separated, no "./".
std::string normalized(std::string_view path) {
  std::string p = std::filesystem::path(std::string(path)).lexically_normal().generic_string();
  if (p == ".") p.clear();
  return p;
}

} // namespace

InputLocations::InputLocations(const std::vector<InputRoot>& roots) {
  for (const InputRoot& r : roots) {
    std::string prefix = r.live ? r.path : normalized(r.path);
    if (!r.live && !prefix.empty() && prefix.back() != '/') prefix += '/';
    bases_.push_back({r.id, std::move(prefix), r.live, r.source, std::string(r.evidenceSource())});
  }
}

std::optional<InputLocations::Ref> InputLocations::map(const Evidence& e,
                                                       std::string_view file) const {
  const Base* best = nullptr;
  std::string rest;
  const std::string path = normalized(file);
  for (const Base& b : bases_) {
    if (b.live) {
      // A live AD entry's location is its DN: one path segment under the server.
      if (b.source == SourceKind::Ad && e.source == "ad" && file.find('=') != std::string::npos)
        return Ref{b.id, std::string(file), true};
      if (file.starts_with(b.prefix))
        return Ref{b.id, std::string(file.substr(b.prefix.size())), false};
      continue;
    }
    if (!path.starts_with(b.prefix)) continue;
    if (b.prefix.empty() && (path.starts_with("/") || path.starts_with("../"))) continue;
    // The deepest folder wins; between two bases on one folder (the AD export and the waiver
    // file side by side), the one of the evidence's own source.
    if (best && (best->prefix.size() > b.prefix.size() ||
                 (best->prefix.size() == b.prefix.size() && b.evidenceSource != e.source)))
      continue;
    best = &b;
    rest = path.substr(b.prefix.size());
  }
  if (!best) return std::nullopt;
  return Ref{best->id, std::move(rest), false};
}

const std::optional<InputLocations::Ref>& InputLocations::of(const Evidence& e,
                                                             std::string_view file) const {
  std::string key = e.source;
  key += '\0';
  key += file;
  auto it = cache_.find(key);
  if (it == cache_.end()) it = cache_.emplace(std::move(key), map(e, file)).first;
  return it->second;
}

std::string InputLocations::shown(const Evidence& e) const {
  const SplitLocation where = splitLocation(e.location);
  const auto& ref = of(e, where.file);
  if (!ref || ref->path.empty()) return e.location;
  std::string text = ref->path;
  if (where.line) {
    text += ':';
    text += std::to_string(*where.line);
  } else if (!where.pointer.empty()) {
    text += '#';
    text += where.pointer;
  }
  return text;
}

std::string InputLocations::inputOf(const Evidence& e) const {
  const auto& ref = of(e, splitLocation(e.location).file);
  return ref ? ref->baseId : std::string();
}

} // namespace migready
