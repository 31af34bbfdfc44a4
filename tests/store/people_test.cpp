// The store's side of the web workspace: users and their passwords, API tokens, result versions
// and the version check of a save, the return (退回), questions (问询) and their answers.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/store/store.h"
#include "tests/engine/store_fixture.h"

namespace jixiao::testing {
namespace {

const std::string kProject = "基层医保工作站项目";
const std::string kIndicator = "服务对象满意度";

// 基层医保工作站项目 loaded alone as a target table: every actual and the executed budget taken
// out (nothing entered yet).
void LoadedWithoutActuals(const TempDir& t) {
  std::string text = ReadFile(kJiceng);
  int removed = 0;
  for (auto at = text.find("actual: \""); at != std::string::npos; at = text.find("actual: \"")) {
    const auto end = text.find("\", ", at + 9);
    REQUIRE(end != std::string::npos);
    text.erase(at, end + 3 - at);
    ++removed;
  }
  REQUIRE(removed == 8);
  // And the money spent, which is a result too.
  const auto source = text.find(", executed: 5.6}");
  REQUIRE(source != std::string::npos);
  text.erase(source, 15);
  const auto total = text.find("  executed: 5.6 ");
  REQUIRE(total != std::string::npos);
  text.erase(total, text.find('\n', total) - total);
  const fs::path file = t.path / "jiceng.yaml";
  WriteFile(file, text);
  REQUIRE(InDb(t, {"init"}).rc == 0);
  const Run r = InDb(t, {"load", file.string(), "--by", "王会计"});
  INFO(r.err);
  REQUIRE(r.rc == 0);
}

std::unique_ptr<Store> Open(const TempDir& t) {
  StoreOptions o;
  o.path = t.db();
  return Store::Open(o);
}

ChangeContext By(const std::string& who, const std::string& reason = "") {
  return ChangeContext{who, reason, "web"};
}

// The code of the error `f` throws (an InputError's first diagnostic's), "" when none.
template <typename F>
std::string CodeOf(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.diagnostics().empty() ? "input" : e.diagnostics().front().code;
  } catch (const Error& e) {
    return e.code();
  }
  return "";
}

bool Verifies(Store& s) {
  const VerifyResult v = s.Verify({});
  INFO(v.problem);
  for (const auto& d : v.differences) INFO(d.project << " " << d.indicator << " " << d.field);
  return v.ok;
}

}  // namespace

TEST_CASE("store people: add, find and authenticate users") {
  TempDir t;
  Loaded(t);
  auto s = Open(t);
  const StoredProjectRef p = s->ResolveProject(kProject);
  const User clerk = s->AddUser("王会计", Role::kClerk, {}, "correct horse");
  const User manager = s->AddUser("张三", Role::kManager, {p}, "battery staple");
  CHECK(clerk.id != manager.id);
  CHECK(manager.projects == std::vector<std::int64_t>{p.id});

  struct Case {
    std::string name, password;
    bool ok;
  };
  for (const Case& c : std::vector<Case>{
           {"王会计", "correct horse", true},
           {"张三", "battery staple", true},
           {"张三", "battery stapl", false},   // wrong password
           {"张三", "correct horse", false},   // another user's password
           {"李四", "battery staple", false},  // unknown user
           {"张三", "", false},
       }) {
    CAPTURE(c.name);
    CAPTURE(c.password);
    const std::optional<User> u = s->Authenticate(c.name, c.password);
    CHECK(u.has_value() == c.ok);
    if (u) CHECK(u->name == c.name);
  }
  const std::optional<User> found = s->FindUser("张三");
  REQUIRE(found);
  CHECK(found->role == Role::kManager);
  CHECK(found->projects == std::vector<std::int64_t>{p.id});
  CHECK_FALSE(s->FindUser("李四"));
  const std::vector<User> all = s->Users();
  REQUIRE(all.size() == 2);
  CHECK(all[0].name == "王会计");
  CHECK(all[0].projects.empty());

  // The password is stored as an argon2id hash only.
  const Db db(t);
  const std::string stored =
      db.execAndGet("SELECT password FROM users WHERE name = '张三'").getString();
  CHECK(stored.rfind("$argon2id$", 0) == 0);
  CHECK(stored.find("battery") == std::string::npos);
  // Users are not results: no audit row.
  CHECK(db.execAndGet("SELECT count(*) FROM audit WHERE author IN ('王会计', '张三') AND "
                      "source = 'web'")
            .getInt() == 0);
}

