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
#include <optional>
#include <string>
#include <vector>

#include "engine/batch/batch.h"
#include "engine/batch/policies.h"
#include "engine/store/store.h"

namespace jixiao {

// What every subcommand receives: streams, logger and the global options.
struct CliContext {
  std::ostream& out;
  std::ostream& err;
  std::shared_ptr<spdlog::logger> log;
  PolicyOptions policy;                    // --policy-dir
  std::filesystem::path db = "jixiao.db";  // --db FILE (or JIXIAO_DB)
  bool db_given = false;  // --db or JIXIAO_DB was set: positional arguments name stored projects
  std::filesystem::path key_file;  // --key-file FILE (or JIXIAO_KEY_FILE): the chain's secret
  int busy_timeout_ms = StoreOptions{}.busy_timeout_ms;  // --busy-timeout SECONDS
  // Set by score, report and audit: a store is read only when its results follow its trail
  // (Store::CheckResults), unless --unverified.
  bool check_trail = false;
  bool unverified = false;
  int exit_code = 0;
};

// The options of the store `db` under the global options (--key-file, --busy-timeout,
// --policy-dir).
StoreOptions StoreOptionsFor(const CliContext& ctx, const std::filesystem::path& db, bool create);
// Opens the store named by --db (creating it only with `create`).
std::unique_ptr<Store> OpenStore(const CliContext& ctx, bool create = false);

// Adds --unverified to a command that reads scored results, and makes it check the trail.
void AddUnverifiedFlag(CLI::App* cmd, CliContext& ctx);
// Throws StoreError "results-untrusted" when the store's results disagree with its trail.
void RequireResultsFollowTrail(Store& store);
// After a whole-store read found `changed` projects whose results fingerprint differs from their
// rows, or the trail's end not where the store records it (ScoreEveryStoredProject): the rows
// that differ from the trail (as RequireResultsFollowTrail), else the projects. Always throws
// StoreError "results-untrusted".
[[noreturn]] void RequireUnchangedResults(Store& store, const std::vector<std::string>& changed);

// The projects a reading command (score, check, report, audit) works on. From the store when
// --db was given, or when `args` is empty and `store_when_empty`: `args` then name stored projects
// (id, name or a unique part of it; none: all of them). Otherwise `args` are project files and
// folders.
struct Inputs {
  std::unique_ptr<Store> store;  // set when the batch comes from the store
  Batch batch;
};
Inputs LoadInputs(const std::vector<std::string>& args, bool store_when_empty, CliContext& ctx,
                  PolicySet& policies, const BatchOptions& options = {});
// The same inputs streamed (engine/batch/batch.h): each project handed over and dropped; returns
// the store when they came from it.
std::unique_ptr<Store> ForEachInput(const std::vector<std::string>& args, bool store_when_empty,
                                    CliContext& ctx, PolicySet& policies, const OnLoaded& loaded,
                                    const OnRejected& rejected);

// The door's language and time zone (engine/cli/language.cpp): --lang zh|en, else LC_ALL,
// LC_MESSAGES, LANG (zh… → Chinese, anything else → English); --tz ZONE, else TZ, else
// Asia/Shanghai. Returns the problem with --lang or --tz, if any.
std::optional<std::string> ChooseLanguageAndZone(int argc, const char* const* argv);
// CLI11's own words (Usage, Options, REQUIRED …) in the active language.
void TranslateHelp(CLI::App& app);
// A command-line error of CLI11 (English) led, in another language, by what kind of error it is.
std::string CliErrorText(const CLI::ParseError& e);

int RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// Subcommands (engine/cli/*_cmd.cpp). Each adds itself to `app` and sets ctx.exit_code when run.
void AddValueCommand(CLI::App& app, CliContext& ctx);
void AddCheckCommand(CLI::App& app, CliContext& ctx);
void AddScoreCommand(CLI::App& app, CliContext& ctx);
void AddAuditCommand(CLI::App& app, CliContext& ctx);
void AddImportCommand(CLI::App& app, CliContext& ctx);
void AddReportCommand(CLI::App& app, CliContext& ctx);
void AddInitCommand(CLI::App& app, CliContext& ctx);
void AddLoadCommand(CLI::App& app, CliContext& ctx);
void AddActualCommand(CLI::App& app, CliContext& ctx);
void AddBudgetCommand(CLI::App& app, CliContext& ctx);
void AddDeviationCommand(CLI::App& app, CliContext& ctx);
void AddSubmitCommand(CLI::App& app, CliContext& ctx);
void AddStatusCommand(CLI::App& app, CliContext& ctx);
void AddHistoryCommand(CLI::App& app, CliContext& ctx);
void AddVerifyCommand(CLI::App& app, CliContext& ctx);
void AddUserCommand(CLI::App& app, CliContext& ctx);
void AddReturnCommand(CLI::App& app, CliContext& ctx);
void AddServeCommand(CLI::App& app, CliContext& ctx);
void AddStoreCommand(CLI::App& app, CliContext& ctx);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_CLI_APP_H_
