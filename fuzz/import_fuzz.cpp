// Fuzz target: the document importer (engine/io/import.h). Any bytes are the text of a
// published document; the import must finish, never crash, and account for what it read.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/io/import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const jixiao::ImportResult r = jixiao::ImportText(input, "fuzz.txt");
  std::size_t distinct = 0;
  for (const auto& t : r.tables) {
    if (t.duplicate_of >= static_cast<int>(r.tables.size())) std::abort();
    if (t.duplicate_of < 0) ++distinct;
    for (const auto& ind : t.file.project.indicators) {
      if (ind.name.empty() && ind.key.empty()) std::abort();
    }
  }
  if (r.projects().size() != distinct) std::abort();
  (void)r.indicator_count();
  return 0;
}
