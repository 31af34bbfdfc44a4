// engine/web/context.h — what the JSON API and the pages share: the store's pool of connections,
// who is asking (session cookie or API token), the CSRF check, what each role may do, and the
// scored projects, their list and their JSON — each in one place.
//
// Contract:
//  * Every store call goes through WithStore, on a slot of the StorePool (store_pool.h): one
//    connection on SQLite (calls one at a time), options().store_connections on PostgreSQL.
//  * Scores come from the scorer of `score --db` (engine/store/store_batch.h, ScoreInto); a
//    project's JSON is ScoredProjectJson (engine/report/render.h), what `score --format json`
//    prints.
//  * Roles are decided here only: a manager reads and writes the projects they answer for; the
//    clerk and auditors read all and write no result; the clerk returns (退回); auditors ask
//    (问询); the manager of a project and the clerk answer.
//  * Errors of the store map to HTTP statuses here only (HttpStatusOf).
#ifndef JIXIAO_ENGINE_WEB_CONTEXT_H_
#define JIXIAO_ENGINE_WEB_CONTEXT_H_

#include <httplib.h>
#include <spdlog/logger.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/batch/batch.h"
#include "engine/store/store.h"
#include "engine/store/store_batch.h"
#include "engine/web/session.h"
#include "engine/web/store_pool.h"
#include "engine/web/web.h"

namespace jixiao {

inline constexpr const char* kSessionCookie = "jixiao_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";
inline constexpr const char* kCsrfField = "csrf";  // the hidden input of every POST form

// Who makes a request, and how they proved it.
struct Caller {
  User user;
  std::optional<Session> session;  // set when authenticated by the session cookie
  bool by_token() const { return !session.has_value(); }
  // The CSRF token to put into forms ("" for an API token).
  std::string csrf() const { return session ? session->csrf : std::string(); }
};

// A stored project scored, or why it could not be.
struct ScoredStored {
  StoredProjectRef ref;
  std::unique_ptr<ScoredProject> scored;  // null when the project could not be read or scored
  Diagnostics errors;                     // why not
  // Read with it, for the project's JSON: each current indicator's ResultVersion::version and
  // store id, by indicator key (filled by ProjectJson and PreviewEntry only).
  std::map<std::string, std::int64_t> versions, indicator_ids;
};

// One row of the project list.
struct ProjectRow {
  StoredProjectRef ref;
  Progress progress = Progress::kNotStarted;  // 未填报 / 填报中 / 已提交
  ActualsEntered entered;                     // actuals entered of the applicable indicators
  bool scored = false;
  double total = 0;
  std::string grade;
  bool readable = true;
};

// The outcome of a preview: the project as scored with one value replaced, nothing written.
struct Preview {
  nlohmann::json project;   // as ProjectJson; null when the project could not be scored
  Diagnostics diagnostics;  // the entry check's problems of the value and reason
};

// The files served under /static/ (the pages' CSS and script, embedded in the binary): filled
// by RegisterPageRoutes before the server starts, read-only afterwards.
struct StaticAsset {
  std::string content_type;  // "text/css; charset=utf-8"
  std::string body;
};
class AssetTable {
 public:
  // `name` without the /static/ prefix: "app.css".
  void Add(const std::string& name, std::string content_type, std::string body) {
    assets_[name] = StaticAsset{std::move(content_type), std::move(body)};
  }
  const StaticAsset* Find(const std::string& name) const {
    auto it = assets_.find(name);
    return it == assets_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, StaticAsset> assets_;
};

class WebContext {
 public:
  // `stores`: one (SQLite) or several connections to the same store (StorePool).
  WebContext(const std::vector<Store*>& stores, const ServeOptions& options,
             std::shared_ptr<spdlog::logger> log);

  const ServeOptions& options() const { return options_; }
  spdlog::logger& log() { return *log_; }
  SessionStore& sessions() { return sessions_; }
  LoginLimiter& limiter() { return limiter_; }
  AssetTable& assets() { return assets_; }

