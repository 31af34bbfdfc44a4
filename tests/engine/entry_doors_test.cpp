// The entry check at the doors of files (engine/batch ScoreChecked): a refused actual is never
// scored (its indicator and the project have no score, and the scorer says nothing of the value),
// and a policy's reading of a fraction is scored and said. The projects are the bad-input cases'.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/engine/run_cli.h"

namespace jixiao {
namespace {

using testing::Jixiao;
using testing::Run;

const std::string kCases = std::string(JIXIAO_SOURCE_DIR) + "/tests/bad-input/";

const nlohmann::json& IndicatorOf(const nlohmann::json& project, const std::string& name) {
  for (const auto& i : project["indicators"])
    if (i["name"] == name) return i;
  FAIL("no indicator " << name);
  return project;
}

}  // namespace

TEST_CASE("entry doors: a refused bare 0.95 against ≥95% is not scored, and nothing else is said") {
  const Run r = Jixiao(
      {"score", kCases + "actual-bare-fraction-for-percent/project.yaml", "--format", "json"});
  CHECK(r.rc == 1);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["projects"].size() == 1);
  const auto& p = j["projects"][0];
  CHECK(p["total"].is_null());
  const auto& ind = IndicatorOf(p, "服务对象满意度");
  CHECK(ind["score"].is_null());
  // One finding: the entry check's. Scored as 0.95%, the scorer would have said
  // deviation-reason-missing (0.1 of 10 without a reason).
  REQUIRE(p["findings"].size() == 1);
  CHECK(p["findings"][0]["code"] == "bare-number-ambiguous");
  CHECK(p["findings"][0]["severity"] == "error");
}

TEST_CASE("entry doors: the same value is refused by check, score and load") {
  for (const char* c : {"actual-bare-for-wanren", "actual-bare-for-wanyuan",
                        "actual-text-done-for-percent", "actual-completion-absurd-over"}) {
    CAPTURE(c);
    const std::string file = kCases + c + "/project.yaml";
    const Run check = Jixiao({"check", file});
    const Run score = Jixiao({"score", file});
    CHECK(check.rc == 1);
    CHECK(score.rc == 1);
    // The same diagnostic line at both doors.
    const std::string first = check.out.substr(0, check.out.find('\n'));
    CHECK(first.find("error:") != std::string::npos);
    CHECK(score.out.find(first) != std::string::npos);
  }
}

TEST_CASE("entry doors: a policy that reads fractions scores 0.95 as 95% and says so") {
  const std::string dir = kCases + "actual-bare-fraction-policy-accepts/";
  const Run r =
      Jixiao({"--policy-dir", dir + "policies", "score", dir + "project.yaml", "--format", "json"});
  INFO(r.err);
  CHECK(r.rc == 0);
  const auto j = nlohmann::json::parse(r.out);
  const auto& p = j["projects"][0];
  // 9 (45/50 × 10) + 20 + 20 + 10 + 10 + 20 + 10 (95/95 = 100%) = 99.
  CHECK(p["total"] == 99);
  CHECK(IndicatorOf(p, "服务对象满意度")["completion"] == doctest::Approx(1));
  REQUIRE(p["findings"].size() == 1);
  CHECK(p["findings"][0]["code"] == "fraction-read-as-percent");
  CHECK(p["findings"][0]["severity"] == "warning");
}

}  // namespace jixiao
