#include "reporters/common/AffectedUsers.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace migready {

namespace {

void fillIn(std::string& field, const std::string& from) {
  if (field.empty()) field = from;
}

} // namespace

std::vector<AffectedUser> affectedUsers(const Report& r) {
  std::vector<AffectedUser> users;
  std::unordered_map<std::string, std::size_t> index;
  std::vector<bool> kindFromAd; // the AD account's kind (a mailbox...) over the cloud's word for it
  for (const Finding& f : r.findings) {
    if (!f.subject.isUser()) continue;
    auto [it, added] = index.emplace(f.subject.key(), users.size());
    if (added) {
      users.emplace_back();
      users.back().key = it->first;
      users.back().subject = f.subject;
      users.back().worst = f.severity;
      users.back().notCounted = notCountedWhy(r, f);
      kindFromAd.push_back(false);
    }
    AffectedUser& u = users[it->second];
    // An AD finding knows the DN, a cloud one the cloud id: together they say who it is.
    fillIn(u.subject.dn, f.subject.dn);
    fillIn(u.subject.upn, f.subject.upn);
    fillIn(u.subject.objectGuid, f.subject.objectGuid);
    fillIn(u.subject.cloudId, f.subject.cloudId);
    fillIn(u.subject.displayName, f.subject.displayName);
    if (!kindFromAd[it->second] && !f.subject.dn.empty() && !f.subject.kind.empty()) {
      u.subject.kind = f.subject.kind;
      kindFromAd[it->second] = true;
    }
    if (u.wave.empty()) u.wave = r.waveOf(f);
    ++u.findings;
    if (f.waived()) ++u.waived;
    u.worst = std::max(u.worst, f.severity);
    if (r.gate.counts(f)) {
      u.notCounted = {};
      if (!u.gateWorst || f.severity > *u.gateWorst) u.gateWorst = f.severity;
    }
    if (std::find(u.checks.begin(), u.checks.end(), f.check) == u.checks.end())
      u.checks.push_back(f.check);
  }
  const auto rank = [](const AffectedUser& u) {
    return std::tuple(static_cast<int>(u.worst), u.gateWorst ? static_cast<int>(*u.gateWorst) : -1);
  };
  std::stable_sort(users.begin(), users.end(), [&](const AffectedUser& a, const AffectedUser& b) {
    if (rank(a) != rank(b)) return rank(a) > rank(b);
    return std::tie(a.subject.displayName, a.subject.upn, a.subject.dn) <
           std::tie(b.subject.displayName, b.subject.upn, b.subject.dn);
  });
  return users;
}

std::string_view userStatus(const AffectedUser& u) {
  switch (u.worst) {
  case Severity::Blocker:
    return "blocked";
  case Severity::Warning:
    return "warning";
  case Severity::Info:
    return "info";
  }
  return "info";
}

std::string_view gateStatus(const AffectedUser& u) {
  return u.gateWorst ? std::string_view("counted") : u.notCounted;
}

std::string_view notCountedWhy(const Report& r, const Finding& f) {
  if (f.waived()) return "waived";
  if (r.gate.newOnly && f.baseline == BaselineState::Unchanged)
    return "unchanged since the baseline";
  if (f.outsideGatedWave) return "another wave";
  return {};
}

} // namespace migready
