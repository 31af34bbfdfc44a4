// Tests of the YAML definition loader: the schema, the split into definition / results /
// published figures, and every diagnostic with its location.
#include "indicators/loader.h"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace jixiao {
namespace {

const char* kMinimal = R"(project: 测试项目
year: 2024
unit: 某局
budget: {annual: 49, executed: 5.6}
indicators:
  产出指标:
    数量指标:
      - {name: 下放事项, weight: 10, target: =20项, actual: 20项}
)";

// The first diagnostic with `code`, or nullptr.
const Diagnostic* Find(const Diagnostics& ds, const std::string& code) {
  for (const auto& d : ds)
    if (d.code == code) return &d;
  return nullptr;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("loader: a minimal project loads, split into definition and results") {
  LoadResult r = LoadProjectText(kMinimal, "x.yaml");
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
  const ProjectFile& pf = *r.file;
  CHECK(pf.project.name == "测试项目");
  CHECK(pf.project.year == 2024);
  CHECK(pf.project.policy == "shandong");
  CHECK(pf.project.budget.annual == 49);
  REQUIRE(pf.results.executed.has_value());
  CHECK(*pf.results.executed == doctest::Approx(5.6));
  REQUIRE(pf.project.indicators.size() == 1);
  const Indicator& ind = pf.project.indicators[0];
  CHECK(ind.key == "产出指标/数量指标/下放事项");
  CHECK(ind.level1 == Level1::kOutput);
  CHECK(ind.level2 == Level2::kQuantity);
  CHECK(ind.target.op == Operator::kEq);
  CHECK(ind.target_loc.line == 8);
  const Actual* a = pf.results.Find(ind.key);
  REQUIRE(a != nullptr);
  REQUIRE(a->value.has_value());
  CHECK(a->value->number == 20);
  CHECK(a->loc.line == 8);
}

TEST_CASE("loader: a target table (no actual values) loads") {
  // Regression: an indicator without `actual` was rejected as "actual is empty".
  LoadResult r = LoadProjectText(Replace(kMinimal, ", actual: 20项}", "}"), "x.yaml");
  for (const auto& d : r.diagnostics) MESSAGE(d.str());
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
  CHECK(r.file->results.actuals.empty());
}

TEST_CASE("loader: level names and their synonyms") {
  struct Case {
    const char* l1;
    const char* l2;
    Level1 level1;
    Level2 level2;
  };
  const Case cases[] = {
      {"成本指标", "经济成本", Level1::kCost, Level2::kEconomicCost},
      {"成本指标(20分)", "经济成本指标", Level1::kCost, Level2::kEconomicCost},
      {"产出指标", "成本指标", Level1::kOutput, Level2::kOutputCost},
      {"产出指标", "时效指标", Level1::kOutput, Level2::kTimeliness},
      {"效益指标", "可持续发展影响指标", Level1::kEffect, Level2::kSustainability},
      {"效益指标", "可持续影响指标", Level1::kEffect, Level2::kSustainability},
      {"效益指标", "社会效益", Level1::kEffect, Level2::kSocialEffect},
      {"满意度指标", "服务对象满意度指标", Level1::kSatisfaction, Level2::kSatisfaction},
      {"满意度指标 ", "服务对象满意度", Level1::kSatisfaction, Level2::kSatisfaction},
      {"output", "quantity", Level1::kOutput, Level2::kQuantity},
  };
  for (const auto& c : cases) {
    SUBCASE((std::string(c.l1) + "/" + c.l2).c_str()) {
      auto l1 = ParseLevel1(c.l1);
      REQUIRE(l1.has_value());
      CHECK(*l1 == c.level1);
      auto l2 = ParseLevel2(c.l2, *l1);
      REQUIRE(l2.has_value());
      CHECK(*l2 == c.level2);
    }
  }
  CHECK(ParseLevel1("产出").has_value());
  CHECK_FALSE(ParseLevel1("投入指标").has_value());
  CHECK_FALSE(ParseLevel2("数量指标", Level1::kEffect).has_value());
  CHECK_FALSE(ParseLevel2("成本指标", Level1::kEffect).has_value());
}

TEST_CASE("loader: every defect is a located diagnostic") {
  struct Case {
    const char* name;
    std::string text;
    const char* code;
    int line;
    int column;
    const char* message_part;
  };
  const std::string m = kMinimal;
  const Case cases[] = {
      {"unknown operator", Replace(m, "=20项", "≈20项"), "bad-value", 8, 42,
       "unknown operator '≈' in target '≈20项'"},
      {"unknown key", Replace(m, "year: 2024", "yaer: 2024"), "unknown-key", 2, 1, "'yaer'"},
      {"unknown indicator key", Replace(m, "weight: 10", "wieght: 10"), "unknown-key", 8, 22,
       "'wieght'"},
      {"duplicate key", Replace(m, "year: 2024", "year: 2024\nyear: 2025"), "duplicate-key", 3, 1,
       "'year'"},
      {"negative weight", Replace(m, "weight: 10", "weight: -5"), "bad-number", 8, 30,
       "must not be negative"},
      {"weight in words", Replace(m, "weight: 10", "weight: ten"), "bad-number", 8, 30, "'ten'"},
      {"absurd weight", Replace(m, "weight: 10", "weight: 1e308"), "bad-number", 8, 30,
       "out of range"},
      {"actual NaN", Replace(m, "actual: 20项", "actual: NaN"), "bad-value", 8, 56, "NaN"},
      {"actual 1e309", Replace(m, "actual: 20项", "actual: 1e309"), "bad-value", 8, 56,
       "out of range"},
      {"unknown 一级", Replace(m, "产出指标:", "投入指标:"), "unknown-level", 6, 3, "'投入指标'"},
      {"二级 under the wrong 一级", Replace(m, "产出指标:", "效益指标:"), "unknown-level", 7, 5,
       "belongs under 产出指标"},
      {"number where a mapping belongs",
       Replace(m, "budget: {annual: 49, executed: 5.6}", "budget: 49"), "wrong-type", 4, 9,
       "budget must be a mapping"},
      {"missing target", Replace(m, " target: =20项,", ""), "missing-field", 8, 9, "no target"},
      {"missing unit", Replace(m, "unit: 某局\n", ""), "missing-field", 1, 1, "'unit'"},
      {"bad year", Replace(m, "2024", "24"), "bad-number", 2, 7, "not a year"},
      {"bad judgement", Replace(m, "actual: 20项", "actual: 20项, judgement: 很好"),
       "bad-judgement", 8, 72, "'很好'"},
      {"bad status", Replace(m, "year: 2024", "year: 2024\nstatus: done"), "bad-enum", 3, 9,
       "'done'"},
      {"indicator list is a mapping", Replace(m, "      - {name", "      x: {name"), "wrong-type",
       8, 7, "must be a list of indicators"},
      {"YAML syntax", Replace(m, "executed: 5.6}", "executed: 5.6"), "yaml-syntax", 5, 0, "YAML"},
      {"tab indentation", Replace(m, "  产出指标:", "\t产出指标:"), "yaml-tab", 6, 1, "tab"},
      {"duplicate indicator",
       Replace(m, "actual: 20项}",
               "actual: 20项}\n      - {name: 下放事项, weight: 0, target: =1项}"),
       "duplicate-indicator", 9, 9, "first at line 8"},
  };
  for (const auto& c : cases) {
    SUBCASE(c.name) {
      LoadResult r = LoadProjectText(c.text, "x.yaml");
      CHECK_FALSE(r.ok());
      const Diagnostic* d = Find(r.diagnostics, c.code);
      INFO("diagnostics: " << [&] {
        std::string s;
        for (const auto& x : r.diagnostics) s += x.str() + "\n";
        return s;
      }());
      REQUIRE(d != nullptr);
      CHECK(d->severity == Severity::kError);
      CHECK(d->loc.file == "x.yaml");
      CHECK(d->loc.line == c.line);
      if (c.column > 0) CHECK(d->loc.column == c.column);
      CHECK(d->message.find(c.message_part) != std::string::npos);
    }
  }
}

TEST_CASE("loader: all errors of a file are reported together") {
  std::string text = Replace(kMinimal, "weight: 10", "weight: ten");
  text = Replace(text, "year: 2024", "year: 2024\nfoo: 1");
  text = Replace(text, "=20项", "≈20项");
  LoadResult r = LoadProjectText(text, "x.yaml");
  CHECK(Find(r.diagnostics, "bad-number") != nullptr);
  CHECK(Find(r.diagnostics, "unknown-key") != nullptr);
  CHECK(Find(r.diagnostics, "bad-value") != nullptr);
}

TEST_CASE("loader: warnings do not stop a load") {
  SUBCASE("an actual that repeats its operator") {
    LoadResult r = LoadProjectText(Replace(kMinimal, "actual: 20项", "actual: ≥20项"), "x.yaml");
    REQUIRE(r.ok());
    const Diagnostic* d = Find(r.diagnostics, "actual-has-operator");
    REQUIRE(d != nullptr);
    CHECK(d->severity == Severity::kWarning);
    CHECK(r.file->results.actuals.begin()->second.value->op == Operator::kNone);
  }
  SUBCASE("a bare 1 for a rate") {
    LoadResult r = LoadProjectText(
        Replace(Replace(kMinimal, "=20项", "1"), "下放事项", "审核覆盖率"), "x.yaml");
    REQUIRE(r.ok());
    CHECK(Find(r.diagnostics, "ambiguous-target") != nullptr);
    CHECK(r.file->project.indicators[0].target.number == 100);
  }
  SUBCASE("a number inside text is scored by judgement") {
    LoadResult r = LoadProjectText(Replace(kMinimal, "=20项", "自申报10个工作日"), "x.yaml");
    REQUIRE(r.ok());
    CHECK(Find(r.diagnostics, "text-target-with-number") != nullptr);
  }
}

TEST_CASE("loader: encodings and empty files") {
  SUBCASE("UTF-8 with a byte-order mark loads") {
    LoadResult r = LoadProjectText(std::string("\xEF\xBB\xBF") + kMinimal, "x.yaml");
    CHECK(r.ok());
  }
  SUBCASE("GBK is named") {
    // "项目" in GBK: 0xCF 0xEE 0xC4 0xBF.
    LoadResult r = LoadProjectText("project: \xCF\xEE\xC4\xBF\nyear: 2024\n", "x.yaml");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].code == "encoding");
    CHECK(r.diagnostics[0].message.find("GBK") != std::string::npos);
  }
  SUBCASE("UTF-16 is named") {
    LoadResult r = LoadProjectText(std::string("\xFF\xFEp\0r\0", 6), "x.yaml");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].message.find("UTF-16") != std::string::npos);
  }
  SUBCASE("an empty file") {
    LoadResult r = LoadProjectText("  \n\n", "x.yaml");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].code == "empty-file");
  }
  SUBCASE("a list at the top") {
    LoadResult r = LoadProjectText("- 1\n- 2\n", "x.yaml");
    REQUIRE_FALSE(r.diagnostics.empty());
    CHECK(r.diagnostics[0].message.find("must be a mapping") != std::string::npos);
  }
}

