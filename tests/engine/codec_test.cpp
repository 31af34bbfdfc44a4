// The compiled form of a stored definition (engine/store/codec.h): every project file shipped in
// config/ and the test fixtures decodes to what the loader built, and malformed bytes are refused
// with CodecError, never read past their end.
#include "engine/store/codec.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/batch/batch.h"
#include "engine/batch/policies.h"
#include "engine/io/yaml_writer.h"
#include "engine/report/render.h"
#include "indicators/loader.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;

const std::string kSource = JIXIAO_SOURCE_DIR;

// Every project file (not policy) under config/ and tests/data/ that loads without errors, under
// a shipped policy.
std::vector<fs::path> ProjectFiles() {
  std::vector<fs::path> out;
  PolicySet policies(PolicyOptions{});
  for (const char* dir : {"/config", "/tests/data"}) {
    for (const auto& e : fs::recursive_directory_iterator(kSource + dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".yaml" || IsPolicyFile(e.path()) ||
          e.path().filename() == "unit.yaml") {
        continue;
      }
      const LoadResult r = LoadProjectFile(e.path());
      if (!r.ok()) continue;
      try {
        policies.Get(r.file->project.policy, e.path());
        out.push_back(e.path());
      } catch (const Error&) {
        // An unknown policy (a fixture for that error).
      }
    }
  }
  return out;
}

// Every located diagnostic, as text: the locations are part of what must survive.
std::string DiagnosticsText(const Diagnostics& ds) {
  std::string s;
  for (const auto& d : ds) s += d.str() + "\n";
  return s;
}

// Each indicator's locations, as text.
std::string LocationsText(const Project& p) {
  std::string s = p.loc.str() + " " + p.policy_loc.str() + " " + p.budget.loc.str() + " " +
                  p.budget.annual_loc.str() + " " + p.budget.initial_loc.str() + "\n";
  for (const auto& i : p.indicators) {
    s += i.loc.str() + " " + i.target_loc.str() + " " + i.weight_loc.str() + " " +
         i.level1_loc.str() + "\n";
  }
  return s;
}

TEST_CASE("codec: every shipped project decodes to what the loader built") {
  const std::vector<fs::path> files = ProjectFiles();
  REQUIRE(files.size() >= 20);  // the seeds' projects and the fixtures
  PolicySet policies(PolicyOptions{});
  for (const fs::path& path : files) {
    CAPTURE(path.string());
    const LoadResult r = LoadProjectFile(path);
    const ProjectFile& pf = *r.file;
    const std::string self = path.string();
    const std::string bytes = EncodeDefinition(pf.project, pf.published, r.diagnostics, self);
    const CompiledDefinition d = DecodeDefinition(bytes, self);

    // The definition and the published figures, field by field through the YAML writer (whose
    // contract is that loading its text gives back the same project).
    ProjectFile back;
    back.project = d.project;
    back.published = d.published;
    back.results = pf.results;
    CHECK(WriteProjectYaml(back) == WriteProjectYaml(pf));
    // What the writer does not carry: locations, implied operators, parse notes, warnings.
    CHECK(LocationsText(d.project) == LocationsText(pf.project));
    CHECK(DiagnosticsText(d.warnings) == DiagnosticsText(r.diagnostics));
    REQUIRE(d.project.indicators.size() == pf.project.indicators.size());
    for (std::size_t k = 0; k < pf.project.indicators.size(); ++k) {
      const Value& a = d.project.indicators[k].target;
      const Value& b = pf.project.indicators[k].target;
      CHECK(a.op_implied == b.op_implied);
      CHECK(a.notes == b.notes);
      CHECK(a.unit.per == b.unit.per);
      CHECK(a.unit.scale == b.unit.scale);
      CHECK(a.qualitative == b.qualitative);
      CHECK(d.project.indicators[k].applicable == pf.project.indicators[k].applicable);
    }
    // And the score, formulas and findings included.
    const Policy& policy = policies.Get(pf.project.policy, path);
    const ProjectScore s1 = ScoreProject(pf.project, pf.results, pf.published, policy);
    const ProjectScore s2 = ScoreProject(d.project, pf.results, d.published, policy);
    CHECK(ScoreJson(s2, pf.results).dump() == ScoreJson(s1, pf.results).dump());
    // Encoding is deterministic.
    CHECK(EncodeDefinition(d.project, d.published, d.warnings, self) == bytes);
  }
}

TEST_CASE("codec: locations in the definition's own file follow the new name") {
  const fs::path path = kSource + "/config/rongcheng-2024/03-jiceng-gongzuozhan.yaml";
  const LoadResult r = LoadProjectFile(path);
  REQUIRE(r.ok());
  const std::string bytes =
      EncodeDefinition(r.file->project, r.file->published, r.diagnostics, path.string());
  const CompiledDefinition d = DecodeDefinition(bytes, "jixiao.db: 基层医保工作站项目 v2");
  const Indicator& first = d.project.indicators.front();
  CHECK(first.target_loc.file == "jixiao.db: 基层医保工作站项目 v2");
  CHECK(first.target_loc.line == r.file->project.indicators.front().target_loc.line);
  CHECK(first.target_loc.column == r.file->project.indicators.front().target_loc.column);
  CHECK(d.project.loc.file == "jixiao.db: 基层医保工作站项目 v2");
}

TEST_CASE("codec: malformed bytes are refused") {
  const fs::path path = kSource + "/config/rongcheng-2024/03-jiceng-gongzuozhan.yaml";
  const LoadResult r = LoadProjectFile(path);
  REQUIRE(r.ok());
  const std::string bytes =
      EncodeDefinition(r.file->project, r.file->published, r.diagnostics, path.string());

  SUBCASE("every truncation") {
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      CAPTURE(n);
      // A copy of exactly n bytes: a read past the end is a sanitizer error.
      const std::string cut = bytes.substr(0, n);
      CHECK_THROWS_AS(DecodeDefinition(cut, "x"), CodecError);
    }
  }
  SUBCASE("trailing bytes") { CHECK_THROWS_AS(DecodeDefinition(bytes + "x", "x"), CodecError); }
  SUBCASE("another format version or no magic") {
    std::string other = bytes;
    other[3] = static_cast<char>(other[3] + 1);
    CHECK_THROWS_WITH_AS(DecodeDefinition(other, "x"), doctest::Contains("format"), CodecError);
    CHECK_THROWS_AS(DecodeDefinition("not compiled at all", "x"), CodecError);
    CHECK_THROWS_AS(DecodeDefinition("", "x"), CodecError);
  }
  SUBCASE("a corrupted byte anywhere decodes or is refused, never crashes") {
    for (std::size_t n = 4; n < bytes.size(); ++n) {
      std::string bad = bytes;
      bad[n] = static_cast<char>(0xFF);
      try {
        (void)DecodeDefinition(bad, "x");
      } catch (const CodecError&) {
      }
    }
  }
}

}  // namespace
}  // namespace jixiao
