// jixiao value TEXT... — shows how each target or actual value is read, for the person whose
// target did not score as expected.
#include <nlohmann/json.hpp>
#include <ostream>

#include "engine/cli/app.h"
#include "engine/report/render.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

struct ValueOptions {
  std::vector<std::string> texts;
  std::string format = "text";  // text | json
  bool timeliness = false;      // read bare values as under 时效指标
  bool rate = false;            // read bare values as a rate's target
};

void RunValue(const ValueOptions& o, CliContext& ctx) {
  nlohmann::json values = nlohmann::json::array();
  for (const auto& text : o.texts) {
    ParseResult r = ParseValue(text);
    std::string warning;
    if (r.value && (o.timeliness || o.rate)) {
      warning = ResolveImplied(*r.value, ImplyContext{o.timeliness, o.rate});
    }
    if (!r.value) ctx.exit_code = 1;
    if (o.format == "json") {
      nlohmann::json j = ValueJson(text, r);
      if (!warning.empty()) j["warning"] = warning;
      values.push_back(std::move(j));
    } else {
      ctx.out << ValueText(text, r) << "\n";
      if (!warning.empty())
        ctx.out << "  " << SeverityLabel(Severity::kWarning) << ": " << warning << "\n";
    }
  }
  if (o.format == "json") ctx.out << nlohmann::json{{"values", values}}.dump(2) << "\n";
}

}  // namespace

void AddValueCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<ValueOptions>();
  CLI::App* cmd = app.add_subcommand("value", "Show how target or actual values are read");
  cmd->add_option("TEXT", opts->texts, "Values as written in a table: '≥95%' '≤5万元/年' 显著提升")
      ->required();
  cmd->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_flag("--timeliness", opts->timeliness,
                "Read operator-less values as targets under 时效指标 (a bare duration means ≤)");
  cmd->add_flag("--rate", opts->rate,
                "Read operator-less values as a rate's target (bare 1 = 100%)");
  cmd->callback([opts, &ctx] { RunValue(*opts, ctx); });
}

}  // namespace jixiao
