// Robustness of the input readers (issue 8): the value grammar's refusals and readings of
// office-software input, the YAML prechecks and limits (the importer's: in
// tests/engine/import_robustness_test.cpp). The CLI-level view of the same inputs is the corpus in
// tests/bad-input/.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "indicators/loader.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

const char* kProject = R"(project: 测试项目
year: 2024
unit: 某局
budget: {annual: 49, executed: 5.6}
indicators:
  产出指标:
    数量指标:
      - {name: 下放事项, weight: 40, target: =20项, actual: 20项}
)";

const Diagnostic* Find(const Diagnostics& ds, const std::string& code) {
  for (const auto& d : ds)
    if (d.code == code) return &d;
  return nullptr;
}

std::string Dump(const Diagnostics& ds) {
  std::string s;
  for (const auto& d : ds) s += d.str() + "\n";
  return s;
}

// Seconds taken by f().
template <typename F>
double Seconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("value grammar: refusals name what is wrong") {
  struct Case {
    const char* text;
    const char* error_part;
  };
  const Case cases[] = {
      {"≥≥95%", "two operators '≥' and '≥'"},
      {"大于等于≥95%", "two operators '大于等于' and '≥'"},
      {"95%≥", "operator '≥' at the end"},
      {"≥95%≤", "operator '≤' at the end"},
      {"95%\x01", "control character (\\x01)"},
      {"\xb4\xf3\xd3\xda", "not UTF-8"},
      {".inf", "NaN and infinity"},
      {"-.nan", "NaN and infinity"},
      {"Infinity", "NaN and infinity"},
      {"19，5", "groups of three digits"},
  };
  for (const auto& c : cases) {
    SUBCASE(c.text) {
      const ParseResult r = ParseValue(c.text);
      INFO(r.error);
      REQUIRE_FALSE(r.value.has_value());
      CHECK(r.error.find(c.error_part) != std::string::npos);
    }
  }
}

TEST_CASE("value grammar: office-software spellings are read") {
  struct Case {
    const char* text;
    Operator op;
    double number;
    const char* unit;
  };
  const Case cases[] = {
      {"> =95%", Operator::kGe, 95, "%"},
      {"＞ ＝９５％", Operator::kGe, 95, "%"},
      {"< =1%", Operator::kLe, 1, "%"},
      {"两周内", Operator::kLe, 2, "周"},
      {"三个工作日以内", Operator::kLe, 3, "工作日"},
      {"达到95%", Operator::kGe, 95, "%"},
      {"不大于3%", Operator::kLe, 3, "%"},
      {"多于10人", Operator::kGt, 10, "人"},
  };
  for (const auto& c : cases) {
    SUBCASE(c.text) {
      const ParseResult r = ParseValue(c.text);
      INFO(r.error);
      REQUIRE(r.value.has_value());
      CHECK(r.value->is_quantity());
      CHECK(r.value->op == c.op);
      CHECK(r.value->number == c.number);
      CHECK(r.value->unit.symbol == c.unit);
    }
  }
  SUBCASE("达到 says how it was read") {
    const ParseResult r = ParseValue("达到100%");
    REQUIRE(r.value.has_value());
    REQUIRE_FALSE(r.value->notes.empty());
    CHECK(r.value->notes.front().find("达到") != std::string::npos);
  }
  SUBCASE("words that only start like NaN or inf are text") {
    for (const char* text : {"information", "Nanjing", "infra建设"}) {
      const ParseResult r = ParseValue(text);
      INFO(text);
      REQUIRE(r.value.has_value());
      CHECK_FALSE(r.value->is_quantity());
    }
  }
}

TEST_CASE("Excerpt: one short line") {
  CHECK(Excerpt("≥95%") == "≥95%");
  CHECK(Excerpt("a\nb\tc\x01") == "a\\nb\\tc\\x01");
  const std::string long_text(1000, '9');
  CHECK(Excerpt(long_text, 10) == "9999999999… (1000 characters)");
  CHECK(Excerpt("满意度满意度", 3) == "满意度… (6 characters)");
}

