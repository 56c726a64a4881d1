#include "reporters/common/TextClean.h"

#include "scanner/model/Text.h"

#include <cstdint>
#include <cstring>

namespace migready {

namespace {
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
} // namespace

namespace {
template <typename Each> void forEachSequence(std::string_view text, Each each) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8SequenceLength(text, i);
    if (n == 0) {
      each(kReplacement);
      ++i;
    } else {
      each(text.substr(i, n));
      i += n;
    }
  }
}

} // namespace

std::string toValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80)
    ++i; // ASCII fast path
  std::string out(text.substr(0, i));
  if (i == text.size()) return out;
  out.reserve(text.size() + 8);
  forEachSequence(text.substr(i), [&](std::string_view seq) { out += seq; });
  return out;
}

} // namespace migready

namespace migready {

namespace {
constexpr char kHex[] = "0123456789abcdef";

// True when none of the 8 bytes at p needs escaping or UTF-8 checking (SWAR: no byte < 0x20,
// >= 0x80, '"' or '\\').
bool isPlainAscii8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  auto hasZeroByte = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
  const std::uint64_t below20 = (w - ones * 0x20) & ~w & highs;
  const std::uint64_t quote = hasZeroByte(w ^ (ones * '"'));
  const std::uint64_t backslash = hasZeroByte(w ^ (ones * '\\'));
  return ((w & highs) | below20 | quote | backslash) == 0;
}

void appendUnicodeEscape(std::string& out, unsigned c) {
  out += "\\u";
  out += kHex[(c >> 12) & 15];
  out += kHex[(c >> 8) & 15];
  out += kHex[(c >> 4) & 15];
  out += kHex[c & 15];
}

// A character no reader should get raw: C0 controls (ESC, BEL, NUL, ...), DEL, and the C1
// controls U+0080-U+009F (U+009B is a terminal's CSI). `keepWhitespace` lets tab, line feed and
// carriage return through, for text that is ours and laid out in lines.
bool isControl(std::string_view seq, bool keepWhitespace) {
  const auto c = static_cast<unsigned char>(seq[0]);
  if (seq.size() == 1)
    return (c < 0x20 && !(keepWhitespace && (c == '\t' || c == '\n' || c == '\r'))) || c == 0x7F;
  if (seq.size() == 2)
    return (c == 0xC2 && static_cast<unsigned char>(seq[1]) < 0xA0) ||
           seq == "\xD8\x9C"; // U+061C, the Arabic letter mark
  // The bidirectional controls, which make a name read in another order than it is written
  // ("Trojan Source"): U+200E U+200F, U+202A-U+202E, U+2066-U+2069.
  if (seq.size() != 3 || c != 0xE2) return false;
  const auto b1 = static_cast<unsigned char>(seq[1]), b2 = static_cast<unsigned char>(seq[2]);
  return (b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE))) ||
         (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9);
}

// The code point of a valid UTF-8 sequence of 2 or 3 bytes.
unsigned codePointOf(std::string_view seq) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(seq[i]); };
  if (seq.size() == 2) return ((b(0) & 0x1Fu) << 6) | (b(1) & 0x3Fu);
  return ((b(0) & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
}

// XML 1.0 forbids most C0 controls and U+FFFE/U+FFFF; the other controls are shown too.
bool forbiddenInXml(std::string_view seq) {
  return isControl(seq, true) || seq == "\xEF\xBF\xBE" || seq == "\xEF\xBF\xBF";
}

// "\x1b" for a C0 control or DEL, "\u009b" for a C1 control, "\ufffe" / "\uffff".
void appendVisible(std::string& out, std::string_view seq) {
  if (seq.size() == 1) {
    out += "\\x";
    out += kHex[(static_cast<unsigned char>(seq[0]) >> 4) & 15];
    out += kHex[static_cast<unsigned char>(seq[0]) & 15];
  } else {
    appendUnicodeEscape(out, codePointOf(seq)); // "\u009b", "\u202e", "\ufffe"
  }
}
} // namespace

std::string visibleText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  forEachSequence(text, [&](std::string_view seq) {
    if (isControl(seq, false))
      appendVisible(out, seq);
    else
      out += seq;
  });
  return out;
}

