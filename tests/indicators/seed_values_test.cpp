// seed_values_test.cpp — the seed corpus of the value grammar (indicators/value.h).
//
// Every distinct target value (年度指标值 / 指标值) and actual value (实际完成值) of the
// performance tables (绩效目标表, 专项资金绩效目标表, 绩效自评表) of the five seeds
// tests/data/seeds/000 … 004, one entry per distinct string per seed, with the reading it must get.
// The tables were located and read by hand (cells broken over lines by the PDF conversion joined),
// and every expected reading below was decided by hand from the grammar in value.h — none was
// copied from a parser.
//
// Then: cells that must not parse, the operator-less readings of ResolveImplied, and a few contract
// cases from value.h that the seeds do not contain (other operator glyphs, full-width digits,
// thousands separators, 亿 / 千).
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "doctest/doctest.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

constexpr Operator kNone = Operator::kNone;
constexpr Operator kGe = Operator::kGe;
constexpr Operator kGt = Operator::kGt;
constexpr Operator kLe = Operator::kLe;
constexpr Operator kLt = Operator::kLt;
constexpr Operator kEq = Operator::kEq;

// Where the string occurs in its seed: a target cell, an actual cell, or both.
constexpr const char* kT = "target";
constexpr const char* kA = "actual";
constexpr const char* kB = "target+actual";

struct SeedCase {
  const char* seed = "";
  const char* role = "";
  const char* text = "";
  ValueKind kind = ValueKind::kQuantity;
  Operator op = Operator::kNone;
  double number = 0;                                // quantities only
  const char* symbol = "";                          // quantities only
  double scale = 1;                                 // quantities only
  std::vector<std::string> per;                     // quantities only, sorted by byte order
  QualitativeForm form = QualitativeForm::kPraise;  // qualitative only
  const char* qualitative = "";  // qualitative only: the text with its operator stripped
};

// A quantity: (operator) number (unit).
SeedCase Q(const char* seed, const char* role, const char* text, Operator op, double number,
           const char* symbol = "", double scale = 1, std::vector<std::string> per = {}) {
  SeedCase c;
  c.seed = seed;
  c.role = role;
  c.text = text;
  c.kind = ValueKind::kQuantity;
  c.op = op;
  c.number = number;
  c.symbol = symbol;
  c.scale = scale;
  c.per = std::move(per);
  return c;
}

// Qualitative text. Praise: no operator, no digit, no date. Judgement: anything else.
SeedCase Qualitative(const char* seed, const char* role, const char* text, QualitativeForm form,
                     Operator op, const char* qualitative) {
  SeedCase c;
  c.seed = seed;
  c.role = role;
  c.text = text;
  c.kind = ValueKind::kQualitative;
  c.op = op;
  c.form = form;
  c.qualitative = qualitative;
  return c;
}

SeedCase P(const char* seed, const char* role, const char* text) {
  return Qualitative(seed, role, text, QualitativeForm::kPraise, kNone, text);
}

SeedCase J(const char* seed, const char* role, const char* text, Operator op = kNone,
           const char* qualitative = nullptr) {
  return Qualitative(seed, role, text, QualitativeForm::kJudgement, op,
                     qualitative != nullptr ? qualitative : text);
}

const std::vector<std::string> kPerRen = {"人"};
const std::vector<std::string> kPerRenNian = {"人", "年"};
const std::vector<std::string> kPerRenTian = {"人", "天"};
const std::vector<std::string> kPerNian = {"年"};
const std::vector<std::string> kPerJici = {"剂次"};

