#include "engine/web/context.h"

#include <charconv>

#include "engine/report/render.h"
#include "engine/web/pages.h"
#include "indicators/i18n.h"
#include "scoring/entry.h"

namespace jixiao {
namespace {

// A decimal id as typed in a path or a form; nullopt for anything else.
std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// The value of cookie `name` in a Cookie header ("a=1; jixiao_session=…").
std::string CookieValue(const std::string& header, std::string_view name) {
  std::string_view rest = header;
  while (!rest.empty()) {
    const std::size_t semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const std::size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name)
      return std::string(part.substr(eq + 1));
  }
  return {};
}

bool Answers(const User& u, const StoredProjectRef& p) {
  for (std::int64_t id : u.projects)
    if (id == p.id) return true;
  return false;
}

}  // namespace

WebContext::WebContext(const std::vector<Store*>& stores, const ServeOptions& options,
                       std::shared_ptr<spdlog::logger> log)
    : options_(options),
      log_(std::move(log)),
      pool_(stores, options.policies),
      sessions_(std::chrono::minutes(options.session_idle_minutes)),
      limiter_(options.login_attempts, std::chrono::seconds(options.login_window_seconds)) {}

// --- Who asks ---

std::optional<Caller> WebContext::CallerOf(const httplib::Request& req) {
  const std::string auth = req.get_header_value("Authorization");
  if (!auth.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.size() <= kBearer.size() || auth.compare(0, kBearer.size(), kBearer) != 0)
      return std::nullopt;
    const std::string token = auth.substr(kBearer.size());
    std::optional<User> u = WithStore([&](Store& s) { return s.UserByToken(token); });
    if (!u) return std::nullopt;
    return Caller{std::move(*u), std::nullopt};
  }
  const std::string id = CookieValue(req.get_header_value("Cookie"), kSessionCookie);
  if (id.empty()) return std::nullopt;
  std::optional<Session> s = sessions_.Find(id, WebClock::now());
  if (!s) return std::nullopt;
  User u = s->user;
  return Caller{std::move(u), std::move(s)};
}

bool WebContext::CsrfOk(const httplib::Request& req, const Caller& caller) const {
  if (caller.by_token()) return true;
  std::string sent = req.get_header_value(kCsrfHeader);
  if (sent.empty() && req.has_param(kCsrfField)) sent = req.get_param_value(kCsrfField);
  if (sent.empty() && req.has_file(kCsrfField)) sent = req.get_file_value(kCsrfField).content;
  return !sent.empty() && SameSecret(sent, caller.session->csrf);
}

bool WebContext::LoginBlocked(const std::string& name, const std::string& address) {
  return limiter_.Blocked(name, address, WebClock::now());
}

std::optional<Session> WebContext::Login(const std::string& name, const std::string& password,
                                         const std::string& address) {
  // The hashing (tens of milliseconds) after the store is let go: logins do not hold up saves.
  std::optional<Credentials> found = WithStore([&](Store& s) { return s.FindCredentials(name); });
  std::optional<User> u = pool_.unleased().CheckPassword(std::move(found), password);
  if (!u) {
    limiter_.Failed(name, address, WebClock::now());
    log_->info("web: failed login for '{}' from {}", name, address);
    return std::nullopt;
  }
  log_->info("web: {} logged in from {}", u->name, address);
  return sessions_.Create(*u, WebClock::now());
}

std::string WebContext::SessionCookie(const std::string& id) const {
  std::string c = std::string(kSessionCookie) + "=" + id + "; HttpOnly; SameSite=Strict; Path=/";
  if (id.empty()) c += "; Max-Age=0";
  if (options_.secure_cookie) c += "; Secure";
  return c;
}

// --- What they may do ---

bool WebContext::MayRead(const User& u, const StoredProjectRef& p) {
  return u.role != Role::kManager || Answers(u, p);
}
bool WebContext::MayWrite(const User& u, const StoredProjectRef& p) {
  return u.role == Role::kManager && Answers(u, p);
}
bool WebContext::MayReturn(const User& u) { return u.role == Role::kClerk; }
bool WebContext::MayAsk(const User& u) { return u.role == Role::kAuditor; }
bool WebContext::MayAnswer(const User& u, const StoredProjectRef& p) {
  return u.role == Role::kClerk || MayWrite(u, p);
}
bool WebContext::MayUpload(const User& u) { return u.role == Role::kClerk; }
bool WebContext::MayDownloadUnit(const User& u) {
  return u.role == Role::kClerk || u.role == Role::kAuditor;
}