TEST_CASE("store people: refused users store nothing") {
  TempDir t;
  Loaded(t);
  auto s = Open(t);
  const StoredProjectRef p = s->ResolveProject(kProject);
  s->AddUser("张三", Role::kManager, {p}, "battery staple");
  StoredProjectRef gone = p;
  gone.id = 9999;
  gone.name = "不存在的项目";
  struct Case {
    std::string what, name;
    Role role;
    std::vector<StoredProjectRef> projects;
    std::string password, code;
  };
  for (const Case& c : std::vector<Case>{
           {"duplicate", "张三", Role::kManager, {p}, "another password", "user-exists"},
           {"duplicate after trimming",
            " 张三 ",
            Role::kClerk,
            {},
            "another password",
            "user-exists"},
           {"short password", "李四", Role::kAuditor, {}, "1234567", "password-short"},
           {"unknown project", "王五", Role::kManager, {gone}, "long enough", "unknown-project"},
           {"clerk with a project", "赵六", Role::kClerk, {p}, "long enough", "user-projects"},
           {"empty name", "  ", Role::kClerk, {}, "long enough", "usage"},
           {"control character", "a\x1b[31m", Role::kClerk, {}, "long enough", "control-character"},
           {"name too long", std::string(65, 'x'), Role::kClerk, {}, "long enough", "usage"},
       }) {
    CAPTURE(c.what);
    CHECK(CodeOf([&] { s->AddUser(c.name, c.role, c.projects, c.password); }) == c.code);
    CHECK(s->Users().size() == 1);
  }
  const Db db(t);
  CHECK(db.execAndGet("SELECT count(*) FROM user_projects").getInt() == 1);
}

