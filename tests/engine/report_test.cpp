// Reports against seed 004 (荣成市医疗保障局 2024 决算, 第五部分 附件 and 十三、预算绩效情况说明):
// the 自评表 cells of 基层医保工作站项目, the 汇总表, the 自评综述 sentences, and each format's
// file (CSV with BOM, Markdown, JSON, XLSX read back, HTML rendered by Chromium where installed).
// Expected values are the seed's; where the rule's number differs from the published one, the
// difference is written out next to the expectation.
#include "engine/report/report.h"

#include <doctest/doctest.h>
#include <spdlog/sinks/null_sink.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/batch/batch.h"
#include "engine/cli/app.h"
#include "engine/io/xlsx_reader.h"
#include "engine/report/formats.h"
#include "engine/report/tables.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
using report::Cell;
using report::Grid;

const std::string kSource = JIXIAO_SOURCE_DIR;

const Batch& Reference() {
  // The batch points into its PolicySet: both live for the whole test run.
  static PolicySet policies(PolicyOptions{});
  static const Batch batch = [] {
    spdlog::logger log("test", std::make_shared<spdlog::sinks::null_sink_mt>());
    return LoadBatchAndScore({kSource + "/config/rongcheng-2024"}, policies, log);
  }();
  return batch;
}

const ScoredProject& ProjectNamed(const std::string& name) {
  for (const auto& p : Reference().projects)
    if (p.file.project.name == name) return p;
  FAIL("no project " << name);
  throw 0;
}

std::vector<const ScoredProject*> All() {
  std::vector<const ScoredProject*> v;
  for (const auto& p : Reference().projects) v.push_back(&p);
  return v;
}

// The row whose cell in `col` reads `text`, or -1.
int RowOf(const Grid& g, int col, const std::string& text) {
  for (const Cell& c : g.cells)
    if (c.col == col && c.text == text) return c.row;
  return -1;
}

std::string TextAt(const Grid& g, int row, int col) {
  const Cell* c = g.At(row, col);
  return c ? c->text : std::string("<none>");
}

