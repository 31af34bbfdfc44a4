// The command line's contracts: exit codes, the JSON shapes of `value` and `score`, usage errors.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/cli/app.h"
#include "engine/report/render.h"
#include "tests/engine/run_cli.h"

namespace jixiao {
namespace {

using testing::Jixiao;
using testing::Run;

const std::string kSource = JIXIAO_SOURCE_DIR;

}  // namespace

TEST_CASE("cli: value --format json follows the contract") {
  const Run r = Jixiao({"value", "≥95%", "≤5万元/年", "显著提升", "--format", "json"});
  REQUIRE(r.rc == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["values"].size() == 3);
  const auto& a = j["values"][0];
  CHECK(a["text"] == "≥95%");
  CHECK(a["kind"] == "quantity");
  CHECK(a["operator"] == "ge");
  CHECK(a["number"] == 95);
  CHECK(a["unit"] == "%");
  CHECK(a["direction"] == "positive");
  const auto& b = j["values"][1];
  CHECK(b["operator"] == "le");
  CHECK(b["unit"] == "万元/年");
  CHECK(b["unit_detail"]["scale"] == 10000);
  CHECK(b["direction"] == "reverse");
  const auto& c = j["values"][2];
  CHECK(c["kind"] == "qualitative");
  CHECK(c["direction"] == "qualitative");
}

TEST_CASE("cli: a value that cannot be read is an entry with an error, exit 1") {
  const Run r = Jixiao({"value", "≥95%", "≈95%", "--format", "json"});
  CHECK(r.rc == 1);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["values"].size() == 2);
  CHECK_FALSE(j["values"][0].contains("error"));
  CHECK(j["values"][1]["error"].get<std::string>().find("≈") != std::string::npos);
}

TEST_CASE("cli: score --format json has the contract's fields") {
  const Run r = Jixiao(
      {"score", kSource + "/config/rongcheng-2024/03-jiceng-gongzuozhan.yaml", "--format", "json"});
  REQUIRE(r.rc == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["projects"].size() == 1);
  const auto& p = j["projects"][0];
  for (const char* k : {"name", "year", "unit", "policy", "execution", "indicators", "total",
                        "grade", "findings"}) {
    CHECK_MESSAGE(p.contains(k), k);
  }
  for (const char* k : {"budget", "executed", "rate", "weight", "score"}) {
    CHECK_MESSAGE(p["execution"].contains(k), k);
  }
  for (const char* k : {"level1", "level2", "name", "weight", "target", "actual", "direction",
                        "completion", "score", "formula", "deviation_reason"}) {
    CHECK_MESSAGE(p["indicators"][0].contains(k), k);
  }
  CHECK(p["year"] == 2024);
  CHECK(p["total"].is_number());
  CHECK(p["execution"]["rate"].is_number());
}

TEST_CASE("cli: usage errors exit 2, input errors exit 1") {
  CHECK(Jixiao({}).rc == 2);
  CHECK(Jixiao({"frobnicate"}).rc == 2);
  CHECK(Jixiao({"score", "--db", "/nonexistent/jixiao.db"}).rc == 1);
  CHECK(Jixiao({"score", "no/such/file.yaml"}).rc == 1);
  CHECK(Jixiao({"value", "≥95%", "--format", "xml"}).rc == 2);
  const Run help = Jixiao({"score", "--help"});
  CHECK(help.rc == 0);
  CHECK(help.out.find("PATH") != std::string::npos);
}

TEST_CASE("cli: logging goes to stderr only, with -v for detail") {
  const Run r =
      Jixiao({"-v", "check", kSource + "/config/rongcheng-2024/03-jiceng-gongzuozhan.yaml"});
  CHECK(r.rc == 0);
  CHECK(r.err.find("loading") != std::string::npos);
  CHECK(r.out.find("loading") == std::string::npos);
  const Run quiet =
      Jixiao({"check", kSource + "/config/rongcheng-2024/03-jiceng-gongzuozhan.yaml"});
  CHECK(quiet.err.empty());
}

TEST_CASE("render: display width counts CJK as two columns") {
  CHECK(DisplayWidth("abc") == 3);
  CHECK(DisplayWidth("成本指标") == 8);
  CHECK(DisplayWidth("≥95%") == 4);
  CHECK(PadRight("成本", 6) == "成本  ");
}

}  // namespace jixiao
