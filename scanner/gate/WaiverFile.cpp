#include "scanner/gate/WaiverFile.h"

#include "scanner/io/ConfigText.h"
#include "scanner/io/InputFile.h"
#include "scanner/model/Dn.h"
#include "scanner/model/Guid.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <memory>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace migready {

namespace {
constexpr std::string_view kKeys[] = {"check",   "fingerprint", "objectGuid", "upn",     "dn",
                                      "cloudId", "reason",      "owner",      "expires", "ticket"};
// A waiver is a map of scalars and one list (check): nothing inside it nests deeper, or holds
// more values than this.
constexpr std::size_t kMaxDepth = 2;
constexpr std::size_t kMaxItems = 64;
constexpr std::string_view kCoversAll =
    "a waiver for every finding of a check is not a waiver: that is the fail-on setting";

// One value of a waiver as the file wrote it. The file is read as a stream of YAML events and
// only the waiver being read is held as nodes (and the values an anchor names, for its aliases):
// a tree of the whole file would take hundreds of times its size.
struct YNode {
  enum class Kind : std::uint8_t { Null, Scalar, Sequence, Map };
  Kind kind = Kind::Null;
  std::string text; // a scalar's value
  YAML::Mark mark;
  std::vector<std::shared_ptr<const YNode>> items; // a map: key, value, key, value, ...
  std::size_t weight = 0; // bytes of text in it, aliases written out: what an alias repeats
};
using NodePtr = std::shared_ptr<const YNode>;

std::size_t characters(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

// A value shown in a message: at most 80 characters of it.
std::string shown(std::string_view s) {
  if (s.size() <= 80) return std::string(s);
  std::size_t cut = 80;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80)
    --cut;
  return fmt::format("{}...", s.substr(0, cut));
}

// Every RDN is DC=...: the root of a domain, above every object in it.
bool isDomainRoot(std::string_view dn) {
  for (std::string_view rest = dn; !rest.empty(); rest = parentDn(rest)) {
    const std::string_view rdn = firstRdn(rest);
    const std::size_t eq = rdn.find('=');
    std::string_view type = rdn.substr(0, eq);
    while (!type.empty() && type.front() == ' ')
      type.remove_prefix(1);
    while (!type.empty() && type.back() == ' ')
      type.remove_suffix(1);
    if (!equalsIgnoreCase(type, "DC") || rdn.find('+') != std::string_view::npos) return false;
  }
  return true;
}

class Reader final : public YAML::EventHandler {
public:
  Reader(std::string path, std::string_view today, const std::vector<std::string_view>& known)
      : path_(std::move(path)), today_(today), known_(known) {}

