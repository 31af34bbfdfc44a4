// The reference: seed 004 (荣成市医疗保障局 2024 决算), transcribed in config/rongcheng-2024.
// `jixiao score` must reproduce every published total of its 汇总表, and where a published total
// breaks the table's own rule (特殊群体医疗费 2024 and （二）: one-decimal execution scores), give
// the rule's result and a finding naming the published figure.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/cli/app.h"
#include "tests/engine/run_cli.h"

namespace jixiao {
namespace {

using testing::Jixiao;
using testing::Run;

const std::string kSource = JIXIAO_SOURCE_DIR;

const nlohmann::json* FindProject(const nlohmann::json& j, const std::string& name) {
  for (const auto& p : j["projects"])
    if (p["name"] == name) return &p;
  return nullptr;
}

bool HasFinding(const nlohmann::json& p, const std::string& code, const std::string& part) {
  for (const auto& f : p["findings"]) {
    if (f["code"] == code && f["message"].get<std::string>().find(part) != std::string::npos)
      return true;
  }
  return false;
}

}  // namespace

TEST_CASE("reference: seed 004's totals and grades") {
  const Run r = Jixiao({"score", kSource + "/config/rongcheng-2024", "--format", "json"});
  INFO(r.err);
  REQUIRE(r.rc == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["projects"].size() == 9);

  // Totals and grades as published in seed 004's 汇总表 (第五部分 附件), except the two rows whose
  // published totals break the rule (their rule results are computed by hand in the comments).
  struct Expected {
    const char* name;
    double total;
    const char* grade;
  };
  const Expected expected[] = {
      {"2024年医疗服务与保障能力提升补助资金", 100, "优"},
      {"医疗保险基金征缴经费补助", 97.63, "优"},
      {"医保专项业务经费", 98, "优"},
      {"基层医保工作站项目", 91.14, "优"},
      {"医保一图清服务平台", 0, "项目暂未开展"},
      // published 90.4: 19.15/505.12 = 3.79% × 10 = 0.379 → 0.38; 0.38 + 90 = 90.38
      {"特殊群体医疗费(2024年)", 90.38, "优"},
      // published 90.2: 8.44/524.8 = 1.61% × 10 = 0.161 → 0.16; 0.16 + 90 = 90.16
      {"特殊群体医疗费（二）", 90.16, "优"},
      {"职工免费查体 (2024年)", 90, "优"},
      {"职工免费健康查体（二）", 90, "优"},
  };
  for (const auto& e : expected) {
    SUBCASE(e.name) {
      const nlohmann::json* p = FindProject(j, e.name);
      REQUIRE(p != nullptr);
      CHECK((*p)["total"].get<double>() == doctest::Approx(e.total).epsilon(1e-9));
      CHECK((*p)["grade"] == e.grade);
    }
  }

  SUBCASE("基层医保工作站项目: 91.14 = 5.6/49 × 10 + 90") {
    const nlohmann::json& p = *FindProject(j, "基层医保工作站项目");
    CHECK(p["execution"]["budget"] == 49);
    CHECK(p["execution"]["executed"].get<double>() == doctest::Approx(5.6));
    CHECK(p["execution"]["rate"].get<double>() == doctest::Approx(0.1143));
    CHECK(p["execution"]["score"].get<double>() == doctest::Approx(1.14));
    CHECK(p["execution"]["formula"] == "5.6/49 = 11.43% × 10 = 1.14");
    double sum = 0;
    // Seed 004's 得分 column: 15 + 5 + 10 + 10 + 20 + 10 + 10 + 10.
    const double published[] = {15, 5, 10, 10, 20, 10, 10, 10};
    REQUIRE(p["indicators"].size() == 8);
    for (std::size_t i = 0; i < 8; ++i) {
      CHECK(p["indicators"][i]["score"].get<double>() == published[i]);
      sum += p["indicators"][i]["score"].get<double>();
    }
    CHECK(sum == 90);
    CHECK(p["indicators"][0]["target"] == "≤5万元/年");
    CHECK(p["indicators"][0]["actual"] == "3.6万元");
    CHECK(p["indicators"][0]["direction"] == "reverse");
    CHECK(p["indicators"][0]["completion"] == 1);
  }

  SUBCASE("published totals that break the rounding are findings naming both figures") {
    const nlohmann::json& p5 = *FindProject(j, "特殊群体医疗费(2024年)");
    CHECK(HasFinding(p5, "published-total-differs", "90.4"));
    CHECK(HasFinding(p5, "published-total-differs", "90.38"));
    CHECK(HasFinding(p5, "published-execution-differs", "one decimal"));
    const nlohmann::json& p6 = *FindProject(j, "特殊群体医疗费（二）");
    CHECK(HasFinding(p6, "published-total-differs", "90.2"));
    CHECK(HasFinding(p6, "published-total-differs", "90.16"));
  }

  SUBCASE("projects whose published figures follow the rule have no published-* finding") {
    for (const char* name :
         {"基层医保工作站项目", "医疗保险基金征缴经费补助", "医保专项业务经费"}) {
      const nlohmann::json& p = *FindProject(j, name);
      for (const auto& f : p["findings"]) {
        CHECK(f["code"].get<std::string>().rfind("published-", 0) == std::string::npos);
      }
    }
  }

  SUBCASE("the not-started project scores 0 whatever its actuals say") {
    const nlohmann::json& p = *FindProject(j, "医保一图清服务平台");
    for (const auto& i : p["indicators"]) CHECK(i["score"] == 0);
  }

  SUBCASE("the central transfer shares each 一级's cap among its unweighted indicators") {
    const nlohmann::json& p = *FindProject(j, "2024年医疗服务与保障能力提升补助资金");
    CHECK(p["policy"] == "national-2020");
    for (const auto& i : p["indicators"]) CHECK(i["weight_shared"] == true);
  }
}

TEST_CASE("reference: check is clean on config/ and catches the published table's defect") {
  const Run clean = Jixiao({"check", kSource + "/config"});
  CHECK(clean.rc == 0);
  // No errors; the only warnings are genuine ambiguities of the imported budget-time seeds
  // (a bare 1 for a rate, a number inside a text target).
  CHECK(clean.out.find(" 0 error(s)") != std::string::npos);
  CHECK(clean.out.find("config/rongcheng-2024") == std::string::npos);

  // 特殊群体医疗费（二） as published lists 特殊群体医疗保障覆盖率（10分） twice.
  const Run defect = Jixiao({"check", kSource + "/tests/data/rongcheng-as-published"});
  CHECK(defect.rc == 1);
  CHECK(defect.out.find("[duplicate-indicator]") != std::string::npos);
  CHECK(defect.out.find("特殊群体医疗保障覆盖率") != std::string::npos);
  // …so that the weights under 效益指标 add up to 30 against its cap of 20.
  CHECK(defect.out.find("[weights-sum]") != std::string::npos);
  CHECK(defect.out.find("add up to 30, but its cap is 20") != std::string::npos);
}

TEST_CASE("reference: a broken copy is not scored") {
  const Run r =
      Jixiao({"score", kSource + "/tests/data/rongcheng-as-published", "--format", "json"});
  CHECK(r.rc == 1);
}

}  // namespace jixiao