const SeedCase kSeedCases[] = {
    // 000 烟台市医疗保险事业中心, 2024 budget: 8 项目支出绩效目标表 (targets only).
    Q("000", kT, "≤1000万元", kLe, 1000, "元", 1e4),
    Q("000", kT, "=480人", kEq, 480, "人"),
    Q("000", kT, "=100%", kEq, 100, "%"),
    P("000", kT, "明显改善"),
    P("000", kT, "明显提高"),
    Q("000", kT, "≥95%", kGe, 95, "%"),
    Q("000", kT, "≤90万元", kLe, 90, "元", 1e4),
    Q("000", kT, "=20条", kEq, 20, "条"),
    Q("000", kT, "=4项", kEq, 4, "项"),
    Q("000", kT, "=8个", kEq, 8, "个"),
    Q("000", kT, "≥20M", kGe, 20, "M"),
    P("000", kT, "明显提升"),
    Q("000", kT, "≤2小时", kLe, 2, "小时"),
    Q("000", kT, "≤2个月", kLe, 2, "月"),
    Q("000", kT, "≥90%", kGe, 90, "%"),
    Q("000", kT, "≤320万元", kLe, 320, "元", 1e4),
    Q("000", kT, "≥78种", kGe, 78, "种"),
    Q("000", kT, "≥3次", kGe, 3, "次"),
    P("000", kT, "显著提升"),
    Q("000", kT, "0", kNone, 0),  // 重大舆情次数; 重复参保人数（人）
    Q("000", kT, "100%", kNone, 100, "%"),
    P("000", kT, "部门职能正常运转"),
    Q("000", kT, "≤14.2万元", kLe, 14.2, "元", 1e4),
    Q("000", kT, "≥5万笔", kGe, 5, "笔", 1e4),
    Q("000", kT, "1", kNone, 1),  // 审核覆盖率, 规则审核准确率, 结算准确率
    Q("000", kT, "≥10000条", kGe, 10000, "条"),
    P("000", kT, "全流程"),
    P("000", kT, "无超支"),
    P("000", kT, "系统运行稳定"),
    P("000", kT, "长期有效"),
    Q("000", kT, "≤8000万元", kLe, 8000, "元", 1e4),
    Q("000", kT, "≥362万人", kGe, 362, "人", 1e4),
    Q("000", kT, "≥14.5万人", kGe, 14.5, "人", 1e4),
    Q("000", kT, "≥3种", kGe, 3, "种"),
    Q("000", kT, "≤22万元", kLe, 22, "元", 1e4),
    Q("000", kT, "=670元/人/年", kEq, 670, "元", 1, kPerRenNian),
    Q("000", kT, "≤66424万元", kLe, 66424, "元", 1e4),
    Q("000", kT, "≤27561万元", kLe, 27561, "元", 1e4),
    Q("000", kT, "≥360万人", kGe, 360, "人", 1e4),
    Q("000", kT, "=670元/人、年", kEq, 670, "元", 1, kPerRenNian),
    P("000", kT, "逐步推开"),
    P("000", kT, "普遍开展"),
    P("000", kT, "有效缓解"),
    P("000", kT, "稳定在合理区间内"),
    Q("000", kT, "≥80%", kGe, 80, "%"),
    Q("000", kT, "≤1605万元", kLe, 1605, "元", 1e4),
    Q("000", kT, "≤195万元", kLe, 195, "元", 1e4),
    Q("000", kT, "≤1340万元", kLe, 1340, "元", 1e4),
    Q("000", kT, "≤70万元", kLe, 70, "元", 1e4),
    Q("000", kT, "=5元/人", kEq, 5, "元", 1, kPerRen),
    Q("000", kT, "≥268万人", kGe, 268, "人", 1e4),
    Q("000", kT, "≥39万人", kGe, 39, "人", 1e4),
    Q("000", kT, "≥7100人", kGe, 7100, "人"),
    P("000", kT, "有效提升"),
    Q("000", kT, "≥0.1%", kGe, 0.1, "%"),
    P("000", kT, "持续提升"),

    // 001 威海市医疗保险事业中心, 2025 budget: 8 政策和项目预算绩效目标表 (targets only).
    Q("001", kT, "≤25万元", kLe, 25, "元", 1e4),
    Q("001", kT, "≥10000人", kGe, 10000, "人"),
    Q("001", kT, "=100%", kEq, 100, "%"),
    P("001", kT, "提升"),
    Q("001", kT, "≥90%", kGe, 90, "%"),
    Q("001", kT, "≤6800元", kLe, 6800, "元"),
    Q("001", kT, "≤11人", kLe, 11, "人"),
    P("001", kT, "提高"),
    Q("001", kT, "=700元/人/年", kEq, 700, "元", 1, kPerRenNian),
    Q("001", kT, "≥147万人", kGe, 147, "人", 1e4),
    Q("001", kT, "≥1.05万人", kGe, 1.05, "人", 1e4),
    P("001", kT, "健全"),
    Q("001", kT, "≥95%", kGe, 95, "%"),
    Q("001", kT, "≤100万元", kLe, 100, "元", 1e4),
    Q("001", kT, "=40人", kEq, 40, "人"),
    Q("001", kT, "=5万元/人/年", kEq, 5, "元", 1e4, kPerRenNian),
    Q("001", kT, "=59人", kEq, 59, "人"),
    Q("001", kT, "=15元/人/年", kEq, 15, "元", 1, kPerRenNian),
    Q("001", kT, "≥17.8万人", kGe, 17.8, "人", 1e4),
    Q("001", kT, "=1元/人/年", kEq, 1, "元", 1, kPerRenNian),
    Q("001", kT, "≥9.25万人", kGe, 9.25, "人", 1e4),
    Q("001", kT, "≤25元/剂次", kLe, 25, "元", 1, kPerJici),
    Q("001", kT, "≤5元/剂次", kLe, 5, "元", 1, kPerJici),
    Q("001", kT, "≥16.14万剂次", kGe, 16.14, "剂次", 1e4),

    // 002 招远市医疗保障局, 2023 budget: 专项资金绩效目标表 + 7 项目支出绩效目标表 (targets only;
    // the 职工长护险财政补贴 table appears twice).
    Q("002", kT, "≤5元/年/人", kLe, 5, "元", 1, kPerRenNian),
    Q("002", kT, "≥190000人", kGe, 190000, "人"),
    Q("002", kT, "≥2000人", kGe, 2000, "人"),
    Q("002", kT, "=100%", kEq, 100, "%"),
    P("002", kT, "显著"),
    Q("002", kT, "≥90%", kGe, 90, "%"),
    Q("002", kT, "≤16万", kLe, 16, "", 1e4),
    Q("002", kT, "≤950万元", kLe, 950, "元", 1e4),
    Q("002", kT, "≤520元/年/人", kLe, 520, "元", 1, kPerRenNian),
    Q("002", kT, "≥15900 人", kGe, 15900, "人"),
    Q("002", kT, "≤35000 元/年/人", kLe, 35000, "元", 1, kPerRenNian),
    Q("002", kT, "≤26000元/年/人", kLe, 26000, "元", 1, kPerRenNian),
    Q("002", kT, "≤27000元/年/人", kLe, 27000, "元", 1, kPerRenNian),
    Q("002", kT, "≥120人", kGe, 120, "人"),
    Q("002", kT, "≥363人", kGe, 363, "人"),
    Q("002", kT, "≥9人", kGe, 9, "人"),
    Q("002", kT, "=0.00%", kEq, 0, "%"),
    Q("002", kT, "≤9.37 万", kLe, 9.37, "", 1e4),
    Q("002", kT, "≥2次", kGe, 2, "次"),
    Q("002", kT, "≥95%", kGe, 95, "%"),
    Q("002", kT, "≤30000 元/人", kLe, 30000, "元", 1, kPerRen),
    Q("002", kT, "≥40人", kGe, 40, "人"),

    // 003 德州市医疗保险事业中心, 2024 budget: 10 项目支出绩效目标表 (targets only).
    Q("003", kT, "≤30万元", kLe, 30, "元", 1e4),
    Q("003", kT, "25元/人/天", kNone, 25, "元", 1, kPerRenTian),
    Q("003", kT, "≥1.2万人", kGe, 1.2, "人", 1e4),
    Q("003", kT, "≥98%", kGe, 98, "%"),
    J("003", kT, "自申报10个工作日"),
    P("003", kT, "有效提高"),
    Q("003", kT, "≥90%", kGe, 90, "%"),
    Q("003", kT, "≤14633.47万元", kLe, 14633.47, "元", 1e4),
    Q("003", kT, "201元/人", kNone, 201, "元", 1, kPerRen),
    Q("003", kT, "67元/人", kNone, 67, "元", 1, kPerRen),
    Q("003", kT, "≥2.4万人", kGe, 2.4, "人", 1e4),
    Q("003", kT, "≥205.86万人", kGe, 205.86, "人", 1e4),
    Q("003", kT, "≥65%", kGe, 65, "%"),
    Q("003", kT, "≥55%", kGe, 55, "%"),
    Q("003", kT, ">95%", kGt, 95, "%"),
    P("003", kT, "有效减轻"),
    P("003", kT, "持续保障"),
    Q("003", kT, "≥85%", kGe, 85, "%"),
    Q("003", kT, "≤10.6万元", kLe, 10.6, "元", 1e4),
    Q("003", kT, "≤1万元", kLe, 1, "元", 1e4),
    Q("003", kT, "≤9.6万元", kLe, 9.6, "元", 1e4),
    Q("003", kT, "≥2次", kGe, 2, "次"),
    Q("003", kT, "≥4次", kGe, 4, "次"),
    Q("003", kT, "≥5次", kGe, 5, "次"),
    P("003", kT, "及时完成"),
    P("003", kT, "不断提升"),
    Q("003", kT, "≥80%", kGe, 80, "%"),
    Q("003", kT, "≤48万元", kLe, 48, "元", 1e4),
    Q("003", kT, "≤8人", kLe, 8, "人"),
    Q("003", kT, "100%", kNone, 100, "%"),
    P("003", kT, "稳定"),
    Q("003", kT, "≤179万元", kLe, 179, "元", 1e4),
    Q("003", kT, "≤120万元", kLe, 120, "元", 1e4),
    Q("003", kT, "≤59万元", kLe, 59, "元", 1e4),
    Q("003", kT, "≤60分钟", kLe, 60, "分钟"),
    Q("003", kT, "≤30分钟", kLe, 30, "分钟"),
    P("003", kT, "有效提升"),
    P("003", kT, "实现省市县乡村五级医保服务网络全覆盖"),
    P("003", kT, "及时宣传"),
    Q("003", kT, "≤45万", kLe, 45, "", 1e4),
    Q("003", kT, "≥3000件", kGe, 3000, "件"),
    Q("003", kT, "≥150次", kGe, 150, "次"),
    P("003", kT, "有效降低"),
    Q("003", kT, "≤10分钟", kLe, 10, "分钟"),
    P("003", kT, "有效保障"),
    Q("003", kT, "≤18.10万元", kLe, 18.1, "元", 1e4),
    Q("003", kT, "≥350天", kGe, 350, "天"),
    Q("003", kT, "≥5条", kGe, 5, "条"),
    Q("003", kT, "≤1小时", kLe, 1, "小时"),
    P("003", kT, "有效减少"),
    Q("003", kT, "≤232.9万元", kLe, 232.9, "元", 1e4),
    Q("003", kT, "≤58.53万元", kLe, 58.53, "元", 1e4),
    Q("003", kT, "≤121.77万元", kLe, 121.77, "元", 1e4),
    Q("003", kT, "≤52.6万元", kLe, 52.6, "元", 1e4),
    Q("003", kT, "≥30000件", kGe, 30000, "件"),
    Q("003", kT, "7个工作日", kNone, 7, "工作日"),
    Q("003", kT, "15个工作日", kNone, 15, "工作日"),
    Q("003", kT, "一个月", kNone, 1, "月"),
    Q("003", kT, "≥70%", kGe, 70, "%"),
    Q("003", kT, "≥20%", kGe, 20, "%"),
    P("003", kT, "效果明显"),
    Q("003", kT, "≤335万元", kLe, 335, "元", 1e4),
    Q("003", kT, "5.00万元/人", kNone, 5, "元", 1e4, kPerRen),
    Q("003", kT, "≤67人", kLe, 67, "人"),
    Q("003", kT, "≥95%", kGe, 95, "%"),
    Q("003", kT, "≤180万元", kLe, 180, "元", 1e4),
    Q("003", kT, "10.00元/人/年", kNone, 10, "元", 1, kPerRenNian),
    Q("003", kT, "≤18万人", kLe, 18, "人", 1e4),
    P("003", kT, "及时"),
    J("003", kT, "2024年12月31日前"),

    // 004 荣成市医疗保障局, 2024 final accounts: 8 市级预算项目支出绩效自评表 and the
    // 中央对地方转移支付项目绩效自评表 (targets and actuals).
    Q("004", kT, "≤0.5万元", kLe, 0.5, "元", 1e4),
    Q("004", kA, "0.42万元", kNone, 0.42, "元", 1e4),
    Q("004", kT, "≤10万份", kLe, 10, "份", 1e4),
    Q("004", kA, "10万份", kNone, 10, "份", 1e4),
    Q("004", kT, "≥95%", kGe, 95, "%"),
    Q("004", kA, "100%", kNone, 100, "%"),
    Q("004", kT, "≥75%", kGe, 75, "%"),
    P("004", kB, "有效维护"),
    P("004", kB, "显著提升"),
    Q("004", kT, "≥85%", kGe, 85, "%"),
    Q("004", kA, "98%", kNone, 98, "%"),
    Q("004", kT, "≤5万元", kLe, 5, "元", 1e4),
    Q("004", kA, "4.96万元", kNone, 4.96, "元", 1e4),
    Q("004", kT, "≤8万元", kLe, 8, "元", 1e4),
    Q("004", kA, "6.58万元", kNone, 6.58, "元", 1e4),
    Q("004", kT, "≤12万元", kLe, 12, "元", 1e4),
    Q("004", kA, "8.45万元", kNone, 8.45, "元", 1e4),
    Q("004", kT, "≤20人", kLe, 20, "人"),
    Q("004", kA, "20", kNone, 20),
    Q("004", kT, "≥90%", kGe, 90, "%"),
    Q("004", kA, "96%", kNone, 96, "%"),
    P("004", kB, "全覆盖"),
    Q("004", kT, "≤5万元/年", kLe, 5, "元", 1e4, kPerNian),
    Q("004", kA, "3.6万元", kNone, 3.6, "元", 1e4),
    Q("004", kT, "≤44万元/年", kLe, 44, "元", 1e4, kPerNian),
    Q("004", kA, "2万元", kNone, 2, "元", 1e4),
    Q("004", kT, "=20项", kEq, 20, "项"),
    Q("004", kA, "20项", kNone, 20, "项"),
    Q("004", kT, "=100%", kEq, 100, "%"),
    P("004", kB, "显著提高"),
    P("004", kB, "有效促进"),
    Q("004", kT, "≤7万元", kLe, 7, "元", 1e4),
    Q("004", kA, "0", kNone, 0),  // 医保一图清服务平台: never started
    Q("004", kT, "≤14万元", kLe, 14, "元", 1e4),
    Q("004", kT, "≥75家", kGe, 75, "家"),
    P("004", kT, "可立即查询"),
    P("004", kT, "明显提升"),
    Q("004", kT, "≤10万元/人/年", kLe, 10, "元", 1e4, kPerRenNian),
    Q("004", kA, "5.2万元/人/年", kNone, 5.2, "元", 1e4, kPerRenNian),
    Q("004", kT, "≥180人", kGe, 180, "人"),
    Q("004", kA, "180人", kNone, 180, "人"),
    P("004", kB, "卓有成效"),
    Q("004", kT, "≤650元", kLe, 650, "元"),
    Q("004", kA, "650元", kNone, 650, "元"),
    Q("004", kA, "181人", kNone, 181, "人"),
    Q("004", kT, "≤160元/人", kLe, 160, "元", 1, kPerRen),
    Q("004", kA, "141元/人", kNone, 141, "元", 1, kPerRen),
    Q("004", kT, "≥5项", kGe, 5, "项"),
    Q("004", kA, "5项", kNone, 5, "项"),
    P("004", kB, "健全"),
    Q("004", kT, "≥4万人", kGe, 4, "人", 1e4),
    Q("004", kA, "4.28万人", kNone, 4.28, "人", 1e4),
    J("004", kT, "≥省级下达参保计划", kGe, "省级下达参保计划"),
    P("004", kA, "完成省级下达参保计划"),
    Q("004", kT, "≤30分钟", kLe, 30, "分钟"),
    Q("004", kA, "15分钟", kNone, 15, "分钟"),
    Q("004", kT, "≤3.5万元", kLe, 3.5, "元", 1e4),
    Q("004", kA, "3.5万元", kNone, 3.5, "元", 1e4),
    Q("004", kT, "≤13.17万元", kLe, 13.17, "元", 1e4),
    Q("004", kA, "13.17万元", kNone, 13.17, "元", 1e4),
    P("004", kB, "持续开展DRG付费方式改革提升医保服务水平"),
    Q("004", kA, "99%", kNone, 99, "%"),
};

