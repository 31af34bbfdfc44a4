// The free-text rules (indicators/text.h): what every door refuses, and what text output shows.
#include "indicators/text.h"

#include <doctest/doctest.h>

#include <string>

namespace jixiao {
namespace {

TEST_CASE("CheckFreeText refuses control characters, bidi controls, bad UTF-8 and over-long text") {
  struct Case {
    TextField field;
    std::string text;
    const char* code;  // nullptr: accepted
  };
  const std::string at_limit = [] {
    std::string s;
    for (std::size_t i = 0; i < kMaxFreeTextChars; ++i) s += "说";
    return s;
  }();
  const Case cases[] = {
      {TextField::kAuthor, "录入员 张三", nullptr},
      {TextField::kReason, "资金未到位，已于12月补足 (见附件)", nullptr},
      {TextField::kReason, "原因\t说明", nullptr},  // a tab is fine in a reason
      {TextField::kAuthor, "张\t三", "control-character"},
      {TextField::kAuthor, "录入员\n  #99  审核员", "control-character"},
      {TextField::kReason, "已核实\r", "control-character"},
      {TextField::kReason, "\x1b[2J已核实", "control-character"},
      {TextField::kProjectName, std::string("项目\0名", 7), "control-character"},
      {TextField::kReason, "del\x7f", "control-character"},
      {TextField::kReason, "c1\xc2\x9b", "control-character"},               // U+009B CSI
      {TextField::kDeviation, "原因\xe2\x80\xae说明", "control-character"},  // U+202E
      {TextField::kDeviation, "原因\xe2\x81\xa6说明", "control-character"},  // U+2066
      {TextField::kReason, "line\xe2\x80\xa8sep", "control-character"},      // U+2028
      {TextField::kAuthor, "\xff\xfe", "bad-encoding"},
      {TextField::kReason, at_limit, nullptr},
      {TextField::kReason, at_limit + "说", "too-long"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text.substr(0, 40));
    const auto e = CheckFreeText(c.field, c.text);
    if (!c.code) {
      CHECK_FALSE(e.has_value());
    } else {
      REQUIRE(e.has_value());
      CHECK(e->code() == c.code);
      CHECK(std::string(e->what()).find(TextFieldName(c.field)) != std::string::npos);
    }
  }
  const auto e = CheckFreeText(TextField::kReason, at_limit + "说");
  REQUIRE(e);
  CHECK(std::string(e->what()).find("2000") != std::string::npos);
  const auto c = CheckFreeText(TextField::kAuthor, "ab\x1b");
  REQUIRE(c);
  CHECK(std::string(c->what()).find("U+001B at character 3") != std::string::npos);
}

TEST_CASE("EscapeControls shows what a terminal would run or a newline would forge") {
  const std::pair<std::string, std::string> cases[] = {
      {"基层医保工作站项目", "基层医保工作站项目"},
      {"a\nb", "a\\nb"},
      {"a\r\nb", "a\\r\\nb"},
      {"x\ty", "x\\ty"},
      {"\x1b[31mred", "\\x1B[31mred"},
      {"del\x7f", "del\\x7F"},
      {"c1\xc2\x9b", "c1\\u{009B}"},
      {"r\xe2\x80\xaetl", "r\\u{202E}tl"},
      {"bad\xff", "bad\\xFF"},
      {"\xef\xbf\xbd", "\xef\xbf\xbd"},  // U+FFFD written as itself is text
  };
  for (const auto& [in, want] : cases) CHECK(EscapeControls(in) == want);
  CHECK(EscapeControls("列1\t列2\n", /*keep_tabs=*/true) == "列1\t列2\\n");
}

// Every text output of a finding goes through Diagnostic::str: whatever a file or an older store
// holds, one finding is one line with no escape sequence.
TEST_CASE("Diagnostic::str is one line without control characters") {
  const Diagnostic d{Severity::kWarning, "deviation", SourceLoc{"项目\x1b[2J.yaml", 3, 1},
                     "reason '已完成\nx.yaml:1:1: info: forged [ok]'"};
  CHECK(d.str() ==
        "项目\\x1B[2J.yaml:3:1: warning: reason '已完成\\nx.yaml:1:1: info: forged [ok]' "
        "[deviation]");
}

}  // namespace
}  // namespace jixiao
