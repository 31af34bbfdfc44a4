#include "engine/cli/app.h"

#include <spdlog/sinks/ostream_sink.h>

#include <fstream>
#include <iterator>
#include <ostream>

#include "engine/store/sql.h"
#include "indicators/i18n.h"
#include "indicators/text.h"

namespace jixiao {
namespace {

// Free text that enters at the command line: the rules of indicators/text.h, checked as the
// arguments are parsed, so that no command stores a control character or an over-long text.
CLI::Validator FreeText(TextField field) {
  return CLI::Validator(
      [field](std::string& s) -> std::string {
        if (auto e = CheckFreeText(field, s)) return e->what();
        return {};
      },
      "");
}

// Every --by (author), --reason and deviation TEXT of every subcommand.
void CheckFreeTextOptions(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands({})) {
    for (CLI::Option* opt : sub->get_options()) {
      const std::string& name = opt->get_name();
      if (name == "--by") opt->check(FreeText(TextField::kAuthor));
      if (name == "--reason") opt->check(FreeText(TextField::kReason));
      if (name == "--explanation" || name == "--change-explanation")
        opt->check(FreeText(TextField::kExplanation));
      if (name == "TEXT" && app.get_name() == "deviation")
        opt->check(FreeText(TextField::kDeviation));
    }
    CheckFreeTextOptions(*sub);
  }
}

}  // namespace

namespace {

// The bytes of the key file, without trailing line ends; refused when shorter than 16 bytes.
std::string ReadKeyFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UsageError(TrF("--key-file {}: cannot read the file", file.string()));
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (key.size() < 16) {
    throw UsageError(
        TrF("--key-file {}: a key must be at least 16 bytes (for example the output of "
            "`openssl rand -hex 32`)",
            file.string()));
  }
  return key;
}

}  // namespace

StoreOptions StoreOptionsFor(const CliContext& ctx, const std::filesystem::path& db, bool create) {
  StoreOptions o;
  o.path = db;
  o.create = create;
  o.busy_timeout_ms = ctx.busy_timeout_ms;
  if (!ctx.key_file.empty()) o.key = ReadKeyFile(ctx.key_file);
  o.policies = ctx.policy;
  return o;
}

std::unique_ptr<Store> OpenStore(const CliContext& ctx, bool create) {
  ctx.log->debug("opening store {}", sql::RedactUrl(ctx.db.string()));
  return Store::Open(StoreOptionsFor(ctx, ctx.db, create));
}

void AddUnverifiedFlag(CLI::App* cmd, CliContext& ctx) {
  cmd->add_flag(
      "--unverified", ctx.unverified,
      Tr("With --db: read the store even when its results disagree with its audit trail"));
  cmd->preparse_callback([&ctx](std::size_t) { ctx.check_trail = true; });
}

void RequireResultsFollowTrail(Store& store) {
  const std::vector<ResultDifference> ds = store.CheckResults(5);
  if (ds.empty()) return;
  std::string list;
  for (const ResultDifference& d : ds) {
    list += "\n  " + d.project + (d.indicator.empty() ? "" : " / " + d.indicator) + ", " +
            FieldLabelOfStored(d.field) + " '" + d.stored + "' " + d.problem +
            (d.trail.empty() || d.trail == d.stored ? "" : TrF(" (it says '{}')", d.trail));
  }
  throw StoreError("results-untrusted",
                   TrF("{}: the stored results do not agree with the audit trail; nothing was "
                       "read. Run `jixiao verify` to see every difference (give --unverified to "
                       "read the store anyway):",
                       store.path().string()) +
                       list);
}

void RequireUnchangedResults(Store& store, const std::vector<std::string>& changed) {
  RequireResultsFollowTrail(store);
  // Every row names the latest audit row of its own value: rows were deleted, or the records
  // jixiao keeps of them (the fingerprints, the chain's end) changed.
  std::string list;
  constexpr std::size_t kShown = 5;
  for (std::size_t k = 0; k < changed.size() && k < kShown; ++k) list += "\n  " + changed[k];
  if (changed.size() > kShown) list += "\n " + TrF(" … and {} more", changed.size() - kShown);
  throw StoreError(
      "results-untrusted",
      (changed.empty()
           ? TrF("{}: the audit trail does not end where the store's record of it says (a row "
                 "was added, or the record changed, outside jixiao); nothing was read. Run "
                 "`jixiao verify` to see every difference (give --unverified to read the store "
                 "anyway)",
                 store.path().string())
           : TrF("{}: the stored results of {} project(s) were changed outside jixiao (a result "
                 "deleted or added, or the fingerprint jixiao keeps of them changed); nothing "
                 "was read. Run `jixiao verify` to see every difference (give --unverified to "
                 "read the store anyway):",
                 store.path().string(), changed.size())) +
          list);
}

