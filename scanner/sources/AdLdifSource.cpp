#include "scanner/sources/AdLdifSource.h"

#include "scanner/model/Encoding.h"
#include "scanner/sources/AdEntryMapper.h"
#include "scanner/sources/LdifReader.h"
#include "scanner/sources/SourceError.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <thread>

namespace migready {

namespace {

constexpr std::size_t kErrorsKept = 20;
constexpr std::size_t kErrorsBeforeGivingUp = 1000;

// What one reader made of its part of the file. Line numbers are relative to the part.
struct PartResult {
  AdDirectory dir;
  std::uint64_t records = 0;
  std::uint64_t lines = 0; // lines in the part, to renumber the next part
  std::uint64_t errorCount = 0;
  std::uint64_t untypedUsers = 0;
  std::vector<LocatedError> errors; // the first kErrorsKept, relative line numbers
  std::string fatal;                // why reading stopped early (already formatted), if it did
  bool stopped = false;
};

// Reads [begin, end) of the file (the whole file when `whole`). The first part reserves room
// for the accounts of the whole file, so that the second part's can be appended in place.
PartResult readPart(const std::string& path, std::uint64_t begin, std::uint64_t end, bool whole,
                    std::uint64_t reserveForBytes) {
  PartResult part;
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
        ++part.records;
        mapper.map(record);
      } catch (const LdifRecordError& e) {
        addError(e);
      } catch (const AdEntryError& e) {
        addError(e);
      }
      if (part.errorCount >= kErrorsBeforeGivingUp) {
        ++part.errorCount;
        part.fatal = fmt::format("{}: stopped after {} errors: this does not look like an ldifde "
                                 "export",
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

} // namespace

SourceState readAdLdif(const std::string& path, AdDirectory& out, std::uint64_t splitAtBytes) {
  SourceState state;
  state.origin = path;
  out.origin = path;
  // A large file is read as two halves at once (the machines this runs on have two cores or
  // more); the halves are joined in file order.
  const std::uint64_t split = splitPoint(path, splitAtBytes);
  std::error_code sizeError;
  const std::uint64_t size = std::filesystem::file_size(path, sizeError);
  std::vector<PartResult> parts;
  if (split == 0) {
    parts.push_back(readPart(path, 0, 0, true, sizeError ? 0 : size));
  } else {
    PartResult second;
    std::thread worker([&] { second = readPart(path, split, size, false, size - split); });
    parts.push_back(readPart(path, 0, split, false, size));
    worker.join();
    parts.push_back(std::move(second));
  }

  std::uint64_t errorCount = 0, records = 0, untyped = 0, lineOffset = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    PartResult& part = parts[i];
    for (const LocatedError& e : part.errors)
      if (state.errors.size() < kErrorsKept) state.errors.push_back(e.relocated(lineOffset));
    if (!part.fatal.empty()) state.errors.push_back(part.fatal);
    errorCount += part.errorCount;
    records += part.records;
    untyped += part.untypedUsers;
    if (i == 0) {
      out = std::move(part.dir);
      out.origin = path;
    } else {
      for (auto& [kind, count] : part.dir.skippedByClass)
        out.skippedByClass[kind] += count;
      for (AdAccount& a : part.dir.accounts) {
        a.line += static_cast<std::uint32_t>(lineOffset);
        out.adoptPooled(a, part.dir);
        out.accounts.push_back(std::move(a));
      }
      part.dir.accounts.clear();
    }
    lineOffset += part.lines;
    if (part.stopped) break; // what follows an unreadable stretch cannot be placed
  }

  state.objects = out.accounts.size();
  std::uint64_t skipped = 0;
  for (const auto& [kind, count] : out.skippedByClass)
    skipped += count;
  const bool gaveUp =
      std::any_of(parts.begin(), parts.end(), [](const PartResult& p) { return !p.fatal.empty(); });
  if (errorCount > 0) {
    // Entries that were read are sound: with some unreadable ones the source is partial (its
    // findings count, the verdict cannot be READY); with nothing usable it failed.
    state.status = gaveUp || out.accounts.empty() ? SourceStatus::Failed : SourceStatus::Partial;
    state.detail = fmt::format("{} error(s); {} user(s) read from {} entries; first: {}",
                               errorCount, out.accounts.size(), records, state.errors.front());
  } else if (records == 0) {
    state.status = SourceStatus::Failed;
    state.detail = fmt::format("{}: no LDIF entries in the file", path);
    state.errors.push_back(state.detail);
  } else {
    state.status = SourceStatus::Complete;
    state.detail = fmt::format("{} user(s) of {} entries; {} non-user entries skipped",
                               out.accounts.size(), records, skipped);
    if (untyped > 0)
      state.detail += fmt::format("; {} entries without objectClass taken as users", untyped);
  }
  return state;
}

} // namespace migready
