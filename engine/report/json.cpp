// JSON: the whole report for other tools. Each project is `jixiao score --format json`'s object
// (engine/report/render.h, the core's contract), with the 汇总表 and 自评综述 beside them.
#include <map>

#include "engine/report/formats.h"
#include "engine/report/render.h"

namespace jixiao::report {
namespace {

// A table as laid out: every cell with its place, span, text and (for numbers) value, so that
// the JSON carries all the table holds (年初预算数, fund-source rows, 资金管理情况 …).
nlohmann::json GridJson(const Grid& g) {
  nlohmann::json cells = nlohmann::json::array();
  for (const Cell& c : g.cells) {
    nlohmann::json x{{"row", c.row}, {"col", c.col}, {"text", c.text}};
    if (c.rows > 1) x["rows"] = c.rows;
    if (c.cols > 1) x["cols"] = c.cols;
    if (c.number) x["number"] = *c.number;
    cells.push_back(std::move(x));
  }
  return {{"title", g.title},
          {"subtitle", g.subtitle},
          {"rows", g.rows},
          {"cols", g.cols},
          {"cells", cells}};
}

}  // namespace

std::string Json(const ReportData& d) {
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& [title, form] :
       {std::pair{"中央对下转移支付项目绩效自评", Form::kCentralTransfer},
        std::pair{"本级项目支出绩效自评", Form::kLocal}}) {
    nlohmann::json rows = nlohmann::json::array();
    std::map<std::string, int> counts{
        {"优", 0}, {"良", 0}, {"中", 0}, {"差", 0}, {"项目暂未开展", 0}};
    int n = 0;
    for (const ScoredProject* p : d.projects) {
      if (p->file.project.form != form) continue;
      ++counts[GradeText(*p)];
      rows.push_back({{"no", ++n},
                      {"name", p->file.project.name},
                      {"unit", p->file.project.unit},
                      {"total", p->score.scored ? nlohmann::json(p->score.total) : nullptr},
                      {"grade", GradeText(*p)}});
    }
    if (rows.empty()) continue;
    groups.push_back({{"title", title}, {"projects", rows}, {"grades", counts}});
  }
  const auto items = [](const std::vector<OverviewItem>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& it : v)
      a.push_back({{"project", it.project}, {"heading", it.heading}, {"text", it.text}});
    return a;
  };
  // Only in a report of a store; a report of files keeps its bytes.
  const auto with_anchor = [&](nlohmann::json j) {
    if (d.anchor)
      j["audit_trail"] = {{"head", d.anchor->head},         {"rows", d.anchor->rows},
                          {"first_at", d.anchor->first_at}, {"last_at", d.anchor->last_at},
                          {"keyed", d.anchor->keyed},       {"line", TrailAnchorLine(*d.anchor)}};
    return j.dump(2) + "\n";
  };
  if (d.summary_only) {
    return with_anchor({{"year", d.year},
                        {"department", d.department},
                        {"summary", {{"title", d.summary.title}, {"groups", groups}}}});
  }
  nlohmann::json projects = nlohmann::json::array();
  for (const ScoredProject* p : d.evaluated) {
    ProjectScore s = p->score;  // load-time warnings first, as `jixiao score` gives them
    s.findings.insert(s.findings.begin(), p->load_warnings.begin(), p->load_warnings.end());
    projects.push_back(ScoreJson(s, p->file.results));
  }
  nlohmann::json tables = nlohmann::json::array();
  for (const Grid& g : d.tables) tables.push_back(GridJson(g));
  const Overview& ov = d.overview;
  nlohmann::json j{{"year", d.year},
                   {"department", d.department},
                   {"summary", {{"title", d.summary.title}, {"groups", groups}}},
                   {"overview",
                    {{"title", ov.title},
                     {"work", ov.work},
                     {"lead", ov.lead},
                     {"judgement", ov.judgement},
                     {"listing", ov.listing},
                     {"items", items(ov.local)},
                     {"annex", ov.annex},
                     {"central_lead", ov.central_lead},
                     {"central_items", items(ov.central)},
                     {"central_annex", ov.central_annex},
                     {"key_evaluation", ov.key_evaluation}}},
                   {"projects", projects},
                   {"tables", tables}};
  if (!d.has_summary) {
    j.erase("summary");
    j.erase("overview");
  }
  return with_anchor(std::move(j));
}

}  // namespace jixiao::report
