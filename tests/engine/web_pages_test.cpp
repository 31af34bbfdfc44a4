// The web workspace's page renderers (engine/web/pages.h): every text escaped, the ids, names and
// classes the browser tests use, CSRF in every POST form, read-only pages without inputs.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/batch/batch.h"
#include "engine/web/assets.h"
#include "engine/web/pages.h"
#include "indicators/loader.h"

namespace jixiao::web {
namespace {

const std::string kSource = JIXIAO_SOURCE_DIR;
const std::string kXss = "<script>alert(1)</script>";
const std::string kXssShown = "&lt;script&gt;alert(1)&lt;/script&gt;";

bool Has(const std::string& html, const std::string& part) {
  return html.find(part) != std::string::npos;
}

std::size_t Count(const std::string& html, const std::string& part) {
  std::size_t n = 0;
  for (auto at = html.find(part); at != std::string::npos; at = html.find(part, at + 1)) ++n;
  return n;
}

// Every <form method="post"> of the page carries the csrf field right after its opening tag.
void CheckCsrf(const std::string& html, const std::string& token) {
  const std::string field = "<input type=\"hidden\" name=\"csrf\" value=\"" + token + "\">";
  const std::size_t forms = Count(html, "method=\"post\"");
  CHECK(forms > 0);
  CHECK(Count(html, field) == forms);
}

PageUser User(Role role, std::string name = "张三") {
  return PageUser{std::move(name), role, "tok123"};
}

// Seed 004's 基层医保工作站项目 (config/rongcheng-2024), scored: 91.14.
struct Scored {
  ProjectFile file;
  ProjectScore score;
};
Scored Jiceng() {
  LoadResult l = LoadProjectFile(kSource + "/config/rongcheng-2024/03-jiceng-gongzuozhan.yaml");
  REQUIRE(l.file);
  Scored s{std::move(*l.file), {}};
  PolicySet policies(PolicyOptions{});
  const Policy& policy = policies.Get(s.file.project.policy, s.file.project.loc.file);
  s.score = ScoreChecked(s.file.project, s.file.results, s.file.published, policy,
                         ScoreOptions{Purpose::kScore});
  return s;
}

}  // namespace

TEST_CASE("web pages: the login page") {
  const std::string html = RenderLogin(LoginView{kXss, "bad <b>password</b>"});
  CHECK(Has(html, "id=\"login-form\""));
  CHECK(Has(html, "name=\"user\""));
  CHECK(Has(html, "name=\"password\""));
  CHECK(Has(html, "id=\"login-submit\""));
  CHECK(Has(html, "class=\"error\""));
  CHECK(Has(html, "bad &lt;b&gt;password&lt;/b&gt;"));
  CHECK(Has(html, "value=\"" + kXssShown + "\""));
  CHECK_FALSE(Has(html, kXss));
  CHECK_FALSE(Has(html, "id=\"logout\""));  // nobody logged in yet
}

TEST_CASE("web pages: the overview lists each project with status, progress, total, grade") {
  OverviewView v{User(Role::kClerk, kXss), {}, ""};
  v.projects.push_back(
      {7, "基层医保工作站项目", "荣成市医疗保障局", 2024, Progress::kSubmitted, 5, 5, 91.14, "优"});
  v.projects.push_back({8, kXss, kXss, 2024, Progress::kNotStarted, 0, 4, std::nullopt, ""});
  v.projects.push_back({9, "x", "y", 2024, Progress::kInProgress, 2, 4, std::nullopt, ""});
  const std::string html = RenderOverview(v);
  CHECK(Has(html, "id=\"projects\""));
  CHECK(Has(html, "<tr data-project-id=\"7\">"));
  CHECK(Has(html, "<td class=\"progress num\">5/5</td>"));
  CHECK(Has(html, "<td class=\"total num\">91.14</td>"));
  CHECK(Has(html, "<td class=\"grade\">优</td>"));
  CHECK(Has(html, std::string(">") + ProgressLabel(Progress::kSubmitted) + "</td>"));
  CHECK(Has(html, std::string(">") + ProgressLabel(Progress::kNotStarted) + "</td>"));
  CHECK(Has(html, std::string(">") + ProgressLabel(Progress::kInProgress) + "</td>"));
  CHECK(Has(html, "href=\"/download/summary.xlsx\""));
  CHECK(Has(html, "href=\"/upload\""));  // the clerk's nav
  CHECK(Has(html, "id=\"logout\""));
  CHECK_FALSE(Has(html, kXss));
  CheckCsrf(html, "tok123");

  // A manager sees neither the unit's downloads nor the clerk's links.
  v.user = User(Role::kManager);
  const std::string manager = RenderOverview(v);
  CHECK_FALSE(Has(manager, "/download/summary"));
  CHECK_FALSE(Has(manager, "href=\"/upload\""));
  CHECK_FALSE(Has(manager, "href=\"/audit\""));
}

TEST_CASE("web pages: the 自评表 of a scored project, as its manager's form") {
  const Scored s = Jiceng();
  REQUIRE(s.score.scored);
  std::vector<StoredIndicatorRef> refs;
  std::map<std::string, ResultVersion> versions;
  for (std::size_t i = 0; i < s.file.project.indicators.size(); ++i) {
    const Indicator& ind = s.file.project.indicators[i];
    refs.push_back(StoredIndicatorRef{static_cast<std::int64_t>(100 + i), ind.key, ind.name});
    versions[ind.key].version = static_cast<std::int64_t>(40 + i);
  }
  const StoredProjectRef ref{3, s.file.project.name, 2024, s.file.project.unit,
                             ProjectStatus::kDraft};
  ProjectPage v =
      MakeProjectPage(User(Role::kManager), ref, refs, s.score, s.file.results, versions);
  // 5.6/49 = 11.43% × 10 = 1.14 plus 90 from the indicators (the README's reference figure).
  CHECK(v.total == "91.14");
  CHECK(v.total_formula == "1.14 (budget execution) + 90 (indicators) = 91.14");
  CHECK(v.grade == "优");
  REQUIRE(v.indicators.size() == s.file.project.indicators.size());
  CHECK(v.indicators[0].id == 100);
  CHECK(v.indicators[0].version == 40);
  v.editable = v.can_submit = v.can_answer = true;
  v.indicators[1].errors.push_back("实际完成值 '0.95' 不能按 ≥95% 计分");
  v.indicators[2].reason = kXss;
  v.indicators[2].conflict =
      ConflictView{"已被他人修改", "98%", "", "李四", "2026-12-01 10:04:46 +08:00", kXss};
  const std::string html = RenderProjectPage(v);
  CHECK(Has(html, "id=\"self-eval\""));
  CHECK(Count(html, "<tr data-indicator-id=") == v.indicators.size());
  CHECK(Has(html, "<tr data-indicator-id=\"100\""));
  CHECK(Has(html, "action=\"/projects/3/indicators/100\""));
  CHECK(Has(html, "<input type=\"hidden\" name=\"version\" value=\"40\">"));
  CHECK(Count(html, "<input name=\"value\"") == v.indicators.size());
  CHECK(Count(html, "<input name=\"reason\"") == v.indicators.size());
  CHECK(Count(html, "class=\"save\"") == v.indicators.size() + 1);  // + the budget form
  CHECK(Has(html, "<strong id=\"total\">91.14</strong>"));
  CHECK(Has(html, "<strong id=\"grade\">优</strong>"));
  CHECK(Has(html, "id=\"total-formula\""));
  CHECK(Has(html, "<div class=\"field-error\">实际完成值 '0.95' 不能按 ≥95% 计分</div>"));
  CHECK(Has(html, "class=\"conflict\""));
  CHECK(Has(html, "<dd class=\"stored\">98%"));
  CHECK(Has(html, "<dd class=\"yours\">" + kXssShown + "</dd>"));
  CHECK(Has(html, "id=\"budget\""));
  CHECK(Has(html, "name=\"executed\""));
  CHECK(Has(html, "name=\"explanation\""));
  CHECK(Has(html, "id=\"submit\""));
  CHECK(Has(html, "class=\"answer-form\"") == false);  // no question yet
  CHECK_FALSE(Has(html, "id=\"return-form\""));
  CHECK_FALSE(Has(html, "id=\"ask-form\""));
  for (const char* fmt : {"html", "xlsx", "csv", "md", "json", "pdf"})
    CHECK(Has(html, "href=\"/projects/3/download/" + std::string(fmt) + "\""));
  for (const char* label : {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                            "得分", "偏差原因分析及改进措施"})
    CHECK(Has(html, label));
  CHECK_FALSE(Has(html, kXss));
  CheckCsrf(html, "tok123");
}

TEST_CASE("web pages: the 自评表 read-only for the clerk and the auditor") {
  const Scored s = Jiceng();
  const StoredProjectRef ref{3, s.file.project.name, 2024, s.file.project.unit,
                             ProjectStatus::kSubmitted};
  struct Case {
    Role role;
    bool can_return, can_ask, can_answer;
  };
  const Case cases[] = {{Role::kClerk, true, false, true}, {Role::kAuditor, false, true, false}};
  for (const Case& c : cases) {
    CAPTURE(FieldName(c.role));
    ProjectPage v = MakeProjectPage(User(c.role), ref, {}, s.score, s.file.results, {});
    v.can_return = c.can_return;
    v.can_ask = c.can_ask;
    v.can_answer = c.can_answer;
    v.questions.push_back(QuestionView{42,
                                       "",
                                       PostView{"审计甲", "2026-12-01 10:00:00 +08:00", kXss},
                                       {PostView{"张三", "t", "答复 <i>"}}});
    const std::string html = RenderProjectPage(v);
    CHECK(Has(html, "id=\"self-eval\""));
    CHECK_FALSE(Has(html, "<input name=\"value\""));
    CHECK_FALSE(Has(html, "<input name=\"reason\""));
    CHECK_FALSE(Has(html, "class=\"save\""));
    CHECK_FALSE(Has(html, "id=\"submit\""));
    CHECK_FALSE(Has(html, "name=\"executed\""));
    CHECK(Has(html, "id=\"return-form\"") == c.can_return);
    CHECK(Has(html, "id=\"ask-form\"") == c.can_ask);
    CHECK(Has(html, "class=\"answer-form\"") == c.can_answer);
    CHECK(Has(html, "id=\"questions\""));
    CHECK(Has(html, "class=\"question\""));
    CHECK(Has(html, "<div class=\"answer\">"));
    CHECK(Has(html, "答复 &lt;i&gt;"));
    CHECK(Has(html, "<strong id=\"total\">91.14</strong>"));
    CHECK_FALSE(Has(html, kXss));
    CheckCsrf(html, "tok123");
  }
}

TEST_CASE("web pages: history, findings, upload and error pages escape every field") {
  const PageUser auditor = User(Role::kAuditor);
  HistoryView h{auditor, 3, kXss, {}};
  h.rows.push_back(
      {12, "2026-12-01 10:04:46 +08:00", kXss, kXss, "actual", kXss, kXss, kXss, "web", true});
  const std::string history = RenderHistory(h);
  CHECK(Has(history, "id=\"history\""));
  CHECK(Has(history, "2026-12-01 10:04:46 +08:00"));
  CHECK(Has(history, "class=\"after-submit\""));
  CHECK_FALSE(Has(history, kXss));

  FindingsView f{auditor, {}};
  f.findings.push_back(AuditFinding{Diagnostic{Severity::kWarning, "deviation", {}, kXss}, kXss,
                                    "unit", kXss, "docs/rules.md §4"});
  const std::string findings = RenderFindings(f);
  CHECK(Has(findings, "id=\"findings\""));
  CHECK(Has(findings, "<code>deviation</code>"));
  CHECK_FALSE(Has(findings, kXss));

  UploadView u{User(Role::kClerk), "", {kXss + " row 3"}, {}};
  const std::string upload = RenderUpload(u);
  CHECK(Has(upload, "enctype=\"multipart/form-data\""));
  CHECK(Has(upload, "name=\"file\""));
  CHECK(Has(upload, "<li class=\"import-error\">" + kXssShown + " row 3</li>"));
  CHECK_FALSE(Has(upload, kXss));
  CheckCsrf(upload, "tok123");

  const std::string error = RenderError(auditor, 403, kXss);
  CHECK(Has(error, "403"));
  CHECK_FALSE(Has(error, kXss));
}

TEST_CASE("web assets: app.css and app.js are compiled in") {
  bool css = false, js = false;
  for (const WebAsset& a : WebAssets()) {
    if (a.name == "app.css")
      css = a.content_type.starts_with("text/css") && Has(std::string(a.bytes), "@media print");
    if (a.name == "app.js")
      js = a.content_type.starts_with("text/javascript") && Has(std::string(a.bytes), "/preview");
  }
  CHECK(css);
  CHECK(js);
}

}  // namespace jixiao::web
