// jixiao history PROJECT [INDICATOR] [--format text|json] — the audit trail of a project.
#include <nlohmann/json.hpp>
#include <ostream>

#include "engine/cli/app.h"
#include "indicators/i18n.h"
#include "indicators/text.h"

namespace jixiao {
namespace {

struct HistoryOptions {
  std::string project, indicator;
  std::string format = "text";
};

void RunHistory(const HistoryOptions& o, CliContext& ctx) {
  auto store = OpenStore(ctx);
  const StoredProjectRef p = store->ResolveProject(o.project);
  std::optional<StoredIndicatorRef> i;
  if (!o.indicator.empty()) i = store->ResolveIndicator(p, o.indicator);
  const auto rows = store->History(p, i);
  if (o.format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : rows) {
      j.push_back({{"id", r.id},
                   {"at", r.at},
                   {"author", r.author},
                   {"project", r.project},
                   {"indicator", r.indicator},
                   {"field", r.FieldText()},
                   {"old", r.old_value},
                   {"new", r.new_value},
                   {"reason", r.reason},
                   {"source", r.source},
                   {"after_submit", r.after_submit},
                   {"hash", r.hash}});
    }
    ctx.out << nlohmann::json{{"project", p.name}, {"history", j}}.dump(2) << "\n";
    return;
  }
  // One line per change: whatever a field holds is shown escaped (indicators/text.h), so that no
  // text can forge a line or send an escape sequence to the terminal.
  const auto t = [](std::string_view x) { return EscapeControls(x); };
  ctx.out << t(p.name) << " " << TrF("({}, {}, {})", p.year, t(p.unit), FieldName(p.status))
          << "\n";
  for (const auto& r : rows) {
    ctx.out << "  #" << r.id << "  " << ShowTime(r.at) << "  " << t(r.author) << "  "
            << (r.indicator.empty() ? "" : t(r.indicator) + "  ");
    if (r.field == AuditField::kQuestion) {
      ctx.out << Tr("question (问询)") << ": '" << t(r.new_value) << "'";
    } else if (r.field == AuditField::kAnswer) {
      ctx.out << TrF("answer to {}", t(r.old_value)) << ": '" << t(r.new_value) << "'";
    } else {
      ctx.out << r.FieldText() << ": " << (r.old_value.empty() ? "—" : "'" + t(r.old_value) + "'")
              << " → " << (r.new_value.empty() ? "—" : "'" + t(r.new_value) + "'");
      if (r.field == AuditField::kStatus && r.old_value == FieldName(ProjectStatus::kSubmitted))
        ctx.out << "  " << Tr("(returned, 退回)");
    }
    if (!r.reason.empty()) ctx.out << "  " << TrF("reason: {}", t(r.reason));
    ctx.out << "  [" << t(r.source) << "]";
    if (r.after_submit) ctx.out << "  " << Tr("AFTER SIGN-OFF");
    ctx.out << "\n";
  }
  if (rows.empty()) ctx.out << "  " << Tr("(no changes)") << "\n";
}

}  // namespace

void AddHistoryCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<HistoryOptions>();
  CLI::App* cmd = app.add_subcommand("history", "Show the audit trail of a stored project");
  cmd->add_option("PROJECT", opts->project, "Project: id, name or a unique part of it")->required();
  cmd->add_option("INDICATOR", opts->indicator, "Only this indicator");
  cmd->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([opts, &ctx] { RunHistory(*opts, ctx); });
}

}  // namespace jixiao
