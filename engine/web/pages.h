// engine/web/pages.h — the web workspace's pages: server-rendered HTML that works without
// JavaScript, in the interface's language (Tr/TrF), as pure functions from view structs to text.
//
// Contract:
//  * Every text a page shows from a view (names, values, reasons, questions, messages) is
//    HTML-escaped (engine/report/escape.h): a '<script>' in a reason is shown as text.
//  * Every POST form carries the session's CSRF token in a hidden input named "csrf".
//  * The element ids, classes and input names are those the browser tests use (the web
//    workspace's HTTP contract): #login-form, #projects, #self-eval, tr[data-indicator-id],
//    .score, .formula, .field-error, .conflict, #total, #grade, #total-formula, #budget, #submit,
//    #return-form, #downloads, #questions, #ask-form, .answer-form, #history, #findings, …
//  * The pages decide nothing: who may do what comes in the view (PageUser, the can_* flags), the
//    scores from the one scorer (MakeProjectPage reads a ProjectScore).
//  * RegisterPageRoutes (page_routes.cpp) binds them to the server's routes.
#ifndef JIXIAO_ENGINE_WEB_PAGES_H_
#define JIXIAO_ENGINE_WEB_PAGES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/fields.h"
#include "engine/store/store.h"
#include "engine/store/store_batch.h"
#include "scoring/audit.h"
#include "scoring/score.h"

namespace httplib {
class Server;
}

namespace jixiao {

class WebContext;

// Adds the page routes (GET/POST /login, /, /projects/…, /audit, /upload, /download/…), registered
// on the server with the context they share with the JSON API, and the pages' static assets to
// context.assets(). Called once, before the server starts.
void RegisterPageRoutes(httplib::Server& server, WebContext& context);

namespace web {

// A role as people read it (财务/绩效管理员, 项目负责人, 审计; clerk, manager, auditor in English):
// the page header, `jixiao user` and `serve --demo` say it so; FieldName(role) is its stored code.
std::string RoleLabel(Role r);

// Who is looking: named in every page's header; `csrf` goes into every POST form.
struct PageUser {
  std::string name;
  Role role = Role::kManager;
  std::string csrf;
};

// A page's frame: title, the user's header with #logout and the links of their role, a notice
// (after a successful POST) and the page's errors, then `body` (already HTML).
struct Frame {
  std::string title;
  std::optional<PageUser> user;  // none: the login page
  std::string notice;            // e.g. "saved"
  std::vector<std::string> errors;
};
std::string RenderFrame(const Frame& frame, const std::string& body);

struct LoginView {
  std::string user;   // the name typed, kept on a failure
  std::string error;  // shown as .error; "" for none
};
std::string RenderLogin(const LoginView& v);

struct ProjectListRow {
  std::int64_t id = 0;
  std::string name, unit;
  int year = 0;
  Progress progress = Progress::kNotStarted;
  std::size_t entered = 0, total = 0;  // indicators with an actual, of all
  std::optional<double> score;         // 总分 when the project can be scored
  std::string grade;                   // 自评等级
};
struct OverviewView {
  PageUser user;
  std::vector<ProjectListRow> projects;
  std::string notice;
};
std::string RenderOverview(const OverviewView& v);

// A save refused because another changed the indicator first (HTTP 409): both values.
struct ConflictView {
  std::string message;                            // the store's ConflictError message
  std::string stored, stored_reason, author, at;  // what is stored now (at: shown time)
  std::string yours;                              // the value that was not saved
};

struct IndicatorRow {
  std::int64_t id = 0;  // the store's indicator id: the row's form posts to it
  std::string key;      // 一级/二级/三级
  std::string level1, level2, name;
  std::string target;  // 指标值 as written
  std::string weight;  // 分值
  std::string value;   // 实际完成值: as stored, or as typed when the save was refused
  std::string reason;  // 偏差原因分析及改进措施
  std::int64_t version = 0;
  std::string score;  // 得分, "" when it cannot be scored
  std::string formula;
  std::vector<std::string> errors;  // the entry check's messages for this row (.field-error)
  std::optional<ConflictView> conflict;
};

struct BudgetView {
  std::string budget;    // 全年预算数 (万元)
  std::string executed;  // 全年执行数 as stored (万元), "" for none
  std::string weight, score, formula;
  std::string explanation;          // 执行率 explanation
  std::vector<std::string> errors;  // a refused entry
};

struct PostView {
  std::string author, at, text;  // at: shown time
};
struct QuestionView {
  std::int64_t id = 0;
  std::string indicator;  // the indicator's name, "" for the project
  PostView asked;
  std::vector<PostView> answers;
};

struct ProjectPage {
  PageUser user;
  std::int64_t id = 0;
  std::string name, unit;
  int year = 0;
  bool submitted = false;
  Progress progress = Progress::kNotStarted;  // 状态
  bool editable = false;    // inputs and save buttons: the project's manager, not signed off
  bool can_submit = false;  // 提交
  bool can_return = false;  // 退回 (the clerk, a signed-off project)
  bool can_ask = false;     // 问询 (the auditor)
  bool can_answer = false;  // the manager (or the clerk)
  BudgetView budget;
  std::vector<IndicatorRow> indicators;
  std::string total, grade, total_formula;  // "" when no total
  std::vector<std::string> problems;        // why there is no total (error findings)
  std::vector<QuestionView> questions;
  std::string notice;
  std::vector<std::string> errors;
};

// The page of one scored project: rows from the score (the same scorer as `score --db`), each
// indicator's store id and version by key. The flags are left false: the caller sets them.
ProjectPage MakeProjectPage(const PageUser& user, const StoredProjectRef& ref,
                            const std::vector<StoredIndicatorRef>& indicators,
                            const ProjectScore& score, const Results& results,
                            const std::map<std::string, ResultVersion>& versions);
// The text of how the total came about: "1.14 + 90 = 91.14" (预算执行 + 指标).
std::string TotalFormula(const ProjectScore& score);
std::string RenderProjectPage(const ProjectPage& v);

struct HistoryRowView {
  std::int64_t id = 0;
  std::string at;  // shown time
  std::string author, indicator, field, old_value, new_value, reason, source;
  bool after_submit = false;
};
struct HistoryView {
  PageUser user;
  std::int64_t project_id = 0;
  std::string project;
  std::vector<HistoryRowView> rows;
};
std::string RenderHistory(const HistoryView& v);

struct FindingsView {
  PageUser user;
  std::vector<AuditFinding> findings;
};
std::string RenderFindings(const FindingsView& v);

// The upload of a filled template: the form, and after a POST the outcome like `actual import`.
struct UploadView {
  PageUser user;
  std::string summary;                // "3 row(s) entered", "" before a POST
  std::vector<std::string> errors;    // .import-error each; nothing was stored
  std::vector<std::string> warnings;  // of the entry check, for values that were stored
};
std::string RenderUpload(const UploadView& v);

// A page for an error status (403, 404, …): what went wrong, a link home.
std::string RenderError(const std::optional<PageUser>& user, int status,
                        const std::string& message);

}  // namespace web
}  // namespace jixiao

#endif  // JIXIAO_ENGINE_WEB_PAGES_H_