// --- Reading ---

std::optional<StoredProjectRef> WebContext::FindProject(const std::string& id) {
  const std::optional<std::int64_t> n = ParseId(id);
  if (!n) return std::nullopt;
  return WithStore([&](Store& s) { return s.ProjectById(*n); });
}

std::optional<StoredIndicatorRef> WebContext::FindIndicator(const StoredProjectRef& p,
                                                            const std::string& id) {
  const std::optional<std::int64_t> n = ParseId(id);
  if (!n) return std::nullopt;
  return WithStore([&](Store& s) -> std::optional<StoredIndicatorRef> {
    for (StoredIndicatorRef& i : s.Indicators(p))
      if (i.id == *n) return std::move(i);
    return std::nullopt;
  });
}

std::vector<ProjectRow> WebContext::ProjectList(const User& u) {
  const StorePool::Lease slot = pool_.Acquire();
  std::vector<StoredProjectRef> refs;
  for (StoredProjectRef& p : slot->store.Projects())
    if (MayRead(u, p)) refs.push_back(std::move(p));
  const bool all = u.role != Role::kManager;
  std::vector<ProjectRow> rows;
  ForEachStoredProject(
      slot->store, all ? nullptr : &refs, slot->policies, *log_,
      [&](const StoredProjectRef& ref, std::filesystem::path path, ProjectFile&& file,
          Diagnostics&& warnings, const Policy& policy) {
        ProjectRow row;
        row.ref = ref;
        row.progress = ProgressOf(ref, file.results, true);
        row.entered = CountActuals(file.project, file.results);
        ScoredProject sp;
        ScoreInto(sp, std::move(path), std::move(file), std::move(warnings), policy);
        row.scored = sp.score.scored;
        row.total = sp.score.total;
        row.grade = sp.score.grade;
        rows.push_back(std::move(row));
      },
      [&](const StoredProjectRef& ref, RejectedFile&&) {
        ProjectRow row;
        row.ref = ref;
        row.progress = ProgressOf(ref, Results{}, false);
        row.readable = false;
        rows.push_back(std::move(row));
      });
  return rows;
}

ScoredStored WebContext::ScoreOn(StorePool::Slot& slot, const StoredProjectRef& p,
                                 const EditBeforeScoring& edit) {
  ScoredStored out;
  out.ref = p;
  const std::vector<StoredProjectRef> refs{p};
  ForEachStoredProject(
      slot.store, &refs, slot.policies, *log_,
      [&](const StoredProjectRef&, std::filesystem::path path, ProjectFile&& file,
          Diagnostics&& warnings, const Policy& policy) {
        if (edit) edit(file, policy);
        out.scored = std::make_unique<ScoredProject>();
        ScoreInto(*out.scored, std::move(path), std::move(file), std::move(warnings), policy);
      },
      [&](const StoredProjectRef&, RejectedFile&& r) { out.errors = std::move(r.diagnostics); });
  return out;
}

ScoredStored WebContext::Score(const StoredProjectRef& p) {
  const StorePool::Lease slot = pool_.Acquire();
  return ScoreOn(*slot, p, nullptr);
}

ScoredStored WebContext::ReadForJsonOn(StorePool::Slot& slot, const StoredProjectRef& p,
                                       const EditBeforeScoring& edit) {
  // The versions before the values: each read is its own snapshot, and a write by another
  // connection (another slot, another process) may come between them. Read in this order, such a
  // write leaves the page with an older version than its value (its next save is a conflict, and
  // reloads), never a newer one (which would let that save overwrite a value it never showed).
  std::map<std::string, std::int64_t> versions;
  for (const auto& [key, v] : slot.store.Versions(p)) versions[key] = v.version;
  ScoredStored s = ScoreOn(slot, p, edit);
  s.versions = std::move(versions);
  for (const StoredIndicatorRef& i : slot.store.Indicators(p)) s.indicator_ids[i.key] = i.id;
  return s;
}

