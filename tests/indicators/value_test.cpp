// Tests of the value grammar beyond the seed corpus (seed_values_test.cpp): operator spellings,
// number forms, units and their conversion, errors, display helpers.
#include "indicators/value.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace jixiao {
namespace {

Value Parse(const std::string& text) {
  ParseResult r = ParseValue(text);
  INFO("text: " << text << " error: " << r.error);
  REQUIRE(r.value.has_value());
  return *r.value;
}

}  // namespace

TEST_CASE("value: operator spellings") {
  struct Case {
    const char* text;
    Operator op;
    double number;
    const char* symbol;
  };
  const Case cases[] = {
      {"≥95%", Operator::kGe, 95, "%"},
      {"≧95%", Operator::kGe, 95, "%"},
      {">=95%", Operator::kGe, 95, "%"},
      {"＞＝95%", Operator::kGe, 95, "%"},
      {"⩾95%", Operator::kGe, 95, "%"},
      {"大于等于95%", Operator::kGe, 95, "%"},
      {"不低于95%", Operator::kGe, 95, "%"},
      {"不少于20项", Operator::kGe, 20, "项"},
      {"达到95%", Operator::kGe, 95, "%"},
      {"≤5万元", Operator::kLe, 5, "元"},
      {"≦5万元", Operator::kLe, 5, "元"},
      {"<=5万元", Operator::kLe, 5, "元"},
      {"＜＝5万元", Operator::kLe, 5, "元"},
      {"不高于5万元", Operator::kLe, 5, "元"},
      {"不超过5万元", Operator::kLe, 5, "元"},
      {"不多于3次", Operator::kLe, 3, "次"},
      {"小于等于5万元", Operator::kLe, 5, "元"},
      {"=20项", Operator::kEq, 20, "项"},
      {"═20项", Operator::kEq, 20, "项"},
      {"﹦20项", Operator::kEq, 20, "项"},
      {"＝20项", Operator::kEq, 20, "项"},
      {"等于20项", Operator::kEq, 20, "项"},
      {">95%", Operator::kGt, 95, "%"},
      {"＞95%", Operator::kGt, 95, "%"},
      {"高于95%", Operator::kGt, 95, "%"},
      {"超过95%", Operator::kGt, 95, "%"},
      {"<5%", Operator::kLt, 5, "%"},
      {"低于5%", Operator::kLt, 5, "%"},
      {"95%以上", Operator::kGe, 95, "%"},
      {"30分钟以内", Operator::kLe, 30, "分钟"},
      {"30分钟内", Operator::kLe, 30, "分钟"},
      {"5万元以下", Operator::kLe, 5, "元"},
      {"≥95%以上", Operator::kGe, 95, "%"},
      {"20项", Operator::kNone, 20, "项"},
  };
  for (const auto& c : cases) {
    SUBCASE(c.text) {
      const Value v = Parse(c.text);
      CHECK(v.is_quantity());
      CHECK(v.op == c.op);
      CHECK(v.number == doctest::Approx(c.number));
      CHECK(v.unit.symbol == c.symbol);
      CHECK(v.text == c.text);
    }
  }
}

TEST_CASE("value: numbers") {
  struct Case {
    const char* text;
    double number;
  };
  const Case cases[] = {
      {"1,000.5", 1000.5}, {"1，000", 1000},      {"１２３", 123}, {"0.00%", 0},
      {"-5", -5},          {"≥ 15900 人", 15900}, {"1e6", 1e6},    {"1,234,567", 1234567},
      {".5", 0.5},         {"3.60万元", 3.6},     {"0", 0},        {"  42  ", 42},
  };
  for (const auto& c : cases) {
    SUBCASE(c.text) {
      const Value v = Parse(c.text);
      CHECK(v.is_quantity());
      CHECK(v.number == doctest::Approx(c.number));
    }
  }
}

TEST_CASE("value: what cannot be read is an error naming the problem") {
  struct Case {
    const char* text;
    const char* message_part;
  };
  const Case cases[] = {
      {"≈95%", "unknown operator '≈'"},
      {"~95%", "unknown operator '~'"},
      {"±5%", "unknown operator '±'"},
      {"NaN", "NaN"},
      {"≥inf", "NaN and infinity"},
      {"-Infinity", "NaN and infinity"},
      {"1e309", "out of range"},
      {"1e16", "out of range"},
      {"1,00", "groups of three digits"},
      {"", "empty"},
      {"   ", "empty"},
      {"≥", "has no number or text"},
      {"≥95%以下", "contradicts the suffix"},
  };
  for (const auto& c : cases) {
    SUBCASE(c.text) {
      ParseResult r = ParseValue(c.text);
      CHECK_FALSE(r.value.has_value());
      CHECK(r.error.find(c.message_part) != std::string::npos);
    }
  }
  SUBCASE("a value over the length limit is refused, not parsed") {
    ParseResult r = ParseValue(std::string(1 << 20, '9'));
    CHECK_FALSE(r.value.has_value());
    CHECK(r.error.find("too long") != std::string::npos);
  }
}

