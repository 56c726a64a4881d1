#include "scanner/model/Dn.h"

namespace migready {

std::size_t rdnEnd(std::string_view dn, std::size_t from) {
  for (std::size_t i = from; i < dn.size(); ++i) {
    if (dn[i] == '\\')
      ++i;
    else if (dn[i] == ',')
      return i;
  }
  return dn.size();
}

std::string_view firstRdn(std::string_view dn) {
  return dn.substr(0, rdnEnd(dn));
}

std::string_view parentDn(std::string_view dn) {
  const std::size_t end = rdnEnd(dn);
  return end < dn.size() ? dn.substr(end + 1) : std::string_view();
}

namespace {
bool isHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// One "type=value" of an RDN.
bool isValidAttributeValue(std::string_view ava) {
  const std::size_t eq = ava.find('=');
  if (eq == std::string_view::npos) return false;
  std::string_view type = ava.substr(0, eq);
  while (!type.empty() && type.back() == ' ')
    type.remove_suffix(1);
  while (!type.empty() && type.front() == ' ')
    type.remove_prefix(1);
  if (type.empty()) return false;
  const bool numeric = type.front() >= '0' && type.front() <= '9';
  for (char c : type) {
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool digit = c >= '0' && c <= '9';
    if (numeric ? !(digit || c == '.') : !(alpha || digit || c == '-')) return false;
  }
  const std::string_view value = ava.substr(eq + 1);
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\') {
      if (i + 1 >= value.size()) return false; // a lone trailing backslash
      if (isHex(value[i + 1])) {
        if (i + 2 >= value.size() || !isHex(value[i + 2])) return false;
        i += 2;
      } else {
        ++i; // an escaped special character
      }
    } else if (value[i] == '\0') {
      return false;
    }
  }
  return true;
}
} // namespace

bool isValidDn(std::string_view dn) {
  if (dn.empty()) return false;
  for (std::size_t start = 0;;) {
    const std::size_t end = rdnEnd(dn, start);
    std::string_view rdn = dn.substr(start, end - start);
    // An RDN may hold several type=value pairs joined by an unescaped '+'.
    for (std::size_t from = 0;;) {
      std::size_t plus = from;
      while (plus < rdn.size() && rdn[plus] != '+')
        plus += rdn[plus] == '\\' ? 2 : 1;
      if (!isValidAttributeValue(rdn.substr(from, plus - from))) return false;
      if (plus >= rdn.size()) break;
      from = plus + 1;
    }
    if (end == dn.size()) return true;
    start = end + 1;
  }
}

void foldDnInto(std::string_view dn, std::string& out) {
  out.clear();
  out.reserve(dn.size());
  foldDn(dn, [&](char c) { out += c; });
}

bool foldedDnUnder(std::string_view folded, std::string_view container) {
  if (container.empty() || folded.size() < container.size() ||
      folded.substr(folded.size() - container.size()) != container)
    return false;
  if (folded.size() == container.size()) return true;
  // The container must start a whole RDN: an unescaped comma right before it.
  std::size_t at = folded.size() - container.size() - 1, backslashes = 0;
  if (folded[at] != ',') return false;
  while (at > 0 && folded[at - 1] == '\\') {
    ++backslashes;
    --at;
  }
  return backslashes % 2 == 0;
}

} // namespace migready
