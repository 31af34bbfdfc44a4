// engine/io/xlsx_reader.h: cell references, values and formats of a workbook written by LibreOffice
// (a fixture) and by libxlsxwriter (written here), merged ranges, and refusals.
#include "engine/io/xlsx_reader.h"

#include <doctest/doctest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "indicators/diagnostics.h"

namespace jixiao {
namespace {

const std::string kSource = JIXIAO_SOURCE_DIR;

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("jixiao-xlsx-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

}  // namespace

TEST_CASE("xlsx: cell references") {
  struct Case {
    std::string ref;
    int row, col;
  };
  for (const Case& c : {Case{"A1", 0, 0}, Case{"B3", 2, 1}, Case{"Z10", 9, 25}, Case{"AA1", 0, 26},
                        Case{"XFD1048576", 1048575, 16383}}) {
    SUBCASE(c.ref.c_str()) {
      const auto rc = ParseCellRef(c.ref);
      REQUIRE(rc.has_value());
      CHECK(rc->first == c.row);
      CHECK(rc->second == c.col);
    }
  }
  for (const char* bad : {"", "A", "1", "A0", "a1", "B3C", "XFE1", "A1048577", "$A$1"}) {
    SUBCASE(bad) { CHECK_FALSE(ParseCellRef(bad).has_value()); }
  }
}

TEST_CASE("xlsx: a sheet saved by LibreOffice Calc") {
  // The fill-in sheet of 基层医保工作站项目 (seed 004), with 81% typed as a percentage (stored as
  // 0.81 in a percent format) and 19 typed as a number.
  const auto sheets = ReadXlsx(kSource + "/tests/data/fill-in/jiceng-libreoffice.xlsx");
  REQUIRE(sheets.size() == 1);
  const XlsxSheet& s = sheets[0];
  CHECK(s.Rows() == 9);  // the header and the 8 indicators of seed 004's table
  REQUIRE(s.At(0, 0) != nullptr);
  CHECK(s.At(0, 0)->text == "项目名称");
  CHECK(s.At(0, 8)->text == "偏差原因分析及改进措施");
  // Row 9 (index 8): 服务对象满意度.
  REQUIRE(s.At(8, 4) != nullptr);
  CHECK(s.At(8, 4)->text == "服务对象满意度");
  REQUIRE(s.At(8, 7) != nullptr);
  REQUIRE(s.At(8, 7)->number.has_value());
  CHECK(*s.At(8, 7)->number == doctest::Approx(0.81));
  CHECK(s.At(8, 7)->text == "81%");
  CHECK(s.At(8, 5)->text == "10");  // 分值, a number in General format
  CHECK(s.At(3, 7)->text == "19");  // 共下放医保经办事项
  CHECK(s.At(1, 8) == nullptr);     // an empty reason
}

TEST_CASE("xlsx: values, formats and merges written by libxlsxwriter read back") {
  const std::string path = TempPath("w.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "自评表");
  lxw_worksheet* ws2 = workbook_add_worksheet(wb, "汇总表");
  lxw_format* pct = workbook_add_format(wb);
  format_set_num_format(pct, "0.00%");
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  worksheet_merge_range(ws, 0, 0, 0, 7, "项目支出绩效自评表", nullptr);
  worksheet_write_number(ws, 1, 0, 91.14, nullptr);
  worksheet_write_number(ws, 1, 1, 0.1143, pct);
  worksheet_write_string(ws, 1, 2, "≥95%", text);
  worksheet_write_boolean(ws, 1, 3, 1, nullptr);
  worksheet_write_string(ws2, 4, 1, "优", nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

  const auto sheets = ReadXlsx(path);
  std::filesystem::remove(path);
  REQUIRE(sheets.size() == 2);
  CHECK(sheets[0].name == "自评表");
  CHECK(sheets[1].name == "汇总表");
  const XlsxSheet& s = sheets[0];
  REQUIRE(s.merges.size() == 1);
  CHECK(s.merges[0] == "A1:H1");
  CHECK(s.At(0, 0)->text == "项目支出绩效自评表");
  CHECK(*s.At(1, 0)->number == 91.14);
  CHECK(s.At(1, 0)->text == "91.14");
  CHECK(s.At(1, 1)->text == "11.43%");
  CHECK(s.At(1, 1)->format == "0.00%");
  CHECK(s.At(1, 2)->text == "≥95%");
  CHECK_FALSE(s.At(1, 2)->number.has_value());
  CHECK(s.At(1, 3)->text == "TRUE");
  CHECK(sheets[1].At(4, 1)->text == "优");
  CHECK(sheets[1].Rows() == 5);
}

TEST_CASE("xlsx: what is not a readable workbook is refused with the file's name") {
  struct Case {
    std::string name, bytes, message;
  };
  for (const Case& c :
       {Case{"text", "项目名称,指标\n", "not an .xlsx workbook (not a zip archive)"},
        Case{"empty", "", "not an .xlsx workbook"},
        // a zip's end-of-central-directory record with no entries
        Case{"empty-zip", std::string("PK\x05\x06", 4) + std::string(18, '\0'),
             "not an .xlsx workbook (no xl/_rels/workbook.xml.rels)"}}) {
    SUBCASE(c.name.c_str()) {
      const std::string path = TempPath(c.name + ".xlsx");
      std::ofstream(path, std::ios::binary) << c.bytes;
      try {
        ReadXlsx(path);
        FAIL("read " << c.name);
      } catch (const IoError& e) {
        const std::string what = e.what();
        CHECK_MESSAGE(what.find(path) != std::string::npos, what);
        CHECK_MESSAGE(what.find(c.message) != std::string::npos, what);
      }
      std::filesystem::remove(path);
    }
  }
  SUBCASE("missing") { CHECK_THROWS_AS(ReadXlsx(TempPath("nope.xlsx")), IoError); }
}

}  // namespace jixiao
