// jixiao verify — re-checks the audit trail's hash chain and the database's integrity; names the
// first row altered, added or removed out of band. Exit 1 when anything is wrong.
#include <ostream>

#include "engine/cli/app.h"

namespace jixiao {

void AddVerifyCommand(CLI::App& app, CliContext& ctx) {
  CLI::App* cmd =
      app.add_subcommand("verify", "Check the audit trail's hash chain and the database");
  cmd->callback([&ctx] {
    auto store = OpenStore(ctx);
    const VerifyResult v = store->Verify();
    const std::string integrity = store->IntegrityCheck();
    if (integrity != "ok") {
      ctx.out << "database integrity check failed: " << integrity << "\n";
      ctx.exit_code = 1;
    }
    if (!v.ok) {
      ctx.out << "audit trail broken: " << v.problem << "\n";
      ctx.exit_code = 1;
      return;
    }
    ctx.out << "audit trail ok: " << v.rows << " row(s), head " << v.head << "\n";
  });
}

}  // namespace jixiao
