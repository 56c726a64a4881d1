#include "checks/sync/MailboxGuidFlowCheck.h"

#include "checks/support/CheckSupport.h"

#include <fmt/format.h>
#include <map>
#include <tuple>

namespace migready {

namespace {
// " by MV.xml": which file of the export decided, without the folder it was read from (which
// differs from machine to machine and would change the fingerprint).
std::string_view baseName(std::string_view path) {
  return path.substr(path.find_last_of('/') + 1);
}
std::string fileName(std::string_view path) {
  if (path.empty()) return {};
  return fmt::format(" by {}", baseName(path));
}
} // namespace

static constexpr CheckInfo kInfo{
    "SYNC001",
    "mailbox-guid-flows-to-entra",
    "SYNC",
    "msExchMailboxGuid sent to Entra ID by the sync configuration",
    Severity::Blocker,
    {SourceKind::Sync},
    R"(Evaluates the sync configuration per user that carries msExchMailboxGuid.

Azure AD Connect (docs/adconnect-export.md), step by step: the AD connector must import the
attribute (its attribute inclusion list); the first enabled inbound rule of that connector, in
precedence order, whose scope matches the user and whose flow gives a value decides the
metaverse value (AuthoritativeNull stops the search: no value); the first outbound rule to the
Azure AD connector that applies exports it; the Azure AD connector's inclusion list and the
wizard's attribute filter ("I want to further limit the attributes exported to Azure AD") must
let it through.

Cloud Sync (docs/cloud-sync.md): the job schema that serves the user's domain, its object
mapping for the user's class (user or inetOrgPerson), the container or group filter and the
scoping filters, then the MSExchMailboxGuid attribute mapping (source, flowType, default value).
A removed, None or disabled mapping stops new values but clears nothing sent before.

With both tools, the one that takes the user in and exports decides (Connect's pilot rules,
cloudNoFlow with JoinNoFlow, and staging mode stand it aside for Cloud Sync); a user both send
is SYNC004's.

Users decided the same way make one finding, which counts them and names the rule, setting or
mapping that decided each step. Users for whom the configuration cannot tell (a condition,
operator, expression or function migready cannot evaluate, a domain no configuration covers, a
rule whose connector is not in the export, an export without the standard Exchange rules, a
schema newer than migready knows) are counted separately as unknown, which fails like a flow.
Without AD data, the answer is for a typical mailbox user.

Fails (blocker) when the attribute reaches Entra ID, or may, for any user; an info finding
says why not otherwise.

Remediation: Azure AD Connect: exclude msExchMailboxGuid in Azure AD Connect > Customize
synchronization options > Azure AD Attributes, or add an inbound rule from the AD connector
(precedence below 100) or an outbound rule to Azure AD with a lower precedence number that sets
it to AuthoritativeNull; then a full sync. Cloud Sync: delete the MSExchMailboxGuid attribute
mapping (portal, or the job schema by a PUT). Users already synced stay as they are in the
cloud: see CLOUD001.)",
    "blocker; info when it provably does not flow; warning when no user carries the attribute but "
    "the configuration would send it",
    "the sync configuration sends `msExchMailboxGuid` to Entra ID (or cannot be shown not to): "
    "Connect's import, inbound and outbound rules, inclusion lists and wizard filter, or Cloud "
    "Sync's job filters and attribute mapping, naming the deciding rule, setting or mapping of "
    "each step and counting the users"};

const CheckInfo& MailboxGuidFlowCheck::info() const {
  return kInfo;
}