std::string Join(const std::vector<std::string>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
  return out + "}";
}

// Parses `text` and checks that it gave a value. A CHECK, not a REQUIRE: in doctest a REQUIRE that
// fails inside a SUBCASE ends the whole TEST_CASE, and one bad cell would hide the rest of a table.
const Value* Parsed(const ParseResult& r) {
  INFO("error: " << r.error);
  CHECK(r.value.has_value());
  return r.value ? &*r.value : nullptr;
}

void CheckReading(const SeedCase& c) {
  const ParseResult r = ParseValue(c.text);
  const Value* parsed = Parsed(r);
  if (parsed == nullptr) return;
  const Value& v = *parsed;
  CHECK(v.text == c.text);
  CHECK(v.kind == c.kind);
  CHECK(v.op == c.op);
  CHECK_FALSE(v.op_implied);
  if (c.kind == ValueKind::kQuantity) {
    CHECK(v.number == doctest::Approx(c.number));
    CHECK(v.unit.symbol == c.symbol);
    CHECK(v.unit.scale == doctest::Approx(c.scale));
    INFO("per: " << Join(v.unit.per) << ", expected " << Join(c.per));
    CHECK(v.unit.per == c.per);
  } else {
    CHECK(v.form == c.form);
    CHECK(v.qualitative == c.qualitative);
  }
}

