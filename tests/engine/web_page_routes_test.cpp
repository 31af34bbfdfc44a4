// The web workspace's pages through the server (engine/web/page_routes.cpp), in-process with
// httplib::Client over a store of seed 004's projects: forms post and redirect, a refused value
// comes back at its field in Chinese (422), a stale save shows both values (409), the clerk's
// 退回 and upload (all rows or none), the auditor's question and the manager's answer, downloads.
#include <doctest/doctest.h>
#include <httplib.h>
#include <spdlog/sinks/null_sink.h>

#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <thread>

#include "engine/store/sheet_import.h"
#include "engine/web/web.h"
#include "indicators/i18n.h"
#include "tests/engine/store_fixture.h"

namespace jixiao {
namespace {

using namespace jixiao::testing;

// A server on a free port over seed 004's projects: clerk, auditor, m1 (基层医保工作站项目).
struct PageServer {
  TempDir t;
  std::unique_ptr<Store> store;
  std::unique_ptr<WebServer> server;
  std::thread thread;
  int port = 0;
  StoredProjectRef jiceng;

  PageServer() {
    Loaded(t);
    StoreOptions so;
    so.path = t.db();
    store = Store::Open(so);
    for (const StoredProjectRef& p : store->Projects())
      if (p.name == "基层医保工作站项目") jiceng = p;
    REQUIRE(jiceng.id != 0);
    store->AddUser("clerk", Role::kClerk, {}, "clerk-password");
    store->AddUser("auditor", Role::kAuditor, {}, "auditor-password");
    store->AddUser("m1", Role::kManager, {jiceng}, "m1-password");
    ServeOptions options;
    options.port = 0;
    options.threads = 4;
    server = std::make_unique<WebServer>(
        *store, options,
        std::make_shared<spdlog::logger>("pages", std::make_shared<spdlog::sinks::null_sink_mt>()));
    port = server->Bind();
    thread = std::thread([this] { server->Run(); });
  }
  ~PageServer() {
    server->Stop();
    thread.join();
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(60, 0);
    return c;
  }
  std::string Project() const { return "/projects/" + std::to_string(jiceng.id); }
  StoredIndicatorRef Indicator(const std::string& name) const {
    for (const StoredIndicatorRef& i : store->Indicators(jiceng))
      if (i.name == name) return i;
    FAIL("no indicator " << name);
    return {};
  }
};

// A browser's session: its cookie and the CSRF token of its pages.
struct Browser {
  const PageServer& s;
  std::string cookie, csrf;

  Browser(const PageServer& server, const std::string& user, const std::string& password)
      : s(server) {
    auto c = s.Client();
    const auto r = c.Post("/login", httplib::Params{{"user", user}, {"password", password}});
    REQUIRE(r);
    REQUIRE(r->status == 303);
    CHECK(r->get_header_value("Location") == "/");
    const std::string set = r->get_header_value("Set-Cookie");
    cookie = set.substr(0, set.find(';'));
    const auto home = Get("/");
    std::smatch m;
    REQUIRE(std::regex_search(home, m, std::regex("name=\"csrf-token\" content=\"([0-9a-f]+)\"")));
    csrf = m[1];
  }
  httplib::Result GetResult(const std::string& path) const {
    auto c = s.Client();
    return c.Get(path.c_str(), httplib::Headers{{"Cookie", cookie}});
  }
  std::string Get(const std::string& path, int status = 200) const {
    const auto r = GetResult(path);
    REQUIRE(r);
    CHECK(r->status == status);
    return r->body;
  }
  // A form post with the session's token (unless `with_csrf` is false).
  httplib::Result Post(const std::string& path, httplib::Params params,
                       bool with_csrf = true) const {
    if (with_csrf) params.emplace("csrf", csrf);
    auto c = s.Client();
    return c.Post(path.c_str(), httplib::Headers{{"Cookie", cookie}}, params);
  }
};

bool Has(const std::string& html, const std::string& part) {
  return html.find(part) != std::string::npos;
}

// Whether the UTF-8 text holds a Chinese character (U+4E00 … U+9FFF).
bool HasHanzi(const std::string& text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    if ((b0 & 0xF0) != 0xE0 || (b1 & 0xC0) != 0x80) continue;
    const unsigned cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) |
                        (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
    if (cp >= 0x4E00 && cp <= 0x9FFF) return true;
  }
  return false;
}

// The hidden version of an indicator's row.
std::string RowVersion(const std::string& html, std::int64_t indicator) {
  const std::string action = "/indicators/" + std::to_string(indicator) + "\">";
  const auto at = html.find(action);
  REQUIRE(at != std::string::npos);
  std::smatch m;
  const std::string rest = html.substr(at, 400);
  REQUIRE(std::regex_search(rest, m, std::regex("name=\"version\" value=\"(\\d+)\"")));
  return m[1];
}

// The interface in Chinese for one test (the built catalogue next to the test binary's folder).
struct Chinese {
  std::string dir;
  Chinese() {
    dir = (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "locale")
              .string();
    REQUIRE(std::filesystem::exists(dir + "/zh_CN/LC_MESSAGES/jixiao.mo"));
    ActivateLanguage(Lang::kZh, dir);
  }
  ~Chinese() { ActivateLanguage(Lang::kEn, dir); }
};

}  // namespace

