#include "checks/support/ScopeRegex.h"

#include "scanner/model/Text.h"

#include <fmt/format.h>
#include <memory>

namespace migready {

namespace {

constexpr std::size_t kMaxInstructions = 20000;
constexpr int kMaxCount = 1000; // the largest {n,m} evaluated

// Decodes UTF-8 into code points (into `out`, replacing what it held); invalid bytes become
// U+FFFD.
void codePoints(std::string_view text, std::u32string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8SequenceLength(text, i);
    if (n == 0) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    char32_t cp = n == 1   ? byte(0)
                  : n == 2 ? byte(0) & 0x1F
                  : n == 3 ? byte(0) & 0x0F
                           : byte(0) & 0x07;
    for (std::size_t k = 1; k < n; ++k)
      cp = (cp << 6) | (byte(k) & 0x3F);
    out.push_back(cp);
    i += n;
  }
}

bool isWord(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

struct Node {
  enum class Kind { Empty, Char, Any, Class, Assert, Concat, Alt, Repeat } kind = Kind::Empty;
  char32_t ch = 0;
  std::uint32_t cls = 0;
  ScopeRegex::Op assertion = ScopeRegex::Op::Begin;
  int min = 0, max = 0; // Repeat; max -1: unbounded
  std::vector<Node> kids;
};

class Unsupported {
public:
  explicit Unsupported(std::string why) : why(std::move(why)) {}
  std::string why;
};

} // namespace

class ScopeRegexCompiler {
public:
  ScopeRegexCompiler(std::u32string pattern, ScopeRegex& out) : p_(std::move(pattern)), out_(out) {}

  void compile() {
    Node root = alternation();
    if (pos_ < p_.size()) throw Unsupported("a ')' without its '('");
    emit(root);
    out_.program_.push_back({ScopeRegex::Op::Match, 0});
    requirements(root);
  }

  // The top level of a concatenation is what every match goes through: an anchored prefix of
  // literal characters, and runs of literal characters (ASCII only: compared as bytes).
  void requirements(const Node& root) {
    const std::vector<Node> single{root};
    const std::vector<Node>& kids = root.kind == Node::Kind::Concat ? root.kids : single;
    std::string run;
    const auto flush = [&] {
      if (run.size() > out_.literal_.size()) out_.literal_ = run;
      run.clear();
    };
    bool anchored = !kids.empty() && kids.front().kind == Node::Kind::Assert &&
                    kids.front().assertion == ScopeRegex::Op::Begin;
    for (std::size_t i = anchored ? 1 : 0; i < kids.size(); ++i) {
      const Node& k = kids[i];
      if (k.kind == Node::Kind::Char && k.ch < 0x80) {
        run += static_cast<char>(k.ch);
        if (anchored) out_.prefix_ += static_cast<char>(k.ch);
        continue;
      }
      anchored = false;
      flush();
    }
    flush();
  }

private:
  bool more() const { return pos_ < p_.size(); }
  char32_t peek() const { return p_[pos_]; }

  Node alternation() {
    Node alt;
    alt.kind = Node::Kind::Alt;
    alt.kids.push_back(concatenation());
    while (more() && peek() == '|') {
      ++pos_;
      alt.kids.push_back(concatenation());
    }
    return alt.kids.size() == 1 ? std::move(alt.kids.front()) : alt;
  }

  Node concatenation() {
    Node seq;
    seq.kind = Node::Kind::Concat;
    while (more() && peek() != '|' && peek() != ')') {
      Node atom = this->atom();
      quantifier(atom);
      seq.kids.push_back(std::move(atom));
    }
    return seq;
  }

  // `{n}`, `{n,}` or `{n,m}` at pos_; false (pos_ unchanged) when it is not one, and the '{' is
  // then a literal, as in .NET.
  bool counted(int& min, int& max) {
    std::size_t i = pos_ + 1;
    auto number = [&](int& value) {
      const std::size_t start = i;
      long v = 0;
      while (i < p_.size() && p_[i] >= '0' && p_[i] <= '9') {
        v = v * 10 + static_cast<long>(p_[i] - '0');
        if (v > 1000000) v = 1000000;
        ++i;
      }
      value = static_cast<int>(v);
      return i > start;
    };
    if (!number(min)) return false;
    max = min;
    if (i < p_.size() && p_[i] == ',') {
      ++i;
      if (!number(max)) max = -1;
    }
    if (i >= p_.size() || p_[i] != '}') return false;
    pos_ = i + 1;
    return true;
  }

