// The web workspace: sessions, CSRF and the login limiter as units; the JSON API in-process, with
// httplib::Client against a WebServer on a free port and a store of seed 004's projects.
#include "engine/web/web.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <spdlog/sinks/null_sink.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "engine/web/context.h"
#include "engine/web/session.h"
#include "tests/engine/store_fixture.h"

namespace jixiao {
namespace {

using namespace jixiao::testing;
using namespace std::chrono_literals;

std::shared_ptr<spdlog::logger> QuietLog() {
  return std::make_shared<spdlog::logger>("web-test",
                                          std::make_shared<spdlog::sinks::null_sink_mt>());
}

User Manager(std::int64_t project) { return User{7, "m", Role::kManager, {project}}; }

TEST_CASE("web: session ids and CSRF tokens are random 32-byte hex, distinct") {
  const std::string a = RandomHex(32), b = RandomHex(32);
  CHECK(a.size() == 64);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a != b);
  SessionStore sessions(1h);
  const auto t0 = WebClock::time_point{} + 10h;
  const Session s = sessions.Create(Manager(1), t0);
  CHECK(s.id.size() == 64);
  CHECK(s.csrf.size() == 64);
  CHECK(s.id != s.csrf);
}

TEST_CASE("web: a session ends after its idle time, or at logout") {
  SessionStore sessions(1h);
  const auto t0 = WebClock::time_point{} + 10h;
  const Session s = sessions.Create(Manager(1), t0);
  struct Case {
    std::chrono::minutes after;  // since the last use
    bool alive;
  };
  // Each use restarts the idle time: 59 minutes after each of the two uses is still alive.
  auto t = t0;
  for (const Case c : {Case{59min, true}, Case{59min, true}, Case{60min, false}}) {
    t += c.after;
    CAPTURE(c.after.count());
    CHECK(sessions.Find(s.id, t).has_value() == c.alive);
  }
  const Session s2 = sessions.Create(Manager(1), t);
  REQUIRE(sessions.Find(s2.id, t));
  CHECK(sessions.Find(s2.id, t)->user.name == "m");
  sessions.End(s2.id);
  CHECK_FALSE(sessions.Find(s2.id, t));
  CHECK_FALSE(sessions.Find("", t));
  CHECK_FALSE(sessions.Find(std::string(64, '0'), t));
}

TEST_CASE("web: the login limiter blocks a name or an address after 5 failures in 5 minutes") {
  LoginLimiter limiter(5, 300s);
  const auto t0 = WebClock::time_point{} + 10h;
  for (int i = 0; i < 4; ++i) limiter.Failed("张三", "10.0.0.1", t0 + i * 1s);
  CHECK_FALSE(limiter.Blocked("张三", "10.0.0.1", t0 + 5s));
  limiter.Failed("张三", "10.0.0.1", t0 + 5s);
  struct Case {
    const char* name;
    const char* address;
    std::chrono::seconds at;
    bool blocked;
  };
  const Case cases[] = {
      {"张三", "10.0.0.1", 6s, true},     // the name and the address
      {"张三", "10.0.0.9", 6s, true},     // the name from elsewhere
      {"李四", "10.0.0.1", 6s, true},     // another name from the address
      {"李四", "10.0.0.9", 6s, false},    // neither
      {"张三", "10.0.0.1", 299s, true},   // the first failure (t0) still in the window
      {"张三", "10.0.0.1", 300s, false},  // it left: four remain
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CAPTURE(c.address);
    CAPTURE(c.at.count());
    CHECK(limiter.Blocked(c.name, c.address, t0 + c.at) == c.blocked);
  }
}

TEST_CASE("web: roles decide who reads and writes what") {
  const StoredProjectRef own{1, "a", 2024, "u", ProjectStatus::kDraft};
  const StoredProjectRef other{2, "b", 2024, "u", ProjectStatus::kDraft};
  const User manager = Manager(1), clerk{8, "c", Role::kClerk, {}},
             auditor{9, "a", Role::kAuditor, {}};
  struct Case {
    const User* user;
    const StoredProjectRef* project;
    bool read, write, answer;
  };
  const Case cases[] = {
      {&manager, &own, true, true, true},
      {&manager, &other, false, false, false},
      {&clerk, &own, true, false, true},
      {&auditor, &own, true, false, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.user->name);
    CAPTURE(c.project->id);
    CHECK(WebContext::MayRead(*c.user, *c.project) == c.read);
    CHECK(WebContext::MayWrite(*c.user, *c.project) == c.write);
    CHECK(WebContext::MayAnswer(*c.user, *c.project) == c.answer);
  }
  CHECK(WebContext::MayReturn(clerk));
  CHECK_FALSE(WebContext::MayReturn(manager));
  CHECK(WebContext::MayAsk(auditor));
  CHECK_FALSE(WebContext::MayAsk(clerk));
}

// A server on a free port over a store of seed 004's projects, with a clerk, an auditor and two
// managers (m1: 基层医保工作站项目, m2: another project); tokens issued before it starts.
struct WebFixture {
  TempDir t;
  std::unique_ptr<Store> store;
  std::unique_ptr<WebServer> server;
  std::thread thread;
  int port = 0;
  StoredProjectRef jiceng, other;
  std::string m1_token;