TEST_CASE("seed values: every target and actual cell of the five seeds reads as decided by hand") {
  for (const SeedCase& c : kSeedCases) {
    SUBCASE((std::string(c.seed) + " " + c.role + " " + c.text).c_str()) { CheckReading(c); }
  }
}

TEST_CASE("seed values: the corpus is deduplicated per seed") {
  std::set<std::string> seen;
  for (const SeedCase& c : kSeedCases) {
    const std::string key = std::string(c.seed) + " " + c.text;
    INFO(key);
    CHECK(seen.insert(key).second);
  }
}

// Values beyond the seeds that the contract of value.h names explicitly: the other operator glyphs
// and words, full-width digits and signs, thousands separators, stray spaces, 亿 and 千.
const SeedCase kContractCases[] = {
    Q("value.h", kT, "≧95%", kGe, 95, "%"),
    Q("value.h", kT, ">=95%", kGe, 95, "%"),
    Q("value.h", kT, "＞＝95%", kGe, 95, "%"),
    Q("value.h", kT, "≦30分钟", kLe, 30, "分钟"),
    Q("value.h", kT, "<=2小时", kLe, 2, "小时"),
    Q("value.h", kT, "＜＝5万元", kLe, 5, "元", 1e4),
    Q("value.h", kT, "═100%", kEq, 100, "%"),
    Q("value.h", kT, "﹦100%", kEq, 100, "%"),
    Q("value.h", kT, "＝100%", kEq, 100, "%"),
    Q("value.h", kT, "＞95%", kGt, 95, "%"),
    Q("value.h", kT, "<5%", kLt, 5, "%"),
    Q("value.h", kT, "＜5%", kLt, 5, "%"),
    Q("value.h", kT, "不低于95%", kGe, 95, "%"),
    Q("value.h", kT, "不超过30分钟", kLe, 30, "分钟"),
    Q("value.h", kT, "≥９５％", kGe, 95, "%"),
    Q("value.h", kT, "≤1,000.5万元", kLe, 1000.5, "元", 1e4),
    Q("value.h", kT, "≤1，000万元", kLe, 1000, "元", 1e4),
    Q("value.h", kT, "≤ 30 分钟", kLe, 30, "分钟"),
    Q("value.h", kT, "≤1.5亿元", kLe, 1.5, "元", 1e8),
    Q("value.h", kT, "≥3千人", kGe, 3, "人", 1e3),
    Q("value.h", kT, "=700元/年/人", kEq, 700, "元", 1, kPerRenNian),
    Q("value.h", kA, "≥266米", kGe, 266, "米"),
};

