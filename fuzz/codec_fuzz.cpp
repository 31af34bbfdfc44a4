// Fuzz target: the compiled form of stored definitions (engine/store/codec.h). The input is read
// twice: as a project definition (YAML) whose compiled form must decode to bytes that encode the
// same again, and, behind the magic and format version, as compiled bytes, which must decode or
// be refused with CodecError — never crash or read past their end.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/store/codec.h"
#include "indicators/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const jixiao::LoadResult r = jixiao::LoadProjectText(input, "fuzz.yaml");
  if (r.file) {
    const std::string bytes =
        jixiao::EncodeDefinition(r.file->project, r.file->published, r.diagnostics, "fuzz.yaml");
    const jixiao::CompiledDefinition d = jixiao::DecodeDefinition(bytes, "fuzz.yaml");
    if (jixiao::EncodeDefinition(d.project, d.published, d.warnings, "fuzz.yaml") != bytes) {
      std::abort();
    }
  }
  // A copy of exactly the input's size behind the header: ASan sees any read past it.
  std::string compiled = std::string("JXC\x01", 4);
  compiled.append(input);
  try {
    (void)jixiao::DecodeDefinition(compiled, "fuzz");
  } catch (const jixiao::CodecError&) {
  }
  return 0;
}
