// The project page: the 自评表 as a form (one form per indicator row), the budget form, the
// total with its formula, sign-off and 退回, downloads and the question threads (问询).
#include <algorithm>

#include "engine/report/escape.h"
#include "engine/web/pages.h"
#include "engine/web/pages_internal.h"
#include "indicators/i18n.h"
#include "indicators/value.h"

namespace jixiao::web {

std::string TotalFormula(const ProjectScore& s) {
  if (!s.scored || s.not_started) return "";
  double indicators = 0, na_weight = 0;
  for (const IndicatorScore& is : s.indicators) {
    if (is.indicator->applicable) {
      indicators += is.score;
    } else {
      na_weight += is.weight;
    }
  }
  const std::string exec = FormatNumber(s.execution.score);
  if (na_weight > 0) {
    return TrF("({} (budget execution) + {} (indicators)) × 100 / (100 − {} not applicable) = {}",
               exec, FormatNumber(indicators), FormatNumber(na_weight), FormatNumber(s.total));
  }
  return TrF("{} (budget execution) + {} (indicators) = {}", exec, FormatNumber(indicators),
             FormatNumber(s.total));
}

ProjectPage MakeProjectPage(const PageUser& user, const StoredProjectRef& ref,
                            const std::vector<StoredIndicatorRef>& indicators,
                            const ProjectScore& score, const Results& results,
                            const std::map<std::string, ResultVersion>& versions) {
  ProjectPage v;
  v.user = user;
  v.id = ref.id;
  v.name = ref.name;
  v.unit = ref.unit;
  v.year = ref.year;
  v.submitted = ref.status == ProjectStatus::kSubmitted;
  v.progress = ProgressOf(ref, results, true);
  const ExecutionScore& e = score.execution;
  v.budget.budget = FormatNumber(e.budget, 4);
  v.budget.executed = results.executed ? FormatNumber(*results.executed, 4) : "";
  v.budget.weight = FormatNumber(e.weight);
  v.budget.score = e.known ? FormatNumber(e.score) : "";
  v.budget.formula = e.known ? e.formula : "";
  v.budget.explanation = results.execution_explanation;
  for (const IndicatorScore& is : score.indicators) {
    const Indicator& ind = *is.indicator;
    IndicatorRow row;
    const auto stored = std::find_if(indicators.begin(), indicators.end(),
                                     [&](const StoredIndicatorRef& r) { return r.key == ind.key; });
    if (stored != indicators.end()) row.id = stored->id;
    row.key = ind.key;
    row.level1 = Level1Name(ind.level1);
    row.level2 = Level2Name(ind.level2);
    row.name = ind.name;
    row.target = ind.target.text;
    row.weight = FormatNumber(is.weight);
    if (is.actual) {
      if (is.actual->value) row.value = is.actual->value->text;
      row.reason = is.actual->reason;
    }
    if (const auto it = versions.find(ind.key); it != versions.end())
      row.version = it->second.version;
    row.score = is.scored ? FormatNumber(is.score) : "";
    row.formula = is.formula;
    v.indicators.push_back(std::move(row));
  }
  if (score.scored) {
    v.total = FormatNumber(score.total);
    v.grade = score.grade;
    v.total_formula = TotalFormula(score);
  } else {
    for (const Finding& f : score.findings)
      if (f.severity == Severity::kError) v.problems.push_back(f.message);
  }
  return v;
}

namespace {

std::string Conflict(const ConflictView& c) {
  return "<div class=\"conflict\" role=\"alert\"><p>" + E(c.message) + "</p><dl><dt>" +
         E(Tr("Stored now")) + "</dt><dd class=\"stored\">" + E(c.stored) +
         (c.stored_reason.empty() ? ""
                                  : " <span class=\"reason\">" + E(c.stored_reason) + "</span>") +
         " <span class=\"by\">" + E(TrF("({}, {})", c.author, c.at)) + "</span></dd><dt>" +
         E(Tr("Your value (not saved)")) + "</dt><dd class=\"yours\">" + E(c.yours) +
         "</dd></dl></div>";
}

// How many consecutive rows from `i` share the same 一级 (level 1) or 二级 (and 一级) name.
std::size_t RunLength(const std::vector<IndicatorRow>& rows, std::size_t i, bool level2) {
  std::size_t n = 1;
  while (i + n < rows.size() && rows[i + n].level1 == rows[i].level1 &&
         (!level2 || rows[i + n].level2 == rows[i].level2))
    ++n;
  return n;
}

std::string IndicatorTr(const ProjectPage& v, const std::vector<IndicatorRow>& rows,
                        std::size_t i) {
  const IndicatorRow& r = rows[i];
  const std::string iid = std::to_string(r.id);
  const std::string form = "row-" + iid;
  std::string o = "<tr data-indicator-id=\"" + iid + "\" data-key=\"" + E(r.key) + "\"" +
                  (r.errors.empty() && !r.conflict ? "" : " class=\"has-error\"") + ">";
  if (i == 0 || rows[i - 1].level1 != r.level1) {
    o += "<td class=\"level1\" rowspan=\"" + std::to_string(RunLength(rows, i, false)) + "\">" +
         E(r.level1) + "</td>";
  }
  if (i == 0 || rows[i - 1].level1 != r.level1 || rows[i - 1].level2 != r.level2) {
    o += "<td class=\"level2\" rowspan=\"" + std::to_string(RunLength(rows, i, true)) + "\">" +
         E(r.level2) + "</td>";
  }
  o += "<td class=\"name\">" + E(r.name) + "</td><td class=\"target\">" + E(r.target) +
       "</td><td class=\"weight num\">" + E(r.weight) + "</td>";
  if (v.editable) {
    o += "<td class=\"value\"><input name=\"value\" form=\"" + form + "\" value=\"" + E(r.value) +
         "\" aria-label=\"" + E(TrF("实际完成值 of {}", r.name)) + "\"></td>";
  } else {
    o += "<td class=\"value\">" + E(r.value) + "</td>";
  }
  o += "<td class=\"score-cell num\"><span class=\"score\">" + E(r.score) +
       "</span></td><td class=\"reason\">";
  if (v.editable) {
    o += "<input name=\"reason\" form=\"" + form + "\" value=\"" + E(r.reason) +
         "\" aria-label=\"" + E(TrF("偏差原因 of {}", r.name)) + "\">";
  } else {
    o += E(r.reason);
  }
  o += "<div class=\"formula\">" + E(r.formula) + "</div>";
  for (const std::string& e : r.errors) o += "<div class=\"field-error\">" + E(e) + "</div>";
  if (r.conflict) o += Conflict(*r.conflict);
  if (v.editable && r.errors.empty()) o += "<div class=\"field-error\" hidden></div>";
  o += "</td>";
  if (v.editable) {
    o += "<td class=\"actions\"><form id=\"" + form + "\" method=\"post\" action=\"/projects/" +
         std::to_string(v.id) + "/indicators/" + iid + "\">" + CsrfField(v.user) +
         "<input type=\"hidden\" name=\"version\" value=\"" + std::to_string(r.version) +
         "\"><button type=\"submit\" class=\"save\">" + E(Tr("Save")) + "</button></form></td>";
  }
  return o + "</tr>\n";
}

std::string SelfEvalTable(const ProjectPage& v) {
  std::string o = "<table id=\"self-eval\" class=\"form\" data-project-id=\"" +
                  std::to_string(v.id) + "\">\n<thead><tr><th class=\"level1\">一级指标</th>" +
                  "<th class=\"level2\">二级指标</th><th>三级指标</th><th>年度指标值</th>" +
                  "<th>分值</th><th>实际完成值</th><th>得分</th><th>偏差原因分析及改进措施</th>" +
                  (v.editable ? "<th class=\"actions\"></th>" : "") + "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < v.indicators.size(); ++i) o += IndicatorTr(v, v.indicators, i);
  o += "</tbody>\n<tfoot><tr class=\"total-row\"><th colspan=\"4\">总分</th><td class=\"num\">100"
       "</td><td></td><td class=\"num\"><strong id=\"total\">" +
       E(v.total.empty() ? "—" : v.total) + "</strong></td><td>自评等级：<strong id=\"grade\">" +
       E(v.grade.empty() ? "—" : v.grade) +
       "</strong><div id=\"total-formula\" class=\"formula\">" + E(v.total_formula) +
       "</div></td>" + (v.editable ? "<td></td>" : "") + "</tr></tfoot>\n</table>\n";
  return o;
}

// The budget's figures; for its manager a form (#budget) with 全年执行数 and the explanation.
std::string BudgetSection(const ProjectPage& v) {
  const BudgetView& b = v.budget;
  std::string o = v.editable
                      ? "<form id=\"budget\" class=\"budget\" method=\"post\" action=\"/projects/" +
                            std::to_string(v.id) + "/budget\">" + CsrfField(v.user)
                      : std::string("<section id=\"budget\" class=\"budget\">");
  o += "<h2>" + E(Tr("Budget execution")) + "</h2>\n";
  const std::string executed = v.editable
                                   ? "<input name=\"executed\" inputmode=\"decimal\" value=\"" +
                                         E(b.executed) + "\" aria-label=\"全年执行数\">"
                                   : E(b.executed.empty() ? "—" : b.executed);
  const std::string explanation = v.editable
                                      ? "<textarea name=\"explanation\" rows=\"2\" aria-label=\"" +
                                            E(Tr("Explanation of the execution rate")) + "\">" +
                                            E(b.explanation) + "</textarea>"
                                      : E(b.explanation);
  o += "<table class=\"form budget-table\"><thead><tr><th>全年预算数（万元）</th>"
       "<th>全年执行数（万元）</th><th>分值</th><th>得分</th><th>" +
       E(Tr("Explanation of the execution rate")) +
       "</th></tr></thead><tbody><tr><td class=\"num\">" + E(b.budget) + "</td><td class=\"num\">" +
       executed + "</td><td class=\"num\">" + E(b.weight) +
       "</td><td class=\"num\"><span class=\"score\" id=\"execution-score\">" + E(b.score) +
       "</span><div class=\"formula\">" + E(b.formula) + "</div></td><td>" + explanation;
  for (const std::string& e : b.errors) o += "<div class=\"field-error\">" + E(e) + "</div>";
  o += "</td></tr></tbody></table>\n";
  if (!v.editable) return o + "</section>\n";
  return o + "<button type=\"submit\" class=\"save\">" + E(Tr("Save the budget")) +
         "</button></form>\n";
}

std::string Post(const PostView& p, const char* cls) {
  return "<div class=\"" + std::string(cls) + "\"><p class=\"meta\"><span class=\"author\">" +
         E(p.author) + "</span> <span class=\"time\">" + E(p.at) + "</span></p><p class=\"text\">" +
         E(p.text) + "</p></div>";
}

std::string QuestionsSection(const ProjectPage& v) {
  const std::string pid = std::to_string(v.id);
  std::string o = "<section id=\"questions\"><h2>" + E(Tr("Questions (问询)")) + "</h2>\n";
  if (v.questions.empty()) o += "<p class=\"empty\">" + E(Tr("No questions.")) + "</p>\n";
  for (const QuestionView& q : v.questions) {
    o += "<article class=\"question\" data-question-id=\"" + std::to_string(q.id) + "\">";
    o += "<p class=\"about\">" +
         E(q.indicator.empty() ? std::string(Tr("The project as a whole")) : q.indicator) + "</p>";
    o += Post(q.asked, "asked");
    for (const PostView& a : q.answers) o += Post(a, "answer");
    if (v.can_answer) {
      o += "<form class=\"answer-form\" method=\"post\" action=\"/projects/" + pid + "/questions/" +
           std::to_string(q.id) + "/answers\">" + CsrfField(v.user) +
           "<textarea name=\"text\" rows=\"2\" required aria-label=\"" + E(Tr("Answer")) +
           "\"></textarea><button type=\"submit\">" + E(Tr("Answer")) + "</button></form>";
    }
    o += "</article>\n";
  }
  if (v.can_ask) {
    o += "<form id=\"ask-form\" method=\"post\" action=\"/projects/" + pid + "/questions\">" +
         CsrfField(v.user) + "<label>" + E(Tr("About")) +
         " <select name=\"indicator\"><option value=\"\">" + E(Tr("The project as a whole")) +
         "</option>";
    for (const IndicatorRow& r : v.indicators)
      o += "<option value=\"" + std::to_string(r.id) + "\">" + E(r.name) + "</option>";
    o += "</select></label><textarea name=\"text\" rows=\"3\" required aria-label=\"" +
         E(Tr("Question")) + "\"></textarea><button type=\"submit\">" + E(Tr("Ask")) +
         "</button></form>\n";
  }
  return o + "</section>\n";
}

}  // namespace

std::string RenderProjectPage(const ProjectPage& v) {
  const std::string pid = std::to_string(v.id);
  std::string o =
      "<h1 class=\"form-title\">项目支出绩效自评表</h1>\n<p class=\"project-meta\">"
      "<span>项目名称：<strong class=\"project-name\">" +
      E(v.name) + "</strong></span> <span>项目实施单位：" + E(v.unit) + "</span> <span>" +
      E(TrF("Year {}", v.year)) + "</span> <span class=\"project-status\">" +
      E(ProgressLabel(v.progress)) + "</span> <a href=\"/projects/" + pid + "/history\">" +
      E(Tr("History")) + "</a></p>\n";
  for (const std::string& p : v.problems) o += "<p class=\"problem\">" + E(p) + "</p>\n";
  o += BudgetSection(v);
  o += SelfEvalTable(v);
  if (v.can_submit) {
    o += "<form class=\"signoff\" method=\"post\" action=\"/projects/" + pid + "/submit\">" +
         CsrfField(v.user) + "<button type=\"submit\" id=\"submit\">" + E(Tr("Sign off (提交)")) +
         "</button></form>\n";
  }
  if (v.can_return) {
    o += "<form id=\"return-form\" method=\"post\" action=\"/projects/" + pid + "/return\">" +
         CsrfField(v.user) + "<label>" + E(Tr("Reason for returning it to the manager")) +
         "<textarea name=\"reason\" rows=\"2\" required></textarea></label><button "
         "type=\"submit\">" +
         E(Tr("Return (退回)")) + "</button></form>\n";
  }
  o += "<section id=\"downloads\"><h2>" + E(Tr("Downloads")) + "</h2><p>";
  for (const char* fmt : kDownloadFormats) {
    o += "<a class=\"download\" href=\"/projects/" + pid + "/download/" + fmt + "\">" + fmt +
         "</a> ";
  }
  o += "</p></section>\n";
  o += QuestionsSection(v);
  return RenderFrame(Frame{v.name, v.user, v.notice, v.errors}, o);
}

}  // namespace jixiao::web
