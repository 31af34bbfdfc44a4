// bench/generate.h — synthetic project definitions for the benchmark (not part of jixiao).
//
// Generates a batch of 自评表 project files as a unit, a city or a province would have them:
// indicator names, 一级/二级 levels, target forms and units drawn from the vocabulary of the seed
// documents (config/*/ *.yaml), weights that fill the shandong policy's caps (成本 20, 产出 40,
// 效益 20, 满意度 10), budgets, actual values (mostly met, some missed with a deviation reason,
// some qualitative with a judgement and a score inside its band). Every file passes
// `jixiao check` and scores. The sequence is fixed by the seed: the same options give the same
// bytes.
//
// Layout: DIR/projects/cNN/uNNNN/pNN.yaml — 1,000 projects per cNN folder (a city, as the issue
// sizes it), about 33 per unit. DIR/values.tsv lists the quantitative indicators whose actual
// value the benchmark enters again (project, indicator key, 三级 name, two new values).
#ifndef JIXIAO_BENCH_GENERATE_H_
#define JIXIAO_BENCH_GENERATE_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace jixiao::bench {

struct GenerateOptions {
  int projects = 1000;        // how many project files
  std::uint32_t seed = 2024;  // std::mt19937 seed
  int year = 2024;
  int values = 10000;  // entries of values.tsv (fewer when the batch has fewer indicators)
};

struct GenerateSummary {
  int projects = 0;
  std::int64_t indicators = 0;
  std::int64_t bytes = 0;  // YAML written
  int values = 0;          // rows of values.tsv
};

// Writes the batch under `dir` (which must be empty or missing). Throws std::runtime_error when
// a file cannot be written.
GenerateSummary Generate(const std::filesystem::path& dir, const GenerateOptions& options);

// One row of values.tsv.
struct ValueRow {
  std::string project;
  std::string key;
  std::string name;
  std::string value[2];  // alternate between runs, so that every run changes the value
};
std::vector<ValueRow> ReadValues(const std::filesystem::path& file);

}  // namespace jixiao::bench

#endif  // JIXIAO_BENCH_GENERATE_H_
