#include "scanner/ad/ldif/AdLdifSource.h"

#include "scanner/ad/AdEntryMapper.h"
#include "scanner/ad/ldif/LdifReader.h"
#include "scanner/io/SourceError.h"
#include "scanner/model/Base64.h"
#include "scanner/model/Setting.h"
#include "scanner/model/Text.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <memory>
#include <thread>

namespace migready {

namespace {

constexpr std::size_t kErrorsBeforeGivingUp = 1000;

// An ldapsearch result trailer ("search: 2" / "result: 4 Size limit exceeded" / "control: ...").
struct SearchResult {
  std::uint64_t line = 0; // relative to the part
  std::int64_t code = 0;
  std::string text;
  bool morePages = false; // the paged results control still held a cookie
};

// What one reader made of its part of the file. Line numbers are relative to the part.
struct PartResult {
  AdDirectory dir;
  std::uint64_t records = 0;
  std::uint64_t lines = 0; // lines in the part, to renumber the next part
  std::uint64_t errorCount = 0;
  std::uint64_t untypedUsers = 0;
  std::uint64_t references = 0;
  std::vector<SearchResult> results;
  std::vector<LocatedError> errors; // the first kErrorsKept, relative line numbers
  std::string fatal;                // why reading stopped early (already formatted), if it did
  bool stopped = false;
};

// The size and cookie of a paged results control value (RFC 2696: SEQUENCE { INTEGER,
// OCTET STRING }): true when the cookie is not empty, that is when more pages were to come.
bool cookieNotEmpty(std::string_view ber) {
  std::size_t i = 0;
  auto length = [&](std::size_t& out) {
    if (i >= ber.size()) return false;
    const unsigned char first = static_cast<unsigned char>(ber[i++]);
    if (first < 0x80) {
      out = first;
      return true;
    }
    const unsigned n = first & 0x7F;
    if (n == 0 || n > 4) return false;
    out = 0;
    for (unsigned k = 0; k < n; ++k) {
      if (i >= ber.size()) return false;
      out = (out << 8) | static_cast<unsigned char>(ber[i++]);
    }
    return true;
  };
  std::size_t n = 0;
  if (i >= ber.size() || ber[i++] != 0x30 || !length(n)) return false;
  if (i >= ber.size() || ber[i++] != 0x02 || !length(n) || (i += n) > ber.size()) return false;
  if (i >= ber.size() || ber[i++] != 0x04 || !length(n)) return false;
  return n > 0;
}

SearchResult resultOf(const LdifRecord& r) {
  SearchResult out;
  out.line = r.line;
  for (const DirectoryAttribute& a : r.attributes) {
    if (equalsIgnoreCase(a.name, "result")) {
      const std::string_view v = a.value;
      const std::size_t space = v.find(' ');
      out.code = parseInt64(v.substr(0, space)).value_or(-1);
      out.text = space == std::string_view::npos ? std::string() : std::string(v.substr(space + 1));
    } else if (equalsIgnoreCase(a.name, "control") &&
               a.value.starts_with("1.2.840.113556.1.4.319")) {
      // ldapsearch writes "control: OID criticality base64-value".
      std::string_view v = a.value;
      const std::size_t last = v.rfind(' ');
      if (last == std::string_view::npos) continue;
      std::string_view encoded = v.substr(last + 1);
      while (!encoded.empty() && encoded.front() == ':')
        encoded.remove_prefix(1);
      if (auto ber = base64Decode(encoded)) out.morePages = cookieNotEmpty(*ber);
    }
  }
  return out;
}

// Reads [begin, end) of the file (the whole file when `whole`). The first part reserves room
// for the accounts of the whole file, so that the second part's can be appended in place.
PartResult readPart(const std::string& path, std::uint64_t begin, std::uint64_t end, bool whole,
                    std::uint64_t reserveForBytes, bool keepOtherSmtp) {
  PartResult part;
  part.dir.keepOtherSmtp = keepOtherSmtp;
  // A user entry of an ldifde export takes more than 150 bytes (dn, objectClass lines, the
  // attributes); the bound only reserves address space, see AdDirectory::accounts.
  constexpr std::uint64_t kMinBytesPerEntry = 150;
  part.dir.accounts.reserve(static_cast<std::size_t>(reserveForBytes / kMinBytesPerEntry) + 16);
  auto addError = [&](const LocatedError& e) {
    ++part.errorCount;
    if (part.errors.size() < kErrorsKept) part.errors.push_back(e);
  };
  try {
    std::unique_ptr<LdifReader> reader =
        whole ? std::make_unique<LdifReader>(path) : std::make_unique<LdifReader>(path, begin, end);
    AdEntryMapper mapper(part.dir, path);
    LdifRecord record;
    for (;;) {
      try {
        if (!reader->next(record)) break;
        switch (record.kind) {
        case LdifRecord::Kind::Entry:
          ++part.records;
          mapper.map(record);
          break;
        case LdifRecord::Kind::Reference:
          part.references += record.attributes.size();
          break;
        case LdifRecord::Kind::SearchResult:
          part.results.push_back(resultOf(record));
          break;
        }
      } catch (const LdifRecordError& e) {
        addError(e);
      } catch (const AdEntryError& e) {
        addError(e);
      }
      if (part.errorCount >= kErrorsBeforeGivingUp) {
        ++part.errorCount;
        part.fatal = fmt::format("{}: stopped after {} errors: this does not look like an ldifde "
                                 "or ldapsearch export",
                                 path, kErrorsBeforeGivingUp);
        part.stopped = true;
        break;
      }
    }
    part.lines = reader->input().lineNumber();
    part.untypedUsers = mapper.untypedUsers();
  } catch (const LocatedError& e) { // NUL byte or overlong line: the rest is unreadable
    addError(e);
    part.stopped = true;
  } catch (const SourceError& e) { // cannot open or read
    ++part.errorCount;
    part.fatal = e.what();
    part.stopped = true;
  }
  return part;
}

// Where the second half of a large UTF-8/ANSI file starts: just after a blank line (records
// are separated by one, and no value contains a line break), at or after the middle. 0 when
// the file is small, UTF-16, or has no such place.
std::uint64_t splitPoint(const std::string& path, std::uint64_t minBytes) {
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(path, ec);
  if (ec || size < minBytes || size < 2) return 0;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  std::string window(1 << 20, '\0');
  unsigned char bom[2] = {0, 0};
  std::uint64_t found = 0;
  if (std::fread(bom, 1, 2, f) == 2 &&
      !((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF)) &&
      std::fseek(f, static_cast<long>(size / 2), SEEK_SET) == 0) {
    const std::size_t n = std::fread(window.data(), 1, window.size(), f);
    std::string_view w(window.data(), n);
    for (std::size_t i = w.find('\n'); i != std::string_view::npos && i + 1 < w.size();
         i = w.find('\n', i + 1)) {
      std::size_t j = i + 1;
      if (w[j] == '\r') ++j;
      if (j < w.size() && w[j] == '\n') { // a blank line: the next record starts after it
        found = size / 2 + j + 1;
        break;
      }
    }
  }
  std::fclose(f);
  return found < size ? found : 0;
}

// Reads one file (as two halves on two threads when it is large) into its parts, in file order.
std::vector<PartResult> readFile(const std::string& path, std::uint64_t splitAtBytes, bool keep) {
  std::vector<PartResult> parts;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    PartResult part;
    part.errorCount = 1;
    part.fatal = fmt::format("{}: is a folder, not an LDIF file (give the export file; for one "
                             "export per domain, repeat {})",
                             path, settingName(Setting::AdLdif));
    part.stopped = true;
    parts.push_back(std::move(part));
    return parts;
  }
  const std::uint64_t split = splitPoint(path, splitAtBytes);
  const std::uint64_t size = std::filesystem::file_size(path, ec);
  if (split == 0) {
    parts.push_back(readPart(path, 0, 0, true, ec ? 0 : size, keep));
  } else {
    // The second half on a thread of its own; whatever it throws is thrown here, after the
    // join, so that the scan makes it a failed source instead of ending the process.
    PartResult second;
    std::exception_ptr secondFailed;
    std::thread worker([&] {
      try {
        second = readPart(path, split, size, false, size - split, keep);
      } catch (...) {
        secondFailed = std::current_exception();
      }
    });
    try {
      parts.push_back(readPart(path, 0, split, false, size, keep));
    } catch (...) {
      worker.join();
      throw;
    }
    worker.join();
    if (secondFailed) std::rethrow_exception(secondFailed);
    parts.push_back(std::move(second));
  }
  return parts;
}

} // namespace