fs::path TempDir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("jixiao-report-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool HaveTool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

std::size_t Count(const std::string& s, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t i = s.find(part); i != std::string::npos; i = s.find(part, i + part.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("report: number display as in the official tables") {
  CHECK(report::PercentText(5.6 / 49) == "11.43%");
  CHECK(report::PercentText(11.44 / 15) == "76.27%");
  CHECK(report::PercentText(0) == "0%");
  CHECK(report::PercentText(1) == "100%");
  CHECK(report::PercentText(0.016) == "1.60%");  // two decimals, as the 自评表 prints 1.60%
  CHECK(report::ScoreText(98) == "98");
  CHECK(report::ScoreText(90.4) == "90.4");
  CHECK(report::ScoreText(91.14) == "91.14");
  CHECK(report::AmountText(5.6) == "5.6");
  CHECK(report::AmountText(505.12) == "505.12");
}

TEST_CASE("report: 基层医保工作站项目's 自评表 cell for cell (seed 004)") {
  REQUIRE(Reference().rejected.empty());
  const ScoredProject& p = ProjectNamed("基层医保工作站项目");
  const Grid g = report::SelfEvaluationTable(p, {"市级", ""});
  CHECK(g.title == "市级预算项目支出绩效自评表");
  CHECK(g.subtitle == "(2024年度)");
  CHECK(g.note_right == "单位：万元");
  CHECK(TextAt(g, 0, 0) == "项目名称");
  CHECK(TextAt(g, 0, 2) == "基层医保工作站项目");
  CHECK(TextAt(g, 1, 2) == "荣成市医疗保障局");
  CHECK(TextAt(g, 1, 5) == "项目实施单位");
  CHECK(TextAt(g, 1, 7) == "荣成市医疗保障局");

  SUBCASE("budget block") {
    const int head = RowOf(g, 3, "年初预算数");
    REQUIRE(head >= 0);
    CHECK(TextAt(g, head, 0) == "项目预算执行情况(10分)");
    CHECK(g.At(head, 0)->rows == 5);  // header, 年度资金总额, three sources
    // seed: 年度资金总额 49 49 5.6 10 11.43% 1.14, and the same on 当年财政拨款.
    for (const char* label : {"年度资金总额", "其中：当年财政拨款"}) {
      const int r = RowOf(g, 1, label);
      REQUIRE(r >= 0);
      CHECK(TextAt(g, r, 3) == "49");
      CHECK(TextAt(g, r, 4) == "49");
      CHECK(TextAt(g, r, 5) == "5.6");
      CHECK(TextAt(g, r, 6) == "10");
      CHECK(TextAt(g, r, 7) == "11.43%");
      CHECK(TextAt(g, r, 8) == "1.14");
    }
    const Cell* rate = g.At(RowOf(g, 1, "年度资金总额"), 7);
    CHECK(rate->kind == report::CellKind::kPercent);
    CHECK(*rate->number == doctest::Approx(0.1143));
    // seed: 上年结转资金 and 其他资金 empty, 分值 and 得分 "-".
    for (const char* label : {"上年结转资金", "其他资金"}) {
      const int r = RowOf(g, 1, label);
      REQUIRE(r >= 0);
      CHECK(g.At(r, 3) == nullptr);
      CHECK(g.At(r, 5) == nullptr);
      CHECK(TextAt(g, r, 6) == "-");
      CHECK(TextAt(g, r, 8) == "-");
    }
  }

  SUBCASE("goal") {
    const int r = RowOf(g, 1, "年初预期目标");
    REQUIRE(r >= 0);
    CHECK(TextAt(g, r, 5) == "目标实际完成情况");
    CHECK(TextAt(g, r + 1, 1) ==
          "通过拨付基层医保工作站经费，建设高质量水平的基层医保工作站，维持原有医保工作站的平稳运行"
          "。");
    CHECK(TextAt(g, r + 1, 5) ==
          "通过拨付项目经费，深化医疗保障制度改革，保障基层医保工作站平稳运行。");
  }

  SUBCASE("indicators: each 三级 row's 分值, A, B, 完成率 and 得分 as in the seed") {
    struct Row {
      const char* name;  // 三级指标(分值)
      const char* target;
      const char* actual;
      const char* completion;
      const char* score;
    };
    // The seed prints the two qualitative rows' 完成率 as their text ("显著提高", "有效促进");
    // the 完成率 column is a rate, and both were 达成 in full: 100%.
    const Row rows[] = {
        {"工作站运转邮电成本(15分)", "≤5万元/年", "3.6万元", "100%", "15"},
        {"其他成本(5分)", "≤44万元/年", "2万元", "100%", "5"},
        {"共下放医保经办事项(10分)", "=20项", "20项", "100%", "10"},
        {"居民享受标准化医保服务流程(10分)", "=100%", "100%", "100%", "10"},
        {"基层医保工作站业务受理及时率(20分)", "=100%", "100%", "100%", "20"},
        {"方便群众办理日常医保业务(10分)", "显著提高", "显著提高", "100%", "10"},
        {"促进社会和谐稳定(10分)", "有效促进", "有效促进", "100%", "10"},
        {"服务对象满意度(10分)", "≥90%", "98%", "100%", "10"},
    };
    const int head = RowOf(g, 3, "三级指标(分值)");
    REQUIRE(head >= 0);
    CHECK(TextAt(g, head, 0) == "年度绩效指标");
    CHECK(g.At(head, 0)->rows == 9);
    for (int i = 0; i < 8; ++i) {
      const Row& x = rows[i];
      CAPTURE(x.name);
      const int r = head + 1 + i;
      CHECK(TextAt(g, r, 3) == x.name);
      CHECK(TextAt(g, r, 4) == x.target);
      CHECK(TextAt(g, r, 5) == x.actual);
      CHECK(TextAt(g, r, 6) == x.completion);
      CHECK(TextAt(g, r, 7) == x.score);
      CHECK(TextAt(g, r, 8) == "");
    }
    // 一级 with its cap and 二级 as merged cells.
    struct Merge {
      int offset, col, rows;
      const char* text;
    };
    const Merge merges[] = {{1, 1, 2, "成本指标(20分)"}, {3, 1, 3, "产出指标(40分)"},
                            {6, 1, 2, "效益指标(20分)"}, {8, 1, 1, "满意度指标(10分)"},
                            {1, 2, 2, "经济成本"},       {3, 2, 2, "数量指标"},
                            {5, 2, 1, "时效指标"},       {6, 2, 1, "社会效益指标"},
                            {7, 2, 1, "可持续影响指标"}, {8, 2, 1, "服务对象满意度指标"}};
    for (const Merge& m : merges) {
      CAPTURE(m.text);
      const Cell* c = g.At(head + m.offset, m.col);
      REQUIRE(c != nullptr);
      CHECK(c->text == m.text);
      CHECK(c->rows == m.rows);
    }
  }

  SUBCASE("total") {
    const int r = RowOf(g, 0, "总分");
    REQUIRE(r >= 0);
    CHECK(r == g.rows - 1);
    CHECK(TextAt(g, r, 7) == "91.14");
    // seed: the 偏差原因 column of the 总分 row is empty; --grade-in-total prints the grade.
    CHECK(TextAt(g, r, 8) == "");
    report::TableOptions o;
    o.grade_in_total_row = true;
    const Grid with = report::SelfEvaluationTable(ProjectNamed("基层医保工作站项目"), o);
    CHECK(TextAt(with, with.rows - 1, 8) == "自评等级：优");
  }
}

TEST_CASE("report: the not-started project's 自评表 (医保一图清服务平台)") {
  const Grid g = report::SelfEvaluationTable(ProjectNamed("医保一图清服务平台"), {});
  CHECK(g.title == "项目支出绩效自评表");
  const int r = RowOf(g, 1, "年度资金总额");
  // seed: 20 20 0 10 0 0 (the rate printed "0").
  CHECK(TextAt(g, r, 4) == "20");
  CHECK(TextAt(g, r, 5) == "0");
  CHECK(TextAt(g, r, 7) == "0");
  CHECK(TextAt(g, r, 8) == "0");
  const int first = RowOf(g, 3, "软件开发成本(10分)");
  REQUIRE(first >= 0);
  // seed line 665: 0 0 0 (完成率, 得分).
  CHECK(TextAt(g, first, 6) == "0");
  CHECK(TextAt(g, first, 7) == "0");
  CHECK(TextAt(g, first, 8) == "因项目资金未到位，无法实施该项目");
  CHECK(TextAt(g, g.rows - 1, 7) == "0");
  CHECK(TextAt(g, g.rows - 1, 8) == "");
  // The old forms, as options: 0% and the grade in the 总分 row.
  report::TableOptions o;
  o.zero_rate_as_percent = true;
  o.grade_in_total_row = true;
  const Grid old = report::SelfEvaluationTable(ProjectNamed("医保一图清服务平台"), o);
  CHECK(TextAt(old, r, 7) == "0%");
  CHECK(TextAt(old, first, 6) == "0%");
  CHECK(TextAt(old, old.rows - 1, 8) == "自评等级：项目暂未开展");
  // The 综述 says 0% either way, as the seed's item 4 does (完成预算的0%).
  CHECK(report::BuildOverview({&ProjectNamed("医保一图清服务平台")}, {})
            .local[0]
            .text.find("完成预算的0%") != std::string::npos);
}

TEST_CASE("report: the central-transfer form keeps its published layout") {
  const Grid g =
      report::SelfEvaluationTable(ProjectNamed("2024年医疗服务与保障能力提升补助资金"), {});
  CHECK(g.title == "2024年度中央对地方转移支付项目绩效自评表");
  CHECK(g.cols == 7);
  CHECK(TextAt(g, 1, 0) == "中央主管部门");
  CHECK(TextAt(g, 1, 2) == "国家医疗保障局");
  CHECK(TextAt(g, 2, 0) == "地方主管部门");
  CHECK(TextAt(g, 2, 2) == "威海市医疗保障局");
  CHECK(TextAt(g, 2, 4) == "资金使用单位");
  // 资金投入情况: no 分值 and no 得分; seed: 16.67 16.67 100% on 年度资金总额 and 中央财政资金.
  const int head = RowOf(g, 3, "全年预算数(A)");
  REQUIRE(head >= 0);
  CHECK(TextAt(g, head, 5) == "预算执行率(B/A)");
  const int total = RowOf(g, 2, "年度资金总额：");
  CHECK(TextAt(g, total, 4) == "16.67");
  CHECK(TextAt(g, total, 5) == "100%");
  const int central = RowOf(g, 2, "其中：中央财政资金");
  CHECK(TextAt(g, central, 5) == "100%");
  // 资金管理情况: 7 rows, 无 as 存在问题和改进措施.
  const int fm = RowOf(g, 3, "情况说明");
  REQUIRE(fm >= 0);
  CHECK(g.At(fm, 0)->rows == 8);
  CHECK(TextAt(g, fm + 1, 2) == "分配科学性");
  CHECK(TextAt(g, fm + 7, 2) == "支出责任履行情况");
  CHECK(TextAt(g, fm + 7, 6) == "无");
  // Indicators: 指标值 / 全年实际完成值 / 未完成原因和改进措施, 8 rows, no weights or scores.
  const int ind = RowOf(g, 3, "三级指标");
  REQUIRE(ind >= 0);
  CHECK(TextAt(g, ind, 4) == "指标值");
  CHECK(TextAt(g, ind, 5) == "全年实际完成值");
  CHECK(TextAt(g, ind, 6) == "未完成原因和改进措施");
  CHECK(g.rows == ind + 9);
  CHECK(TextAt(g, ind + 1, 1) == "产出指标");
  CHECK(g.At(ind + 1, 1)->rows == 5);
  CHECK(TextAt(g, ind + 4, 2) == "成本指标");
  CHECK(g.At(ind + 4, 2)->rows == 2);
  CHECK(TextAt(g, ind + 4, 3) == "差旅成本");
  CHECK(TextAt(g, ind + 4, 4) == "≤3.5万元");
  CHECK(TextAt(g, ind + 4, 5) == "3.5万元");
  CHECK(TextAt(g, ind + 8, 3) == "服务对象满意度");
  CHECK(TextAt(g, ind + 8, 5) == "99%");
  for (const Cell& c : g.cells) CHECK(c.text.find("分)") == std::string::npos);
}

TEST_CASE("report: 汇总表 as seed 004 groups it") {
  const Grid g = report::SummaryTable(All(), {});
  CHECK(g.title == "2024年度预算项目绩效自评情况汇总表");
  CHECK(g.note_left == "部门（单位）：荣成市医疗保障局");
  struct Row {
    const char* no;
    const char* name;
    const char* total;
    const char* grade;
  };
  // Names as the 自评表s print them (the 汇总表 adds "（上级）" and spaces). Published totals 90.4
  // and 90.2 break the rule: 0.38 + 90 = 90.38 and 0.16 + 90 = 90.16 (reference_test.cpp).
  const Row rows[] = {
      {"1", "2024年医疗服务与保障能力提升补助资金", "100", "优"},
      {"1", "医疗保险基金征缴经费补助", "97.63", "优"},
      {"2", "医保专项业务经费", "98", "优"},
      {"3", "基层医保工作站项目", "91.14", "优"},
      {"4", "医保一图清服务平台", "0", "项目暂未开展"},
      {"5", "特殊群体医疗费(2024年)", "90.38", "优"},
      {"6", "特殊群体医疗费（二）", "90.16", "优"},
      {"7", "职工免费查体 (2024年)", "90", "优"},
      {"8", "职工免费健康查体（二）", "90", "优"},
  };
  CHECK(TextAt(g, 0, 0) == "序号");
  CHECK(TextAt(g, 0, 3) == "自评得分");
  CHECK(TextAt(g, 1, 0) == "中央对下转移支付项目绩效自评");
  CHECK(g.At(1, 0)->cols == 5);
  const int local = RowOf(g, 0, "本级项目支出绩效自评");
  CHECK(local == 3);  // the group, its 1 project; the seed has no 小计 row
  for (const Row& x : rows) {
    CAPTURE(x.name);
    const int r = RowOf(g, 1, x.name);
    REQUIRE(r >= 0);
    CHECK(TextAt(g, r, 0) == x.no);
    CHECK(TextAt(g, r, 2) == "荣成市医疗保障局");
    CHECK(TextAt(g, r, 3) == x.total);
    CHECK(TextAt(g, r, 4) == x.grade);
  }
  // seed 第五部分 附件: the last row is the last project; no 小计.
  CHECK(g.rows == 12);
  CHECK(TextAt(g, g.rows - 1, 1) == "职工免费健康查体（二）");
  // --subtotals: seed 十三（二）'s counts, 8 projects, 7 优, 0 良, 0 中, 0 差, 1 未开展.
  report::TableOptions o;
  o.summary_subtotals = true;
  const Grid sub = report::SummaryTable(All(), o);
  CHECK(TextAt(sub, sub.rows - 1, 0) ==
        "小计：8个项目，优7个，良0个，中0个，差0个，项目暂未开展1个");
  CHECK(TextAt(sub, 3, 0) == "小计：1个项目，优1个，良0个，中0个，差0个，项目暂未开展0个");
}

TEST_CASE("report: 自评综述 items 1–8 against seed 004's text") {
  const report::Overview ov = report::BuildOverview(All(), {});
  REQUIRE(ov.local.size() == 8);
  // Seed 004, 十三（二）, items 1–8, the sentences up to "完成预算的…". Differences from the seed,
  // each by the rule: item 5 published 90.4 (rule 90.38); item 6 published 90.2 and 1.6% (rule
  // 8.44/524.8 = 1.61%, 90.16).
  const char* seed_numbers[] = {
      "根据年初设定的绩效目标，项目自评得分为97.63分。全年预算数为15万元，执行数为11."
      "44万元，完成预算的76.27%。",
      "根据年初设定的绩效目标，项目自评得分为98分。全年预算数为25万元，执行数为19."
      "99万元，完成预算的79.96%。",
      "根据年初设定的绩效目标，项目自评得分为91.14分。全年预算数为49万元，执行数为5."
      "6万元，完成预算的11.43%。",
      "根据年初设定的绩效目标，项目自评得分为0分。全年预算数为20万元，执行数为0万元，完成预算的0%"
      "。",
      "根据年初设定的绩效目标，项目自评得分为90.38分。全年预算数为505.12万元，执行数为19."
      "15万元，完成预算的3.79%。",
      "根据年初设定的绩效目标，项目自评得分为90.16分。全年预算数为524.8万元，执行数为8."
      "44万元，完成预算的1.61%。",
      "根据年初设定的绩效目标，项目自评得分为90分。全年预算数为213."
      "53万元，执行数为0万元，完成预算的0%。",
      "根据年初设定的绩效目标，项目自评得分为90分。全年预算数为568."
      "75万元，执行数为0万元，完成预算的0%。",
  };
  for (int i = 0; i < 8; ++i) {
    const report::OverviewItem& it = ov.local[std::size_t(i)];
    CAPTURE(it.project);
    const std::string numbers = seed_numbers[i];
    REQUIRE(it.text.size() >= numbers.size());
    CHECK(it.text.substr(0, numbers.size()) == numbers);
    // The rest is the project's own summary (goal.summary): seed 004's 综述 rewords the table's
    // 目标实际完成情况 for most items (item 3: "深化医疗保障制度改革，保障基层医保工作站平稳运行。"
    // where the 自评表 says "通过拨付项目经费，深化…"), and the reference files transcribe it.
    const std::string rest = it.text.substr(numbers.size());
    const ScoredProject& p = ProjectNamed(it.project);
    if (i == 3) {
      // seed: "因项目资金未到位，项目无法实施，暂未开展。"; goal.achieved is
      // "因项目资金未到位，无法实施该项目".
      CHECK(rest == "因项目资金未到位，无法实施该项目，项目暂未开展。");
    } else {
      CHECK(rest == "项目绩效目标完成情况：" + p.file.results.goal_summary);
    }
  }
  // Seed 004 item 1, as the unit wrote it.
  CHECK(ov.local[0].text.substr(std::string(seed_numbers[0]).size()) ==
        "项目绩效目标完成情况：完成医保宣传材料印刷10万张，保障医保服务热线畅通，医保服务标准化水平"
        "明显提升。");
  CHECK(ov.local[2].heading == "基层医保工作站项目绩效自评综述");  // no doubled 项目
  CHECK(ov.local[0].heading == "医疗保险基金征缴经费补助项目绩效自评综述");
  // 十三（二）: 8 projects, 7 优 … 1 未开展. The budget: Σ 全年预算数 of the eight 自评表s
  // (15+25+49+20+505.12+524.8+213.53+568.75 = 1921.2); seed 十三（一） says 3778.51, a figure no
  // table of the seed adds up to.
  CHECK(
      ov.lead ==
      "荣成市医疗保障局2024年度本级预算项目绩效自评的8个项目中，7个项目自评等级为优，0个项目自评等"
      "级为良，0个项目自评等级为中，0个项目自评等级为差，1个项目暂未开展；涉及全年预算数1921.2万"
      "元。");
  REQUIRE(ov.central.size() == 1);
  // 十三（三） item 1 (its name adds "（上级）"): "该项目全年预算数为16.67万元，执行数为16.67万元。
  // 项目绩效目标完成情况：达到完善医保经办服务，…的效果。" — the completion text differs as above.
  CHECK(ov.central[0].text.rfind(
            "该项目全年预算数为16.67万元，执行数为16.67万元。项目绩效目标完成情况：", 0) == 0);
  CHECK(
      ov.central_lead ==
      "荣成市医疗保障局对1个2024年度中央对地方转移支付项目开展绩效自评，涉及全年预算数16.67万元。");
}

TEST_CASE("report: 自评综述's judgement, listing, annex and the unit's paragraphs (seed 004)") {
  report::TableOptions o;
  o.level = "区级";
  o.unit.work = "根据预算绩效管理要求，我单位组织对2024年度区级预算项目全面开展绩效自评。";
  o.unit.key_evaluation = "“基层医保工作站项目”项目，绩效评价得分为“91.14”分，等级为“优”。";
  const report::Overview ov = report::BuildOverview(All(), o);
  CHECK(ov.work == o.unit.work);
  CHECK(ov.key_evaluation == o.unit.key_evaluation);
  // Seed 004 十三（二）: its words, drawn from the scores: 医保一图清 is not started (its 产出
  // fell short; 大部分项目), and implemented projects spent 11.43%, 3.79%, 1.61% and 0% of their
  // budgets (below 60%: 进展慢). Every indicator of the implemented projects has full marks.
  CHECK(
      ov.judgement ==
      "从自评情况看，项目支出绩效管理的重视程度进一步提升，大部分项目有序开展，执行和完成情况较好，"
      "资金使用比较规范，但也存在部分项目产出指标低于预期、项目实施进展慢等问题。");
  CHECK(ov.listing.rfind("今年在单位决算中反映了2024年度全部区级预算项目绩效自评结果，以及“医疗保险"
                         "基金征缴经费补助”、",
                         0) == 0);
  CHECK(ov.listing.find("等8个项目的绩效自评表。") != std::string::npos);
  CHECK(ov.annex == "2024年度区级预算项目绩效自评情况汇总表和区级预算项目绩效自评表详见附件。");
  CHECK(ov.central_annex == "2024年度中央对地方转移支付项目绩效自评表详见附件。");
  // In reading order: 工作开展情况, 本级 results, central results, 重点绩效评价.
  std::vector<std::string> headings;
  for (const auto& b : report::OverviewBlocks(ov))
    if (b.kind == report::OverviewBlock::Kind::kHeading) headings.push_back(b.text);
  CHECK(headings == std::vector<std::string>{"预算绩效管理工作开展情况", "本级项目绩效自评结果",
                                             "中央对地方转移支付项目绩效自评结果",
                                             "重点绩效评价结果"});
}

TEST_CASE("report: a 综述 item with nothing achieved entered does not end on a colon") {
  ScoredProject p = ProjectNamed("基层医保工作站项目");
  p.file.results.goal_achieved.clear();
  p.file.results.goal_summary.clear();
  p.score.project = &p.file.project;
  const report::Overview ov = report::BuildOverview({&p}, {});
  REQUIRE(ov.local.size() == 1);
  CHECK(ov.local[0].text.back() != ':');
  CHECK(ov.local[0].text.find("：") == std::string::npos);
  CHECK(ov.local[0].text.find("完成预算的11.43%。") != std::string::npos);
}

TEST_CASE("report: files of every format on the reference data") {
  const fs::path dir = TempDir("all");
  ReportOptions o;
  o.out_dir = dir;
  o.level = "市级";
  std::ostringstream out, progress;
  const auto written = WriteReports(Reference(), o, out, progress);
  CHECK(written.size() ==
        9);  // html 3, xlsx 1, csv 3 (tables.csv: every table as laid out), md, json
  CHECK(progress.str().empty());  // 9 projects: under the progress threshold
  for (const auto& entry : fs::directory_iterator(dir))
    CHECK_MESSAGE(entry.path().filename().string().find(".tmp") == std::string::npos,
                  "temporary file left: " << entry.path());

  SUBCASE("CSV: BOM, one row per indicator") {
    const std::string csv = ReadFile(dir / "indicators.csv");
    REQUIRE(csv.size() > 3);
    CHECK(csv.substr(0, 3) == "\xEF\xBB\xBF");
    // Seed 004 prints 69 三级 rows over its nine 自评表s (7+9+8+8+7+8+7+7+8); the transcription
    // keeps one of 特殊群体医疗费（二）'s two identical 覆盖率 rows: 68, plus the header.
    CHECK(Count(csv, "\r\n") == 69);
    CHECK(csv.find("\r\n基层医保工作站项目,2024,本级项目,荣成市医疗保障局,荣成市医疗保障局,49,5.6,"
                   "11.43%,1.14,91.14,优,成本指标,经济成本,工作站运转邮电成本,15,≤5万元/年,3.6万元,"
                   "100%,15,\r\n") != std::string::npos);
    const std::string summary = ReadFile(dir / "summary.csv");
    CHECK(summary.substr(0, 3) == "\xEF\xBB\xBF");
    CHECK(Count(summary, "\r\n") == 10);
    CHECK(summary.find("本级项目支出绩效自评,3,基层医保工作站项目,荣成市医疗保障局,91.14,优\r\n") !=
          std::string::npos);
  }

  SUBCASE("Markdown") {
    const std::string md = ReadFile(dir / "report.md");
    CHECK(md.find("# 市级预算项目支出绩效自评表") != std::string::npos);
    CHECK(md.find("|  |  |  | 工作站运转邮电成本(15分) | ≤5万元/年 | 3.6万元 | 100% | 15 |  |") ==
          std::string::npos);  // the first row carries its merged 一级 and 二级
    CHECK(
        md.find("|  | 成本指标(20分) | 经济成本 | 工作站运转邮电成本(15分) | ≤5万元/年 | 3.6万元 | "
                "100% | 15 |  |") != std::string::npos);
    CHECK(md.find("|  |  |  | 其他成本(5分) | ≤44万元/年 | 2万元 | 100% | 5 |  |") !=
          std::string::npos);
    CHECK(md.find("| 总分 |  |  |  |  |  |  | 91.14 |  |") != std::string::npos);
    CHECK(
        md.find(
            "3. 基层医保工作站项目绩效自评综述：根据年初设定的绩效目标，项目自评得分为91.14分。") !=
        std::string::npos);
    CHECK(Count(md, "项目支出绩效自评表\n") == 8);
  }

  SUBCASE("JSON") {
    const auto j = nlohmann::json::parse(ReadFile(dir / "report.json"));
    CHECK(j["year"] == 2024);
    CHECK(j["department"] == "荣成市医疗保障局");
    REQUIRE(j["projects"].size() == 9);
    REQUIRE(j["summary"]["groups"].size() == 2);
    const auto& local = j["summary"]["groups"][1];
    CHECK(local["title"] == "本级项目支出绩效自评");
    CHECK(local["projects"].size() == 8);
    CHECK(local["grades"]["优"] == 7);
    CHECK(local["grades"]["项目暂未开展"] == 1);
    CHECK(local["projects"][2]["total"].get<double>() == doctest::Approx(91.14));
    CHECK(j["overview"]["items"].size() == 8);
    CHECK(j["projects"][3]["name"] == "基层医保工作站项目");
    CHECK(j["projects"][3]["execution"]["rate"].get<double>() == doctest::Approx(0.1143));
  }

  SUBCASE("HTML: self-contained, merged cells") {
    const std::string html = ReadFile(dir / "tables.html");
    CHECK(html.find("<td rowspan=\"2\" class=\"label\">成本指标(20分)</td>") != std::string::npos);
    CHECK(html.find("<td rowspan=\"3\" class=\"label\">产出指标(40分)</td>") != std::string::npos);
    CHECK(html.find("size: A4 landscape") != std::string::npos);
    CHECK(html.find(">91.14</td>") != std::string::npos);
    for (const char* f : {"tables.html", "summary.html", "overview.html"}) {
      const std::string h = ReadFile(dir / f);
      CHECK(h.find("http") == std::string::npos);  // no network resource
      CHECK(h.find("<link") == std::string::npos);
      CHECK(h.find("<script") == std::string::npos);
    }
  }

  SUBCASE("XLSX: values and merges read back") {
    const auto sheets = ReadXlsx(dir / "report.xlsx");
    // 汇总表, 自评综述, then the nine projects in input order: 基层医保工作站项目 is sheet 6.
    REQUIRE(sheets.size() == 11);
    CHECK(sheets[0].name == "汇总表");
    const XlsxSheet& s = sheets[5];
    CHECK(s.name == "基层医保工作站项目");
    const auto cell = [&](const std::string& ref) -> const XlsxCell* {
      const auto rc = ParseCellRef(ref);
      REQUIRE(rc.has_value());
      return s.At(rc->first, rc->second);
    };
    const auto text = [&](const std::string& ref) {
      const XlsxCell* c = cell(ref);
      return c ? c->text : std::string("<empty>");
    };
    const auto number = [&](const std::string& ref) {
      const XlsxCell* c = cell(ref);
      REQUIRE_MESSAGE(c != nullptr, ref);
      REQUIRE_MESSAGE(c->number.has_value(), ref << " is not a number: '" << c->text << "'");
      return *c->number;
    };
    // Grid row 0 is spreadsheet row 4 (title, subtitle, 单位 above). 年度资金总额 is row 7:
    // seed 004: 49 49 5.6 10 11.43% 1.14, stored as numbers with display formats.
    CHECK(text("B7") == "年度资金总额");
    CHECK(number("D7") == 49);
    CHECK(number("E7") == 49);
    CHECK(number("F7") == 5.6);
    CHECK(number("G7") == 10);
    CHECK(number("H7") == doctest::Approx(0.1143));
    CHECK(text("H7") == "11.43%");
    CHECK(number("I7") == 1.14);
    // The indicator rows 14–21, cell for cell as seed 004 prints them (lines 639–646).
    struct Row {
      const char *name, *target, *actual, *completion;
      double score;
    };
    const Row rows[] = {
        {"工作站运转邮电成本(15分)", "≤5万元/年", "3.6万元", "100%", 15},
        {"其他成本(5分)", "≤44万元/年", "2万元", "100%", 5},
        {"共下放医保经办事项(10分)", "=20项", "20项", "100%", 10},
        {"居民享受标准化医保服务流程(10分)", "=100%", "100%", "100%", 10},
        {"基层医保工作站业务受理及时率(20分)", "=100%", "100%", "100%", 20},
        {"方便群众办理日常医保业务(10分)", "显著提高", "显著提高", "100%", 10},
        {"促进社会和谐稳定(10分)", "有效促进", "有效促进", "100%", 10},
        {"服务对象满意度(10分)", "≥90%", "98%", "100%", 10},
    };
    for (int i = 0; i < 8; ++i) {
      const std::string n = std::to_string(14 + i);
      CAPTURE(n);
      CHECK(text("D" + n) == rows[i].name);
      CHECK(text("E" + n) == rows[i].target);
      CHECK(text("F" + n) == rows[i].actual);
      CHECK(text("G" + n) == rows[i].completion);
      CHECK(number("H" + n) == rows[i].score);
    }
    CHECK(text("A22") == "总分");
    CHECK(number("H22") == 91.14);
    // The 总分 row's last cell: drawn (a blank with its border), empty as in the seed.
    const XlsxCell* i22 = cell("I22");
    CHECK((i22 == nullptr || i22->text.empty()));
    // Merges: the title, the budget label over 5 rows, 一级 and 二级 cells, the 总分 label.
    const std::set<std::string> merges(s.merges.begin(), s.merges.end());
    for (const char* merge : {"A1:I1", "A6:A10", "B14:B15", "B16:B18", "C16:C17", "B19:B20",
                              "A13:A21", "A22:G22", "C4:I4"}) {
      CAPTURE(merge);
      CHECK(merges.count(merge) == 1);
    }
    CHECK(cell("H7")->format == "[=1]0%;[=0]0%;0.00%");
  }
  fs::remove_all(dir);
}

TEST_CASE("report: --project, --out - and usage errors") {
  ReportOptions o;
  o.formats = {ReportFormat::kMarkdown};
  o.out_dir = "-";
  o.projects = {"03-jiceng-gongzuozhan"};  // by file stem
  std::ostringstream out, progress;
  CHECK(WriteReports(Reference(), o, out, progress).empty());
  CHECK(Count(out.str(), "项目支出绩效自评表\n") == 1);
  CHECK(out.str().find("基层医保工作站项目") != std::string::npos);
  CHECK(out.str().find("医保专项业务经费") == std::string::npos);

  o.projects = {"没有这个项目"};
  CHECK_THROWS_AS(WriteReports(Reference(), o, out, progress), UsageError);
  o.projects.clear();
  o.formats = {ReportFormat::kHtml};
  CHECK_THROWS_AS(WriteReports(Reference(), o, out, progress), UsageError);

  o.formats = {ReportFormat::kJson};
  o.quiet = false;
  o.progress_from = 2;
  std::ostringstream out2, progress2;
  WriteReports(Reference(), o, out2, progress2);
  CHECK(Count(progress2.str(), "jixiao: report [") == 9);
  o.quiet = true;
  std::ostringstream out3, progress3;
  WriteReports(Reference(), o, out3, progress3);
  CHECK(progress3.str().empty());
}

TEST_CASE("report: the command line") {
  const fs::path dir = TempDir("cli");
  const auto run = [](std::vector<std::string> args) {
    args.insert(args.begin(), "jixiao");
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    const int rc = RunCli(static_cast<int>(argv.size()), argv.data(), out, err);
    return std::tuple{rc, out.str(), err.str()};
  };
  {
    const auto [rc, out, err] = run({"report", kSource + "/config/rongcheng-2024", "--format",
                                     "csv,md", "--format", "json", "--out", dir.string()});
    INFO(err);
    CHECK(rc == 0);
    CHECK(Count(out, "\n") == 5);  // indicators.csv, summary.csv, tables.csv, report.md, .json
    CHECK(fs::exists(dir / "report.md"));
    CHECK_FALSE(fs::exists(dir / "report.xlsx"));
  }
  {
    const auto [rc, out, err] = run(
        {"report", kSource + "/config/rongcheng-2024", "--format", "docx", "--out", dir.string()});
    CHECK(rc == 2);
    CHECK(err.find("docx") != std::string::npos);
  }
  fs::remove_all(dir);
}

TEST_CASE("report: XLSX opens in LibreOffice, HTML renders in Chromium") {
  const fs::path dir = TempDir("render");
  ReportOptions o;
  o.out_dir = dir;
  o.level = "市级";
  o.formats = {ReportFormat::kXlsx, ReportFormat::kHtml};
  o.projects = {"基层医保工作站项目"};
  std::ostringstream out, progress;
  WriteReports(Reference(), o, out, progress);

  // scripts/test installs both (scripts/setup --render): a render test is never skipped.
  REQUIRE_MESSAGE(HaveTool("libreoffice"),
                  "libreoffice is not installed: run ./scripts/setup --render");
  {
    const std::string cmd = "cd '" + dir.string() + "' && HOME='" + dir.string() +
                            "' timeout 120 libreoffice --headless --convert-to pdf report.xlsx "
                            ">/dev/null 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
    CHECK(fs::exists(dir / "report.pdf"));
    if (fs::exists(dir / "report.pdf")) CHECK(fs::file_size(dir / "report.pdf") > 1000);
  }

  const std::string chromium = HaveTool("chromium")           ? "chromium"
                               : HaveTool("chromium-browser") ? "chromium-browser"
                                                              : "";
  REQUIRE_MESSAGE(!chromium.empty(), "chromium is not installed: run ./scripts/setup --render");
  {
    const fs::path png = dir / "tables.png";
    const std::string cmd =
        "timeout 120 " + chromium +
        " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
        "--disable-background-networking --disable-component-update --disable-sync "
        "--user-data-dir='" +
        (dir / "profile").string() + "' --screenshot='" + png.string() +
        "' --window-size=1280,1000 'file://" + (dir / "tables.html").string() + "' >/dev/null 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
    REQUIRE(fs::exists(png));
    const std::string bytes = ReadFile(png);
    CHECK(bytes.substr(1, 3) == "PNG");
    CHECK(bytes.size() > 20000);  // a drawn table, not a blank page
  }
  fs::remove_all(dir);
}

}  // namespace jixiao
