// Importing performance tables from document text: one small synthetic document per layout quirk
// of the seeds (tab- and space-separated rows, one cell per line, cells broken over lines, blank
// merged cells, shifted or missing 一级 columns, page footers, a table printed twice, full-width
// characters and stray spaces in numbers), each asserting the rows found and the report.
#include "engine/io/import.h"

#include <doctest/doctest.h>

#include <string>

namespace jixiao {
namespace {

struct Row {
  std::string l1, l2, name, target;
};

void CheckRows(const ProjectFile& pf, const std::vector<Row>& rows) {
  REQUIRE(pf.project.indicators.size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Indicator& ind = pf.project.indicators[i];
    CAPTURE(i);
    CHECK(Level1Name(ind.level1) == rows[i].l1);
    CHECK(Level2Name(ind.level2) == rows[i].l2);
    CHECK(ind.name == rows[i].name);
    CHECK(ind.target.text == rows[i].target);
  }
}

bool ReportHas(const ImportResult& r, int line, const std::string& part) {
  for (const auto& e : r.report)
    if (e.loc.line == line && e.why.find(part) != std::string::npos) return true;
  return false;
}

bool NotesHave(const ImportResult& r, const std::string& part) {
  for (const auto& e : r.notes)
    if (e.why.find(part) != std::string::npos) return true;
  return false;
}

TEST_CASE("import: tab-separated target table with blank merged level cells") {
  const std::string doc =
      "2025年某单位预算\n"
      "政策和项目预算绩效目标表\n"
      "\n"
      "项目名称\t\t经办服务运行\t\t\n"
      "主管部门及代码\t\t406_某市医疗保障局\t实施单位\t某市医疗保险事业中心\n"
      "项目资金 (万元)\t\t年度预算资金总额:\t25.00\t\n"
      "\t\t其中:财政拨款\t25.00\t\n"
      "\t\t其他资金\t0.00\t\n"
      "总体目标\t<p>提升经办服务水平。</p>\t\t\t\n"
      "\t一级指标\t二级指标\t三级指标\t指标值\n"
      "绩效指标\t成本指标\t经济成本\t培训宣传\t≤25万元\n"
      "绩效指标\t产出指标\t数量指标\t经办服务人数\t≥10000人\n"
      "绩效指标\t效益指标\t社会效益指标\t政策知晓度\t提升\n"
      "\t\t\t业务能力\t提升\n"
      "绩效指标\t满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\n";
  const ImportResult r = ImportText(doc, "t.txt");
  CHECK(r.complete());
  REQUIRE(r.tables.size() == 1);
  const ProjectFile& pf = r.tables[0].file;
  CHECK(r.tables[0].kind == TableKind::kTargets);
  CHECK(pf.project.name == "经办服务运行");
  CHECK(pf.project.department == "某市医疗保障局");
  CHECK(pf.project.unit == "某市医疗保险事业中心");
  CHECK(pf.project.year == 2025);
  CHECK(pf.project.budget.annual == 25);
  CHECK(pf.project.goal_planned == "提升经办服务水平。");
  CheckRows(pf, {{"成本指标", "经济成本指标", "培训宣传", "≤25万元"},
                 {"产出指标", "数量指标", "经办服务人数", "≥10000人"},
                 {"效益指标", "社会效益指标", "政策知晓度", "提升"},
                 {"效益指标", "社会效益指标", "业务能力", "提升"},
                 {"满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"}});
  // Targets are parsed as the loader parses them.
  CHECK(pf.project.indicators[0].target.op == Operator::kLe);
  CHECK(pf.project.indicators[0].target.number == 25);
}

TEST_CASE("import: space-separated rows, level names broken over lines, bare targets") {
  const std::string doc =
      "2024年项目支出全面实施绩效目标管理\n"
      " （二）单位预算项目绩效目标表\n"
      " 项目名称 离休干部医疗统筹\n"
      "\n"
      "主管部门 某市医疗保障局 实施单位 某市医保中心\n"
      "\n"
      "项目资金\n"
      "（万元）\n"
      "年度预算资金总额： 1,000.00\n"
      "其中：财政拨款 1,000.00\n"
      "其他资金 0.00\n"
      "年度总体绩效\n"
      "目标\n"
      "\n"
      "通过及时拨付医疗费，保障\n"
      "\n"
      "医疗待遇。\n"
      "一级指标 二级指标 三级指标 指标值\n"
      "\n"
      "绩效指标 成本指标 经济成本 项目总成本控制 ≤1000万元\n"
      "\n"
      "绩效指标 产出指标 时效指标\n"
      "\n"
      "拨付时效 7个工作日\n"
      "\n"
      "审核覆盖率 1\n"
      "\n"
      "绩效指标 效益指标\n"
      "可持续发展影响\n"
      "指标\n"
      "\n"
      "重大舆情次数 0\n"
      "\n"
      "绩效指标 满意度指标\n"
      "服务对象满意度\n"
      "指标\n"
      "\n"
      "服务对象满意度 ≥95%\n";
  const ImportResult r = ImportText(doc, "t.txt");
  CHECK(r.complete());
  REQUIRE(r.tables.size() == 1);
  const ProjectFile& pf = r.tables[0].file;
  CHECK(pf.project.name == "离休干部医疗统筹");
  CHECK(pf.project.year == 2024);
  CHECK(pf.project.budget.annual == 1000);
  CHECK(pf.project.goal_planned == "通过及时拨付医疗费，保障医疗待遇。");
  CheckRows(pf, {{"成本指标", "经济成本指标", "项目总成本控制", "≤1000万元"},
                 {"产出指标", "时效指标", "拨付时效", "7个工作日"},
                 {"产出指标", "时效指标", "审核覆盖率", "1"},
                 {"效益指标", "可持续影响指标", "重大舆情次数", "0"},
                 {"满意度指标", "服务对象满意度指标", "服务对象满意度", "≥95%"}});
  // A bare duration under 时效指标 means ≤; a bare 1 for a rate is 100% with a note.
  CHECK(pf.project.indicators[1].target.op == Operator::kLe);
  CHECK(NotesHave(r, "100%"));
}

TEST_CASE("import: one cell per line, cells broken over lines, stray space in a number") {
  // Trailing spaces end a cell; a line without one continues on the next.
  const std::string doc =
      " 项目支出绩效目标表 \n"
      "项目名称 特殊群体补助 2023年 826.8万 \n"
      "主管部门 某市医疗保障局 实施单位 \n"
      "某市医疗\n"
      "保险中心 \n"
      "年度预算资金总\n"
      "额： \n"
      "826.8 \n"
      "其中：财政拨款 826.8 \n"
      "年度总体\n"
      "绩效目标 \n"
      "减少特殊群体经济负担。 \n"
      "绩 \n"
      "效 \n"
      "一级指标 二级指标 三级指标 指标值 \n"
      "成本指标 \n"
      "经济成本 \n"
      "\n"
      "指标 \n"
      "个人缴费部分\n"
      "财政补助标准 \n"
      "≤520元/年/人 \n"
      "产出指标 \n"
      "数量指标 特殊人群人数 ≥15900 人 \n"
      "效益指标 \n"
      "社会效益 \n"
      "指标 \n"
      "减少特殊群体经济\n"
      "负担 \n"
      "显著 \n"
      "满意度指标 \n"
      "服务对象 \n"
      "满意度指标 \n"
      "特殊群体满意度 ≥90% \n";
  const ImportResult r = ImportText(doc, "t.txt");
  CHECK(r.complete());
  REQUIRE(r.tables.size() == 1);
  const ProjectFile& pf = r.tables[0].file;
  CHECK(pf.project.name == "特殊群体补助");
  CHECK(pf.project.year == 2023);
  CHECK(pf.project.unit == "某市医疗保险中心");
  CHECK(pf.project.budget.annual == doctest::Approx(826.8));
  CHECK(pf.project.goal_planned == "减少特殊群体经济负担。");
  CheckRows(pf, {{"成本指标", "经济成本指标", "个人缴费部分财政补助标准", "≤520元/年/人"},
                 {"产出指标", "数量指标", "特殊人群人数", "≥15900 人"},
                 {"效益指标", "社会效益指标", "减少特殊群体经济负担", "显著"},
                 {"满意度指标", "服务对象满意度指标", "特殊群体满意度", "≥90%"}});
  CHECK(pf.project.indicators[1].target.number == 15900);
  CHECK(pf.project.indicators[1].target.unit.symbol == "人");
}

TEST_CASE("import: shifted and missing 一级 columns are read from the 二级 names") {
  const std::string doc =
      "项目支出绩效目标表\n"
      "项目名称\t\t运维项目\t\t\n"
      "主管部门\t\t某市医疗保障局\t实施单位\t某中心\n"
      "项目资金 (万元)\t\t年度预算资金总额:\t45\t\n"
      "年度总体绩效\t保证系统平稳运行。\t\t\t\n"
      "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
      "\t成本指标\t经济成本\t预算总额\t≤45万\n"
      "\t产出指标\t数量指标\t处理量\t≥3000件\n"
      "\t时效指标\t响应及时性\t及时完成\t\n"
      "\t社会效益指标\t社会效益指标\t知晓度\t≥90%\n"
      "\t\t可持续影响指标\t持续保障\t持续保障\n"
      "满意度指标\t服务对象 满意度指标\t群众满意度\t≥85%\t\n";
  const ImportResult r = ImportText(doc, "t.txt");
  CHECK(r.complete());
  REQUIRE(r.tables.size() == 1);
  CheckRows(r.tables[0].file, {{"成本指标", "经济成本指标", "预算总额", "≤45万"},
                               {"产出指标", "数量指标", "处理量", "≥3000件"},
                               {"产出指标", "时效指标", "响应及时性", "及时完成"},
                               {"效益指标", "社会效益指标", "知晓度", "≥90%"},
                               {"效益指标", "可持续影响指标", "持续保障", "持续保障"},
                               {"满意度指标", "服务对象满意度指标", "群众满意度", "≥85%"}});
  CHECK(NotesHave(r, "一级 效益指标 is not printed"));
  CHECK(NotesHave(r, "printed in the 一级 column too"));
}

TEST_CASE("import: page footers inside a table are skipped") {
  const std::string doc =
      " 项目支出绩效目标表 \n"
      "项目名称 业务经费 2023年 9.37 万 \n"
      "主管部门 某局 实施单位 某中心 \n"
      "一级指标 二级指标 三级指标 指标值 \n"
      "成本指标 \n"
      "经济成本 \n"
      "指标 \n"
      "成本控制数 ≤9.37 万 \n"
      "第31页，共40页\n"
      "产出指标 \n"
      "数量指标 采购次数 ≥2次 \n";
  const ImportResult r = ImportText(doc, "t.txt");
  CHECK(r.complete());
  REQUIRE(r.tables.size() == 1);
  CHECK(r.tables[0].file.project.budget.annual == doctest::Approx(9.37));
  CheckRows(r.tables[0].file, {{"成本指标", "经济成本指标", "成本控制数", "≤9.37 万"},
                               {"产出指标", "数量指标", "采购次数", "≥2次"}});
}

TEST_CASE("import: the same table published twice is imported once and reported") {
  const std::string table =
      "项目名称\t\t长护险补贴\t\t\n"
      "主管部门\t\t某局\t实施单位\t某中心\n"
      "项目资金 (万元)\t\t年度预算资金总额:\t101\t\n"
      "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
      "\t产出指标\t数量指标\t参保人数\t≥190000人\n";
  const std::string doc = "专项资金绩效目标表\n" + table + "\n项目支出绩效目标表\n" + table;
  const ImportResult r = ImportText(doc, "t.txt");
  REQUIRE(r.tables.size() == 2);
  CHECK(r.tables[1].duplicate_of == 0);
  CHECK(r.projects().size() == 1);
  CHECK(r.indicator_count() == 1);
  CHECK(ReportHas(r, 9, "imported once"));
  CHECK_FALSE(r.complete());
}

TEST_CASE("import: a 自评表 with weights, actuals, scores, a repeated row and the 汇总表 grade") {
  const std::string doc =
      "## 2024 年度预算项目绩效自评情况汇总表\n"
      "序号\t项目名称\t资金使用单位\t自评得分\t自评等级\n"
      "1\t特殊群体医疗费（二）\t某局\t90.2\t优\n"
      "\n"
      "# 市级预算项目支出绩效自评表\n"
      "( 2024年度 )\n"
      "项目名称\t\t特殊群体医疗费（二）\t\t\n"
      "主管部门\t\t某局\t\t项目实施单位\t某局\t\n"
      "项目预算执行情况 (10分)\t\t年初预算数\t全年预算数 (A)\t全年执行数 (B)\t分值\t执行率 "
      "(B/A)\t得分\t\n"
      "\t年度资金总额\t1600\t524.8\t8.44\t10\t1.60%\t0.2\t\n"
      "\t其中：当年财政拨款\t1600\t524.8\t8.44\t10\t1.60%\t0.2\t\n"
      "\t上年结转资金\t\t\t\t-\t\t-\t\n"
      "年度总体目标\t\t年初预期目标\t\t目标实际完成情况\t\t\n"
      "\t\t保障医疗待遇。\t\t切实保障了医疗待遇。\t\t\n"
      "年度绩效指标\t一级指标\t二级指标\t三级指标（分值）\t年度指标值 (A)\t实际完成值 "
      "(B)\t完成率 (B/A)\t得分\t偏差原因分析及改进措施\n"
      "\t成本指标 (20分)\t经济成本\t人均缴费（20分）\t≤650元\t650元\t100%\t20\t\n"
      "\t效益指标 (20分)\t社会效益指标\t覆盖率（10分）\t全覆盖\t全覆盖\t100%\t10\t\n"
      "\t\t社会效益指标\t覆盖率（10分）\t全覆盖\t全覆盖\t100%\t10\t\n"
      "\t\t可持续影响指标\t软件开发 成本（10分）\t≤7万元\t0\t0\t0\t因项目资金 未到位\n"
      "<b>总分</b>\t\t<b>90.2</b>\t\t\n";
  const ImportResult r = ImportText(doc, "t.txt");
  REQUIRE(r.tables.size() == 1);
  const ProjectFile& pf = r.tables[0].file;
  CHECK(r.tables[0].kind == TableKind::kSelfEvaluation);
  CHECK(pf.project.year == 2024);
  REQUIRE(pf.project.budget.initial);
  CHECK(*pf.project.budget.initial == 1600);
  CHECK(pf.project.budget.annual == doctest::Approx(524.8));
  REQUIRE(pf.results.executed);
  CHECK(*pf.results.executed == doctest::Approx(8.44));
  REQUIRE(pf.published.execution_score);
  CHECK(*pf.published.execution_score == doctest::Approx(0.2));
  REQUIRE(pf.published.total);
  CHECK(*pf.published.total == doctest::Approx(90.2));
  CHECK(pf.published.grade == std::optional<std::string>("优"));
  CHECK(pf.results.goal_achieved == "切实保障了医疗待遇。");
  REQUIRE(pf.project.budget.sources.size() == 2);
  CHECK(pf.project.budget.sources[0].name == "当年财政拨款");
  CHECK(pf.results.source_executed.at("当年财政拨款") == doctest::Approx(8.44));
  CHECK_FALSE(pf.project.budget.sources[1].annual);
  CheckRows(pf, {{"成本指标", "经济成本指标", "人均缴费", "≤650元"},
                 {"效益指标", "社会效益指标", "覆盖率", "全覆盖"},
                 {"效益指标", "可持续影响指标", "软件开发成本", "≤7万元"}});
  CHECK(pf.project.indicators[0].weight == std::optional<double>(20));
  const Actual* a = pf.results.Find(pf.project.indicators[0].key);
  REQUIRE(a);
  REQUIRE(a->value);
  CHECK(a->value->text == "650元");
  CHECK(pf.published.indicator_scores.at(pf.project.indicators[0].key) == 20);
  const Actual* last = pf.results.Find(pf.project.indicators[2].key);
  REQUIRE(last);
  CHECK(last->reason == "因项目资金未到位");
  // The repeated row is reported, not dropped silently.
  CHECK(ReportHas(r, 18, "repeats the row at line 17"));
  CHECK(r.report.size() == 1);
}

TEST_CASE("import: a text the rules cannot score is judged 达成 only from a full published score") {
  // One 自评表 row: 三级 name with its weight (10分), 指标值, 实际完成值, 得分; the 总分 line.
  const auto doc = [](const std::string& target, const std::string& actual,
                      const std::string& score, const std::string& total) {
    return "# 市级预算项目支出绩效自评表\n"
           "( 2024年度 )\n"
           "项目名称\t\t参保扩面\t\t\n"
           "主管部门\t\t某局\t\t项目实施单位\t某局\t\n"
           "项目预算执行情况 (10分)\t\t年初预算数\t全年预算数 (A)\t全年执行数 (B)\t分值\t执行率 "
           "(B/A)\t得分\t\n"
           "\t年度资金总额\t10\t10\t10\t10\t100%\t10\t\n"
           "年度绩效指标\t一级指标\t二级指标\t三级指标（分值）\t年度指标值 (A)\t实际完成值 "
           "(B)\t完成率 (B/A)\t得分\t偏差原因分析及改进措施\n"
           "\t产出指标 (10分)\t数量指标\t参保人数（10分）\t" +
           target + "\t" + actual + "\t100%\t" + score + "\t\n" + "<b>总分</b>\t\t<b>" + total +
           "</b>\t\t\n";
  };
  struct Case {
    const char* what;
    std::string target, actual, score, total;
    Judgement judgement;
  };
  const Case cases[] = {
      {"a text target the actual does not state, 得分 = weight", "≥省级下达参保计划",
       "完成省级下达参保计划", "10", "20", Judgement::kAchieved},
      {"text against a quantity, 得分 = weight", "≥95%", "已完成", "10", "20",
       Judgement::kAchieved},
      {"得分 below the weight: the evaluator's band is not known", "≥省级下达参保计划",
       "完成省级下达参保计划", "9", "19", Judgement::kNone},
      {"the actual states the target: scored by the rules, nothing to judge", "全覆盖", "全覆盖",
       "10", "20", Judgement::kNone},
      {"a quantity: scored by the rules", "≥95%", "96%", "10", "20", Judgement::kNone},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    const ImportResult r = ImportText(doc(c.target, c.actual, c.score, c.total), "t.txt");
    REQUIRE(r.tables.size() == 1);
    const ProjectFile& pf = r.tables[0].file;
    REQUIRE(pf.project.indicators.size() == 1);
    const Actual* a = pf.results.Find(pf.project.indicators[0].key);
    REQUIRE(a);
    CHECK(a->judgement == c.judgement);
    CHECK(NotesHave(r, "recorded as judgement 达成") == (c.judgement == Judgement::kAchieved));
  }
}

TEST_CASE("import: rows that cannot be placed are reported with their line") {
  const std::string doc =
      "项目支出绩效目标表\n"
      "项目名称\t\t某项目\t\t\n"
      "主管部门\t\t某局\t实施单位\t某中心\n"
      "项目资金 (万元)\t\t年度预算资金总额:\t10\t\n"
      "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
      "\t\t\t孤立的三级指标\t≥1次\n"            // before any 一级
      "\t产出指标\t数量指标\t培训次数\t≈3次\n"  // unreadable target
      "\t\t\t培训人数\t≥30人\n";
  const ImportResult r = ImportText(doc, "doc.txt");
  CHECK_FALSE(r.complete());
  CHECK(ReportHas(r, 6, "before any 一级"));
  CHECK(ReportHas(r, 7, "cannot be read"));
  REQUIRE(r.report.size() == 2);
  CHECK(r.report[0].loc.file == "doc.txt");
  CHECK(r.report[0].text.find("孤立的三级指标") != std::string::npos);
  CheckRows(r.tables[0].file, {{"产出指标", "数量指标", "培训人数", "≥30人"}});
}

TEST_CASE("import: a budget table's 项目名称 header is not a performance table") {
  const std::string doc =
      "项目支出预算表\n"
      "项目名称\t项目类别\t合计\t财政拨款\n"
      "医保经费\t专项\t25\t25\n";
  const ImportResult r = ImportText(doc, "t.txt");
  CHECK(r.tables.empty());
  CHECK(r.complete());
}

TEST_CASE("import: full-width digits and operators are kept as published and read") {
  const std::string doc =
      "项目支出绩效目标表\n"
      "项目名称\t\t某项目\t\t\n"
      "主管部门\t\t某局\t实施单位\t某中心\n"
      "项目资金（万元）\t\t年度预算资金总额：\t１７９\t\n"
      "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
      "\t满意度指标\t服务对象满意度指标\t满意度\t＞＝９０％\n";
  const ImportResult r = ImportText(doc, "t.txt");
  CHECK(r.complete());
  REQUIRE(r.tables.size() == 1);
  CHECK(r.tables[0].file.project.budget.annual == 179);
  const Value& v = r.tables[0].file.project.indicators.at(0).target;
  CHECK(v.text == "＞＝９０％");
  CHECK(v.op == Operator::kGe);
  CHECK(v.number == 90);
}

}  // namespace
}  // namespace jixiao
