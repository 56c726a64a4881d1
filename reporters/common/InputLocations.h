#pragma once
// Where a finding's evidence is, relative to the input given on the command line: the file name
// inside the export, snapshot or folder ("ad-users.ldf:62", "deletedUsers/page-001.json#/value/0")
// and which input it is in. Every reporter shows locations this way, so that a report handed to a
// customer does not carry the scanning machine's paths; SARIF adds the input as its uriBaseId.
#include "scanner/model/Report.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace migready {

class InputLocations {
public:
  explicit InputLocations(const std::vector<InputRoot>& roots);

  struct Ref {
    std::string baseId; // InputRoot::id
    std::string path;   // relative to the input's folder ('/'-separated), or a DN for live AD
    bool dn = false;    // path is a DN (live AD): one segment, its '/' are not folders
  };
  // The input a file of `e` lies in and the path under it; none when it is under no input (a
  // location that is not a file, or one of another machine read from a baseline). Findings share
  // a handful of files: each is mapped once (so not for two threads at once).
  const std::optional<Ref>& of(const Evidence& e, std::string_view file) const;

  // The location as shown: relative path plus ":line" or "#pointer"; the location as it is when
  // it is under no input (a rule name, a connector).
  std::string shown(const Evidence& e) const;
  // The input a location is under ("ADEXPORT", "GRAPHSNAPSHOT", ...), or empty.
  std::string inputOf(const Evidence& e) const;

private:
  struct Base {
    std::string id, prefix;
    bool live;
    std::optional<SourceKind> source;
    std::string evidenceSource; // InputRoot::evidenceSource
  };
  std::vector<Base> bases_;
  mutable std::unordered_map<std::string, std::optional<Ref>> cache_;
  std::optional<Ref> map(const Evidence& e, std::string_view file) const;
};

} // namespace migready
