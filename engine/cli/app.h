// engine/cli/app.h — the `jixiao` command line: one file per subcommand, registered here.
//
// RunCli is the whole program behind main(): it parses argv, runs one subcommand and returns the
// exit code (0 fine; 1 invalid input or findings at error level; 2 wrong usage). All output goes
// to the streams passed in (a command's result to `out`, problems and logs to `err`), so tests
// run commands in-process as well as through the binary.
#ifndef JIXIAO_ENGINE_CLI_APP_H_
#define JIXIAO_ENGINE_CLI_APP_H_

#include <spdlog/logger.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "engine/policies.h"

namespace jixiao {

// What every subcommand receives: streams, logger and the global options.
struct CliContext {
  std::ostream& out;
  std::ostream& err;
  std::shared_ptr<spdlog::logger> log;
  PolicyOptions policy;  // --policy-dir
  int exit_code = 0;
};

int RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// Subcommands (engine/cli/*_cmd.cpp). Each adds itself to `app` and sets ctx.exit_code when run.
void AddValueCommand(CLI::App& app, CliContext& ctx);
void AddCheckCommand(CLI::App& app, CliContext& ctx);
void AddScoreCommand(CLI::App& app, CliContext& ctx);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_CLI_APP_H_