TEST_CASE("web pages: login, the overview, the 自评表 with its total") {
  PageServer s;
  auto c = s.Client();
  for (const char* path : {"/", "/projects/1", "/audit", "/upload", "/download/summary.html"}) {
    CAPTURE(path);
    const auto r = c.Get(path);
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(r->get_header_value("Location") == "/login");
  }
  const auto bad = c.Post("/login", httplib::Params{{"user", "m1"}, {"password", "wrong-one"}});
  REQUIRE(bad);
  CHECK(bad->status == 401);
  CHECK(Has(bad->body, "class=\"error\""));

  const Browser m1(s, "m1", "m1-password");
  const std::string home = m1.Get("/");
  CHECK(Has(home, "id=\"projects\""));
  CHECK(Has(home, "<tr data-project-id=\"" + std::to_string(s.jiceng.id) + "\">"));
  CHECK(Has(home, "<td class=\"total num\">91.14</td>"));
  const std::string page = m1.Get(s.Project());
  CHECK(Has(page, "id=\"self-eval\""));
  CHECK(Has(page, "<strong id=\"total\">91.14</strong>"));
  CHECK(Has(page, "id=\"submit\""));
  CHECK(Has(page, "<input name=\"value\""));
  const auto css = m1.GetResult("/static/app.css");
  REQUIRE(css);
  CHECK(css->status == 200);
  CHECK(Has(css->get_header_value("Content-Type"), "text/css"));

  // A form post without the token: 403, nothing done; logout ends the session.
  const auto forged = m1.Post(s.Project() + "/submit", {}, false);
  REQUIRE(forged);
  CHECK(forged->status == 403);
  CHECK(s.store->ResolveProject(s.jiceng.name).status == ProjectStatus::kDraft);
  CHECK(m1.Post("/logout", {})->status == 303);
  CHECK(m1.GetResult("/")->status == 303);
}

TEST_CASE("web pages: a save, a refused value at its field in Chinese, a conflict") {
  PageServer s;
  const Browser m1(s, "m1", "m1-password");
  const StoredIndicatorRef sat = s.Indicator("服务对象满意度");
  const std::string path = s.Project() + "/indicators/" + std::to_string(sat.id);
  const std::string version = RowVersion(m1.Get(s.Project()), sat.id);

  SUBCASE("a refused value: 422, the entry check's message in the row, nothing stored") {
    const Chinese zh;
    const auto r = m1.Post(path, {{"value", "0.95"}, {"reason", ""}, {"version", version}});
    REQUIRE(r);
    CHECK(r->status == 422);
    std::smatch m;
    const std::string& body = r->body;
    REQUIRE(std::regex_search(body, m, std::regex("<div class=\"field-error\">([^<]+)</div>")));
    CHECK(HasHanzi(m[1]));               // the entry check's message in Chinese
    CHECK(Has(body, "value=\"0.95\""));  // as typed
    CHECK(s.store->Versions(s.jiceng).at(sat.key).actual == "98%");
  }
  SUBCASE("a save redirects back; a save over it from the old page is a conflict") {
    const auto ok =
        m1.Post(path, {{"value", "96%"}, {"reason", "问卷回收率低"}, {"version", version}});
    REQUIRE(ok);
    CHECK(ok->status == 303);
    CHECK(Has(ok->get_header_value("Location"), s.Project() + "?done=saved"));
    CHECK(s.store->Versions(s.jiceng).at(sat.key).actual == "96%");
    const auto stale = m1.Post(path, {{"value", "97%"}, {"reason", ""}, {"version", version}});
    REQUIRE(stale);
    CHECK(stale->status == 409);
    CHECK(Has(stale->body, "class=\"conflict\""));
    CHECK(Has(stale->body, "<dd class=\"stored\">96%"));
    CHECK(Has(stale->body, "<dd class=\"yours\">97%</dd>"));
    CHECK(s.store->Versions(s.jiceng).at(sat.key).actual == "96%");
  }
}