TEST_CASE("store people: API tokens are returned once and stored as their hash") {
  TempDir t;
  Loaded(t);
  auto s = Open(t);
  s->AddUser("审计甲", Role::kAuditor, {}, "audit password");
  const std::string token = s->IssueToken("审计甲");
  REQUIRE(token.size() == 64);
  CHECK(token.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(s->IssueToken("审计甲") != token);  // a new token each time
  const std::optional<User> u = s->UserByToken(token);
  REQUIRE(u);
  CHECK(u->name == "审计甲");
  CHECK(u->role == Role::kAuditor);
  std::string wrong = token;
  wrong[0] = wrong[0] == '0' ? '1' : '0';
  for (const std::string& bad : {wrong, std::string(), token.substr(1), token + "0",
                                 Sha256Hex(token), std::string(64, 'g')}) {
    CAPTURE(bad);
    CHECK_FALSE(s->UserByToken(bad));
  }
  CHECK_THROWS_AS(s->IssueToken("无此人"), UsageError);
  // The table holds no token in clear: only its SHA-256.
  const Db db(t);
  sql::Statement q(*db.c, "SELECT hash FROM api_tokens");
  int rows = 0;
  bool has_hash = false;
  while (q.executeStep()) {
    ++rows;
    CHECK(q.getColumn(0).getString() != token);
    has_hash = has_hash || q.getColumn(0).getString() == Sha256Hex(token);
  }
  CHECK(rows == 2);
  CHECK(has_hash);
  CHECK(db.execAndGet("SELECT count(*) FROM api_tokens WHERE hash LIKE '%" + token.substr(0, 16) +
                      "%'")
            .getInt() == 0);
}

TEST_CASE("store people: result versions, and a stale save is refused whole") {
  TempDir t;
  LoadedWithoutActuals(t);
  auto s = Open(t);
  const StoredProjectRef p = s->ResolveProject(kProject);
  const StoredIndicatorRef i = s->ResolveIndicator(p, kIndicator);
  const StoredIndicatorRef other = s->ResolveIndicator(p, "其他成本");
  auto versions = s->Versions(p);
  REQUIRE(versions.count(i.key));
  CHECK(versions[i.key].version == 0);
  CHECK(versions[i.key].actual.empty());
  CHECK(versions[i.key].author.empty());
  const std::int64_t other_before = versions[other.key].version;
  CHECK(other_before == 0);

  Store::Entry e{p, i, "81%", "", {}, std::int64_t{0}};
  s->SetMany({e}, By("张三"));
  versions = s->Versions(p);
  const ResultVersion v1 = versions[i.key];
  CHECK(v1.version == s->History(p, i).back().id);
  CHECK(v1.actual == "81%");
  CHECK(v1.author == "张三");
  CHECK(v1.at.back() == 'Z');

  // A reason change bumps the version too.
  e.value = "";
  e.reason = "窗口人手不足";
  e.expected_version = v1.version;
  s->SetMany({e}, By("张三"));
  const ResultVersion v2 = s->Versions(p)[i.key];
  CHECK(v2.version > v1.version);
  CHECK(v2.reason == "窗口人手不足");
  CHECK(v2.actual == "81%");

  // 李四 read v1; his save of two values is refused whole, naming both values.
  const std::int64_t rows = AuditRows(t);
  Store::Entry mine{p, other, "3万元", "", {}, other_before};
  Store::Entry stale{p, i, "85%", "", {}, v1.version};
  try {
    s->SetMany({mine, stale}, By("李四"));
    FAIL("a stale save was stored");
  } catch (const ConflictError& c) {
    CHECK(c.code() == "conflict");
    CHECK(c.indicator == i.key);
    CHECK(c.stored.version == v2.version);
    CHECK(c.stored.actual == "81%");
    CHECK(c.stored.author == "张三");
    CHECK(c.yours == "85%");
    const std::string m = c.what();
    INFO(m);
    CHECK(m.find("81%") != std::string::npos);
    CHECK(m.find("85%") != std::string::npos);
    CHECK(m.find("张三") != std::string::npos);
  }
  CHECK(AuditRows(t) == rows);
  CHECK(s->Versions(p)[other.key].version == other_before);
  CHECK(s->Versions(p)[i.key].actual == "81%");
  // With the current version the same save goes through; without one there is no check.
  stale.expected_version = v2.version;
  CHECK(s->SetMany({mine, stale}, By("李四")).changed == 2);
  CHECK(s->SetMany({Store::Entry{p, i, "86%", "", {}, std::nullopt}}, By("李四")).changed == 1);
  CHECK(Verifies(*s));
}

TEST_CASE("store people: a return (退回) puts a submitted project back to draft") {
  TempDir t;
  Loaded(t);
  auto s = Open(t);
  StoredProjectRef p = s->ResolveProject(kProject);
  // Not submitted yet.
  try {
    s->Return(p, By("王会计", "请补充佐证"));
    FAIL("returned a draft");
  } catch (const Error& e) {
    CHECK(e.code() == "not-submitted");
  }
  s->Submit(p, By("张三"));
  p = s->ResolveProject(kProject);
  const std::int64_t rows = AuditRows(t);
  try {
    s->Return(p, By("王会计", "  "));
    FAIL("returned without a reason");
  } catch (const UsageError& e) {
    CHECK(e.code() == "reason-required");
  }
  CHECK(AuditRows(t) == rows);
  s->Return(p, By("王会计", "请补充满意度调查佐证"));
  CHECK(AuditRows(t) == rows + 1);
  p = s->ResolveProject(kProject);
  CHECK(p.status == ProjectStatus::kDraft);
  const AuditRow last = s->History(p, std::nullopt).back();
  CHECK(last.field == AuditField::kStatus);
  CHECK(last.old_value == "submitted");
  CHECK(last.new_value == "draft");
  CHECK(last.reason == "请补充满意度调查佐证");
  CHECK(last.author == "王会计");
  // Back in draft: a change needs no reason, and can be submitted again.
  const StoredIndicatorRef i = s->ResolveIndicator(p, kIndicator);
  s->SetMany({Store::Entry{p, i, "95%", "", {}, std::nullopt}}, By("张三"));
  CHECK(s->CheckResults(20).empty());
  CHECK(Verifies(*s));
  s->Submit(p, By("张三"));
  CHECK(Verifies(*s));
  // The command line does the same.
  const Run r = InDb(t, {"return", "基层", "--by", "王会计", "--reason", "再次核对"});
  INFO(r.err);
  CHECK(r.rc == 0);
  CHECK(InDb(t, {"return", "基层", "--by", "王会计", "--reason", "再次核对"}).rc == 1);
  CHECK(InDb(t, {"verify"}).rc == 0);
}

TEST_CASE("store people: questions (问询) and their answers are in the trail, and set nothing") {
  TempDir t;
  Loaded(t);
  auto s = Open(t);
  const StoredProjectRef p = s->ResolveProject(kProject);
  const StoredIndicatorRef i = s->ResolveIndicator(p, kIndicator);
  const auto before = s->Versions(p);
  const std::int64_t q1 = s->Ask(p, i, "满意度调查的样本量是多少？", By("审计甲"));
  const std::int64_t q2 = s->Ask(p, std::nullopt, "请提供项目总结报告", By("审计甲"));
  const std::int64_t a1 = s->Answer(p, q1, "共发放问卷 300 份", By("张三"));
  const std::int64_t a2 = s->Answer(p, q1, "回收 287 份", By("张三"));
  CHECK(q1 < q2);
  CHECK(q2 < a1);
  CHECK(a1 < a2);
  const std::vector<Question> qs = s->Questions(p);
  REQUIRE(qs.size() == 2);
  CHECK(qs[0].asked.id == q1);
  CHECK(qs[0].asked.author == "审计甲");
  CHECK(qs[0].asked.text == "满意度调查的样本量是多少？");
  CHECK(qs[0].indicator == i.key);
  REQUIRE(qs[0].answers.size() == 2);
  CHECK(qs[0].answers[0].id == a1);
  CHECK(qs[0].answers[0].text == "共发放问卷 300 份");
  CHECK(qs[0].answers[1].id == a2);
  CHECK(qs[0].answers[1].author == "张三");
  CHECK(qs[1].asked.id == q2);
  CHECK(qs[1].indicator.empty());
  CHECK(qs[1].answers.empty());
  // No result changed: versions and the read check as before.
  CHECK(s->Versions(p)[i.key].version == before.at(i.key).version);
  CHECK(s->CheckResults(20).empty());
  CHECK(Verifies(*s));
  // The answer row names its question.
  const AuditRow answer = s->History(p, i).back();
  CHECK(answer.field == AuditField::kAnswer);
  CHECK(answer.old_value == "#" + std::to_string(q1));

  // Refused: an unknown question, one of another project, empty or control-character text.
  const StoredProjectRef other = s->ResolveProject("医疗保险基金征缴经费补助");
  const std::int64_t rows = AuditRows(t);
  struct Case {
    std::string what;
    StoredProjectRef project;
    std::int64_t question;
    std::string text, code;
  };
  for (const Case& c : std::vector<Case>{
           {"unknown question", p, 99999, "答复", "no-question"},
           {"an answer is not a question", p, a1, "答复", "no-question"},
           {"another project's question", other, q1, "答复", "no-question"},
           {"empty answer", p, q1, "  ", "empty-text"},
           {"control character", p, q1, "答\x1b[2J复", "control-character"},
       }) {
    CAPTURE(c.what);
    CHECK(CodeOf([&] { s->Answer(c.project, c.question, c.text, By("张三")); }) == c.code);
  }
  CHECK_THROWS_AS(s->Ask(p, std::nullopt, "", By("审计甲")), InputError);
  CHECK(AuditRows(t) == rows);

  // The history shows the thread readably.
  const Run h = InDb(t, {"history", "基层", kIndicator});
  INFO(h.err);
  CHECK(h.out.find("question (问询): '满意度调查的样本量是多少？'") != std::string::npos);
  CHECK(h.out.find("answer to #" + std::to_string(q1) + ": '回收 287 份'") != std::string::npos);
  // The audit counts no question or answer as a result entry: 基层医保工作站项目 names no manager,
  // so the history rule counts its result entries: the load's 8 actuals, 全年执行数, 当年财政拨款's
  // 执行数 and the goal achieved = 11 (the 4 posts above would make it 15).
  const Run a = InDb(t, {"audit", "基层", "--format", "json"});
  INFO(a.err);
  CHECK(a.out.find("11 result entries in the history") != std::string::npos);
  CHECK(a.out.find("审计甲") == std::string::npos);
}

TEST_CASE("store people: a question row altered in the file fails verify") {
  TempDir t;
  Loaded(t);
  std::int64_t q = 0;
  {
    auto s = Open(t);
    const StoredProjectRef p = s->ResolveProject(kProject);
    q = s->Ask(p, std::nullopt, "请说明执行率偏低的原因", By("审计甲"));
    CHECK(Verifies(*s));
  }
  {
    const Db db(t);
    db.exec(DropTrigger("audit_no_update"));
    db.exec("UPDATE audit SET new_value = '无问题' WHERE id = " + std::to_string(q));
  }
  auto s = Open(t);
  const VerifyResult v = s->Verify({});
  CHECK_FALSE(v.ok);
  CHECK(v.problem.find("#" + std::to_string(q)) != std::string::npos);
}

TEST_CASE("store people: a schema-3 store is migrated and gains the users tables" *
          doctest::test_suite("sqlite-only")) {
  TempDir t;
  Loaded(t);
  {
    // A version-3 store is today's store without the users tables (version 4) and the results
    // fingerprints (version 5).
    const Db db(t);
    db.exec(
        "DROP TABLE api_tokens; DROP TABLE user_projects; DROP TABLE users; "
        "ALTER TABLE projects DROP COLUMN results_digest; PRAGMA user_version = 3");
  }
  auto s = Open(t);
  {
    const Db db(t);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == Store::kSchemaVersion);
    CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name IN ('users', "
                        "'user_projects', 'api_tokens')")
              .getInt() == 3);
  }
  s->AddUser("王会计", Role::kClerk, {}, "correct horse");
  CHECK(s->Authenticate("王会计", "correct horse"));
  CHECK(Verifies(*s));
  CHECK(Total(t, kProject) == doctest::Approx(91.14));
}

TEST_CASE("store people: user add, token and list on the command line") {
  TempDir t;
  Loaded(t);
  // In-process the password comes from the test's standard input, which is not a terminal; the
  // golden case user-add-list gives one. Here: list and token on users added through the store.
  {
    auto s = Open(t);
    s->AddUser("张三", Role::kManager, {s->ResolveProject(kProject)}, "battery staple");
  }
  Run r = InDb(t, {"user", "list"});
  INFO(r.err);
  CHECK(r.rc == 0);
  CHECK(r.out == "张三  manager  " + kProject + "\n");
  r = InDb(t, {"user", "token", "张三"});
  CHECK(r.rc == 0);
  CHECK(r.out.size() == 65);
  auto s = Open(t);
  CHECK(s->UserByToken(r.out.substr(0, 64)));
  CHECK(InDb(t, {"user", "token", "李四"}).rc == 2);
  CHECK(InDb(t, {"user", "add", "李四", "--role", "boss"}).rc == 2);
}

}  // namespace jixiao::testing
