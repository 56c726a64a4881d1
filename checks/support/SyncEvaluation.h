#pragma once
// What the AD Connect export decides for one AD user: is it in the sync scope, and does its
// msExchMailboxGuid reach Entra ID. The model is in docs/adconnect-export.md. Every answer
// says why; what cannot be evaluated is Unknown, never taken as safe.
#include "scanner/model/Finding.h"
#include "scanner/model/Snapshot.h"

#include <string>
#include <vector>

namespace migready {

enum class Tristate { No, Yes, Unknown };
std::string_view toString(Tristate t);
Tristate negated(Tristate t); // Yes <-> No; Unknown stays

struct Answer {
  Answer() = default;
  Answer(Tristate value, std::string why, const SyncRule* rule = nullptr, std::string file = {},
         std::uint32_t line = 0, SyncTool tool = SyncTool::Connect)
      : value(value), why(std::move(why)), rule(rule), file(std::move(file)), line(line),
        tool(tool) {}
  Tristate value = Tristate::Unknown;
  std::string why;                // one sentence, naming the container, rule or setting
  const SyncRule* rule = nullptr; // the deciding rule, when one decided
  std::string file;               // the file of the export that shows it
  std::uint32_t line = 0;         // the line there, when known
  // The tool whose configuration decided; for Cloud Sync, `file` is "schema-file#pointer".
  SyncTool tool = SyncTool::Connect;
  // Cloud Sync: the mapping that decided, in words (describeMapping), for the plan and reports.
  std::string item;
};

// The partition of the export a DN belongs to: the one whose naming context is the longest
// suffix of the DN (whole RDNs, case-insensitive), over every AD connector. Null members when
// no partition of the export holds the DN.
struct PartitionMatch {
  const SyncConnector* connector = nullptr;
  const SyncPartition* partition = nullptr;
};
PartitionMatch partitionOf(std::string_view dn, const SyncConfig& sync);

// Whether `dn` lies in the containers an AD connector syncs: its partition must be selected,
// and within it the deepest matching container (whole RDNs, case-insensitive) must be an
// inclusion. A DN in no partition the export knows is Unknown.
Answer containerScopeOf(std::string_view dn, const SyncConfig& sync);

// The flow of msExchMailboxGuid from AD to Entra ID, step by step: the AD connector imports it,
// an inbound rule puts it in the metaverse, an outbound rule sends it to the Azure AD connector,
// whose inclusion list and the wizard's attribute filter let it through.
struct FlowAnswer : Answer {
  const SyncRule* inboundRule = nullptr;  // the inbound rule that decided the metaverse value
  const SyncRule* outboundRule = nullptr; // the outbound rule that decided what is exported
  std::vector<Evidence> trail;            // one line per step, each naming its file
};

// Built once per check run: picks the candidate rules of every step in precedence order.
class MailboxGuidFlow {
public:
  // Keeps a reference to `sync`, and answers point into it: both must outlive the evaluator.
  explicit MailboxGuidFlow(const SyncConfig& sync);
  // For one user of a partition of the export.
  FlowAnswer forUser(const AdAccount& account) const;
  // For a typical mailbox user synced from AD (mailNickname and msExchMailboxGuid set, nothing
  // else known): the answer when the scan has no AD data.
  FlowAnswer forAnyUser() const;

private:
  FlowAnswer decide(const AdAccount* account, const SyncConnector& adConnector) const;
  Answer inbound(const AdAccount* account, const SyncConnector& adConnector) const;
  Answer outbound(const AdAccount* account, Tristate metaverseHasValue) const;

  const SyncConfig& sync_;
  const SyncConnector* azureAd_;
  std::vector<const SyncRule*> inbound_;  // enabled, user -> person, mapping the attribute
  std::vector<const SyncRule*> outbound_; // enabled, person -> user, to the Azure AD connector
};

// Evaluates one scoping condition against an AD user's view; `account` null is the typical
// mailbox user of forAnyUser(). Unknown when the attribute or the operator is one migready
// cannot evaluate (for that user); `why` says which.
Tristate evaluateCondition(const ScopeCondition& c, const AdAccount* account, std::string& why);

// Whether Azure AD Connect exports nothing for this user although it syncs it, as when Cloud Sync
// is piloted beside it (docs/cloud-sync.md): the server is in staging mode, or an enabled
// inbound rule of the user's connector flows the constant True into cloudNoFlow and an enabled
// outbound rule with link type JoinNoFlow exists ("Connect stops exporting any changes on objects
// with cloudNoFlow=true"). Yes: Connect does not export for the user; Unknown: a pilot rule's
// scope cannot be evaluated for the user.
Answer connectStandsAside(const AdAccount& account, const SyncConfig& sync);

// Evaluates an attribute-flow expression of a sync rule for the msExchMailboxGuid mapping.
enum class FlowValue { Null, AuthoritativeNull, OwnValue, OtherValue, Unknown };
FlowValue evaluateFlow(const AttributeMapping& mapping, const AdAccount* account, std::string& why);

} // namespace migready