  explicit WebFixture(ServeOptions options = {}) {
    Loaded(t);
    StoreOptions so;
    so.path = t.db();
    store = Store::Open(so);
    for (const StoredProjectRef& p : store->Projects()) {
      if (p.name == "基层医保工作站项目") {
        jiceng = p;
      } else if (other.id == 0) {
        other = p;
      }
    }
    REQUIRE(jiceng.id != 0);
    REQUIRE(other.id != 0);
    store->AddUser("clerk", Role::kClerk, {}, "clerk-password");
    store->AddUser("auditor", Role::kAuditor, {}, "auditor-password");
    store->AddUser("m1", Role::kManager, {jiceng}, "m1-password");
    store->AddUser("m2", Role::kManager, {other}, "m2-password");
    m1_token = store->IssueToken("m1");
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 4;
    // On PostgreSQL the server's pool of connections (ServeOptions::store_connections).
    server =
        std::make_unique<WebServer>(*store, options, QuietLog(), [so] { return Store::Open(so); });
    port = server->Bind();
    thread = std::thread([this] { server->Run(); });
  }
  ~WebFixture() {
    server->Stop();
    thread.join();
  }

  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    return c;
  }
};

// A logged-in client: its cookie and CSRF token.
struct Login {
  std::string cookie, csrf;
  httplib::Headers Read() const { return {{"Cookie", cookie}}; }
  httplib::Headers Write() const { return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}; }
};

Login LogIn(const WebFixture& f, const std::string& user, const std::string& password) {
  auto c = f.Client();
  const auto r = c.Post("/api/login", nlohmann::json{{"user", user}, {"password", password}}.dump(),
                        "application/json");
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  const std::string set = r->get_header_value("Set-Cookie");
  CHECK(set.find("HttpOnly") != std::string::npos);
  CHECK(set.find("SameSite=Strict") != std::string::npos);
  const auto j = nlohmann::json::parse(r->body);
  CHECK(j["user"] == user);
  return Login{set.substr(0, set.find(';')), j["csrf"].get<std::string>()};
}

nlohmann::json Json(const httplib::Result& r) {
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->get_header_value("Content-Type").find("application/json") == 0);
  return nlohmann::json::parse(r->body);
}

// The store's indicator id of the indicator whose key ends with `name`, from a project's JSON.
std::string IndicatorId(const nlohmann::json& project, const std::string& name) {
  for (const auto& [key, id] : project["indicator_ids"].items()) {
    if (key.size() >= name.size() && key.compare(key.size() - name.size(), name.size(), name) == 0)
      return std::to_string(id.get<std::int64_t>());
  }
  FAIL("no indicator " << name);
  return "";
}

std::string ActualPath(const WebFixture& f, const std::string& indicator) {
  return "/api/projects/" + std::to_string(f.jiceng.id) + "/indicators/" + indicator + "/actual";
}