  WaiverList read(std::string bytes) {
    list_.file = path_;
    list_.today = today_;
    const std::string text = configText(std::move(bytes), path_);
    // First the syntax, so that a YAML error is named as one (and not as the odd value a broken
    // line reads as); then the waivers. The syntax pass ends at a second document (an error the
    // second pass names), and stops a parser that goes round in circles: yaml-cpp 0.7 reads ",?"
    // as an endless run of empty documents.
    struct Syntax final : YAML::EventHandler {
      struct Enough {};
      std::size_t events = 0, budget = 0;
      int documents = 0;
      void count() {
        if (++events > budget) throw Enough{};
      }
      void OnDocumentStart(const YAML::Mark&) override {
        if (++documents > 1) throw Enough{};
        count();
      }
      void OnDocumentEnd() override { count(); }
      void OnNull(const YAML::Mark&, YAML::anchor_t) override { count(); }
      void OnAlias(const YAML::Mark&, YAML::anchor_t) override { count(); }
      void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    const std::string&) override {
        count();
      }
      void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                           YAML::EmitterStyle::value) override {
        count();
      }
      void OnSequenceEnd() override { count(); }
      void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                      YAML::EmitterStyle::value) override {
        count();
      }
      void OnMapEnd() override { count(); }
    } syntax;
    // A YAML event takes a byte of the text at the least, but for an empty value in a map or a
    // flow: a few per byte at the most.
    syntax.budget = 8 * text.size() + 64;
    for (YAML::EventHandler* handler :
         {static_cast<YAML::EventHandler*>(&syntax), static_cast<YAML::EventHandler*>(this)}) {
      std::istringstream in(text);
      try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(*handler)) {
        }
      } catch (const YAML::Exception& e) {
        if (e.mark.is_null())
          throw GateInputError(fmt::format("{}: not valid YAML: {}", path_, e.msg));
        throw GateInputError(atLine(path_, static_cast<std::uint64_t>(e.mark.line) + 1,
                                    fmt::format("not valid YAML: {}", e.msg)));
      } catch (const Syntax::Enough&) {
        if (syntax.documents < 2)
          throw GateInputError(fmt::format("{}: not valid YAML: the YAML reader does not come to "
                                           "an end on it",
                                           path_));
      }
    }
    return std::move(list_);
  }

  // The parser's events.
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1)
      fail(mark, "a second YAML document (---): a waiver file is one document, and what follows "
                 "the first would be ignored");
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    node(YNode::Kind::Null, mark, anchor, {});
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end() || (frames_.empty() && !inList_))
      fail(mark, "an alias (*name) can stand only for a value inside a waiver, after it is "
                 "complete");
    written_ += it->second->weight;
    if (written_ > kMaxWaiverValueBytes)
      fail(mark, fmt::format("with its aliases (*name) written out, the waivers' values hold more "
                             "than {}: write them out, or split the file",
                             sizeText(kMaxWaiverValueBytes)));
    if (frames_.empty() && it->second->kind != YNode::Kind::Map) notAWaiver(mark);
    room(mark);
    finish(it->second, YAML::NullAnchor);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    node(YNode::Kind::Scalar, mark, anchor, value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    node(YNode::Kind::Sequence, mark, anchor, {});
  }
  void OnSequenceEnd() override { end(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    node(YNode::Kind::Map, mark, anchor, {});
  }
  void OnMapEnd() override { end(); }

private:
  struct Frame {
    std::shared_ptr<YNode> node;
    YAML::anchor_t anchor;
  };

  [[noreturn]] void fail(const YAML::Mark& at, const std::string& message) const {
    if (at.is_null()) throw GateInputError(fmt::format("{}: {}", path_, message));
    throw GateInputError(atLine(path_, static_cast<std::uint64_t>(at.line) + 1, message));
  }
  [[noreturn]] void notAWaiver(const YAML::Mark& at) const {
    fail(at, "each waiver is a map of check, a match (fingerprint, objectGuid, upn, dn or "
             "cloudId), reason, owner and expires");
  }

  // A value starts: above the waivers (the file's map, the list), or inside a waiver.
  void node(YNode::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor, std::string text) {
    const bool collection = kind == YNode::Kind::Sequence || kind == YNode::Kind::Map;
    if (frames_.empty() && !inList_) return top(kind, mark, text);
    if (frames_.empty() && kind != YNode::Kind::Map) notAWaiver(mark);
    if (collection && frames_.size() >= kMaxDepth)
      fail(mark, "nested deeper than a waiver goes: its values are single values, and check a "
                 "list of check ids");
    room(mark);
    auto n = std::make_shared<YNode>();
    n->kind = kind;
    n->mark = mark;
    n->weight = text.size();
    n->text = std::move(text);
    written_ += n->weight;
    if (collection) {
      frames_.push_back({std::move(n), anchor});
      return;
    }
    finish(std::move(n), anchor);
  }

  // The waiver being read has room for one more value.
  void room(const YAML::Mark& mark) const {
    if (!frames_.empty() && frames_.back().node->items.size() >= 2 * kMaxItems)
      fail(mark, fmt::format("more than {} values in one list or map of a waiver", kMaxItems));
  }

  // The file's own map (waivers:) or the list of waivers, which are read as they come.
  void top(YNode::Kind kind, const YAML::Mark& mark, const std::string& text) {
    if (rootMap_ && expectKey_) {
      if (kind != YNode::Kind::Scalar || text != "waivers")
        fail(mark,
             fmt::format("unknown key \"{}\" at the top (the file holds waivers:)", shown(text)));
      if (waiversLine_)
        fail(mark, fmt::format("duplicate key \"waivers\" (first at line {}): the file holds one "
                               "list of waivers",
                               waiversLine_));
      waiversLine_ = static_cast<std::uint64_t>(mark.line) + 1;
      expectKey_ = false;
      return;
    }
    if (rootMap_ || !rootSeen_) {
      const bool root = !rootMap_;
      rootSeen_ = true;
      expectKey_ = true;
      if (kind == YNode::Kind::Null) return; // an empty file, or "waivers:" alone
      if (kind == YNode::Kind::Sequence) {
        inList_ = true;
        return;
      }
      if (root && kind == YNode::Kind::Map) {
        rootMap_ = true;
        return;
      }
    }
    fail(mark, "expected \"waivers:\" followed by a list of waivers");
  }

  // A collection ends.
  void end() {
    if (!frames_.empty()) {
      Frame frame = std::move(frames_.back());
      frames_.pop_back();
      finish(std::move(frame.node), frame.anchor);
    } else if (inList_) {
      inList_ = false;
    }
  }

  // A value is complete: it belongs to the waiver being read, or it is that waiver.
  void finish(NodePtr n, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = n;
    if (frames_.empty()) {
      if (list_.waivers.size() == kMaxWaivers)
        fail(n->mark, fmt::format("more than {} waivers: a gate with that many exceptions is not "
                                  "a gate",
                                  kMaxWaivers));
      list_.waivers.push_back(waiver(*n));
      return;
    }
    YNode& parent = *frames_.back().node;
    if (parent.kind == YNode::Kind::Map && parent.items.size() % 2 == 0) { // a key
      if (n->kind != YNode::Kind::Scalar)
        fail(n->mark, "a key is a single word (check, upn, dn, ...), not a list or a map");
      for (std::size_t k = 0; k < parent.items.size(); k += 2)
        if (parent.items[k]->text == n->text)
          fail(n->mark,
               fmt::format("duplicate key \"{}\" (first at line {}): give each key once; the "
                           "second would silently replace the first",
                           shown(n->text), parent.items[k]->mark.line + 1));
    }
    parent.weight += n->weight;
    parent.items.push_back(std::move(n));
  }

  std::string text(const YNode& node, std::string_view key) const {
    if (node.kind == YNode::Kind::Sequence || node.kind == YNode::Kind::Map)
      fail(node.mark, fmt::format("{}: a single value, not a list or a map", key));
    const std::string& v = node.text;
    if (trimBlanks(v).empty()) // no-break and zero-width spaces are blank too
      fail(node.mark, fmt::format("{}: empty", key));
    if (const auto control = controlCharacterIn(v))
      fail(node.mark, fmt::format("{}: holds a control character ({}): a waiver's values are "
                                  "text on one line",
                                  key, *control));
    const std::size_t cap = key == "dn" ? kMaxWaiverDnChars : kMaxWaiverTextChars;
    if (characters(v) > cap)
      fail(node.mark, fmt::format("{}: longer than {} characters", key, cap));
    return v;
  }

  static std::string dateText(const std::chrono::year_month_day& d) {
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(d.year()),
                       static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  }

  static std::optional<std::chrono::year_month_day> dateOf(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
    const auto num = [&](std::size_t at, std::size_t n) {
      return std::stoi(std::string(s.substr(at, n)));
    };
    const std::chrono::year_month_day d{std::chrono::year(num(0, 4)),
                                        std::chrono::month(static_cast<unsigned>(num(5, 2))),
                                        std::chrono::day(static_cast<unsigned>(num(8, 2)))};
    if (!d.ok()) return std::nullopt;
    return d;
  }

  Waiver waiver(const YNode& entry) const {
    if (entry.kind != YNode::Kind::Map) notAWaiver(entry.mark);
    Waiver w;
    w.file = path_;
    w.line = static_cast<std::uint32_t>(entry.mark.line + 1);
    for (std::size_t k = 0; k < entry.items.size(); k += 2) {
      const std::string& key = entry.items[k]->text;
      if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys))
        fail(entry.items[k]->mark,
             fmt::format("unknown key \"{}\" (known: {})", shown(key), fmt::join(kKeys, ", ")));
      const YNode& value = *entry.items[k + 1];
      if (value.kind == YNode::Kind::Null) // "reason:" and nothing: its line is the key's
        fail(entry.items[k]->mark, fmt::format("{}: empty", key));
      if (key == "check") {
        if (value.kind == YNode::Kind::Sequence) {
          for (const NodePtr& id : value.items)
            w.checks.push_back(checkId(*id, w.checks));
        } else {
          w.checks.push_back(checkId(value, w.checks));
        }
        if (w.checks.empty()) fail(value.mark, "check: an empty list");
        continue;
      }
      std::string v = text(value, key);
      if (key == "fingerprint") {
        std::transform(v.begin(), v.end(), v.begin(), ::tolower);
        if (v.size() != 32 || v.find_first_not_of("0123456789abcdef") != std::string::npos)
          fail(value.mark, "fingerprint: 32 hexadecimal digits, as the report gives it");
        w.fingerprint = v;
      } else if (key == "objectGuid") {
        const auto guid = Guid::parse(v);
        if (!guid) fail(value.mark, fmt::format("objectGuid: \"{}\" is not a GUID", shown(v)));
        w.objectGuid = guid->toString();
      } else if (key == "upn") {
        if (v.find_first_of("[]\\") != std::string::npos)
          fail(value.mark, fmt::format("upn: \"{}\": a pattern of * and ? only ([, ] and \\ have "
                                       "no meaning in it)",
                                       shown(v)));
        if (v.find_first_not_of("*?@.") == std::string::npos)
          fail(value.mark, fmt::format("upn: \"{}\" matches every user: name whom the waiver "
                                       "accepts ({})",
                                       shown(v), kCoversAll));
        w.upn = v;
      } else if (key == "dn") {
        if (!isValidDn(v))
          fail(value.mark, fmt::format("dn: \"{}\" is not a distinguished name", shown(v)));
        if (isDomainRoot(v))
          fail(value.mark,
               fmt::format("dn: \"{}\" is a domain root, above every object of the domain: name "
                           "an OU or an object ({})",
                           shown(v), kCoversAll));
        w.dn = v;
      } else if (key == "cloudId") {
        // An Entra ID object id is a GUID: anything else ("*") would match nothing, silently.
        const auto id = Guid::parse(v);
        if (!id || v.size() != 36)
          fail(value.mark,
               fmt::format("cloudId: \"{}\" is not an Entra ID object id (a GUID such as "
                           "5f0e1d2c-0000-4000-8000-000000000009, as the report gives it)",
                           shown(v)));
        w.cloudId = id->toString();
      } else if (key == "reason") {
        w.reason = v;
      } else if (key == "owner") {
        w.owner = v;
      } else if (key == "ticket") {
        w.ticket = v;
      } else if (key == "expires") {
        const auto date = dateOf(v);
        if (!date)
          fail(value.mark, fmt::format("expires: \"{}\" is not a date (YYYY-MM-DD)", shown(v)));
        const auto today = dateOf(today_);
        if (today) {
          const auto latest = std::chrono::sys_days(*today) + std::chrono::days(kMaxWaiverDays);
          if (std::chrono::sys_days(*date) > latest)
            fail(value.mark,
                 fmt::format("expires: {} is more than {} days ahead (the latest allowed today is "
                             "{}): an exception is reviewed at least once a year",
                             v, kMaxWaiverDays, dateText(std::chrono::year_month_day(latest))));
        }
        w.expires = v;
      }
    }
    if (w.checks.empty()) fail(entry.mark, "check is missing: name the check id(s) it waives");
    if (w.fingerprint.empty() && w.objectGuid.empty() && w.upn.empty() && w.dn.empty() &&
        w.cloudId.empty())
      fail(entry.mark,
           fmt::format("no match: give fingerprint, objectGuid, upn, dn or cloudId ({})",
                       kCoversAll));
    if (w.reason.empty()) fail(entry.mark, "reason is missing: say why the exception is accepted");
    if (w.owner.empty()) fail(entry.mark, "owner is missing: say who accepted the exception");
    if (w.expires.empty())
      fail(entry.mark, "expires is missing: the last day it applies (YYYY-MM-DD)");
    return w;
  }

  std::string checkId(const YNode& node, const std::vector<std::string>& before) const {
    const std::string id = text(node, "check");
    if (id.starts_with("GATE"))
      fail(node.mark, fmt::format("check: {} is the gate's own check and cannot be waived", id));
    if (std::find(known_.begin(), known_.end(), id) == known_.end())
      fail(node.mark, fmt::format("check: unknown check id \"{}\" (see migready checks)", id));
    if (std::find(before.begin(), before.end(), id) != before.end())
      fail(node.mark, fmt::format("check: {} twice", id));
    return id;
  }

  std::string path_;
  std::string today_;
  const std::vector<std::string_view>& known_;
  WaiverList list_;
  int documents_ = 0;
  bool rootSeen_ = false, rootMap_ = false, expectKey_ = false, inList_ = false;
  std::uint64_t waiversLine_ = 0;
  std::vector<Frame> frames_; // the waiver being read, from its map down
  std::unordered_map<YAML::anchor_t, NodePtr> anchors_;
  std::size_t written_ = 0; // bytes of the waivers' values read, aliases written out
};
} // namespace

WaiverList readWaiverText(std::string bytes, const std::string& path, std::string_view today,
                          const std::vector<std::string_view>& knownChecks) {
  try {
    return Reader(path, today, knownChecks).read(std::move(bytes));
  } catch (const GateInputError&) {
    throw;
  } catch (const SourceError& e) { // the bytes (configText)
    throw GateInputError(e.what());
  }
}

WaiverList readWaiverFile(const std::string& path, std::string_view today,
                          const std::vector<std::string_view>& knownChecks) {
  std::string bytes;
  try {
    bytes = readInputFile(path, kMaxWaiverFileBytes, "a waiver file");
  } catch (const SourceError& e) {
    throw GateInputError(e.what());
  }
  return readWaiverText(std::move(bytes), path, today, knownChecks);
}

} // namespace migready
