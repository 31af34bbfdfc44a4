// Fuzz target: the YAML readers. Any bytes are read as a project definition
// (indicators/loader.h) and as a policy file (scoring/policy.h); both must answer with
// diagnostics, never crash, hang or throw.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "indicators/loader.h"
#include "scoring/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const jixiao::LoadResult r = jixiao::LoadProjectText(input, "fuzz.yaml");
  // A rejected file says why; an accepted one has indicators.
  if (!r.ok() && r.diagnostics.empty()) std::abort();
  if (r.ok() && r.file->project.indicators.empty()) std::abort();
  for (const auto& d : r.diagnostics) (void)d.str();
  const jixiao::PolicyResult p = jixiao::ParsePolicy(input, "fuzz-policy.yaml");
  if (!p.policy && p.diagnostics.empty()) std::abort();
  return 0;
}