// The server answers (after an attack, a refusal).
void StillServing(const WebFixture& f) {
  auto c = f.Client();
  const auto r = c.Get("/login");
  REQUIRE(r);
  CHECK(r->status == 200);
}

TEST_CASE("web API: login, the project list, a project scored as `score --db` scores it") {
  WebFixture f;
  auto c = f.Client();
  const std::string project = "/api/projects/" + std::to_string(f.jiceng.id);

  SUBCASE("without a session: 401 JSON, security headers") {
    for (const char* path : {"/api/projects", "/api/me"}) {
      const auto r = c.Get(path);
      REQUIRE(r);
      CHECK(r->status == 401);
      CHECK(Json(r)["error"] == "unauthenticated");
      CHECK(r->get_header_value("Content-Security-Policy") == "default-src 'self'");
      CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
      CHECK(r->get_header_value("X-Frame-Options") == "DENY");
      CHECK(r->get_header_value("Referrer-Policy") == "same-origin");
    }
    const auto r = c.Get(project.c_str());
    REQUIRE(r);
    CHECK(r->status == 401);
  }
  SUBCASE("the clerk lists all projects; a manager only theirs") {
    const Login clerk = LogIn(f, "clerk", "clerk-password");
    const auto all = Json(c.Get("/api/projects", clerk.Read()))["projects"];
    CHECK(all.size() == f.store->Projects().size());
    const Login m1 = LogIn(f, "m1", "m1-password");
    const auto own = Json(c.Get("/api/projects", m1.Read()))["projects"];
    REQUIRE(own.size() == 1);
    CHECK(own[0]["name"] == "基层医保工作站项目");
    CHECK(own[0]["status"] == "draft");
    CHECK(own[0]["total"].get<double>() == doctest::Approx(91.14));
    CHECK(own[0]["progress"]["entered"] == own[0]["progress"]["total"]);
  }
  SUBCASE("a project's total is `score --db`'s") {
    const Login m1 = LogIn(f, "m1", "m1-password");
    const auto j = Json(c.Get(project.c_str(), m1.Read()));
    CHECK(j["total"].get<double>() == doctest::Approx(91.14));
    CHECK(j["total"].get<double>() == doctest::Approx(Total(f.t, "基层医保工作站项目")));
    CHECK(j["status"] == "draft");
    CHECK(j["versions"].size() == j["indicator_ids"].size());
  }
}