TEST_CASE("value: qualitative forms") {
  struct Case {
    const char* text;
    QualitativeForm form;
    Operator op;
  };
  const Case cases[] = {
      {"显著提升", QualitativeForm::kPraise, Operator::kNone},
      {"全覆盖", QualitativeForm::kPraise, Operator::kNone},
      {"2024年12月31日前", QualitativeForm::kJudgement, Operator::kNone},
      {"自申报10个工作日", QualitativeForm::kJudgement, Operator::kNone},
      {"≥省级下达参保计划", QualitativeForm::kJudgement, Operator::kGe},
      {"五级网络全覆盖", QualitativeForm::kPraise, Operator::kNone},  // 五 is not a duration
  };
  for (const auto& c : cases) {
    SUBCASE(c.text) {
      const Value v = Parse(c.text);
      CHECK_FALSE(v.is_quantity());
      CHECK(v.form == c.form);
      CHECK(v.op == c.op);
      CHECK(DirectionOf(v) == Direction::kQualitative);
    }
  }
}

TEST_CASE("value: Chinese numerals in durations") {
  struct Case {
    const char* text;
    double number;
    const char* symbol;
  };
  const Case cases[] = {{"一个月", 1, "月"},  {"两周", 2, "周"},   {"十五天", 15, "天"},
                        {"二十天", 20, "天"}, {"半年", 0.5, "年"}, {"三个工作日", 3, "工作日"}};
  for (const auto& c : cases) {
    SUBCASE(c.text) {
      const Value v = Parse(c.text);
      CHECK(v.is_quantity());
      CHECK(v.number == doctest::Approx(c.number));
      CHECK(v.unit.symbol == c.symbol);
    }
  }
}

TEST_CASE("value: direction follows the operator") {
  CHECK(DirectionOf(Parse("≥95%")) == Direction::kPositive);
  CHECK(DirectionOf(Parse(">95%")) == Direction::kPositive);
  CHECK(DirectionOf(Parse("≤5万元")) == Direction::kReverse);
  CHECK(DirectionOf(Parse("<5%")) == Direction::kReverse);
  CHECK(DirectionOf(Parse("=20项")) == Direction::kEqual);
  CHECK(DirectionOf(Parse("100%")) == Direction::kEqual);
  CHECK(DirectionOf(Parse("显著提升")) == Direction::kQualitative);
}

TEST_CASE("value: unit conversion") {
  struct Case {
    const char* from;
    const char* to;
    bool ok;
    double factor;
  };
  const Case cases[] = {
      {"3.6万元", "≤5万元/年", true, 1},     // per-units may be omitted on the actual side
      {"36000元", "≤5万元", true, 1e-4},     // 元 → 万元
      {"1.5亿元", "≤20000万元", true, 1e4},  // 亿元 → 万元
      {"4.28万人", "≥4万人", true, 1},
      {"42800人", "≥4万人", true, 1e-4},
      {"15分钟", "≤30分钟", true, 1},
      {"1.5小时", "≤120分钟", true, 60},
      {"90分钟", "≤2小时", true, 1.0 / 60},
      {"1年", "≤18个月", true, 12},
      {"2天", "≤72小时", true, 24},
      {"20", "≤20人", true, 1},      // a bare actual takes the target's unit
      {"40万元", "≤45万", true, 1},  // a bare magnitude takes the actual's unit
      {"5.2万元/人/年", "≤10万元/人/年", true, 1},
      {"700元/年/人", "=700元/人、年", true, 1},  // per-units in any order
      {"25元/人/日", "=25元/人/天", true, 1},     // 日 = 天
      {"3人", "≤5万元", false, 0},
      {"5元/人", "≤5元/次", false, 0},
      {"10天", "≤1个月", false, 0},       // a month is not a fixed number of days
      {"10天", "≤10个工作日", false, 0},  // nor is a working day a day
      {"5项", "≥5家", false, 0},
  };
  for (const auto& c : cases) {
    SUBCASE((std::string(c.from) + " vs " + c.to).c_str()) {
      const Conversion conv = Convert(Parse(c.from).unit, Parse(c.to).unit);
      CHECK(conv.ok == c.ok);
      if (c.ok) {
        CHECK(conv.factor == doctest::Approx(c.factor));
      } else {
        CHECK(conv.error.find("cannot be compared") != std::string::npos);
      }
    }
  }
}