  void quantifier(Node& atom) {
    bool quantified = false;
    while (more()) {
      int min = 0, max = 0;
      const char32_t c = peek();
      if (c == '*') {
        min = 0, max = -1, ++pos_;
      } else if (c == '+') {
        min = 1, max = -1, ++pos_;
      } else if (c == '?') {
        min = 0, max = 1, ++pos_;
      } else if (c == '{') {
        if (!counted(min, max)) return;
      } else {
        return;
      }
      if (quantified) throw Unsupported("a quantifier after a quantifier");
      if (atom.kind == Node::Kind::Assert || atom.kind == Node::Kind::Empty)
        throw Unsupported("a quantifier with nothing to repeat");
      if (min > kMaxCount || max > kMaxCount || (max >= 0 && max < min))
        throw Unsupported(fmt::format("the count {{{},{}}}", min, max));
      if (more() && peek() == '?') ++pos_; // lazy: the same strings match
      Node repeat;
      repeat.kind = Node::Kind::Repeat;
      repeat.min = min;
      repeat.max = max;
      repeat.kids.push_back(std::move(atom));
      atom = std::move(repeat);
      quantified = true;
    }
  }

  Node charNode(char32_t c) {
    Node n;
    n.kind = Node::Kind::Char;
    n.ch = c;
    return n;
  }
  Node classNode(ScopeRegex::Class cls) {
    Node n;
    n.kind = Node::Kind::Class;
    n.cls = static_cast<std::uint32_t>(out_.classes_.size());
    out_.classes_.push_back(std::move(cls));
    return n;
  }
  Node assertNode(ScopeRegex::Op op) {
    Node n;
    n.kind = Node::Kind::Assert;
    n.assertion = op;
    return n;
  }

  // \d \w \s and their negations.
  static bool shorthand(char32_t c, ScopeRegex::Class& cls) {
    using R = ScopeRegex::Range;
    switch (c) {
    case 'd':
    case 'D':
      cls.ranges = {R{'0', '9'}};
      break;
    case 'w':
    case 'W':
      cls.ranges = {R{'a', 'z'}, R{'A', 'Z'}, R{'0', '9'}, R{'_', '_'}};
      break;
    case 's':
    case 'S':
      cls.ranges = {R{' ', ' '}, R{'\t', '\r'}};
      break;
    default:
      return false;
    }
    cls.negated = c == 'D' || c == 'W' || c == 'S';
    return true;
  }

  unsigned hexDigits(int count) {
    unsigned v = 0;
    for (int k = 0; k < count; ++k, ++pos_) {
      if (!more()) throw Unsupported("an incomplete \\x or \\u escape");
      const char32_t c = peek();
      const int d = c >= '0' && c <= '9'   ? static_cast<int>(c - '0')
                    : c >= 'a' && c <= 'f' ? static_cast<int>(c - 'a' + 10)
                    : c >= 'A' && c <= 'F' ? static_cast<int>(c - 'A' + 10)
                                           : -1;
      if (d < 0) throw Unsupported("an incomplete \\x or \\u escape");
      v = v * 16 + static_cast<unsigned>(d);
    }
    return v;
  }

  // The character an escape stands for (after the backslash and the escape letter at pos_ - 1),
  // for the escapes that are one character inside and outside a class.
  std::optional<char32_t> escapedChar(char32_t c) {
    switch (c) {
    case 'n':
      return U'\n';
    case 'r':
      return U'\r';
    case 't':
      return U'\t';
    case 'f':
      return U'\f';
    case 'v':
      return U'\v';
    case 'a':
      return char32_t{7};
    case 'e':
      return char32_t{27};
    case 'x':
      return static_cast<char32_t>(hexDigits(2));
    case 'u':
      return static_cast<char32_t>(hexDigits(4));
    case '0': { // octal, up to two more digits
      unsigned v = 0;
      for (int k = 0; k < 2 && more() && peek() >= '0' && peek() <= '7'; ++k, ++pos_)
        v = v * 8 + static_cast<unsigned>(peek() - '0');
      return static_cast<char32_t>(v);
    }
    default:
      break;
    }
    if (c < 0x80 && !isWord(c)) return c; // an escaped punctuation mark is itself
    return std::nullopt;
  }

  Node escape() {
    if (!more()) throw Unsupported("a pattern that ends with '\\'");
    const char32_t c = p_[pos_++];
    ScopeRegex::Class cls;
    if (shorthand(c, cls)) {
      out_.asciiOnlyClasses_ = true;
      return classNode(std::move(cls));
    }
    switch (c) {
    case 'A':
      return assertNode(ScopeRegex::Op::Begin);
    case 'Z':
      return assertNode(ScopeRegex::Op::End);
    case 'z':
      return assertNode(ScopeRegex::Op::EndOnly);
    case 'b':
      out_.asciiOnlyClasses_ = true;
      return assertNode(ScopeRegex::Op::WordEdge);
    case 'B':
      out_.asciiOnlyClasses_ = true;
      return assertNode(ScopeRegex::Op::NotWordEdge);
    default:
      break;
    }
    if (c >= '1' && c <= '9') throw Unsupported("a back reference");
    if (const auto ch = escapedChar(c)) return charNode(*ch);
    throw Unsupported(fmt::format("the escape \\{}", static_cast<char>(c < 0x80 ? c : '?')));
  }

