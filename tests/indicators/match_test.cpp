// MatchName: the one way every command finds a project, an indicator or a fund source by name.
#include "indicators/match.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace jixiao {
namespace {

// Project names as a unit stores them (seed 004, 荣成 2024, one with a bracketed suffix).
const std::vector<std::vector<std::string>> kProjects = {
    {"2024年医疗服务与保障能力提升补助资金"},
    {"医疗保险基金征缴经费补助 (中央)"},
    {"医保专项业务经费"},
    {"基层医保工作站项目"},
    {"医保一图清服务平台"},
    {"特殊群体医疗费(2024年)"},
    {"特殊群体医疗费（二）"},
    {"职工免费查体 (2024年)"},
    {"职工免费健康查体（二）"},
};

TEST_CASE("match: exact, unique substring, ambiguous, unknown with suggestions") {
  using K = NameMatch::Kind;
  struct Case {
    const char* query;
    K kind;
    std::vector<std::size_t> matches;
    std::vector<std::size_t> suggestions;
  };
  const Case cases[] = {
      {"基层医保工作站项目", K::kFound, {3}, {}},  // exact
      {"基层", K::kFound, {3}, {}},                // a prefix
      {"免费健康", K::kFound, {8}, {}},
      {"工作站", K::kFound, {3}, {}},           // inside the name: not a prefix
      {"  一图清 ", K::kFound, {4}, {}},        // trimmed
      {"(2024年)", K::kAmbiguous, {5, 7}, {}},  // in two names
      {"特殊群体", K::kAmbiguous, {5, 6}, {}},
      {"职工", K::kAmbiguous, {7, 8}, {}},
      {"医保", K::kAmbiguous, {2, 3, 4}, {}},
      // A missing space before a bracket costs nothing: suggested, not taken.
      {"医疗保险基金征缴经费补助(中央)", K::kNone, {}, {1}},
      {"职工免费查体(2024年)", K::kNone, {}, {7}},
      // An extra one, and a full-width bracket for an ASCII one (one edit).
      {"基层医保工作站 项目", K::kNone, {}, {3}},
      {"特殊群体医疗费(二)", K::kNone, {}, {6}},
      {"医保专项业务经费用", K::kNone, {}, {2}},  // one character too many
      {"不存在", K::kNone, {}, {}},               // nothing near: no suggestion
      {"", K::kNone, {}, {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.query);
    const NameMatch m = MatchName(kProjects, c.query);
    CHECK(m.kind == c.kind);
    CHECK(m.matches == c.matches);
    CHECK(m.suggestions == c.suggestions);
  }
}

TEST_CASE("match: an exact name wins over names that contain it; any name of a candidate counts") {
  const std::vector<std::vector<std::string>> indicators = {
      {"满意度", "满意度指标/服务对象满意度指标/满意度"},
      {"服务对象满意度", "满意度指标/服务对象满意度指标/服务对象满意度"},
  };
  NameMatch m = MatchName(indicators, "满意度");
  CHECK(m.kind == NameMatch::Kind::kFound);
  CHECK(m.matches == std::vector<std::size_t>{0});
  m = MatchName(indicators, "服务对象满意度指标/服务对象");  // a part of the key
  CHECK(m.kind == NameMatch::Kind::kFound);
  CHECK(m.matches == std::vector<std::size_t>{1});
}

TEST_CASE("match: edit distance counts code points, not bytes") {
  CHECK(EditDistance("基层", "基层") == 0);
  CHECK(EditDistance("基层", "基础") == 1);  // one character, three bytes
  CHECK(EditDistance("", "满意度") == 3);
  CHECK(EditDistance("kitten", "sitting") == 3);
}

}  // namespace
}  // namespace jixiao