void appendJsonString(std::string& out, std::string_view text, bool forScript) {
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool scriptSensitive = forScript && (c == '<' || c == '>' || c == '&' || c == 0x7F);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && !scriptSensitive) {
      std::size_t j = i + 1; // copy a run of plain ASCII at once, eight bytes per step
      if (!forScript)
        while (j + 8 <= text.size() && isPlainAscii8(text.data() + j))
          j += 8;
      while (j < text.size()) {
        const auto d = static_cast<unsigned char>(text[j]);
        if (d < 0x20 || d >= 0x80 || d == '"' || d == '\\' ||
            (forScript && (d == '<' || d == '>' || d == '&' || d == 0x7F)))
          break;
        ++j;
      }
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    ++i;
    if (forScript && (c < 0x20 || c == 0x7F)) {
      // Shown in the page as the four characters "\x1b", never decoded into a raw control.
      out += "\\\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      continue;
    }
    switch (c) {
    case '"':
      out += "\\\"";
      continue;
    case '\\':
      out += "\\\\";
      continue;
    case '\b':
      out += "\\b";
      continue;
    case '\f':
      out += "\\f";
      continue;
    case '\n':
      out += "\\n";
      continue;
    case '\r':
      out += "\\r";
      continue;
    case '\t':
      out += "\\t";
      continue;
    default:
      break;
    }
    if (c < 0x80) { // a control character or, in a script, < > &
      appendUnicodeEscape(out, c);
      continue;
    }
    --i;
    const std::size_t n = utf8SequenceLength(text, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
    } else if (forScript && isControl(text.substr(i, n), false)) { // C1, bidirectional
      out += '\\'; // shown in the page as "\u202e", never decoded
      appendUnicodeEscape(out, codePointOf(text.substr(i, n)));
      i += n;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  out += '"';
}

std::string toXmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  forEachSequence(text, [&](std::string_view seq) {
    if (forbiddenInXml(seq))
      appendVisible(out, seq);
    else
      out += seq;
  });
  return out;
}

std::string htmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  forEachSequence(text, [&](std::string_view seq) {
    if (forbiddenInXml(seq)) {
      appendVisible(out, seq);
      return;
    }
    switch (seq[0]) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += seq;
    }
  });
  return out;
}

std::string csvField(std::string_view text) {
  std::string out = "\"";
  if (!text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos)
    out += '\''; // OWASP CSV injection: make the cell text, not a formula
  forEachSequence(text, [&](std::string_view seq) {
    if (seq == "\"")
      out += "\"\"";
    else if (isControl(seq, false) || forbiddenInXml(seq))
      appendVisible(out, seq);
    else
      out += seq;
  });
  out += '"';
  return out;
}

std::string csvRow(std::initializer_list<std::string_view> fields) {
  std::string row;
  for (std::string_view f : fields) {
    if (!row.empty()) row += ',';
    row += csvField(f);
  }
  return row + "\r\n";
}

std::string markdownCell(std::string_view text) {
  std::string out;
  forEachSequence(text, [&](std::string_view seq) {
    const char c = seq[0];
    if (seq.size() == 1 && c == '\t') {
      out += ' ';
    } else if (isControl(seq, false) || forbiddenInXml(seq)) { // line breaks too: "\x0a"
      appendVisible(out, seq);
    } else if (seq.size() == 1 &&
               std::string_view("\\`*_{}[]<>|~").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += seq;
    }
  });
  return out;
}

std::string uriPath(std::string_view text, bool keepSlash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + 16);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    const bool subDelim = c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' ||
                          c == '*' || c == '+' || c == ',' || c == ';' || c == '=' || c == '@';
    if (unreserved || subDelim || (keepSlash && c == '/')) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string powershellString(std::string_view text) {
  const std::string valid = toValidUtf8(text);
  std::string out = "'";
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const std::string_view rest(valid.data() + i, valid.size() - i);
    // U+2018..U+201B are E2 80 98..9B in UTF-8.
    if (rest.size() >= 3 && rest[0] == '\xE2' && rest[1] == '\x80' &&
        static_cast<unsigned char>(rest[2]) >= 0x98 &&
        static_cast<unsigned char>(rest[2]) <= 0x9B) {
      out.append(rest.substr(0, 3));
      out.append(rest.substr(0, 3));
      i += 2;
      continue;
    }
    if (valid[i] == '\'') out += '\'';
    out += valid[i];
  }
  return out + "'";
}

std::string powershellComment(std::string_view text) {
  std::string out = visibleText(text);
  for (const auto& [from, to] :
       {std::pair<std::string_view, std::string_view>{"\xE2\x80\xA8", "\\u2028"},
        {"\xE2\x80\xA9", "\\u2029"}})
    for (std::size_t at = out.find(from); at != std::string::npos; at = out.find(from, at))
      out.replace(at, from.size(), to);
  return out;
}

} // namespace migready