TEST_CASE("seed values: contract cases beyond the seeds") {
  for (const SeedCase& c : kContractCases) {
    SUBCASE(c.text) { CheckReading(c); }
  }
}

// Cells that must not parse: ParseValue returns no value and says why.
struct FailCase {
  const char* text;
  const char* why;
};

const FailCase kFailCases[] = {
    {"NaN", "not a number"},
    {"nan", "not a number"},
    {"inf", "infinity"},
    {"-inf", "infinity"},
    {"1e309", "overflows a double"},
    {"10000000000000000", "beyond ±1e15"},
    {"≥NaN%", "not a number after an operator"},
    {"", "empty cell"},
    {"   ", "blank cell"},
    {"≥", "operator with nothing after it"},
    {"≈95%", "unknown operator '≈'"},
};

TEST_CASE("seed values: cells that must fail to parse") {
  for (const FailCase& c : kFailCases) {
    SUBCASE((std::string("[") + c.text + "] " + c.why).c_str()) {
      const ParseResult r = ParseValue(c.text);
      CHECK_FALSE(r.value.has_value());
      CHECK_FALSE(r.error.empty());
    }
  }
}

TEST_CASE("seed values: an unknown operator is named in the error, at its offset") {
  const ParseResult r = ParseValue("≈95%");
  CHECK_FALSE(r.value.has_value());
  INFO("error: " << r.error);
  CHECK(r.error.find("≈") != std::string::npos);
  CHECK(r.error_offset == 0);
}

