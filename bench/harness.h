// bench/harness.h — what jixiao_bench measures with: a stage's samples run in a forked child or
// as a spawned command (its own peak RSS), the rows of the result table and their formatting.
#ifndef JIXIAO_BENCH_HARNESS_H_
#define JIXIAO_BENCH_HARNESS_H_

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iterator>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace jixiao::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t0);

// What one run of a stage measured.
struct Sample {
  double seconds = 0;
  long rss_kb = 0;
  double extra[8] = {};  // stage-specific counts, reported by the child
};

struct Series {
  std::vector<double> seconds;
  long rss_kb = 0;
  double extra[8] = {};  // from the last run
  void Add(const Sample& s) {
    seconds.push_back(s.seconds);
    rss_kb = std::max(rss_kb, s.rss_kb);
    std::copy(std::begin(s.extra), std::end(s.extra), std::begin(extra));
  }
  double Median() const {
    std::vector<double> v = seconds;
    std::sort(v.begin(), v.end());
    if (v.empty()) return 0;
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  }
  double Min() const { return *std::min_element(seconds.begin(), seconds.end()); }
  double Max() const { return *std::max_element(seconds.begin(), seconds.end()); }
};

[[noreturn]] void Fail(const std::string& what);
void Progress(const std::string& s);

// Runs `fn` in a forked child; fn returns its own timed seconds and may fill extra[].
Sample InChild(const std::function<double(double* extra)>& fn);
// Runs a program with stdout and stderr to `log`; returns wall time and the child's peak RSS.
Sample Spawn(const std::vector<std::string>& args, const fs::path& log, bool must_succeed = true);

// yaml-cpp builds its scanner's tables on first use: once per process, not per file. Every
// in-process stage that parses YAML pays it before its clock starts.
void WarmUp();
std::shared_ptr<spdlog::logger> NullLog();
std::string ReadAll(const fs::path& p);
void CopyFile(const fs::path& from, const fs::path& to);  // an SQLite file, without its WAL

// The result table.
struct Row {
  std::string stage;
  Series ours;
  std::string floor_name;  // "" none
  Series floor;
  std::string target;   // the target, as text
  std::string verdict;  // "met", "MISSED by …", "" (no target at this scale)
  std::string note;
};

std::string Ms(double s);
std::string Mb(long kb);
std::string Ratio(double x);
std::string Spread(const Series& s);
// Verdict for "value ≤ limit": met, or missed by how much.
std::string AtMost(double value, double limit, const std::string& unit_text);
void PrintTable(const std::vector<Row>& rows, std::ostream& out);

}  // namespace jixiao::bench

#endif  // JIXIAO_BENCH_HARNESS_H_
