// Sign-off (已提交) without friction, through the commands people use: reloading definitions after
// sign-off needs a reason and is flagged by the audit; an unchanged re-import is no change;
// corrections before sign-off are information, grouped; locations read as records, not as
// file:line:column; verify names a dropped or altered trigger.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "indicators/diagnostics.h"
#include "tests/engine/run_cli.h"
#include "tests/engine/store_fixture.h"

namespace jixiao {
namespace {

using namespace jixiao::testing;

bool Has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// 基层医保工作站项目's definition as a valid new version.
fs::path ChangedJiceng(const TempDir& t) {
  const fs::path copy = t.path / "jiceng.yaml";
  WriteFile(copy, WithWeightMoved(ReadFile(kJiceng)));
  return copy;
}

nlohmann::json AuditJson(const TempDir& t, const std::string& project) {
  const Run r = InDb(t, {"audit", project, "--format", "json"});
  INFO(r.err);
  return nlohmann::json::parse(r.out);
}

const nlohmann::json* FindingOf(const nlohmann::json& audit, const std::string& code) {
  for (const auto& f : audit["findings"])
    if (f["code"] == code) return &f;
  return nullptr;
}

TEST_CASE("sign-off: reloading a submitted project's definitions needs --reason, and is flagged") {
  TempDir t;
  Loaded(t);
  REQUIRE(InDb(t, {"submit", "基层", "--by", "局长"}).rc == 0);
  // The same file again is no new version: nothing to give a reason for.
  Run same = InDb(t, {"load", kJiceng, "--by", "王会计"});
  CHECK(same.rc == 0);
  CHECK(Has(same.out, "unchanged, version 1"));
  const fs::path changed = ChangedJiceng(t);
  const std::int64_t before = AuditRows(t);
  Run r = InDb(t, {"load", changed.string(), "--by", "王会计"});
  CHECK(r.rc == 1);
  CHECK_MESSAGE(Has(r.err,
                    "is submitted (已提交): reloading its definitions now needs a reason: "
                    "add --reason \"…\""),
                r.err);
  CHECK(AuditRows(t) == before);
  r = InDb(t, {"load", changed.string(), "--by", "王会计", "--reason", "预算调整后修订权重"});
  INFO(r.err);
  REQUIRE(r.rc == 0);
  CHECK(Has(r.out, "stored as version 2"));
  // In the trail, with its author and reason, marked as after sign-off.
  const auto h = nlohmann::json::parse(InDb(t, {"history", "基层", "--format", "json"}).out);
  const auto& last = h["history"].back();
  CHECK(last["field"] == "definition");
  CHECK(last["author"] == "王会计");
  CHECK(last["reason"] == "预算调整后修订权重");
  CHECK(last["after_submit"] == true);
  // The audit flags it, with its reason, under the rule's section of docs/rules.md.
  const nlohmann::json a = AuditJson(t, "基层");
  const nlohmann::json* f = FindingOf(a, "definitions-reloaded-after-submit");
  REQUIRE_MESSAGE(f != nullptr, a.dump(2));
  CHECK((*f)["severity"] == "warning");
  CHECK(Has((*f)["message"].get<std::string>(),
            "王会计 loaded the definitions again after "
            "sign-off (已提交): v1 → v2"));
  CHECK(Has((*f)["message"].get<std::string>(), "reason: 预算调整后修订权重"));
  CHECK(Has((*f)["source"].get<std::string>(), "docs/rules.md §9"));
  CHECK(Has((*f)["where"].get<std::string>(), "audit record #"));
  const Run explain = Jixiao({"audit", "--explain", "definitions-reloaded-after-submit"});
  CHECK(explain.rc == 0);
  CHECK(Has(explain.out, "docs/rules.md §9"));
}

TEST_CASE("sign-off: re-importing an unchanged sheet after submit is no change") {
  TempDir t;
  Loaded(t);
  const fs::path csv = t.path / "sheet.csv";
  REQUIRE(InDb(t, {"actual", "template", "基层", "--out", csv.string()}).rc == 0);
  std::string text = ReadFile(csv);
  const auto at = text.find(",≥90%,98%,");
  REQUIRE(at != std::string::npos);
  text.replace(at, std::string(",≥90%,98%,").size(), ",≥90%,81%,");
  WriteFile(csv, text);
  Run r = InDb(t, {"actual", "import", csv.string(), "--by", "张三"});
  INFO(r.err);
  REQUIRE(r.rc == 0);
  REQUIRE(InDb(t, {"submit", "基层", "--by", "局长"}).rc == 0);
  const std::int64_t before = AuditRows(t);
  // The same file again: every row is as stored.
  r = InDb(t, {"actual", "import", csv.string(), "--by", "张三"});
  CHECK_MESSAGE(r.rc == 0, r.err);
  CHECK_MESSAGE(Has(r.out, ": 0 row(s) entered, "), r.out);
  CHECK(Has(r.out, " unchanged (as stored)"));
  CHECK(AuditRows(t) == before);
  // One real change: it alone needs the reason.
  text.replace(text.find(",≥90%,81%,"), std::string(",≥90%,81%,").size(), ",≥90%,85%,");
  WriteFile(csv, text);
  r = InDb(t, {"actual", "import", csv.string(), "--by", "张三"});
  CHECK(r.rc == 1);
  CHECK(Has(r.err, "add --reason"));
  CHECK(AuditRows(t) == before);
  r = InDb(t, {"actual", "import", csv.string(), "--by", "张三", "--reason", "复核更正"});
  CHECK_MESSAGE(r.rc == 0, r.err);
  CHECK_MESSAGE(Has(r.out, ": 1 row(s) entered, "), r.out);
  CHECK(AuditRows(t) == before + 1);
}

TEST_CASE("sign-off: after it, a change without a reason is refused at every door") {
  TempDir t;
  Loaded(t);
  REQUIRE(InDb(t, {"submit", "基层", "--by", "局长"}).rc == 0);
  const std::int64_t before = AuditRows(t);
  for (const std::vector<std::string>& cmd :
       {std::vector<std::string>{"actual", "set", "基层", "服务对象满意度", "95%", "--by", "张三"},
        std::vector<std::string>{"deviation", "set", "基层", "服务对象满意度", "人手不足", "--by",
                                 "张三"},
        std::vector<std::string>{"budget", "set", "基层", "--executed", "6", "--by", "张三"}}) {
    const Run r = InDb(t, cmd);
    CHECK_MESSAGE(r.rc == 1, cmd[0]);
    CHECK_MESSAGE(Has(r.err, "add --reason"), r.err);
  }
  CHECK(AuditRows(t) == before);
  // The value already stored is no change: nothing to refuse, nothing written.
  const Run same = InDb(t, {"actual", "set", "基层", "服务对象满意度", "98%", "--by", "张三"});
  CHECK_MESSAGE(same.rc == 0, same.err);
  CHECK(AuditRows(t) == before);
}

TEST_CASE("audit: corrections before sign-off are information, grouped with a count") {
  TempDir t;
  Loaded(t);
  for (const char* v : {"81%", "82%", "83%", "84%", "85%", "86%"}) {
    REQUIRE(InDb(t, {"actual", "set", "基层", "服务对象满意度", v, "--by", "张三"}).rc == 0);
  }
  // Six replacements of a value without a reason (98% → 81% → … → 86%), before sign-off.
  const Run text = InDb(t, {"audit", "基层"});
  INFO(text.out);
  CHECK(!Has(text.out, "history-no-reason"));
  CHECK(Has(text.out, "  info  history-replaced-before-signoff  ×6\n"));
  CHECK(Has(text.out, "    at: audit record #"));
  CHECK(Has(text.out, " … and 3 more\n"));
  CHECK(Has(text.out, "    the first: "));
  const nlohmann::json a = AuditJson(t, "基层");
  std::size_t items = 0;
  for (const auto& f : a["findings"]) {
    if (f["code"] != "history-replaced-before-signoff") continue;
    ++items;
    CHECK(f["severity"] == "info");
    CHECK(f["count_of_code"] == 6);
  }
  CHECK(items == 6);  // JSON keeps every item
  bool grouped = false;
  for (const auto& g : a["groups"])
    grouped = grouped || (g["code"] == "history-replaced-before-signoff" && g["count"] == 6);
  CHECK(grouped);
  // The HTML shows the group once.
  const Run html = InDb(t, {"audit", "基层", "--format", "html"});
  CHECK(Has(html.out, "history-replaced-before-signoff ×6"));
}

TEST_CASE("locations: stored definitions and audit records are named for people") {
  TempDir t;
  Loaded(t);
  REQUIRE(InDb(t, {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三"}).rc == 0);
  const Run a = InDb(t, {"audit", "基层"});
  INFO(a.out);
  CHECK(Has(a.out, "基层医保工作站项目, definition version 1, line "));
  CHECK(!Has(a.out, " v1:"));
  const Run s = InDb(t, {"score", "基层"});
  CHECK(!Has(s.out, " v1:"));
  CHECK(!Has(s.out + s.err, "audit row"));
  SourceLoc loc{DefinitionVersionName("基层医保工作站项目", 1), 56, 9};
  CHECK(loc.str() == "基层医保工作站项目, definition version 1, line 56");
  CHECK(SourceLoc{"config/x.yaml", 56, 9}.str() == "config/x.yaml:56:9");
  CHECK(AuditRecordName(108) == "audit record #108");
}

TEST_CASE("verify: a dropped or altered append-only trigger is named") {
  TempDir t;
  Loaded(t);
  REQUIRE(InDb(t, {"verify"}).rc == 0);
  SUBCASE("dropped") {
    {
      SQLite::Database db(t.db(), SQLite::OPEN_READWRITE);
      db.exec("DROP TRIGGER audit_no_delete");
    }
    const Run v = InDb(t, {"verify"});
    CHECK(v.rc == 1);
    CHECK_MESSAGE(Has(v.out,
                      "trigger audit_no_delete (it refuses DELETE from the trail) is "
                      "missing: it was dropped"),
                  v.out);
  }
  SUBCASE("altered: still there, still raising, but never firing") {
    {
      SQLite::Database db(t.db(), SQLite::OPEN_READWRITE);
      db.exec("DROP TRIGGER audit_no_update");
      db.exec(
          "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN 0 "
          "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END");
    }
    const Run v = InDb(t, {"verify"});
    CHECK(v.rc == 1);
    CHECK_MESSAGE(Has(v.out,
                      "trigger audit_no_update (it refuses UPDATE of the trail) is not as "
                      "jixiao created it: it was altered"),
                  v.out);
    CHECK(!Has(v.out, "audit_no_delete"));
  }
}

}  // namespace
}  // namespace jixiao
