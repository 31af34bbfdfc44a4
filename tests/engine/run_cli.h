// tests/engine/run_cli.h — runs the jixiao command line in-process for tests.
#ifndef JIXIAO_TESTS_ENGINE_RUN_CLI_H_
#define JIXIAO_TESTS_ENGINE_RUN_CLI_H_

#include <sstream>
#include <string>
#include <vector>

#include "engine/cli/app.h"

namespace jixiao::testing {

struct Run {
  int rc;
  std::string out, err;
};

// `jixiao ARGS...`: exit code, stdout and stderr.
inline Run Jixiao(std::vector<std::string> args) {
  args.insert(args.begin(), "jixiao");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int rc = RunCli(static_cast<int>(argv.size()), argv.data(), out, err);
  return {rc, out.str(), err.str()};
}

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_ENGINE_RUN_CLI_H_
