// bench/harness.cpp — see harness.h.
#include "bench/harness.h"

#include <fcntl.h>
#include <spawn.h>
#include <spdlog/sinks/null_sink.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

extern char** environ;

namespace jixiao::bench {

double Since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

[[noreturn]] void Fail(const std::string& what) {
  std::cerr << "jixiao_bench: " << what << "\n";
  std::exit(1);
}

void Progress(const std::string& s) { std::cerr << "[bench] " << s << std::endl; }

// Runs `fn` in a forked child; fn returns its own timed seconds and may fill extra[].
Sample InChild(const std::function<double(double* extra)>& fn) {
  int fd[2];
  if (::pipe(fd) != 0) Fail("pipe failed");
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = ::fork();
  if (pid < 0) Fail("fork failed");
  if (pid == 0) {
    ::close(fd[0]);
    Sample s;
    try {
      s.seconds = fn(s.extra);
    } catch (const std::exception& e) {
      std::cerr << "jixiao_bench: stage failed: " << e.what() << std::endl;
      s.seconds = -1;
    }
    if (::write(fd[1], &s, sizeof s) != ssize_t(sizeof s)) ::_exit(3);
    ::_exit(s.seconds < 0 ? 1 : 0);
  }
  ::close(fd[1]);
  Sample s;
  const ssize_t n = ::read(fd[0], &s, sizeof s);
  ::close(fd[0]);
  int status = 0;
  rusage ru{};
  ::wait4(pid, &status, 0, &ru);
  if (n != ssize_t(sizeof s) || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || s.seconds < 0)
    Fail("a stage's child process failed (see above)");
  s.rss_kb = ru.ru_maxrss;
  return s;
}

// Runs a program with stdout and stderr to `log`; returns wall time and the child's peak RSS.
Sample Spawn(const std::vector<std::string>& args, const fs::path& log, bool must_succeed) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  const auto t0 = Clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0)
    Fail("cannot run " + args[0]);
  int status = 0;
  rusage ru{};
  ::wait4(pid, &status, 0, &ru);
  Sample s;
  s.seconds = Since(t0);
  s.rss_kb = ru.ru_maxrss;
  posix_spawn_file_actions_destroy(&fa);
  if (must_succeed && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    std::string cmd;
    for (const auto& a : args) cmd += a + " ";
    Fail("command failed: " + cmd + "\n" + text.str().substr(0, 4000));
  }
  return s;
}

// yaml-cpp builds its scanner's tables on first use: once per process, not per file. Every
// in-process stage that parses YAML pays it before its clock starts.
void WarmUp() { YAML::Load("{a: [1, '2'], b: x}"); }

std::shared_ptr<spdlog::logger> NullLog() {
  return std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_st>());
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return s;
}

void CopyFile(const fs::path& from, const fs::path& to) {
  fs::remove(to);
  fs::remove(to.string() + "-wal");
  fs::remove(to.string() + "-shm");
  fs::copy_file(from, to);
}

std::string Ms(double s) {
  char buf[64];
  if (s >= 10)
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  else if (s >= 1)
    std::snprintf(buf, sizeof buf, "%.2f s", s);
  else if (s >= 0.01)
    std::snprintf(buf, sizeof buf, "%.0f ms", s * 1000);
  else
    std::snprintf(buf, sizeof buf, "%.2f ms", s * 1000);
  return buf;
}

std::string Mb(long kb) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f MB", double(kb) / 1024);
  return buf;
}

std::string Ratio(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f×", x);
  return buf;
}

std::string Spread(const Series& s) {
  if (s.seconds.size() < 2) return "(1 run)";
  return Ms(s.Min()) + "–" + Ms(s.Max());
}

// Verdict for "value ≤ limit": met, or missed by how much.
std::string AtMost(double value, double limit, const std::string& unit_text) {
  if (value <= limit) return "met";
  char buf[96];
  std::snprintf(buf, sizeof buf, "MISSED by %.2f%s (%.0f%% over)", value - limit, unit_text.c_str(),
                (value / limit - 1) * 100);
  return buf;
}

void PrintTable(const std::vector<Row>& rows, std::ostream& out) {
  out << "| stage | runs | median | min–max | peak RSS | floor | floor median | ratio | target | "
         "result |\n|---|---|---|---|---|---|---|---|---|---|\n";
  for (const Row& r : rows) {
    out << "| " << r.stage << " | " << r.ours.seconds.size() << " | " << Ms(r.ours.Median())
        << " | " << Spread(r.ours) << " | " << Mb(r.ours.rss_kb) << " | "
        << (r.floor_name.empty() ? "—" : r.floor_name) << " | "
        << (r.floor_name.empty() ? "—" : Ms(r.floor.Median())) << " | "
        << (r.floor_name.empty() || r.floor.Median() <= 0
                ? "—"
                : Ratio(r.ours.Median() / r.floor.Median()))
        << " | " << (r.target.empty() ? "—" : r.target) << " | "
        << (r.verdict.empty() ? "—" : r.verdict) << " |\n";
  }
  bool notes = false;
  for (const Row& r : rows) notes |= !r.note.empty();
  if (!notes) return;
  out << "\nNotes:\n";
  for (const Row& r : rows)
    if (!r.note.empty()) out << "- " << r.stage << ": " << r.note << "\n";
}

}  // namespace jixiao::bench