SourceState readAdLdif(const std::vector<std::string>& paths, AdDirectory& out,
                       std::uint64_t splitAtBytes) {
  SourceState state;
  state.origin = fmt::format("{}", fmt::join(paths, ", "));
  std::uint64_t errorCount = 0, records = 0, untyped = 0, references = 0;
  std::vector<std::string> gaps; // what the exports themselves say is missing
  bool gaveUp = false;
  std::map<std::string, std::uint64_t> skippedByClass;
  std::vector<std::uint8_t> sawByFile; // which optional attributes each file holds at all
  for (std::size_t fi = 0; fi < paths.size(); ++fi) {
    // Each file is read on its own and joined in order: the second file's accounts are appended
    // and re-pointed at this directory's interned values.
    std::vector<PartResult> parts = readFile(paths[fi], splitAtBytes, out.keepOtherSmtp);
    std::uint64_t lineOffset = 0;
    std::optional<SearchResult> lastResult;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      PartResult& part = parts[i];
      for (const LocatedError& e : part.errors)
        if (state.errors.size() < kErrorsKept) state.errors.push_back(e.relocated(lineOffset));
      if (!part.fatal.empty()) state.errors.push_back(part.fatal);
      gaveUp = gaveUp || !part.fatal.empty();
      errorCount += part.errorCount;
      records += part.records;
      untyped += part.untypedUsers;
      references += part.references;
      for (SearchResult& r : part.results) {
        r.line += lineOffset;
        if (r.code != 0)
          gaps.push_back(fmt::format("{}:{}: the search ended with \"result: {} {}\": the export "
                                     "is incomplete",
                                     paths[fi], r.line, r.code, r.text));
        lastResult = r;
      }
      for (auto& [kind, count] : part.dir.skippedByClass)
        skippedByClass[kind] += count;
      if (sawByFile.size() <= fi) sawByFile.resize(fi + 1, 0);
      sawByFile[fi] |= part.dir.sawAttributes;
      if (fi == 0 && i == 0) {
        out = std::move(part.dir); // in place: the first part reserved room for the rest
        // (keepOtherSmtp came with it: every part was read with out's)
      } else {
        for (AdAccount& a : part.dir.accounts) {
          a.line += static_cast<std::uint32_t>(lineOffset);
          a.endLine += static_cast<std::uint32_t>(lineOffset);
          a.file = static_cast<std::uint16_t>(fi);
          out.adoptPooled(a, part.dir);
          out.accounts.push_back(std::move(a));
        }
        part.dir.accounts.clear();
      }
      lineOffset += part.lines;
      if (part.stopped) break; // what follows an unreadable stretch cannot be placed
    }
    // ldapsearch with the paged results control: the last page's cookie is empty when every
    // page was read (-E pr=N/noprompt); otherwise pages were left unread.
    if (lastResult && lastResult->code == 0 && lastResult->morePages)
      gaps.push_back(fmt::format("{}:{}: the last page of the paged search still offered more "
                                 "pages (the paged results cookie is not empty): the export is "
                                 "incomplete; export with ldapsearch -E pr=1000/noprompt",
                                 paths[fi], lastResult->line));
  }
  out.origin = state.origin;
  out.files = paths;
  out.skippedByClass = std::move(skippedByClass);
  sawByFile.resize(paths.size(), 0);
  out.sawAttributesByFile = std::move(sawByFile);

  state.objects = out.accounts.size();
  std::uint64_t skipped = 0;
  for (const auto& [kind, count] : out.skippedByClass)
    skipped += count;
  std::string detail = fmt::format("{} user(s) of {} entries; {} non-user entries skipped",
                                   out.accounts.size(), records, skipped);
  if (untyped > 0)
    detail += fmt::format("; {} entries without objectClass taken as users", untyped);
  if (references > 0)
    detail += fmt::format("; {} search reference(s) (other partitions) not followed", references);
  if (errorCount > 0) {
    // Entries that were read are sound: with some unreadable ones the source is partial (its
    // findings count, the verdict cannot be READY); with nothing usable it failed.
    state.status = gaveUp || out.accounts.empty() ? SourceStatus::Failed : SourceStatus::Partial;
    state.detail = fmt::format("{} error(s); {} user(s) read from {} entries; first: {}",
                               errorCount, out.accounts.size(), records, state.errors.front());
  } else if (records == 0) {
    state.status = SourceStatus::Failed;
    state.detail = fmt::format("{}: no LDIF entries in the file", state.origin);
    state.errors.push_back(state.detail);
  } else if (out.accounts.empty()) {
    // The export was made with a user filter: entries of other kinds only is the wrong file.
    state.status = SourceStatus::Failed;
    state.detail = fmt::format("{}: no user entries, only {} entries of other kinds (export "
                               "with the filter (&(objectCategory=person)(objectClass=user)))",
                               state.origin, records);
    state.errors.push_back(state.detail);
  } else {
    state.status = SourceStatus::Complete;
    state.detail = detail;
  }
  if (!gaps.empty() && state.status == SourceStatus::Complete) {
    state.status = SourceStatus::Partial;
    state.detail += fmt::format("; incomplete: {}", fmt::join(gaps, "; "));
  }
  state.errors.insert(state.errors.end(), gaps.begin(), gaps.end());
  reconcileDirectory(out, state);
  return state;
}

SourceState readAdLdif(const std::string& path, AdDirectory& out, std::uint64_t splitAtBytes) {
  return readAdLdif(std::vector<std::string>{path}, out, splitAtBytes);
}

} // namespace migready
