// jixiao budget set PROJECT [--executed N [--source NAME]] [--adjusted N] [--explanation TEXT]
// [--change-explanation TEXT] --by NAME — the money spent (全年执行数, in total or of one fund
// source), the adjusted budget (全年预算数), in 万元, and the two explanations the findings ask
// for; each change an audit row.
#include <ostream>

#include "engine/cli/app.h"
#include "indicators/i18n.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

struct BudgetOptions {
  std::string project;
  std::optional<std::string> executed;     // as typed: read by the value grammar's number reader
  std::optional<std::string> adjusted;     // (full-width digits, 1,000.5, 1，000)
  std::string source;                      // a fund source; "": the total
  std::optional<std::string> explanation;  // budget.explanation
  std::optional<std::string> change_explanation;  // budget.change_explanation
  std::string by;
  std::string reason;
};

// An amount in 万元 as a person types it; throws UsageError naming the option and the text.
std::optional<double> Amount(const std::optional<std::string>& text, const char* option) {
  if (!text) return std::nullopt;
  std::string error;
  const auto v = ParsePlainNumber(*text, &error);
  if (!v) {
    throw UsageError(TrF("{} '{}': {} (an amount in 万元: write the number only, e.g. 45 or 5.6)",
                         option, Excerpt(*text), error));
  }
  return v;
}

}  // namespace

void AddBudgetCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<BudgetOptions>();
  CLI::App* cmd = app.add_subcommand("budget", "Enter budget results of a stored project");
  cmd->require_subcommand(1);
  CLI::App* set =
      cmd->add_subcommand("set", "Set 全年执行数, 全年预算数 (万元) and the budget's explanations");
  set->add_option("PROJECT", opts->project, "Project: id, name or a unique part of it")->required();
  set->add_option("--executed", opts->executed, "全年执行数 (B), 万元: the total, or --source's");
  set->add_option("--source", opts->source,
                  "A fund-source row (当年财政拨款, 上年结转资金 …: name or a unique part of it) "
                  "whose 全年执行数 --executed sets; with one source, the total and its row are "
                  "set together");
  set->add_option("--adjusted", opts->adjusted, "全年预算数 (A) after adjustment, 万元");
  set->add_option("--explanation", opts->explanation,
                  "Why execution (B/A) fell short: budget.explanation");
  set->add_option("--change-explanation", opts->change_explanation,
                  "Why 全年预算数 differs from 年初预算数: budget.change_explanation");
  set->add_option("--by", opts->by, "Who enters it")->required();
  set->add_option("--reason", opts->reason, "Why (required after sign-off)");
  set->callback([opts, &ctx] {
    BudgetEntry entry;
    entry.executed = Amount(opts->executed, "--executed");
    entry.adjusted = Amount(opts->adjusted, "--adjusted");
    entry.source = opts->source;
    entry.explanation = opts->explanation;
    entry.change_explanation = opts->change_explanation;
    auto store = OpenStore(ctx);
    const StoredProjectRef p = store->ResolveProject(opts->project);
    store->SetBudget(p, entry, ChangeContext{opts->by, opts->reason, "cli"});
    ctx.out << TrF("{}: budget updated", p.name) << "\n";
  });
}

}  // namespace jixiao
