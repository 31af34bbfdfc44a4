// jixiao status [--format text|json] — where a unit's year-end job stands: every stored project
// with its 状态 (未填报: nothing entered yet; 填报中: results being entered; 已提交: signed off),
// how many indicators still lack an actual value and how many scores below the weight lack a
// deviation reason, and the score and grade where the project can be scored. Like `score --db`, it
// first checks that the results follow the audit trail (--unverified: read anyway).
#include <ostream>

#include "engine/batch/batch.h"
#include "engine/cli/app.h"
#include "engine/report/render.h"
#include "engine/store/store_batch.h"
#include "indicators/i18n.h"
#include "indicators/text.h"

namespace jixiao {
namespace {

struct StatusOptions {
  std::string format = "text";  // text | json
};

struct ProjectStatusRow {
  std::string name;
  Progress progress = Progress::kNotStarted;
  std::size_t missing_actuals = 0;
  std::size_t missing_reasons = 0;
  bool scored = false;
  double total = 0;
  std::string grade;
  bool unreadable = false;  // the project could not be read or has no known policy
};

ProjectStatusRow StatusOf(const StoredProjectRef& ref, Store::Loaded& loaded,
                          const Diagnostics& errors, PolicySet& policies, const Store& store) {
  ProjectStatusRow row;
  row.name = ref.name;
  Results& results = loaded.file.results;
  row.progress = ProgressOf(ref, results, errors.empty());
  if (!errors.empty()) {
    row.unreadable = true;
    return row;
  }
  const Project& project = loaded.file.project;
  if (results.status != Status::kNotStarted) {
    const ActualsEntered n = CountActuals(project, results);
    row.missing_actuals = n.total - n.entered;
  }
  try {
    const Policy& policy = policies.Get(project.policy, store.path());
    const ProjectScore s = ScoreChecked(project, results, loaded.file.published, policy,
                                        ScoreOptions{Purpose::kScore, /*formulas=*/false});
    for (const Finding& f : s.findings)
      if (f.code == "deviation-reason-missing") ++row.missing_reasons;
    row.scored = s.scored;
    row.total = s.total;
    row.grade = s.grade;
  } catch (const Error&) {
    row.unreadable = true;
  }
  return row;
}

void PrintText(const std::vector<ProjectStatusRow>& rows, std::ostream& out) {
  std::vector<std::vector<std::string>> cells{
      {"项目", "状态", "缺实际值", "缺偏差原因", "得分", "等级"}};
  for (const ProjectStatusRow& r : rows) {
    cells.push_back(
        {EscapeControls(r.name), ProgressLabel(r.progress), std::to_string(r.missing_actuals),
         std::to_string(r.missing_reasons),
         r.unreadable ? std::string(Tr("errors")) : (r.scored ? FormatNumber(r.total) : "—"),
         r.scored ? r.grade : "—"});
  }
  std::vector<std::size_t> widths(cells.front().size(), 0);
  for (const auto& line : cells)
    for (std::size_t c = 0; c < line.size(); ++c)
      widths[c] = std::max(widths[c], DisplayWidth(line[c]));
  for (const auto& line : cells) {
    std::string text;
    for (std::size_t c = 0; c < line.size(); ++c)
      text += (c ? "  " : "") + PadRight(line[c], widths[c]);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << "\n";
  }
}

nlohmann::json Json(const std::vector<ProjectStatusRow>& rows) {
  nlohmann::json projects = nlohmann::json::array();
  for (const ProjectStatusRow& r : rows) {
    projects.push_back({{"name", r.name},
                        {"status", ProgressCode(r.progress)},
                        {"status_label", ProgressLabel(r.progress)},
                        {"missing_actuals", r.missing_actuals},
                        {"missing_reasons", r.missing_reasons},
                        {"readable", !r.unreadable},
                        {"total", r.scored ? nlohmann::json(r.total) : nlohmann::json()},
                        {"grade", r.scored ? nlohmann::json(r.grade) : nlohmann::json()}});
  }
  return nlohmann::json{{"projects", std::move(projects)}};
}

void RunStatus(const StatusOptions& o, CliContext& ctx) {
  auto store = OpenStore(ctx);
  if (ctx.check_trail && !ctx.unverified) RequireResultsFollowTrail(*store);
  PolicySet policies(ctx.policy);
  std::vector<ProjectStatusRow> rows;
  store->ForEachProject(
      [&](const StoredProjectRef& ref, Store::Loaded&& loaded, const Diagnostics& errors) {
        rows.push_back(StatusOf(ref, loaded, errors, policies, *store));
        if (rows.back().unreadable) ctx.exit_code = 1;
      });
  if (o.format == "json") {
    ctx.out << Json(rows).dump(2) << "\n";
    return;
  }
  if (rows.empty()) {
    ctx.out << TrF("no projects in {}: `jixiao load PATH --by NAME`", store->path().string())
            << "\n";
    return;
  }
  PrintText(rows, ctx.out);
}

}  // namespace

void AddStatusCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<StatusOptions>();
  CLI::App* cmd = app.add_subcommand(
      "status", "The stored projects: 状态, missing actuals and reasons, score and grade");
  cmd->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  AddUnverifiedFlag(cmd, ctx);
  cmd->callback([opts, &ctx] { RunStatus(*opts, ctx); });
}

}  // namespace jixiao
