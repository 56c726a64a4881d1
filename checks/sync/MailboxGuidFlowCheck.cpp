#include "checks/sync/MailboxGuidFlowCheck.h"

#include "checks/support/CheckSupport.h"

#include <fmt/format.h>
#include <map>
#include <tuple>

namespace migready {

namespace {
// " by MV.xml": which file of the export decided, without the folder it was read from (which
// differs from machine to machine and would change the fingerprint).
std::string fileName(std::string_view path) {
  if (path.empty()) return {};
  return fmt::format(" by {}", path.substr(path.find_last_of('/') + 1));
}
} // namespace

static constexpr CheckInfo kInfo{
    "SYNC001",
    "mailbox-guid-flows-to-entra",
    "SYNC",
    "msExchMailboxGuid exported to Entra ID by Azure AD Connect",
    Severity::Blocker,
    {SourceKind::AdConnect},
    R"(Evaluates the AD Connect configuration export step by step, per user that carries
msExchMailboxGuid (docs/adconnect-export.md): the AD connector must import the attribute
(its attribute inclusion list); the first enabled inbound rule of that connector, in
precedence order, whose scope matches the user and whose flow gives a value decides the
metaverse value (AuthoritativeNull stops the search: no value); the first outbound rule to the
Azure AD connector that applies exports it; the Azure AD connector's inclusion list and the
wizard's attribute filter ("I want to further limit the attributes exported to Azure AD") must
let it through.

Users decided the same way make one finding, which counts them and names the rule or setting
that decided each step. Users for whom the export cannot tell (a condition or expression
migready cannot evaluate, a domain the export does not cover, a rule whose connector is not in
the export, an export without the standard Exchange rules) are counted separately as unknown,
which fails like a flow. Without AD data, the answer is for a typical mailbox user.

Fails (blocker) when the attribute reaches Entra ID, or may, for any user; an info finding
says why not otherwise.

Remediation: exclude msExchMailboxGuid in Azure AD Connect > Customize synchronization
options > Azure AD Attributes, or add an inbound rule from the AD connector (precedence below
100) or an outbound rule to Azure AD with a lower precedence number that sets it to
AuthoritativeNull; then a full sync. Users already synced stay as they are in the cloud: see
CLOUD001.)",
    "blocker; info when it provably does not flow; warning when no user carries the attribute but "
    "the export would send it",
    "the AD Connect export sends `msExchMailboxGuid` to Entra ID (or cannot be shown not to): "
    "import, inbound rules, outbound rules, inclusion lists and the wizard's filter, naming the "
    "deciding rule or setting of each step and counting the users"};

const CheckInfo& MailboxGuidFlowCheck::info() const {
  return kInfo;
}

void MailboxGuidFlowCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const SyncConfig& sync = *snapshot.sync;
  const MailboxGuidExposure exposure(snapshot);
  // Users decided the same way (same answer, same deciding rules and setting) make one finding.
  struct Group {
    FlowAnswer example;
    std::size_t users = 0;
  };
  using Key = std::tuple<Tristate, const SyncRule*, const SyncRule*, std::string>;
  std::map<Key, Group> groups;
  std::size_t counts[3] = {0, 0, 0};
  for (const AdAccount& a : snapshot.ad.accounts) {
    MailboxGuidExposure::Result exposed = exposure.of(a);
    if (!exposed.candidate) continue;
    FlowAnswer& answer = exposed.flow;
    ++counts[static_cast<int>(answer.value)];
    Group& g = groups[{answer.value, answer.inboundRule, answer.outboundRule, answer.file}];
    if (g.users++ == 0) g.example = std::move(answer);
  }
  const std::size_t evaluated = counts[0] + counts[1] + counts[2];
  // No AD data: the answer for a typical mailbox user. AD data in which nobody carries the
  // attribute: the same answer, but nobody is exposed today.
  const bool adRead = snapshot.source(SourceKind::Ad).status == SourceStatus::Complete;
  const bool generic = evaluated == 0;
  if (generic)
    groups[{Tristate::Unknown, nullptr, nullptr, ""}] = {MailboxGuidFlow(sync).forAnyUser(), 0};

  const SharedText remediation(excludeMailboxGuidSteps());
  for (auto& [key, g] : groups) {
    const FlowAnswer& answer = g.example;
    Finding f;
    f.severity = answer.value == Tristate::No ? Severity::Info : Severity::Blocker;
    if (generic && adRead && answer.value != Tristate::No) f.severity = Severity::Warning;
    const SyncRule* decider = answer.rule ? answer.rule : answer.outboundRule;
    // One finding per answer and decider: the answer is part of its identity.
    const std::string_view answerWord = answer.value == Tristate::Yes  ? "exported"
                                        : answer.value == Tristate::No ? "kept out"
                                                                       : "unknown";
    if (decider) {
      f.subject.configItem = fmt::format("rule {}: {}", decider->id, answerWord);
      f.subject.displayName = decider->name;
      f.subject.kind = "sync_rule";
    } else {
      const SyncConnector* aad = sync.azureAdConnector();
      f.subject.configItem = fmt::format("connector {}: {}{}", aad ? aad->id : "(none)", answerWord,
                                         fileName(answer.file));
      f.subject.displayName = aad ? aad->name : std::string();
      f.subject.kind = "connector";
    }
    const std::string who =
        !generic ? fmt::format("{} user(s)", g.users)
        : adRead ? std::string("a mailbox user (no in-scope AD user carries msExchMailboxGuid "
                               "today; a mailbox created on-premises before the migration "
                               "would)")
                 : std::string("a typical mailbox user (no AD data was read)");
    f.message =
        answer.value == Tristate::Yes
            ? fmt::format("msExchMailboxGuid reaches Entra ID for {}: {}", who, answer.why)
        : answer.value == Tristate::No
            ? fmt::format("msExchMailboxGuid does not reach Entra ID for {}: {}", who, answer.why)
            : fmt::format("whether msExchMailboxGuid reaches Entra ID is unknown for {}: {}", who,
                          answer.why);
    f.remediation = answer.value == Tristate::No
                        ? SharedText("None: keep the attribute out of the export until the "
                                     "migration is done.")
                        : remediation;
    f.evidence.push_back(evidenceOf(sync, answer));
    for (const Evidence& step : answer.trail)
      if (step.location != f.evidence.front().location || step.detail != answer.why)
        f.evidence.push_back(step);
    if (f.severity == Severity::Blocker) f.planStep = PlanStep::ExcludeAttribute;
    out.push_back(std::move(f));
  }
  if (!generic)
    out.note(fmt::format("{} user(s) carrying msExchMailboxGuid evaluated: {} exported, {} kept "
                         "out, {} unknown",
                         evaluated, counts[static_cast<int>(Tristate::Yes)],
                         counts[static_cast<int>(Tristate::No)],
                         counts[static_cast<int>(Tristate::Unknown)]));
}

} // namespace migready
