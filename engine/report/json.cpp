// JSON: the whole report for other tools. Each project is `jixiao score --format json`'s object
// (engine/report/render.h, the core's contract), with the 汇总表 and 自评综述 beside them.
#include <map>

#include "engine/report/formats.h"
#include "engine/report/render.h"

namespace jixiao::report {

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
  for (const ScoredProject* p : d.projects) {
    ProjectScore s = p->score;  // load-time warnings first, as `jixiao score` gives them
    s.findings.insert(s.findings.begin(), p->load_warnings.begin(), p->load_warnings.end());
    projects.push_back(ScoreJson(s, p->file.results));
  }
  const Overview& ov = d.overview;
  nlohmann::json j{{"year", d.year},
                   {"department", d.department},
                   {"summary", {{"title", d.summary.title}, {"groups", groups}}},
                   {"overview",
                    {{"title", ov.title},
                     {"lead", ov.lead},
                     {"items", items(ov.local)},
                     {"central_lead", ov.central_lead},
                     {"central_items", items(ov.central)}}},
                   {"projects", projects}};
  return with_anchor(std::move(j));
}

}  // namespace jixiao::report