TEST_CASE("web API: entering an actual, refused values, conflicts, roles, CSRF, tokens") {
  WebFixture f;
  auto c = f.Client();
  const Login m1 = LogIn(f, "m1", "m1-password");
  const std::string project = "/api/projects/" + std::to_string(f.jiceng.id);
  const nlohmann::json before = Json(c.Get(project.c_str(), m1.Read()));
  const std::string satisfaction = IndicatorId(before, "/服务对象满意度");
  const std::string satisfaction_key = [&] {
    for (const auto& [key, id] : before["indicator_ids"].items())
      if (std::to_string(id.get<std::int64_t>()) == satisfaction) return key;
    return std::string();
  }();
  const std::int64_t version = before["versions"][satisfaction_key].get<std::int64_t>();
  const std::string path = ActualPath(f, satisfaction);
  const auto put = [&](const httplib::Headers& h, const nlohmann::json& body) {
    return c.Put(path.c_str(), h, body.dump(), "application/json");
  };

  SUBCASE("a value saved re-scores the project; the trail names the user") {
    // 服务对象满意度 ≥90%: 81% → 81/90 × 10 = 9 instead of 10: 91.14 − 1 = 90.14.
    const auto r =
        put(m1.Write(), {{"value", "81%"}, {"reason", "窗口人手不足"}, {"version", version}});
    REQUIRE(r);
    INFO(r->body);
    CHECK(r->status == 200);
    const auto j = Json(r);
    CHECK(j["total"].get<double>() == doctest::Approx(90.14));
    CHECK(j["versions"][satisfaction_key].get<std::int64_t>() > version);
    CHECK(Total(f.t, "基层医保工作站项目") == doctest::Approx(90.14));
    const auto h = Json(c.Get((project + "/history").c_str(), m1.Read()))["rows"];
    REQUIRE(!h.empty());
    CHECK(h.back()["author"] == "m1");
    CHECK(h.back()["source"] == "web");
    CHECK(InDb(f.t, {"verify"}).rc == 0);
  }
  SUBCASE("a refused value: 422 with the entry check's diagnostic, nothing stored") {
    // 0.95 against ≥90%: 95%? or 0.95%? — ambiguous, refused by the one entry check.
    const auto r = put(m1.Write(), {{"value", "0.95"}, {"version", version}});
    REQUIRE(r);
    CHECK(r->status == 422);
    const auto j = Json(r);
    CHECK(j["error"] == "invalid");
    REQUIRE(!j["diagnostics"].empty());
    Store::Entry e;
    e.project = f.jiceng;
    e.indicator = StoredIndicatorRef{std::stoll(satisfaction), satisfaction_key, "服务对象满意度"};
    e.value = "0.95";
    const Diagnostics expected = f.store->CheckEntries({e});
    REQUIRE(!expected.empty());
    CHECK(j["diagnostics"][0]["code"] == expected[0].code);
    CHECK(j["diagnostics"][0]["message"] == expected[0].message);
    CHECK(Total(f.t, "基层医保工作站项目") == doctest::Approx(91.14));
  }
  SUBCASE("a stale version: 409 with both values, nothing stored") {
    REQUIRE(put(m1.Write(), {{"value", "85%"}, {"version", version}})->status == 200);
    const auto r = put(m1.Write(), {{"value", "81%"}, {"version", version}});
    REQUIRE(r);
    CHECK(r->status == 409);
    const auto j = Json(r);
    CHECK(j["error"] == "conflict");
    CHECK(j["stored"]["value"] == "85%");
    CHECK(j["stored"]["author"] == "m1");
    CHECK(j["yours"] == "81%");
    CHECK(!j["message"].get<std::string>().empty());
  }
  SUBCASE("a preview re-scores and writes nothing") {
    const auto r = c.Post((project + "/preview").c_str(), m1.Write(),
                          nlohmann::json{{"indicator", satisfaction}, {"value", "81%"}}.dump(),
                          "application/json");
    const auto j = Json(r);
    CHECK(r->status == 200);
    CHECK(j["project"]["total"].get<double>() == doctest::Approx(90.14));
    CHECK(j["diagnostics"].empty());
    const auto bad = Json(c.Post(
        (project + "/preview").c_str(), m1.Write(),
        nlohmann::json{{"indicator", satisfaction}, {"value", "0.95"}}.dump(), "application/json"));
    CHECK(!bad["diagnostics"].empty());
    CHECK(bad["project"]["total"].get<double>() == doctest::Approx(91.14));
    CHECK(Total(f.t, "基层医保工作站项目") == doctest::Approx(91.14));
  }
  SUBCASE("403: another manager's project, an auditor's write, a write without CSRF token") {
    const Login m2 = LogIn(f, "m2", "m2-password");
    CHECK(c.Get(project.c_str(), m2.Read())->status == 403);
    CHECK(put(m2.Write(), {{"value", "81%"}})->status == 403);
    const Login auditor = LogIn(f, "auditor", "auditor-password");
    CHECK(c.Get(project.c_str(), auditor.Read())->status == 200);
    CHECK(put(auditor.Write(), {{"value", "81%"}})->status == 403);
    const auto no_csrf = put(m1.Read(), {{"value", "81%"}});
    CHECK(no_csrf->status == 403);
    CHECK(Json(no_csrf)["error"] == "csrf");
    CHECK(put({{"Cookie", m1.cookie}, {"X-CSRF-Token", std::string(64, 'a')}}, {{"value", "81%"}})
              ->status == 403);
    CHECK(Total(f.t, "基层医保工作站项目") == doctest::Approx(91.14));
    StillServing(f);
  }
  SUBCASE("an API token needs no CSRF token; a wrong one is 401") {
    const auto r = put({{"Authorization", "Bearer " + f.m1_token}}, {{"value", "81%"}});
    REQUIRE(r);
    INFO(r->body);
    CHECK(r->status == 200);
    CHECK(put({{"Authorization", "Bearer " + std::string(64, '0')}}, {{"value", "81%"}})->status ==
          401);
  }
  SUBCASE("malformed JSON: 400, and the server keeps serving") {
    const auto r = c.Put(path.c_str(), m1.Write(), "{\"value\": ", "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(Json(r)["error"] == "bad-request");
    CHECK(put(m1.Write(), {{"value", 95}})->status == 400);  // a number, not its text
    StillServing(f);
  }
  SUBCASE("unknown project or indicator: 404") {
    CHECK(c.Get("/api/projects/99999", m1.Read())->status == 404);
    CHECK(c.Put(ActualPath(f, "99999").c_str(), m1.Write(), "{}", "application/json")->status ==
          404);
  }
}

TEST_CASE("web API: sign-off, 退回, questions and answers") {
  WebFixture f;
  auto c = f.Client();
  const std::string project = "/api/projects/" + std::to_string(f.jiceng.id);
  const Login m1 = LogIn(f, "m1", "m1-password");
  const Login clerk = LogIn(f, "clerk", "clerk-password");
  const Login auditor = LogIn(f, "auditor", "auditor-password");

  CHECK(c.Post((project + "/submit").c_str(), clerk.Write(), "", "application/json")->status ==
        403);
  const auto submitted =
      Json(c.Post((project + "/submit").c_str(), m1.Write(), "", "application/json"));
  CHECK(submitted["status"] == "submitted");
  CHECK(c.Post((project + "/return").c_str(), m1.Write(), R"({"reason":"x"})", "application/json")
            ->status == 403);
  const auto returned = c.Post((project + "/return").c_str(), clerk.Write(),
                               R"({"reason":"偏差原因不完整"})", "application/json");
  INFO(returned->body);
  CHECK(returned->status == 200);
  CHECK(Json(returned)["status"] == "draft");

  CHECK(c.Post((project + "/questions").c_str(), m1.Write(), R"({"text":"?"})", "application/json")
            ->status == 403);
  const auto asked = c.Post((project + "/questions").c_str(), auditor.Write(),
                            R"({"text":"满意度调查的样本量是多少？"})", "application/json");
  REQUIRE(asked->status == 201);
  const std::int64_t qid = Json(asked)["id"];
  const std::string answers = project + "/questions/" + std::to_string(qid) + "/answers";
  CHECK(c.Post(answers.c_str(), auditor.Write(), R"({"text":"x"})", "application/json")->status ==
        403);
  CHECK(c.Post(answers.c_str(), m1.Write(), R"({"text":"发放问卷 200 份"})", "application/json")
            ->status == 201);
  const auto qs = Json(c.Get((project + "/questions").c_str(), clerk.Read()))["questions"];
  REQUIRE(qs.size() == 1);
  CHECK(qs[0]["author"] == "auditor");
  REQUIRE(qs[0]["answers"].size() == 1);
  CHECK(qs[0]["answers"][0]["author"] == "m1");
  CHECK(InDb(f.t, {"verify"}).rc == 0);
}

TEST_CASE("web API: limits — login rate, body size — and the server keeps serving") {
  WebFixture f;
  auto c = f.Client();
  SUBCASE("6 bad logins: 429") {
    for (int i = 0; i < 5; ++i) {
      const auto r =
          c.Post("/api/login", R"({"user":"m1","password":"wrong-password"})", "application/json");
      REQUIRE(r);
      CHECK(r->status == 401);
    }
    const auto r =
        c.Post("/api/login", R"({"user":"m1","password":"m1-password"})", "application/json");
    REQUIRE(r);
    CHECK(r->status == 429);
    CHECK(Json(r)["error"] == "rate-limited");
    StillServing(f);
  }
  SUBCASE("a body over 4 MiB: 413") {
    const std::string big(4 * 1024 * 1024 + 1, 'x');
    const auto r = c.Post("/api/login", big, "application/json");
    REQUIRE(r);
    CHECK(r->status == 413);
    StillServing(f);
  }
}

}  // namespace
}  // namespace jixiao