TEST_CASE("loader: published figures and fund sources") {
  std::string text =
      std::string(kMinimal) + "published: {execution_score: 1.14, total: 91.14, grade: 优}\n";
  text = Replace(text, "budget: {annual: 49, executed: 5.6}",
                 "budget:\n  initial: 49\n  annual: 49\n  executed: 5.6\n  sources:\n"
                 "    当年财政拨款: {initial: 49, annual: 49, executed: 5.6}\n    其他资金: {}");
  text = Replace(text, "actual: 20项}", "actual: 20项, published_score: 10}");
  LoadResult r = LoadProjectText(text, "x.yaml");
  REQUIRE(r.ok());
  const ProjectFile& pf = *r.file;
  CHECK(*pf.published.total == doctest::Approx(91.14));
  CHECK(*pf.published.grade == "优");
  CHECK(pf.published.indicator_scores.at("产出指标/数量指标/下放事项") == 10);
  REQUIRE(pf.project.budget.sources.size() == 2);
  CHECK(pf.project.budget.sources[0].name == "当年财政拨款");
  CHECK(pf.results.source_executed.at("当年财政拨款") == doctest::Approx(5.6));
}

}  // namespace jixiao

namespace jixiao {

TEST_CASE("loader: the endless-parse guard runs wherever a ',' may stand outside [ ] and { }") {
  SUBCASE("the inputs fuzz_loader found, and relatives: guarded") {
    // tests/bad-input/fuzz-loader-runaway-parse*; quoted, commented and block-scalar lookalikes.
    for (const char* text :
         {",", "---\n,", "- 甲\n, 乙", "!!map ,", "\"文本\" ,", "project: 甲\n---\n,", "a: b, c",
          "a: [x]\n, b", "a: \"x\n", "a: [x", "a: x]\n]", "a: |\n  [x\n, b", "a: >\n  {\n, b",
          "a: [b \"c]\n, \"d\"]", "a: 'x''\n, y", "a: [x # ]\n, y"}) {
      CAPTURE(text);
      CHECK(MayRunAway(text));
    }
  }
  SUBCASE("project files as people write them: one parse") {
    for (const char* text : {"project: 甲\nyear: 2024\n",
                             "indicators:\n  - {name: \"a, b\", weight: 5, target: \"≥95%\"}\n",
                             "a: [1, 2, {b: 'x, y', c: \"q\\\" ,\"}]  # a, comment\n",
                             "# , at the start\nk: v # x, y\n", "a: 'it''s, fine'\n",
                             "name: 指标[A]\n", "v: 5\"\n", "- [a, b]\n- {c: d}\n"}) {
      CAPTURE(text);
      CHECK_FALSE(MayRunAway(text));
    }
  }
  SUBCASE("the shipped definitions take the one-parse path") {
    for (const auto& path :
         ExpandPaths({std::string(JIXIAO_SOURCE_DIR) + "/config/rongcheng-2024"})) {
      std::ifstream in(path, std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
      CAPTURE(path.string());
      CHECK_FALSE(MayRunAway(text));
    }
  }
}

}  // namespace jixiao

namespace jixiao {

TEST_CASE("loader: a quote never closed is reported at the quote, with the value as meant") {
  struct Case {
    const char* name;
    std::string text;
    int line, column;
    const char* suggestion;
  };
  const std::string base = kMinimal;
  const Case cases[] = {
      // yaml-cpp takes the rest of the file into the value: at the end, it was accepted.
      {"at the end of the file", base + "published: {grade: \"优}\n", 9, 20, "\"优\""},
      {"in a flow mapping", Replace(base, "target: =20项", "target: '=20项"), 8, 42, "'=20项'"},
      {"in the middle, block style", Replace(base, "unit: 某局", "unit: \"某局"), 3, 7, "\"某局\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const LoadResult r = LoadProjectText(c.text, "x.yaml");
    REQUIRE(r.diagnostics.size() == 1);
    const Diagnostic& d = r.diagnostics.front();
    CHECK(d.code == "yaml-unclosed-quote");
    CHECK(d.loc.line == c.line);
    CHECK(d.loc.column == c.column);
    CHECK(d.message.find(std::string("write ") + c.suggestion) != std::string::npos);
  }
  SUBCASE("quotes closed, also over lines, doubled or escaped: no report") {
    for (const char* text : {"a: \"x\ny\"\n", "a: 'it''s'\n", "a: \"q\\\"\"\n", "a: it's\n",
                             "a: [\"x\", 'y']\n", "# \"comment\n"}) {
      CAPTURE(text);
      std::string t = text;
      CHECK_FALSE(Find(PrecheckYaml(t, "x.yaml", 1 << 20), "yaml-unclosed-quote"));
    }
  }
}

}  // namespace jixiao