TEST_CASE("web pages: sign-off, the clerk's 退回, the auditor's question and the answer") {
  PageServer s;
  const Browser m1(s, "m1", "m1-password"), clerk(s, "clerk", "clerk-password"),
      auditor(s, "auditor", "auditor-password");
  CHECK(m1.Post(s.Project() + "/submit", {})->status == 303);
  CHECK(Has(clerk.Get("/"), ">已提交</td>"));
  const std::string clerk_page = clerk.Get(s.Project());
  CHECK(Has(clerk_page, "id=\"return-form\""));
  CHECK_FALSE(Has(clerk_page, "<input name=\"value\""));
  // The auditor writes no result: a save is refused.
  CHECK(auditor.Post(s.Project() + "/submit", {})->status == 403);
  CHECK(clerk.Post(s.Project() + "/return", {{"reason", "满意度偏高，请核实"}})->status == 303);
  CHECK(s.store->ResolveProject(s.jiceng.name).status == ProjectStatus::kDraft);

  const std::string ask_page = auditor.Get(s.Project());
  CHECK(Has(ask_page, "id=\"ask-form\""));
  CHECK(auditor
            .Post(s.Project() + "/questions",
                  {{"text", "<script>alert(1)</script> 问卷样本量？"}, {"indicator", ""}})
            ->status == 303);
  const std::string mine = m1.Get(s.Project());
  std::smatch m;
  REQUIRE(std::regex_search(mine, m, std::regex("data-question-id=\"(\\d+)\"")));
  CHECK(Has(mine, "&lt;script&gt;alert(1)&lt;/script&gt; 问卷样本量？"));
  CHECK_FALSE(Has(mine, "<script>alert(1)</script>"));
  CHECK(Has(mine, "class=\"answer-form\""));
  CHECK(m1.Post(s.Project() + "/questions/" + std::string(m[1]) + "/answers",
                {{"text", "样本量 320 份"}})
            ->status == 303);
  CHECK(Has(auditor.Get(s.Project()), "样本量 320 份"));
  CHECK(Has(auditor.Get(s.Project() + "/history"), "id=\"history\""));
  CHECK(Has(auditor.Get("/audit"), "id=\"findings\""));
  CHECK(m1.Get("/audit", 403).size() > 0);
}

TEST_CASE("web pages: the clerk's upload is all rows or none; downloads") {
  PageServer s;
  const Browser clerk(s, "clerk", "clerk-password");
  const StoredIndicatorRef sat = s.Indicator("服务对象满意度");
  const StoredIndicatorRef cost = s.Indicator("其他成本");
  const auto sheet = [&](const std::string& sat_value) {
    std::string csv;
    for (std::size_t i = 0; i < std::size(kSheetHeaders); ++i)
      csv += (i ? "," : "") + std::string(kSheetHeaders[i]);
    csv += "\n" + s.jiceng.name + "," + cost.key + ",,,,,,3万元,\n";
    csv += s.jiceng.name + "," + sat.key + ",,,,,," + sat_value + ",\n";
    return csv;
  };
  const auto upload = [&](const std::string& csv) {
    auto c = s.Client();
    return c.Post("/upload", httplib::Headers{{"Cookie", clerk.cookie}},
                  httplib::MultipartFormDataItems{{"file", csv, "filled.csv", "text/csv"},
                                                  {"csrf", clerk.csrf, "", ""}});
  };
  const auto bad = upload(sheet("0.95"));
  REQUIRE(bad);
  CHECK(bad->status == 422);
  CHECK(Has(bad->body, "class=\"import-error\""));
  CHECK(s.store->Versions(s.jiceng).at(cost.key).actual == "2万元");  // nothing stored
  const auto good = upload(sheet("97%"));
  REQUIRE(good);
  CHECK(good->status == 303);
  CHECK(s.store->Versions(s.jiceng).at(cost.key).actual == "3万元");
  CHECK(s.store->Versions(s.jiceng).at(sat.key).actual == "97%");
  CHECK(Has(clerk.Get(good->get_header_value("Location")), "2 row(s) entered"));

  const auto xlsx = clerk.GetResult(s.Project() + "/download/xlsx");
  REQUIRE(xlsx);
  CHECK(xlsx->status == 200);
  CHECK(xlsx->body.rfind("PK", 0) == 0);
  CHECK(Has(xlsx->get_header_value("Content-Disposition"), "attachment; filename="));
  const auto summary = clerk.GetResult("/download/summary.html");
  REQUIRE(summary);
  CHECK(summary->status == 200);
  CHECK(Has(summary->body, "基层医保工作站项目"));
  const Browser m1(s, "m1", "m1-password");
  CHECK(m1.GetResult("/download/summary.html")->status == 403);
  CHECK(m1.GetResult("/upload")->status == 403);
}

}  // namespace jixiao