  Node characterClass() {
    ScopeRegex::Class cls;
    if (more() && peek() == '^') {
      cls.negated = true;
      ++pos_;
    }
    bool first = true;
    for (;;) {
      if (!more()) throw Unsupported("a '[' without its ']'");
      char32_t c = p_[pos_++];
      if (c == ']' && !first) break;
      first = false;
      if (c == '-' && more() && peek() == '[') throw Unsupported("a class subtraction");
      if (c == '\\') {
        if (!more()) throw Unsupported("a pattern that ends with '\\'");
        const char32_t e = p_[pos_++];
        ScopeRegex::Class inner;
        if (shorthand(e, inner)) {
          if (inner.negated) throw Unsupported("\\D, \\W or \\S inside a class");
          out_.asciiOnlyClasses_ = true;
          cls.ranges.insert(cls.ranges.end(), inner.ranges.begin(), inner.ranges.end());
          continue;
        }
        if (e == 'b') {
          c = 8; // backspace, inside a class
        } else if (const auto ch = escapedChar(e)) {
          c = *ch;
        } else {
          throw Unsupported(
              fmt::format("the escape \\{} in a class", static_cast<char>(e < 0x80 ? e : '?')));
        }
      }
      char32_t high = c;
      if (more() && peek() == '-' && pos_ + 1 < p_.size() && p_[pos_ + 1] != ']') {
        ++pos_;
        high = p_[pos_++];
        if (high == '[') throw Unsupported("a class subtraction");
        if (high == '\\') {
          if (!more()) throw Unsupported("a pattern that ends with '\\'");
          const char32_t e = p_[pos_++];
          const auto ch = escapedChar(e);
          if (!ch) throw Unsupported("a range that ends in a class escape");
          high = *ch;
        }
        if (high < c) throw Unsupported("a range in reverse order");
      }
      cls.ranges.push_back({c, high});
    }
    return classNode(std::move(cls));
  }

  Node group() {
    if (more() && peek() == '?') {
      ++pos_;
      if (more() && peek() == ':') {
        ++pos_;
      } else if (more() && (peek() == '<' || peek() == '\'') && pos_ + 1 < p_.size() &&
                 isWord(p_[pos_ + 1])) {
        const char32_t close = peek() == '<' ? U'>' : U'\'';
        while (more() && peek() != close)
          ++pos_;
        if (!more()) throw Unsupported("a group name without its end");
        ++pos_; // a named group: without back references, a group like any other
      } else {
        throw Unsupported("a group construct (?...) other than (?:...) and named groups");
      }
    }
    Node inner = alternation();
    if (!more() || peek() != ')') throw Unsupported("a '(' without its ')'");
    ++pos_;
    return inner;
  }

  Node atom() {
    const char32_t c = p_[pos_++];
    switch (c) {
    case '(':
      return group();
    case '[':
      return characterClass();
    case '\\':
      return escape();
    case '.': {
      Node n;
      n.kind = Node::Kind::Any;
      return n;
    }
    case '^':
      return assertNode(ScopeRegex::Op::Begin);
    case '$':
      return assertNode(ScopeRegex::Op::End);
    case '*':
    case '+':
    case '?':
      throw Unsupported("a quantifier with nothing to repeat");
    default:
      return charNode(c);
    }
  }

  void push(ScopeRegex::Op op, std::uint32_t arg = 0) {
    if (out_.program_.size() >= kMaxInstructions)
      throw Unsupported("a pattern too large to evaluate");
    out_.program_.push_back({op, arg});
  }
  std::uint32_t here() const { return static_cast<std::uint32_t>(out_.program_.size()); }

  void emit(const Node& n) {
    using Op = ScopeRegex::Op;
    switch (n.kind) {
    case Node::Kind::Empty:
      return;
    case Node::Kind::Char:
      return push(Op::Char, static_cast<std::uint32_t>(n.ch));
    case Node::Kind::Any:
      return push(Op::Any);
    case Node::Kind::Class:
      return push(Op::InClass, n.cls);
    case Node::Kind::Assert:
      return push(n.assertion);
    case Node::Kind::Concat:
      for (const Node& k : n.kids)
        emit(k);
      return;
    case Node::Kind::Alt: {
      std::vector<std::uint32_t> jumps;
      for (std::size_t i = 0; i < n.kids.size(); ++i) {
        if (i + 1 < n.kids.size()) {
          const std::uint32_t split = here();
          push(Op::Split);
          emit(n.kids[i]);
          jumps.push_back(here());
          push(Op::Jump);
          out_.program_[split].arg = here();
        } else {
          emit(n.kids[i]);
        }
      }
      for (std::uint32_t j : jumps)
        out_.program_[j].arg = here();
      return;
    }
    case Node::Kind::Repeat: {
      const Node& body = n.kids.front();
      for (int i = 0; i < n.min; ++i)
        emit(body);
      if (n.max < 0) {
        const std::uint32_t loop = here();
        push(Op::Split);
        emit(body);
        push(Op::Jump, loop);
        out_.program_[loop].arg = here();
        return;
      }
      std::vector<std::uint32_t> splits;
      for (int i = n.min; i < n.max; ++i) {
        splits.push_back(here());
        push(Op::Split);
        emit(body);
      }
      for (std::uint32_t s : splits)
        out_.program_[s].arg = here();
      return;
    }
    }
  }