  // Runs fn(store) on a slot of the pool, held for the call; returns what fn returns.
  template <class F>
  auto WithStore(F&& fn) {
    const StorePool::Lease slot = pool_.Acquire();
    return fn(slot->store);
  }

  // --- Who asks ---
  // The caller of a request: a live session cookie, or `Authorization: Bearer TOKEN`.
  std::optional<Caller> CallerOf(const httplib::Request& req);
  // A write by the caller is allowed: an API token needs no CSRF token; a session must send its
  // token in the X-CSRF-Token header or the form field `csrf`.
  bool CsrfOk(const httplib::Request& req, const Caller& caller) const;
  // Login: the session, or nullopt for wrong credentials (counted by the limiter). Call Blocked
  // first: a blocked login must not be tried.
  std::optional<Session> Login(const std::string& name, const std::string& password,
                               const std::string& address);
  bool LoginBlocked(const std::string& name, const std::string& address);
  // The Set-Cookie value of a session (an empty id: the cookie cleared).
  std::string SessionCookie(const std::string& id) const;

  // --- What they may do ---
  static bool MayRead(const User& u, const StoredProjectRef& p);
  static bool MayWrite(const User& u, const StoredProjectRef& p);   // results, budget, submit
  static bool MayReturn(const User& u);                             // 退回: the clerk
  static bool MayAsk(const User& u);                                // 问询: auditors
  static bool MayAnswer(const User& u, const StoredProjectRef& p);  // its manager, the clerk
  static bool MayUpload(const User& u);                             // the clerk
  static bool MayDownloadUnit(const User& u);                       // the clerk, auditors

  // --- Reading ---
  // The project with this id (decimal text), or nullopt when there is none.
  std::optional<StoredProjectRef> FindProject(const std::string& id);
  // The indicator of p with this id (decimal text), or nullopt.
  std::optional<StoredIndicatorRef> FindIndicator(const StoredProjectRef& p, const std::string& id);
  // The projects the user may read, in id order, with 状态, progress, total and grade.
  std::vector<ProjectRow> ProjectList(const User& u);
  // The project scored as `score --db` scores it.
  ScoredStored Score(const StoredProjectRef& p);
  // ScoredProjectJson of the project, plus "id", "status" (draft|submitted), "progress_status"
  // (not-started|in-progress|submitted) and "versions" {indicator key: version}; also
  // "indicator_ids" {indicator key: store id}.
  nlohmann::json ProjectJson(const StoredProjectRef& p);
  // The project scored with indicator i's actual `value` and deviation `reason` replaced ("" =
  // as stored), through the store's entry check; nothing is written.
  Preview PreviewEntry(const StoredProjectRef& p, const StoredIndicatorRef& i,
                       const std::string& value, const std::string& reason);

  // --- Answers ---
  static void SendJson(httplib::Response& res, int status, const nlohmann::json& body);
  static void SendError(httplib::Response& res, int status, const std::string& code,
                        const std::string& message);
  // The HTTP status of an exception of the store or the scorer (409 conflict, 422 refused
  // input, 400 usage, 404 none such, 500 otherwise) and its JSON body.
  static int HttpStatusOf(const std::exception& e);
  static nlohmann::json ErrorJson(const std::exception& e);

 private:
  // On a held slot: the project scored, `edit` applied to it first when given.
  using EditBeforeScoring = std::function<void(ProjectFile& file, const Policy& policy)>;
  ScoredStored ScoreOn(StorePool::Slot& slot, const StoredProjectRef& p,
                       const EditBeforeScoring& edit);
  // On a held slot: the project scored as ScoreOn, with its versions and indicator ids.
  ScoredStored ReadForJsonOn(StorePool::Slot& slot, const StoredProjectRef& p,
                             const EditBeforeScoring& edit);
  // The JSON of what ReadForJsonOn read: built after the slot is let go.
  static nlohmann::json ProjectJsonOf(const ScoredStored& s);

  ServeOptions options_;
  std::shared_ptr<spdlog::logger> log_;
  StorePool pool_;  // the stores, each with its PolicySet
  SessionStore sessions_;
  LoginLimiter limiter_;
  AssetTable assets_;
};

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_WEB_CONTEXT_H_
