// Fuzz target: the value grammar (indicators/value.h). Any bytes are one cell; the first byte also
// picks the context a bare target is read in, and a second cell (after the first newline) is
// converted against the first, as an actual against its target.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "indicators/value.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

void Exercise(std::string_view cell, const jixiao::ImplyContext& ctx, jixiao::ParseResult* out) {
  *out = jixiao::ParseValue(cell);
  if (!out->value) {
    Check(!out->error.empty());
    return;
  }
  jixiao::Value& v = *out->value;
  // What the grammar promises: finite numbers within range, no operator on a text value.
  Check(std::isfinite(v.number) && std::fabs(v.number) <= 1e15);
  (void)jixiao::ResolveImplied(v, ctx);
  (void)jixiao::DirectionOf(v);
  (void)jixiao::FormatNumber(v.number, 6);
  (void)jixiao::OperatorSymbol(v.op);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const jixiao::ImplyContext ctx{size > 0 && (data[0] & 1), size > 0 && (data[0] & 2)};
  const std::size_t nl = input.find('\n');
  jixiao::ParseResult target, actual;
  Exercise(input.substr(0, nl), ctx, &target);
  std::string error;
  (void)jixiao::ParsePlainNumber(input, &error);
  (void)jixiao::NormalizeText(input);
  (void)jixiao::TrimText(input);
  (void)jixiao::IsRateName(input);
  if (nl != std::string_view::npos) {
    Exercise(input.substr(nl + 1), ctx, &actual);
    if (target.value && actual.value) {
      const jixiao::Conversion c = jixiao::Convert(actual.value->unit, target.value->unit);
      Check(c.ok ? std::isfinite(c.factor) : !c.error.empty());
    }
  }
  return 0;
}
