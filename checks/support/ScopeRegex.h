#pragma once
// The regular expressions of Cloud Sync scoping clauses (REGEX MATCH, NOT REGEX MATCH) are .NET
// regular expressions. This evaluates the part of their syntax that scoping filters use, the
// way .NET does (case-sensitive; a '{' that starts no quantifier is a literal; '$' also matches
// before a final newline), in linear time (a Thompson NFA: no backtracking, whatever the
// pattern). Anything outside that part (look-around, back references, inline options, named
// groups, Unicode categories) cannot be evaluated: the answer is unknown, never a guess.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migready {

class ScopeRegex {
public:
  // Compiles `pattern`; `error()` says why when it cannot be evaluated.
  explicit ScopeRegex(std::string_view pattern);

  bool usable() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // Whether the pattern matches somewhere in `text` (as .NET's Regex.IsMatch); nullopt when the
  // pattern cannot be evaluated, or when its answer for this text depends on Unicode character
  // classes (\w, \d, \s, \b on text that is not ASCII).
  std::optional<bool> matches(std::string_view text) const;

  struct Range {
    char32_t low, high;
  };
  struct Class {
    std::vector<Range> ranges;
    bool negated = false;
  };
  enum class Op : std::uint8_t {
    Char,        // arg: the code point
    Any,         // any code point but '\n'
    InClass,     // arg: the class index
    Split,       // try next and arg
    Jump,        // arg
    Begin,       // ^ and \A
    End,         // $ and \Z: the end, or before a final '\n'
    EndOnly,     // \z
    WordEdge,    // \b
    NotWordEdge, // \B
    Match,
  };
  struct Instruction {
    Op op;
    std::uint32_t arg = 0;
  };

private:
  std::string error_;
  std::vector<Instruction> program_;
  std::vector<Class> classes_;
  bool asciiOnlyClasses_ = false; // uses \w \d \s \b: ASCII rules only
  // What every match needs, found once from the pattern, checked on the text's bytes before the
  // automaton runs (most scoping patterns are "^literal", and most users do not match them): an
  // ASCII prefix of an anchored pattern, and the longest ASCII literal every match contains.
  std::string prefix_, literal_;
  friend class ScopeRegexCompiler;
};

} // namespace migready