nlohmann::json WebContext::ProjectJsonOf(const ScoredStored& s) {
  nlohmann::json j;
  if (s.scored) {
    j = ScoredProjectJson(*s.scored);
    // As the page shows it, so that a preview updates the page without arithmetic of its own.
    j["total_formula"] = web::TotalFormula(s.scored->score);
  } else {
    j = {{"name", s.ref.name}, {"scored", false}};
    nlohmann::json errors = nlohmann::json::array();
    for (const Diagnostic& d : s.errors) errors.push_back(DiagnosticJson(d));
    j["errors"] = std::move(errors);
  }
  j["id"] = s.ref.id;
  j["status"] = FieldName(s.ref.status);
  j["versions"] = s.versions;
  j["indicator_ids"] = s.indicator_ids;
  if (s.scored) {
    const Results& r = s.scored->file.results;
    j["progress_status"] = ProgressCode(ProgressOf(s.ref, r, true));
    const ActualsEntered n = CountActuals(s.scored->file.project, r);
    j["progress"] = {{"entered", n.entered}, {"total", n.total}};
  } else {
    j["progress_status"] = ProgressCode(ProgressOf(s.ref, Results{}, false));
  }
  return j;
}

nlohmann::json WebContext::ProjectJson(const StoredProjectRef& p) {
  ScoredStored s;
  {
    const StorePool::Lease slot = pool_.Acquire();
    // The reference again: its status may have changed since the caller read it.
    s = ReadForJsonOn(*slot, slot->store.ProjectById(p.id).value_or(p), nullptr);
  }
  return ProjectJsonOf(s);
}

Preview WebContext::PreviewEntry(const StoredProjectRef& p, const StoredIndicatorRef& i,
                                 const std::string& value, const std::string& reason) {
  Preview out;
  ScoredStored s;
  std::optional<StorePool::Lease> slot(pool_.Acquire());
  Store::Entry entry;
  entry.project = p;
  entry.indicator = i;
  entry.value = value;
  entry.reason = reason;
  out.diagnostics = (*slot)->store.CheckEntries({entry});
  const bool refused = HasErrors(out.diagnostics);
  s = ReadForJsonOn(**slot, p, [&](ProjectFile& file, const Policy& policy) {
    if (refused) return;  // the stored project, unchanged: a refused value is never scored
    Actual& a = file.results.actuals[i.key];
    if (!reason.empty()) a.reason = reason;
    if (value.empty()) return;
    for (const Indicator& ind : file.project.indicators) {
      if (ind.key != i.key) continue;
      EntryCheck c = CheckActual(ind, value, policy, SourceLoc{}, a.judgement);
      if (c.value) a.value = std::move(c.value);
    }
  });
  slot.reset();  // let go before building the JSON
  out.project = ProjectJsonOf(s);
  return out;
}

// --- Answers ---

void WebContext::SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void WebContext::SendError(httplib::Response& res, int status, const std::string& code,
                           const std::string& message) {
  SendJson(res, status, {{"error", code}, {"message", message}});
}

int WebContext::HttpStatusOf(const std::exception& e) {
  if (dynamic_cast<const ConflictError*>(&e)) return 409;
  if (dynamic_cast<const InputError*>(&e)) return 422;
  if (const auto* u = dynamic_cast<const UsageError*>(&e)) {
    if (u->code() == "no-question" || u->code() == "unknown-indicator" ||
        u->code() == "unknown-project")
      return 404;
    return u->code() == "reason-required" ? 422 : 400;
  }
  if (const auto* s = dynamic_cast<const StoreError*>(&e))
    return s->code() == "store-locked" ? 503 : 500;
  if (const auto* err = dynamic_cast<const Error*>(&e)) {
    // A change the project's state does not allow now (signed off, not signed off).
    if (err->code() == "submitted" || err->code() == "not-submitted") return 409;
    return 422;
  }
  return 500;
}

nlohmann::json WebContext::ErrorJson(const std::exception& e) {
  if (const auto* c = dynamic_cast<const ConflictError*>(&e)) {
    return {{"error", "conflict"},
            {"message", c->what()},
            {"indicator", c->indicator},
            {"stored",
             {{"value", c->stored.actual},
              {"reason", c->stored.reason},
              {"version", c->stored.version},
              {"author", c->stored.author},
              {"at", c->stored.at}}},
            {"yours", c->yours}};
  }
  if (const auto* in = dynamic_cast<const InputError*>(&e)) {
    nlohmann::json ds = nlohmann::json::array();
    for (const Diagnostic& d : in->diagnostics()) ds.push_back(DiagnosticJson(d));
    return {{"error", "invalid"}, {"message", in->what()}, {"diagnostics", std::move(ds)}};
  }
  if (const auto* err = dynamic_cast<const Error*>(&e))
    return {{"error", err->code()}, {"message", err->what()}};
  return {{"error", "internal"}, {"message", Tr("internal error: the server logged it")}};
}

}  // namespace jixiao