  std::u32string p_;
  std::size_t pos_ = 0;
  ScopeRegex& out_;
};

ScopeRegex::ScopeRegex(std::string_view pattern) {
  try {
    std::u32string points;
    codePoints(pattern, points);
    ScopeRegexCompiler(std::move(points), *this).compile();
  } catch (const Unsupported& u) {
    error_ = fmt::format("the regular expression \"{}\" uses {}, which migready does not "
                         "evaluate",
                         pattern, u.why);
    program_.clear();
  }
}

std::optional<bool> ScopeRegex::matches(std::string_view textUtf8) const {
  if (!usable()) return std::nullopt;
  // Without what every match needs there is no match, whatever the character classes say.
  if (!textUtf8.starts_with(prefix_) || textUtf8.find(literal_) == std::string_view::npos)
    return false;
  // One scratch space per thread: checks run on several threads, each for many users.
  struct Scratch {
    std::u32string text;
    std::vector<std::uint32_t> current, next, stack;
    std::vector<std::size_t> mark;
  };
  thread_local Scratch scratch;
  std::u32string& text = scratch.text;
  codePoints(textUtf8, text);
  if (asciiOnlyClasses_)
    for (char32_t c : text)
      if (c >= 0x80) return std::nullopt; // .NET's \w, \d, \s know every script
  const std::size_t n = text.size();
  const std::size_t size = program_.size();
  // Each list holds program counters, each at most once per position (mark = position + 1).
  std::vector<std::uint32_t>&current = scratch.current, &next = scratch.next,
  &stack = scratch.stack;
  std::vector<std::size_t>& mark = scratch.mark;
  current.clear();
  next.clear();
  stack.clear();
  mark.assign(size, 0);
  bool matched = false;
  // Adds `pc` and everything reachable from it without reading a character at position `i`.
  auto add = [&](std::vector<std::uint32_t>& list, std::uint32_t start, std::size_t i) {
    stack.push_back(start);
    while (!stack.empty() && !matched) {
      const std::uint32_t pc = stack.back();
      stack.pop_back();
      if (mark[pc] == i + 1) continue;
      mark[pc] = i + 1;
      const Instruction& in = program_[pc];
      const auto before = [&] { return i > 0 && isWord(text[i - 1]); };
      const auto after = [&] { return i < n && isWord(text[i]); };
      switch (in.op) {
      case Op::Split:
        stack.push_back(in.arg);
        stack.push_back(pc + 1);
        break;
      case Op::Jump:
        stack.push_back(in.arg);
        break;
      case Op::Begin:
        if (i == 0) stack.push_back(pc + 1);
        break;
      case Op::End:
        if (i == n || (i + 1 == n && text[i] == '\n')) stack.push_back(pc + 1);
        break;
      case Op::EndOnly:
        if (i == n) stack.push_back(pc + 1);
        break;
      case Op::WordEdge:
        if (before() != after()) stack.push_back(pc + 1);
        break;
      case Op::NotWordEdge:
        if (before() == after()) stack.push_back(pc + 1);
        break;
      case Op::Match:
        matched = true;
        break;
      default:
        list.push_back(pc);
      }
    }
    stack.clear();
  };
  auto inClass = [&](const Class& cls, char32_t c) {
    bool in = false;
    for (const Range& r : cls.ranges)
      in = in || (c >= r.low && c <= r.high);
    return in != cls.negated;
  };
  for (std::size_t i = 0; i <= n && !matched; ++i) {
    add(current, 0, i); // a match may start anywhere
    if (matched || i == n) break;
    next.clear();
    const char32_t c = text[i];
    for (std::uint32_t pc : current) {
      const Instruction& in = program_[pc];
      const bool step = (in.op == Op::Char && c == static_cast<char32_t>(in.arg)) ||
                        (in.op == Op::Any && c != '\n') ||
                        (in.op == Op::InClass && inClass(classes_[in.arg], c));
      if (step) add(next, pc + 1, i + 1);
      if (matched) break;
    }
    std::swap(current, next);
  }
  return matched;
}

} // namespace migready