TEST_CASE("value: implied operators") {
  SUBCASE("a bare 0 means none") {
    Value v = Parse("0");
    CHECK(ResolveImplied(v, {}).empty());
    CHECK(v.op == Operator::kEq);
    CHECK(v.op_implied);
  }
  SUBCASE("a bare 1 for a rate is read as 100%, with a warning") {
    Value v = Parse("1");
    const std::string warning = ResolveImplied(v, ImplyContext{false, true});
    CHECK(warning.find("100%") != std::string::npos);
    CHECK(v.number == 100);
    CHECK(v.unit.symbol == "%");
  }
  SUBCASE("a written operator is kept") {
    Value v = Parse("≤7个工作日");
    ResolveImplied(v, ImplyContext{true, false});
    CHECK(v.op == Operator::kLe);
    CHECK_FALSE(v.op_implied);
  }
  SUBCASE("a bare duration outside 时效指标 means =") {
    Value v = Parse("7个工作日");
    ResolveImplied(v, ImplyContext{false, false});
    CHECK(v.op == Operator::kEq);
  }
}

TEST_CASE("value: plain numbers") {
  std::string err;
  CHECK(ParsePlainNumber("15", &err) == doctest::Approx(15));
  CHECK(ParsePlainNumber("1,000.5", &err) == doctest::Approx(1000.5));
  CHECK(ParsePlainNumber("１５", &err) == doctest::Approx(15));
  CHECK(ParsePlainNumber("-5", &err) == doctest::Approx(-5));
  for (const char* bad : {"ten", "15分", "NaN", "-inf", "1e309", "", "≥5"}) {
    SUBCASE(bad) {
      err.clear();
      CHECK_FALSE(ParsePlainNumber(bad, &err).has_value());
      CHECK_FALSE(err.empty());
    }
  }
}

TEST_CASE("value: display helpers") {
  CHECK(FormatNumber(98) == "98");
  CHECK(FormatNumber(90.4) == "90.4");
  CHECK(FormatNumber(91.14) == "91.14");
  CHECK(FormatNumber(0.0) == "0");
  CHECK(FormatNumber(-0.0) == "0");
  CHECK(FormatNumber(1.5, 0) == "2");
  CHECK(OperatorSymbol(Operator::kGe) == "≥");
  CHECK(OperatorName(Operator::kLe) == "le");
  CHECK(DirectionName(Direction::kReverse) == "reverse");
  CHECK(NormalizeText("　＞＝９５％　") == ">=95%");
  CHECK(TrimText("　特殊群体医疗费（二） ") == "特殊群体医疗费（二）");
}

// FormatNumber's fast path (x·10^d near an integer) must print what printf's "%.*f" prints,
// trailing zeros and a "-0" aside.
std::string PrintfReference(double x, int decimals) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

TEST_CASE("value: FormatNumber prints what printf prints") {
  SUBCASE("ties, near-ties, signs and sizes") {
    const double xs[] = {
        0,           -0.0,     0.125, 2.5,    0.005,  1.005, 91.14, 11.4286,
        0.1 + 0.2,   1e-7,     -1e-7, 99.995, -2.675, 1e11,  1e12,  123456789012.345,
        9.999999999, 5.6 / 49, 1e15,  -1e15};
    for (const double x : xs) {
      for (int d = 0; d <= 8; ++d) {
        CAPTURE(x);
        CAPTURE(d);
        CHECK(FormatNumber(x, d) == PrintfReference(x, d));
      }
    }
  }
  SUBCASE("random values") {
    std::mt19937_64 rng(2024);
    std::uniform_real_distribution<double> mag(-6, 12);
    for (int k = 0; k < 20000; ++k) {
      const double x = std::pow(10.0, mag(rng)) * (rng() % 2 ? -1 : 1);
      // Values as scores and rates are: rounded to 2 or 4 decimals, and not.
      const double rounded = std::round(x * 100) / 100;
      const int d = static_cast<int>(rng() % 7);
      CAPTURE(x);
      CAPTURE(d);
      CHECK(FormatNumber(x, d) == PrintfReference(x, d));
      CHECK(FormatNumber(rounded, d) == PrintfReference(rounded, d));
    }
  }
}

}  // namespace jixiao
