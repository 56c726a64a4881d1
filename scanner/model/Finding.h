#pragma once
// What a check reports about one object (or the tenant), with where it came from and what to
// do about it.
#include <string>
#include <vector>

#include "scanner/model/Severity.h"

namespace migready {

// The object a finding is about; empty fields are unknown.
struct Subject {
  std::string dn;
  std::string upn;
  std::string objectGuid;
  std::string cloudId;
  std::string displayName;
  std::string kind; // mailbox kind of the AD user, or "tenant" / "deleted_user"

  // The most stable identifier known: objectGuid, else cloudId, else dn, else upn.
  std::string key() const;
};

struct Evidence {
  std::string source;   // "ad", "graph" or "adconnect"
  std::string location; // "file:line", "file#/json/pointer", or a rule/connector name
  std::string detail;   // the values that made the check fire
};

struct Finding {
  std::string check;
  Severity severity = Severity::Info;
  Subject subject;
  std::string message;
  std::string remediation;
  std::vector<Evidence> evidence;
  std::string fingerprint; // stable across runs: same check + same object -> same value
};

// SHA-256 of check id and subject key, first 32 hex digits.
std::string fingerprintOf(std::string_view check, const Subject& subject);

} // namespace migready
