// Feeds arbitrary attribute/value sets, as a live LDAP search hands them over (every value raw
// bytes), through the entry mapper and the directory's reconciliation: no crash, no sanitizer
// report; an entry that cannot be read is an AdEntryError naming it.
#include "scanner/ad/AdEntryMapper.h"

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <fuzzer/FuzzedDataProvider.h>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const auto& known = migready::adUserAttributes();
  migready::AdDirectory ad;
  migready::AdEntryMapper mapper(ad, std::string("ldaps://dc1.fuzz.test"));
  std::deque<std::string> text; // the record's views point into these
  for (int entries = in.ConsumeIntegralInRange(1, 4); entries > 0 && in.remaining_bytes();
       --entries) {
    migready::DirectoryEntry record;
    record.dn = text.emplace_back(in.ConsumeBool() ? "CN=U,OU=Staff,DC=fuzz,DC=test"
                                                   : in.ConsumeRandomLengthString(256));
    for (int n = in.ConsumeIntegralInRange(0, 24); n > 0 && in.remaining_bytes(); --n) {
      migready::DirectoryAttribute a;
      // Mostly the attributes the mapper reads (sometimes with options), sometimes any name.
      std::string name =
          in.ConsumeIntegralInRange(0, 3) > 0
              ? std::string(known[in.ConsumeIntegralInRange<size_t>(0, known.size() - 1)])
              : in.ConsumeRandomLengthString(64);
      if (in.ConsumeIntegralInRange(0, 7) == 0)
        name += ";range=0-" + std::to_string(in.ConsumeIntegral<uint16_t>());
      a.name = text.emplace_back(std::move(name));
      a.value = text.emplace_back(in.ConsumeRandomLengthString(in.ConsumeBool() ? 64 : 4096));
      a.rawBytes = true;
      record.attributes.push_back(a);
    }
    try {
      mapper.map(record);
    } catch (const migready::AdEntryError& e) {
      if (std::string_view(e.what()).empty()) std::abort();
    }
  }
  migready::SourceState state;
  migready::reconcileDirectory(ad, state);
  return 0;
}
