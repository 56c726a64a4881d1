#pragma once
// What the AD Connect export decides for one AD user: is it in the sync scope, and does its
// msExchMailboxGuid reach Entra ID. The rules are in docs/adconnect-export.md. Every answer
// says why; what cannot be evaluated is Unknown, never taken as safe.
#include "scanner/model/Snapshot.h"

#include <string>
#include <vector>

namespace migready {

enum class Tristate { No, Yes, Unknown };
std::string_view toString(Tristate t);

struct Answer {
  Tristate value = Tristate::Unknown;
  std::string why;                // one sentence, naming the container, rule or file
  const SyncRule* rule = nullptr; // the winning rule, when one decided
};

// Whether `dn` lies in the containers an AD connector of the export syncs: its partition
// (domain) must be selected, and the deepest matching container (whole RDNs, case-insensitive)
// must be an inclusion. A DN in no partition the export knows is Unknown.
Answer containerScopeOf(std::string_view dn, const SyncConfig& sync);

// Evaluates the flow of msExchMailboxGuid to the Azure AD connector. Built once per check run:
// it picks the candidate rules (enabled, outbound, to the Azure AD connector, target user,
// mapping msExchMailboxGuid) in precedence order.
class MailboxGuidFlow {
public:
  // Keeps a reference to `sync`, and answers point into it: both must outlive the evaluator.
  explicit MailboxGuidFlow(const SyncConfig& sync);
  // For one user; the winning rule is the first candidate whose scope matches the user.
  Answer forUser(const AdAccount& account) const;
  // For a user about whom nothing is known but that it is a user synced from AD.
  Answer forAnyUser() const;

private:
  Answer decide(const AdAccount* account) const;
  const SyncConnector* azureAd_;
  std::vector<const SyncRule*> candidates_;
};

// Evaluates one scoping condition against an AD user's metaverse view; Unknown when the
// attribute or the operator is one migready cannot evaluate. `why` says which.
Tristate evaluateCondition(const ScopeCondition& c, const AdAccount* account, std::string& why);

} // namespace migready
