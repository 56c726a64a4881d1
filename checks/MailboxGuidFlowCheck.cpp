#include "checks/MailboxGuidFlowCheck.h"

#include "checks/CheckSupport.h"

#include <fmt/format.h>
#include <map>

namespace migready {

static constexpr CheckInfo kInfo{
    "SYNC001",
    "mailbox-guid-flows-to-entra",
    "SYNC",
    "msExchMailboxGuid exported to Entra ID by Azure AD Connect",
    Severity::Blocker,
    {SourceKind::AdConnect},
    R"(Evaluates the AD Connect configuration export: msExchMailboxGuid reaches Entra ID for a
user when the Azure AD connector's attribute inclusion list holds it AND the winning
outbound rule for that user maps it to something other than AuthoritativeNull. The winning
rule is the enabled outbound rule to the Azure AD connector, target type user, mapping
msExchMailboxGuid, with the lowest precedence number whose scope matches the user.

With an AD export the rule is evaluated for every in-scope user (scoped rules can differ per
user); without one, for a generic synced user. A scope condition or mapping form migready
cannot evaluate makes the answer unknown, which fails like a flow.

Fails (blocker) when the attribute flows or may flow; passes with an info finding saying why
it does not (not in the inclusion list, or nulled by rule X at precedence N).

Remediation (the seed's second procedure): clear msExchMailboxGuid in Azure AD Connect >
Customize synchronization options > Azure AD Attributes, or add an outbound rule with a lower
precedence number that sets it to AuthoritativeNull; then a full sync.)"};

const CheckInfo& MailboxGuidFlowCheck::info() const {
  return kInfo;
}

void MailboxGuidFlowCheck::run(const Snapshot& snapshot, FindingList& out) const {
  if (!snapshot.sync) return;
  const SyncConfig& sync = *snapshot.sync;
  const MailboxGuidFlow flow(sync);
  // Users decided the same way (same answer, same deciding rule) make one finding.
  struct Group {
    Answer example;
    std::size_t users = 0;
  };
  std::map<std::pair<Tristate, const SyncRule*>, Group> groups;
  std::size_t evaluated = 0;
  for (const AdAccount& a : snapshot.ad.accounts) {
    if (syncScopeOf(a, snapshot).value != Tristate::Yes) continue;
    ++evaluated;
    Answer answer = flow.forUser(a);
    Group& g = groups[{answer.value, answer.rule}];
    if (g.users++ == 0) g.example = std::move(answer);
  }
  const bool generic = evaluated == 0;
  if (generic) groups[{Tristate::Unknown, nullptr}] = {flow.forAnyUser(), 0};

  const SyncConnector* aad = sync.azureAdConnector();
  const SharedText remediation(std::string{kExcludeMailboxGuidSteps});
  for (auto& [key, g] : groups) {
    const Answer& answer = g.example;
    Finding f;
    f.severity = answer.value == Tristate::No ? Severity::Info : Severity::Blocker;
    if (answer.rule) {
      f.subject.configItem = "rule " + answer.rule->id;
      f.subject.displayName = answer.rule->name;
      f.subject.kind = "sync_rule";
    } else {
      f.subject.configItem = "connector " + (aad ? aad->id : std::string("(none)"));
      f.subject.displayName = aad ? aad->name : std::string();
      f.subject.kind = "connector";
    }
    const std::string who =
        generic ? std::string("a synced user") : fmt::format("{} in-scope user(s)", g.users);
    f.message =
        answer.value == Tristate::Yes
            ? fmt::format("msExchMailboxGuid reaches Entra ID for {}: {}", who, answer.why)
        : answer.value == Tristate::No
            ? fmt::format("msExchMailboxGuid does not reach Entra ID for {}: {}", who, answer.why)
            : fmt::format("whether msExchMailboxGuid reaches Entra ID for {} is unknown: {}", who,
                          answer.why);
    f.remediation = answer.value == Tristate::No
                        ? SharedText("None: keep the attribute out of the export until the "
                                     "migration is done.")
                        : remediation;
    f.evidence.push_back(evidenceOf(sync, answer));
    if (aad && answer.value != Tristate::Unknown)
      f.evidence.push_back({"adconnect", aad->file,
                            aad->includes("msExchMailboxGuid")
                                ? "attribute-inclusion lists msExchMailboxGuid"
                                : "attribute-inclusion does not list msExchMailboxGuid"});
    if (f.severity == Severity::Blocker) f.planStep = PlanStep::ExcludeAttribute;
    out.push_back(std::move(f));
  }
}

} // namespace migready