static int RunCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(err);
  sink->set_pattern("jixiao: %l: %v");
  auto log = std::make_shared<spdlog::logger>("jixiao", sink);
  log->set_level(spdlog::level::warn);
  CliContext ctx{.out = out, .err = err, .log = log, .policy = {}};
  if (std::optional<std::string> problem = ChooseLanguageAndZone(argc, argv)) {
    err << "jixiao: " << *problem << "\n";
    return 2;
  }

  CLI::App app{
      Tr("jixiao — performance targets (绩效目标) and self-evaluations (绩效自评) of "
         "public-budget projects")};
  app.require_subcommand(1);
  app.set_version_flag("--version", "jixiao 0.1.0");
  bool verbose = false;
  std::string policy_dir;
  app.add_flag("-v,--verbose", verbose, Tr("Log detail on stderr"));
  std::string lang, tz;  // read before parsing (ChooseLanguageAndZone); declared for --help
  app.add_option("--lang", lang,
                 Tr("Language of messages and help: zh (中文) or en (English); default from "
                    "LC_ALL, LC_MESSAGES or LANG"));
  app.add_option("--tz", tz,
                 Tr("Time zone in which times are shown (stored in UTC); default $TZ, else "
                    "Asia/Shanghai (北京时间)"));
  std::string db = "jixiao.db";
  CLI::Option* db_option =
      app.add_option("--db", db,
                     Tr("The store: an SQLite file, or a PostgreSQL database as "
                        "postgresql://USER@HOST/NAME; default jixiao.db, or $JIXIAO_DB"))
          ->envname("JIXIAO_DB");
  std::string key_file;
  app.add_option("--key-file", key_file,
                 Tr("Secret key of the audit chain (HMAC-SHA256); or $JIXIAO_KEY_FILE"))
      ->envname("JIXIAO_KEY_FILE");
  double busy_seconds = StoreOptions{}.busy_timeout_ms / 1000.0;
  app.add_option("--busy-timeout", busy_seconds,
                 Tr("Seconds a write waits for another process's write to end (default 10)"))
      ->check(CLI::Range(0.0, 3600.0).description(Tr("FLOAT in [0 - 3600]")));
  app.add_option("--policy-dir", policy_dir,
                 Tr("Folder of policy files (NAME.yaml), searched before the built-in policies"))
      ->check(CLI::ExistingDirectory);
  app.parse_complete_callback([&] {
    if (verbose) log->set_level(spdlog::level::debug);
    ctx.policy.policy_dir = policy_dir;
    ctx.db = db;
    ctx.db_given = db_option->count() > 0;
    ctx.key_file = key_file;
    ctx.busy_timeout_ms = static_cast<int>(busy_seconds * 1000);
  });
  AddValueCommand(app, ctx);
  AddCheckCommand(app, ctx);
  AddScoreCommand(app, ctx);
  AddAuditCommand(app, ctx);
  AddImportCommand(app, ctx);
  AddReportCommand(app, ctx);
  AddInitCommand(app, ctx);
  AddLoadCommand(app, ctx);
  AddActualCommand(app, ctx);
  AddBudgetCommand(app, ctx);
  AddDeviationCommand(app, ctx);
  AddSubmitCommand(app, ctx);
  AddReturnCommand(app, ctx);
  AddStatusCommand(app, ctx);
  AddHistoryCommand(app, ctx);
  AddVerifyCommand(app, ctx);
  AddUserCommand(app, ctx);
  AddServeCommand(app, ctx);
  AddStoreCommand(app, ctx);

  CheckFreeTextOptions(app);
  TranslateHelp(app);

  // Global options (--db, --policy-dir, -v) may also follow a subcommand's name.
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->fallthrough();
    for (CLI::App* subsub : sub->get_subcommands({})) subsub->fallthrough();
  }

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
    err << "jixiao: " << CliErrorText(e) << "\n" << Tr("(run 'jixiao --help' for usage)") << "\n";
    return 2;
  } catch (const UsageError& e) {
    err << "jixiao: " << e.what() << "\n";
    return 2;
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) err << d.str() << "\n";
    return 1;
  } catch (const StoreError& e) {
    err << "jixiao: " << e.what() << "\n";
    return 1;
  } catch (const sql::Error& e) {
    err << "jixiao: " << TrF("database error: {}", e.what()) << "\n";
    return 1;
  } catch (const Error& e) {
    err << "jixiao: " << e.what() << "\n";
    return 1;
  }
  return ctx.exit_code;
}

int RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  const int rc = RunCommand(argc, argv, out, err);
  // A short write or a failed flush of the output is the command failing: the reader has half a
  // document.
  out.flush();
  if (!out) {
    err << "jixiao: "
        << Tr("cannot write the output: a write to standard output failed (is the disk full, or "
              "the reader gone?)")
        << "\n";
    return rc != 0 ? rc : 1;
  }
  return rc;
}

}  // namespace jixiao