void MailboxGuidFlowCheck::run(const Snapshot& snapshot, FindingList& out) const {
  const MailboxGuidExposure exposure(snapshot);
  // Users decided the same way (same answer, tool, deciding rules, setting or mapping) make one
  // finding.
  struct Group {
    FlowAnswer example;
    bool clearsNothing = false;
    std::size_t users = 0;
  };
  using Key = std::tuple<Tristate, SyncTool, const SyncRule*, const SyncRule*, std::string>;
  std::map<Key, Group> groups;
  std::size_t counts[3] = {0, 0, 0};
  for (const AdAccount& a : snapshot.ad.accounts) {
    MailboxGuidExposure::Result exposed = exposure.of(a);
    if (!exposed.candidate || exposed.scopedOut) continue; // out of scope: no mapping decided
    ++counts[static_cast<int>(exposed.flow.value)];
    // With both tools, each tool's answer counts in its own group: both need the fix.
    const auto add = [&](FlowAnswer& answer, bool clearsNothing) {
      Group& g =
          groups[{answer.value, answer.tool, answer.inboundRule, answer.outboundRule, answer.file}];
      if (g.users++ == 0) {
        g.example = std::move(answer);
        g.clearsNothing = clearsNothing;
      }
    };
    if (exposed.other) add(*exposed.other, exposed.other->tool == SyncTool::CloudSync);
    add(exposed.flow, exposed.clearsNothing);
  }
  const std::size_t evaluated = counts[0] + counts[1] + counts[2];
  // No AD data: the answer for a typical mailbox user, per tool. AD data in which nobody carries
  // the attribute: the same answer, but nobody is exposed today.
  const bool adRead = snapshot.source(SourceKind::Ad).status == SourceStatus::Complete;
  const bool generic = evaluated == 0;
  if (generic) {
    if (snapshot.sync)
      groups[{Tristate::Unknown, SyncTool::Connect, nullptr, nullptr, ""}] = {
          MailboxGuidFlow(*snapshot.sync).forAnyUser(), false, 0};
    if (exposure.cloudSync().configured()) {
      const CloudSyncAnswer any = exposure.cloudSync().forAnyUser();
      groups[{Tristate::Unknown, SyncTool::CloudSync, nullptr, nullptr, ""}] = {
          any.flow, any.clearsNothing, 0};
    }
  }

  const SharedText connectRemediation(excludeMailboxGuidSteps(SyncTool::Connect));
  const SharedText cloudRemediation(excludeMailboxGuidSteps(SyncTool::CloudSync));
  for (auto& [key, g] : groups) {
    const FlowAnswer& answer = g.example;
    const bool cloud = answer.tool == SyncTool::CloudSync;
    Finding f;
    f.severity = answer.value == Tristate::No ? Severity::Info : Severity::Blocker;
    if (generic && adRead && answer.value != Tristate::No) f.severity = Severity::Warning;
    // One finding per answer and decider: the answer is part of its identity.
    const std::string_view answerWord = answer.value == Tristate::Yes  ? "exported"
                                        : answer.value == Tristate::No ? "kept out"
                                                                       : "unknown";
    const SyncRule* decider = answer.rule ? answer.rule : answer.outboundRule;
    if (cloud) {
      // The schema file by name and the JSON pointer of what decided: stable across machines.
      const std::string_view location = answer.file;
      const std::size_t hash = location.find('#');
      f.subject.configItem = fmt::format(
          "cloudsync {}{}: {}", baseName(location.substr(0, hash)),
          hash == std::string_view::npos ? std::string_view() : location.substr(hash), answerWord);
      f.subject.displayName = answer.item;
      f.subject.kind = "cloudsync_mapping";
    } else if (decider) {
      f.subject.configItem = fmt::format("rule {}: {}", decider->id, answerWord);
      f.subject.displayName = decider->name;
      f.subject.kind = "sync_rule";
    } else {
      const SyncConnector* aad = snapshot.sync ? snapshot.sync->azureAdConnector() : nullptr;
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
            ? fmt::format("msExchMailboxGuid does not reach Entra ID for {}: {}{}", who, answer.why,
                          g.clearsNothing ? " (values sent before stay: see AD001 and CLOUD001)"
                                          : "")
            : fmt::format("whether msExchMailboxGuid reaches Entra ID is unknown for {}: {}", who,
                          answer.why);
    f.remediation = answer.value == Tristate::No
                        ? SharedText("None: keep the attribute out of the sync configuration "
                                     "until the migration is done.")
                    : cloud ? cloudRemediation
                            : connectRemediation;
    f.evidence.push_back(evidenceOf(snapshot, answer));
    for (const Evidence& step : answer.trail)
      if (step.location != f.evidence.front().location || step.detail != answer.why)
        f.evidence.push_back(step);
    if (f.severity == Severity::Blocker)
      f.planStep = cloud ? PlanStep::ExcludeAttributeCloudSync : PlanStep::ExcludeAttribute;
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
