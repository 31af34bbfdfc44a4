// jixiao serve --db FILE [--listen HOST:PORT] [--demo] — the web workspace (engine/web/web.h) on
// the store: pages and the JSON API for the unit's clerk, its managers and its auditors. SIGTERM
// or SIGINT stops it gracefully: no new connection, the requests in flight answered, the store
// closed, exit 0.
#include <pthread.h>
#include <signal.h>

#include <charconv>
#include <ostream>
#include <thread>

#include "engine/cli/app.h"
#include "engine/web/pages.h"
#include "engine/web/session.h"
#include "engine/web/web.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

struct ServeCliOptions {
  std::string listen = "127.0.0.1:8080";
  bool demo = false;
  int threads = ServeOptions{}.threads;
  int connections = ServeOptions{}.store_connections;
  bool secure_cookie = false;
};

// "HOST:PORT", "[::1]:PORT" → host and port.
std::pair<std::string, int> ParseListen(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  const auto bad = [&] {
    return UsageError(
        TrF("--listen {}: write HOST:PORT, for example 127.0.0.1:8080 (port 0: any "
            "free port)",
            text));
  };
  if (colon == std::string::npos || colon == 0) throw bad();
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = -1;
  const char* begin = text.data() + colon + 1;
  const char* end = text.data() + text.size();
  const auto [at, ec] = std::from_chars(begin, end, port);
  if (ec != std::errc() || at != end || port < 0 || port > 65535) throw bad();
  return {host, port};
}

// --demo on a store without users: a clerk, an auditor and a manager of every project, each with
// a random password, printed once.
void AddDemoUsers(Store& store, std::ostream& out) {
  if (!store.Users().empty()) {
    out << Tr("--demo: the store has users already; no demo users were added") << "\n";
    return;
  }
  out << Tr("demo users (role, name, password):") << "\n";
  const auto add = [&](Role role, const std::string& name,
                       const std::vector<StoredProjectRef>& projects) {
    const std::string password = RandomHex(8);
    store.AddUser(name, role, projects, password);
    out << "  " << web::RoleLabel(role) << " " << name << " " << password << "\n";
  };
  add(Role::kClerk, "clerk", {});
  add(Role::kAuditor, "auditor", {});
  add(Role::kManager, "manager", store.Projects());
}

void RunServe(const ServeCliOptions& o, bool lang_given, CliContext& ctx) {
  // The web speaks Chinese unless --lang says otherwise.
  if (!lang_given) ActivateLanguage(Lang::kZh, FindCatalogueDir());
  ServeOptions options;
  std::tie(options.host, options.port) = ParseListen(o.listen);
  options.threads = o.threads;
  options.store_connections = o.connections;
  options.secure_cookie = o.secure_cookie;
  options.policies = ctx.policy;

  // SIGTERM and SIGINT are taken by one thread waiting in sigwait: blocked here, before any other
  // thread starts, so that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &signals, &previous);
  struct Restore {
    sigset_t* mask;
    ~Restore() { pthread_sigmask(SIG_SETMASK, mask, nullptr); }
  } restore{&previous};

  std::unique_ptr<Store> store = OpenStore(ctx);
  if (!ctx.unverified) RequireResultsFollowTrail(*store);
  if (o.demo) AddDemoUsers(*store, ctx.out);

  // The other connections of the pool opened as the first was (--db, JIXIAO_DB, the key file).
  WebServer server(*store, options, ctx.log, [&ctx] { return OpenStore(ctx); });
  const int port = server.Bind();
  const std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  ctx.out << TrF("jixiao serve: listening on http://{}:{}/", host, port) << std::endl;

  std::thread waiter([&server, &signals, &ctx] {
    int sig = 0;
    sigwait(&signals, &sig);
    ctx.log->info("serve: signal {}: stopping", sig);
    server.Stop();
  });
  server.Run();
  // Run also ends without a signal (the socket failed): wake the waiter.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  ctx.out << Tr("jixiao serve: stopped") << std::endl;
}

}  // namespace

void AddServeCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<ServeCliOptions>();
  CLI::App* cmd =
      app.add_subcommand("serve", "Serve the store's web workspace (pages and JSON API)");
  cmd->add_option("--listen", opts->listen, "Address and port to listen on (port 0: any free one)")
      ->capture_default_str();
  cmd->add_flag("--demo", opts->demo,
                "On a store without users: add demo users (clerk, auditor, manager) with random "
                "passwords, printed");
  cmd->add_option("--threads", opts->threads, "Worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--connections", opts->connections,
                  "Connections to a PostgreSQL store, each serving one request's store call at a "
                  "time (an SQLite store has one)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_flag("--secure-cookie", opts->secure_cookie,
                "Mark the session cookie Secure (when served behind HTTPS)");
  cmd->add_flag("--unverified", ctx.unverified,
                "Serve the store even when its results disagree with its audit trail");
  CLI::Option* lang = app.get_option("--lang");
  cmd->callback([opts, lang, &ctx] { RunServe(*opts, lang->count() > 0, ctx); });
}

}  // namespace jixiao
