#include "engine/cli/app.h"

#include <spdlog/sinks/ostream_sink.h>

#include <ostream>

namespace jixiao {

int RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(err);
  sink->set_pattern("jixiao: %l: %v");
  auto log = std::make_shared<spdlog::logger>("jixiao", sink);
  log->set_level(spdlog::level::warn);
  CliContext ctx{out, err, log, {}, 0};

  CLI::App app{
      "jixiao — performance targets (绩效目标) and self-evaluations (绩效自评) of "
      "public-budget projects"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "jixiao 0.1.0");
  bool verbose = false;
  std::string policy_dir;
  app.add_flag("-v,--verbose", verbose, "Log detail on stderr");
  app.add_option("--policy-dir", policy_dir,
                 "Folder of policy files (NAME.yaml), searched before the built-in policies")
      ->check(CLI::ExistingDirectory);
  app.parse_complete_callback([&] {
    if (verbose) log->set_level(spdlog::level::debug);
    ctx.policy.policy_dir = policy_dir;
  });
  AddValueCommand(app, ctx);
  AddCheckCommand(app, ctx);
  AddScoreCommand(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForVersion& e) {
    out << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      out << app.help();
      return 0;
    }
    err << "jixiao: " << e.what() << "\n(run 'jixiao --help' for usage)\n";
    return 2;
  } catch (const UsageError& e) {
    err << "jixiao: " << e.what() << "\n";
    return 2;
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) err << d.str() << "\n";
    return 1;
  } catch (const Error& e) {
    err << "jixiao: " << e.what() << "\n";
    return 1;
  }
  return ctx.exit_code;
}

}  // namespace jixiao
