#include "scanner/gate/WaiverFile.h"

#include "scanner/model/Dn.h"
#include "scanner/model/Guid.h"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace migready {

namespace {
constexpr std::size_t kMaxFileBytes = 16u << 20; // thousands of waivers fit in far less
constexpr std::string_view kKeys[] = {"check",   "fingerprint", "objectGuid", "upn",     "dn",
                                      "cloudId", "reason",      "owner",      "expires", "ticket"};

class Reader {
public:
  Reader(std::string path, std::string_view today, const std::vector<std::string_view>& known)
      : path_(std::move(path)), today_(today), known_(known) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const {
    const YAML::Mark mark = at.Mark();
    if (mark.is_null()) throw GateInputError(fmt::format("{}: {}", path_, message));
    throw GateInputError(fmt::format("{}:{}: {}", path_, mark.line + 1, message));
  }

  std::string text(const YAML::Node& node, std::string_view key) const {
    if (!node.IsScalar()) fail(node, fmt::format("{}: a single value, not a list or a map", key));
    return node.Scalar();
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

  Waiver waiver(const YAML::Node& entry) const {
    if (!entry.IsMap())
      fail(entry, "each waiver is a map of check, a match (fingerprint, objectGuid, upn, dn or "
                  "cloudId), reason, owner and expires");
    Waiver w;
    w.file = path_;
    w.line = static_cast<std::uint32_t>(entry.Mark().line + 1);
    for (const auto& kv : entry) {
      const std::string key = kv.first.Scalar();
      if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys))
        fail(kv.first, fmt::format("unknown key \"{}\" (known: {})", key, fmt::join(kKeys, ", ")));
      const YAML::Node& value = kv.second;
      if (key == "check") {
        if (value.IsSequence()) {
          for (const auto& id : value)
            w.checks.push_back(checkId(id));
        } else {
          w.checks.push_back(checkId(value));
        }
        if (w.checks.empty()) fail(value, "check: an empty list");
        continue;
      }
      std::string v = text(value, key);
      if (v.empty()) fail(value, fmt::format("{}: empty", key));
      if (key == "fingerprint") {
        std::transform(v.begin(), v.end(), v.begin(), ::tolower);
        if (v.size() != 32 || v.find_first_not_of("0123456789abcdef") != std::string::npos)
          fail(value, "fingerprint: 32 hexadecimal digits, as the report gives it");
        w.fingerprint = v;
      } else if (key == "objectGuid") {
        const auto guid = Guid::parse(v);
        if (!guid) fail(value, fmt::format("objectGuid: \"{}\" is not a GUID", v));
        w.objectGuid = guid->toString();
      } else if (key == "upn") {
        w.upn = v;
      } else if (key == "dn") {
        if (!isValidDn(v)) fail(value, fmt::format("dn: \"{}\" is not a distinguished name", v));
        w.dn = v;
      } else if (key == "cloudId") {
        w.cloudId = v;
      } else if (key == "reason") {
        w.reason = v;
      } else if (key == "owner") {
        w.owner = v;
      } else if (key == "ticket") {
        w.ticket = v;
      } else if (key == "expires") {
        const auto date = dateOf(v);
        if (!date) fail(value, fmt::format("expires: \"{}\" is not a date (YYYY-MM-DD)", v));
        const auto today = dateOf(today_);
        if (today) {
          const auto latest = std::chrono::sys_days(*today) + std::chrono::days(kMaxWaiverDays);
          if (std::chrono::sys_days(*date) > latest)
            fail(value,
                 fmt::format("expires: {} is more than {} days ahead (the latest allowed today is "
                             "{}): an exception is reviewed at least once a year",
                             v, kMaxWaiverDays, dateText(std::chrono::year_month_day(latest))));
        }
        w.expires = v;
      }
    }
    if (w.checks.empty()) fail(entry, "check is missing: name the check id(s) it waives");
    if (w.fingerprint.empty() && w.objectGuid.empty() && w.upn.empty() && w.dn.empty() &&
        w.cloudId.empty())
      fail(entry, "no match: give fingerprint, objectGuid, upn, dn or cloudId (a waiver for "
                  "every finding of a check is not a waiver: that is the fail-on setting)");
    if (w.reason.empty()) fail(entry, "reason is missing: say why the exception is accepted");
    if (w.owner.empty()) fail(entry, "owner is missing: say who accepted the exception");
    if (w.expires.empty()) fail(entry, "expires is missing: the last day it applies (YYYY-MM-DD)");
    return w;
  }

  std::string checkId(const YAML::Node& node) const {
    const std::string id = text(node, "check");
    if (id.starts_with("GATE"))
      fail(node, fmt::format("check: {} is the gate's own check and cannot be waived", id));
    if (std::find(known_.begin(), known_.end(), id) == known_.end())
      fail(node, fmt::format("check: unknown check id \"{}\" (see migready checks)", id));
    return id;
  }

  WaiverList read() const {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw GateInputError(fmt::format("{}: cannot open", path_));
    std::string content;
    content.resize(kMaxFileBytes + 1);
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<std::size_t>(in.gcount()));
    if (content.size() > kMaxFileBytes)
      throw GateInputError(
          fmt::format("{}: larger than {} MiB: not a waiver file", path_, kMaxFileBytes >> 20));
    if (content.find('\0') != std::string::npos)
      throw GateInputError(fmt::format("{}: holds NUL bytes: not a YAML text file", path_));
    YAML::Node root;
    try {
      root = YAML::Load(content);
    } catch (const YAML::Exception& e) {
      throw GateInputError(fmt::format("{}:{}: not valid YAML: {}", path_, e.mark.line + 1, e.msg));
    }
    WaiverList list;
    list.file = path_;
    list.today = today_;
    YAML::Node entries = root;
    if (root.IsMap()) {
      for (const auto& kv : root)
        if (kv.first.Scalar() != "waivers")
          fail(kv.first, fmt::format("unknown key \"{}\" at the top (the file holds waivers:)",
                                     kv.first.Scalar()));
      entries = root["waivers"];
    }
    if (root.IsNull() || (entries && entries.IsNull())) return list; // an empty file waives nothing
    if (!entries || !entries.IsSequence())
      fail(root, "expected \"waivers:\" followed by a list of waivers");
    for (const auto& entry : entries)
      list.waivers.push_back(waiver(entry));
    return list;
  }

private:
  std::string path_;
  std::string today_;
  const std::vector<std::string_view>& known_;
};
} // namespace

WaiverList readWaiverFile(const std::string& path, std::string_view today,
                          const std::vector<std::string_view>& knownChecks) {
  try {
    return Reader(path, today, knownChecks).read();
  } catch (const YAML::Exception& e) { // anything yaml-cpp throws while walking the nodes
    throw GateInputError(fmt::format("{}:{}: {}", path, e.mark.line + 1, e.msg));
  }
}

} // namespace migready
