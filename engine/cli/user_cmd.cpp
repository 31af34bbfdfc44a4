// jixiao user add NAME --role clerk|manager|auditor [--project P...], jixiao user token NAME,
// jixiao user list — the people of the web workspace. The password is never an argument (it would
// stay in the shell's history and in the process list): on a terminal it is asked twice without
// echo, otherwise it is the first line of standard input.
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <map>
#include <ostream>

#include "engine/cli/app.h"
#include "engine/web/pages.h"
#include "indicators/i18n.h"
#include "indicators/text.h"

namespace jixiao {
namespace {

struct UserOptions {
  std::string name;
  std::string role;
  std::vector<std::string> projects;  // id, name or unique part of it
};

// Turns the terminal's echo off while it lives.
class NoEcho {
 public:
  NoEcho() : ok_(::tcgetattr(STDIN_FILENO, &saved_) == 0) {
    if (!ok_) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  ~NoEcho() {
    if (ok_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  termios saved_{};
  bool ok_;
};

std::string ReadLine() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string AskPassword(CliContext& ctx, const std::string& user) {
  if (!::isatty(STDIN_FILENO)) return ReadLine();
  std::string first, second;
  {
    const NoEcho quiet;
    ctx.err << TrF("password for '{}': ", user) << std::flush;
    first = ReadLine();
    ctx.err << "\n" << Tr("again: ") << std::flush;
    second = ReadLine();
    ctx.err << "\n";
  }
  if (first != second) {
    throw UsageError(Tr("the two passwords differ: nothing was stored; run the command again"));
  }
  return first;
}

void RunAdd(const UserOptions& o, CliContext& ctx) {
  const std::optional<Role> role = ParseRole(o.role);
  if (!role) throw UsageError(TrF("--role '{}': give clerk, manager or auditor", o.role));
  auto store = OpenStore(ctx);
  std::vector<StoredProjectRef> projects;
  for (const std::string& q : o.projects) projects.push_back(store->ResolveProject(q));
  const std::string password = AskPassword(ctx, TrimText(o.name));
  const User u = store->AddUser(o.name, *role, projects, password);
  ctx.out << TrF("user '{}' added: {}", u.name, web::RoleLabel(u.role));
  for (const StoredProjectRef& p : projects) ctx.out << "  " << EscapeControls(p.name);
  ctx.out << "\n";
}

void RunToken(const UserOptions& o, CliContext& ctx) {
  auto store = OpenStore(ctx);
  const std::string token = store->IssueToken(o.name);
  ctx.out << token << "\n";
  ctx.err << TrF("an API token for '{}': it is shown this once (the store keeps only its hash)",
                 TrimText(o.name))
          << "\n";
}

void RunList(CliContext& ctx) {
  auto store = OpenStore(ctx);
  std::map<std::int64_t, std::string> names;
  for (const StoredProjectRef& p : store->Projects()) names[p.id] = p.name;
  const std::vector<User> users = store->Users();
  for (const User& u : users) {
    ctx.out << EscapeControls(u.name) << "  " << web::RoleLabel(u.role);
    for (const std::int64_t id : u.projects) ctx.out << "  " << EscapeControls(names[id]);
    ctx.out << "\n";
  }
  if (users.empty())
    ctx.out << Tr("(no users: add one with `jixiao user add NAME --role ROLE`)") << "\n";
}

}  // namespace

void AddUserCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<UserOptions>();
  CLI::App* cmd = app.add_subcommand("user", "Users of the web workspace: add, token, list");
  cmd->require_subcommand(1);
  CLI::App* add = cmd->add_subcommand(
      "add", "Add a user; the password is asked on a terminal, else read from standard input");
  add->add_option("NAME", opts->name, "The user's name (their login)")->required();
  add->add_option("--role", opts->role, "clerk, manager or auditor")
      ->required()
      ->check(CLI::IsMember({"clerk", "manager", "auditor"}));
  add->add_option("--project", opts->projects,
                  "A project the manager answers for: id, name or a unique part of it");
  add->callback([opts, &ctx] { RunAdd(*opts, ctx); });
  CLI::App* token = cmd->add_subcommand("token", "Issue an API token for a user (printed once)");
  token->add_option("NAME", opts->name, "The user")->required();
  token->callback([opts, &ctx] { RunToken(*opts, ctx); });
  CLI::App* list = cmd->add_subcommand("list", "List the users with their role and projects");
  list->callback([&ctx] { RunList(ctx); });
}

}  // namespace jixiao