// ResolveImplied: the operator an operator-less target gets from its context.
struct ImplyCase {
  const char* text;
  ImplyContext ctx;
  Operator op;    // after resolution
  bool implied;   // op_implied after resolution
  double number;  // after resolution
  const char* symbol;
  bool warns;  // a non-empty warning is returned
};

const ImplyCase kImplyCases[] = {
    // A bare duration under 时效指标 means "within".
    {"7个工作日", {true, false}, kLe, true, 7, "工作日", false},
    {"15个工作日", {true, false}, kLe, true, 15, "工作日", false},
    {"一个月", {true, false}, kLe, true, 1, "月", false},
    // Outside 时效指标 the same bare number is a standard.
    {"7个工作日", {false, false}, kEq, true, 7, "工作日", false},
    // A bare standard means =.
    {"25元/人/天", {false, false}, kEq, true, 25, "元", false},
    {"201元/人", {false, false}, kEq, true, 201, "元", false},
    {"5.00万元/人", {false, false}, kEq, true, 5, "元", false},
    {"100%", {false, false}, kEq, true, 100, "%", false},
    {"100%", {false, true}, kEq, true, 100, "%", false},
    // A bare 0 (重大舆情次数) means none.
    {"0", {false, false}, kEq, true, 0, "", false},
    // A bare 1 for a rate (审核覆盖率) is read as 100%, with a warning; otherwise it is 1.
    {"1", {false, true}, kEq, true, 100, "%", true},
    {"1", {false, false}, kEq, true, 1, "", false},
    // A written operator is left alone.
    {"≥95%", {false, true}, kGe, false, 95, "%", false},
    {"≤2小时", {true, false}, kLe, false, 2, "小时", false},
    {"=100%", {false, true}, kEq, false, 100, "%", false},
};

