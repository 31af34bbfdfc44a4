// Robustness of the document importer: its limits (lines, bytes), long lines that once overflowed
// the stack, and its hand-written matchers (page footers, weights after the name). The CLI-level
// view of the same inputs is the corpus in tests/bad-input/import-*.
#include <doctest/doctest.h>

#include <string>

#include "engine/io/import.h"

namespace jixiao {

TEST_CASE("import: limits and long lines") {
  SUBCASE("a document over max_lines is refused at once") {
    ImportOptions o;
    o.max_lines = 100;
    std::string doc;
    for (int i = 0; i < 200; ++i) doc += "第" + std::to_string(i) + "行\n";
    const ImportResult r = ImportText(doc, "d.txt", o);
    REQUIRE(r.report.size() == 1);
    CHECK(r.report[0].why.find("200 lines") != std::string::npos);
    CHECK(r.tables.empty());
  }
  SUBCASE("a document over max_bytes is refused at once") {
    ImportOptions o;
    o.max_bytes = 1000;
    const ImportResult r = ImportText(std::string(2000, 'x'), "d.txt", o);
    REQUIRE(r.report.size() == 1);
    CHECK(r.report[0].why.find("2000 bytes") != std::string::npos);
  }
  SUBCASE("a long line of spaces does not overflow the stack (std::regex did)") {
    const std::string doc = "第" + std::string(300000, ' ') + "1页\n";
    const ImportResult r = ImportText(doc, "d.txt");
    CHECK(r.tables.empty());
  }
  SUBCASE("a 300 KB name beside its year and amount is cut short and reported") {
    std::string name;
    for (int i = 0; i < 30000; ++i) name += "医保";
    const std::string doc = "项目支出绩效目标表\n项目名称 " + name +
                            " 2024年 16万\n主管部门 某局\n实施单位 某中心\n"
                            "一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 培训人数 ≥30人\n";
    const ImportResult r = ImportText(doc, "d.txt");
    REQUIRE(r.tables.size() == 1);
    CHECK(r.tables[0].file.project.name.size() <= 200 * 3);
    CHECK(r.tables[0].file.project.year == 2024);
    CHECK_FALSE(r.complete());
  }
  SUBCASE("page footers inside a tab-separated table are skipped") {
    const std::string doc =
        "项目支出绩效目标表\n"
        "项目名称\t某项目\n"
        "主管部门\t某局\t实施单位\t某中心\n"
        "项目资金（万元）\t年度预算资金总额：\t10\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
        "\t产出指标\t数量指标\t培训人数\t≥30人\n"
        "第3页，共40页\n"
        "\t满意度指标\t服务对象满意度指标\t满意度\t≥90%\n";
    const ImportResult r = ImportText(doc, "d.txt");
    INFO((r.report.empty() ? "" : r.report[0].why));
    CHECK(r.complete());
    REQUIRE(r.tables.size() == 1);
    CHECK(r.tables[0].file.project.indicators.size() == 2);
  }
  SUBCASE("weights printed after the name, (10分) and （10.5分）") {
    const std::string doc =
        "市级预算项目支出绩效自评表\n"
        "项目名称\t某项目\n"
        "主管部门\t某局\t项目实施单位\t某中心\n"
        "\t年度资金总额\t10\t10\t5\t10\t50%\t5\n"
        "年度绩效指标\t一级指标\t二级指标\t三级指标 (分值)\t年度指标值 (A)\t实际完成值 "
        "(B)\t完成率\t得分\n"
        "\t产出指标\t数量指标\t培训人数 (10分)\t≥30人\t30人\t100%\t10\n"
        "\t\t\t培训场次（10.5分）\t≥3场\t3场\t100%\t10.5\n";
    const ImportResult r = ImportText(doc, "d.txt");
    REQUIRE(r.tables.size() == 1);
    const auto& inds = r.tables[0].file.project.indicators;
    REQUIRE(inds.size() == 2);
    CHECK(inds[0].name == "培训人数");
    CHECK(inds[0].weight == 10);
    CHECK(inds[1].name == "培训场次");
    CHECK(inds[1].weight == 10.5);
  }
}

}  // namespace jixiao