TEST_CASE("loader: prechecks and limits") {
  SUBCASE("a text over 1 MiB is refused before it is parsed") {
    const std::string huge = std::string(kProject) + std::string(2u << 20, '#');
    const LoadResult r = LoadProjectText(huge, "x.yaml");
    INFO(Dump(r.diagnostics));
    CHECK(Find(r.diagnostics, "too-large") != nullptr);
  }
  SUBCASE("deep flow nesting is refused with its place") {
    const std::string deep = "project: [" + std::string(100, '[') + std::string(101, ']') + "\n";
    const LoadResult r = LoadProjectText(deep, "x.yaml");
    const Diagnostic* d = Find(r.diagnostics, "too-deep");
    REQUIRE(d != nullptr);
    CHECK(d->loc.line == 1);
    CHECK(d->loc.column == 74);  // the 65th [ (the first is at column 10)
  }
  SUBCASE("inputs on which yaml-cpp never returns are stopped (found by fuzz_loader)") {
    for (const char* text : {",", "---\n,", "- a\n, b", "\"x\" ,", ", weight: 10, actual: 0.[ #"}) {
      INFO(text);
      LoadResult r;
      const double s = Seconds([&] { r = LoadProjectText(text, "x.yaml"); });
      CHECK(s < 5);
      CHECK(Find(r.diagnostics, "yaml-syntax") != nullptr);
    }
  }
  SUBCASE("a second document is an error at its '---'") {
    const LoadResult r = LoadProjectText(std::string(kProject) + "---\n" + kProject, "x.yaml");
    const Diagnostic* d = Find(r.diagnostics, "multiple-documents");
    REQUIRE(d != nullptr);
    CHECK(d->loc.line == 9);
  }
  SUBCASE("classic Mac line ends (CR only) are read") {
    std::string cr = kProject;
    for (char& c : cr)
      if (c == '\n') c = '\r';
    const LoadResult r = LoadProjectText(cr, "x.yaml");
    INFO(Dump(r.diagnostics));
    CHECK(r.ok());
  }
  SUBCASE("a stray Latin-1 byte is not called GBK; a GBK line is") {
    std::string latin = kProject;
    latin.replace(latin.find("某局"), 6, "Caf\xe9 ");
    int line = 0;
    std::string enc = CheckEncoding(latin, &line);
    CHECK(enc.find("0xE9") != std::string::npos);
    CHECK(line == 3);
    std::string gbk = kProject;
    gbk.replace(gbk.find("某局"), 6, "\xc4\xb3\xbe\xd6");  // 某局 in GBK
    enc = CheckEncoding(gbk, &line);
    CHECK(enc.find("GBK") != std::string::npos);
  }
  SUBCASE("names over 200 characters are refused, quoted short") {
    std::string s = kProject;
    std::string name;
    for (int i = 0; i < 210; ++i) name += "项";
    s.replace(s.find("下放事项"), std::string("下放事项").size(), name);
    const LoadResult r = LoadProjectText(s, "x.yaml");
    const Diagnostic* d = Find(r.diagnostics, "too-long");
    REQUIRE(d != nullptr);
    CHECK(d->message.find("(210 characters)") != std::string::npos);
    CHECK(d->message.size() < 400);
  }
  SUBCASE("a 20 KB target is refused and quoted short") {
    std::string s = kProject;
    s.replace(s.find("=20项"), std::string("=20项").size(), "≥" + std::string(20000, '9') + "%");
    const LoadResult r = LoadProjectText(s, "x.yaml");
    const Diagnostic* d = Find(r.diagnostics, "bad-value");
    REQUIRE(d != nullptr);
    CHECK(d->message.find("too long") != std::string::npos);
    CHECK(d->message.size() < 400);
  }
}

}  // namespace jixiao