void CheckImplied(const ImplyCase& c) {
  const ParseResult r = ParseValue(c.text);
  const Value* parsed = Parsed(r);
  if (parsed == nullptr) return;
  Value v = *parsed;
  CHECK(v.kind == ValueKind::kQuantity);
  const std::string warning = ResolveImplied(v, c.ctx);
  INFO("warning: " << warning);
  CHECK(v.kind == ValueKind::kQuantity);
  CHECK(v.op == c.op);
  CHECK(v.op_implied == c.implied);
  CHECK(v.number == doctest::Approx(c.number));
  CHECK(v.unit.symbol == c.symbol);
  CHECK(warning.empty() == !c.warns);
}

TEST_CASE("seed values: ResolveImplied reads operator-less targets in context") {
  for (const ImplyCase& c : kImplyCases) {
    const std::string name = std::string(c.text) + (c.ctx.timeliness ? " [时效]" : "") +
                             (c.ctx.rate_name ? " [rate]" : "");
    SUBCASE(name.c_str()) { CheckImplied(c); }
  }
}

void CheckQualitativeUntouched(const char* text) {
  const ParseResult r = ParseValue(text);
  const Value* parsed = Parsed(r);
  if (parsed == nullptr) return;
  Value v = *parsed;
  const std::string warning = ResolveImplied(v, ImplyContext{true, true});
  CHECK(v.kind == ValueKind::kQualitative);
  CHECK(v.op == kNone);
  CHECK_FALSE(v.op_implied);
  CHECK(warning.empty());
}

TEST_CASE("seed values: ResolveImplied leaves qualitative text alone") {
  for (const char* text : {"显著提升", "全覆盖", "健全"}) {
    SUBCASE(text) { CheckQualitativeUntouched(text); }
  }
}

}  // namespace
}  // namespace jixiao
