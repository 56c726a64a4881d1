#pragma once
// Every string in a report comes from someone else's directory. Reporters pass each one
// through here so that no format ever carries invalid UTF-8.
#include <initializer_list>
#include <string>
#include <string_view>

namespace migready {

// Replaces every invalid UTF-8 sequence (overlong forms, surrogates, truncated sequences,
// stray continuation bytes) with U+FFFD. Valid input comes back unchanged.
std::string toValidUtf8(std::string_view text);

// Text for a terminal or a report cell: valid UTF-8, and every control character (C0 with tab and
// line breaks, DEL, C1) shown as "\x1b" or "\u009b" instead of sent raw, where it could move a
// cursor, ring a bell or rewrite a terminal line.
std::string visibleText(std::string_view text);

// Appends `text` as a JSON string literal: invalid UTF-8 becomes U+FFFD, control characters
// are escaped. With `forScript`, '<', '>' and '&' are escaped too (\u003c ...), so the JSON can
// sit inside an HTML <script> block without ever closing it, and control characters become the
// visible text "\x1b" (the page shows them, never decodes them).
void appendJsonString(std::string& out, std::string_view text, bool forScript = false);

// Text for XML 1.0: valid UTF-8, and every character XML 1.0 forbids (C0 controls but tab, LF,
// CR; U+FFFE, U+FFFF) replaced by a visible "\uXXXX". The XML writer escapes markup after that.
std::string toXmlText(std::string_view text);

// Text for HTML element content or a quoted attribute: valid UTF-8, & < > " ' escaped, control
// characters shown as for XML (tab and line breaks kept: they are whitespace in HTML).
std::string htmlEscape(std::string_view text);

// One CSV field (RFC 4180): valid UTF-8, always quoted, quotes doubled, control characters shown
// ("\x1b"). A cell that a spreadsheet would run as a formula (starting with = + - @, tab or CR)
// gets a leading '.
std::string csvField(std::string_view text);
// A CSV record of csvField()s, comma-separated, ended by CRLF as RFC 4180 says.
std::string csvRow(std::initializer_list<std::string_view> fields);
// What a CSV for spreadsheets starts with: Excel opens UTF-8 with a byte-order mark as UTF-8, and
// without one as the ANSI code page, which would garble every non-ASCII name.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// A URI path (RFC 3986) for `text`: unreserved characters, sub-delims and '@' as they are, '/'
// kept only with `keepSlash`, every other byte (':' too, so that a relative reference never looks
// like a scheme; '%'; braces; spaces; UTF-8) percent-encoded.
std::string uriPath(std::string_view text, bool keepSlash);

// A PowerShell single-quoted string literal, quotes included: the only character PowerShell
// reads specially inside one is the single quote, in any of its four forms (' U+2018 U+2019
// U+201A U+201B), each doubled here, so that no value ($, `, ", ;, a newline) can end the
// string or run as code. Invalid UTF-8 becomes U+FFFD.
std::string powershellString(std::string_view text);
// Text for a PowerShell comment line: visibleText, and also U+2028 / U+2029 shown, so that the
// comment can never end early and let the rest of a name run as code.
std::string powershellComment(std::string_view text);

// Text for a Markdown table cell: valid UTF-8, on one line, with | and markup characters
// escaped so that directory data cannot add links, images or HTML.
std::string markdownCell(std::string_view text);

} // namespace migready
