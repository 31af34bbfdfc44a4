// jixiao verify [--expect-head HASH] — re-checks the audit trail's hash chain (HMAC under
// --key-file), its append-only triggers, the database's integrity, and the current results against
// a replay of the trail; names the first row altered, added or removed out of band and every
// result that differs from what the trail says. Exit 1 when anything is wrong.
#include <ostream>

#include "engine/cli/app.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

void PrintDifferences(const VerifyResult& v, std::ostream& out) {
  if (v.differences.empty()) return;
  out << TrF("results that differ from the audit trail ({}):", v.differences.size()) << "\n";
  const auto value = [](const std::string& x) { return x.empty() ? Tr("nothing") : "'" + x + "'"; };
  for (const ResultDifference& d : v.differences) {
    out << "  " << d.project << (d.indicator.empty() ? "" : " / " + d.indicator) << ", "
        << TrF("{0}: stored {1}, the trail says {2}", FieldLabelOfStored(d.field), value(d.stored),
               value(d.trail));
    if (!d.problem.empty()) out << TrF(" ({})", d.problem);
    out << "\n";
  }
}

}  // namespace

void AddVerifyCommand(CLI::App& app, CliContext& ctx) {
  auto expect_head = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "Check the audit trail's chain, the results against the trail, and the database");
  cmd->add_option("--expect-head", *expect_head,
                  "Fail unless the chain's head is HASH (a head noted earlier, e.g. on a report)");
  cmd->callback([&ctx, expect_head] {
    auto store = OpenStore(ctx);
    VerifyOptions o;
    if (!expect_head->empty()) o.expect_head = *expect_head;
    const VerifyResult v = store->Verify(o);
    const std::string integrity = store->IntegrityCheck();
    if (integrity != "ok") {
      ctx.out << TrF("database integrity check failed: {}", integrity) << "\n";
      ctx.exit_code = 1;
    }
    PrintDifferences(v, ctx.out);
    if (!v.fingerprints.empty()) {
      ctx.out << TrF("projects whose results were changed outside jixiao (their fingerprint is "
                     "not that of their stored results: a result edited, deleted or added, or "
                     "the fingerprint changed) ({}):",
                     v.fingerprints.size())
              << "\n";
      for (const std::string& p : v.fingerprints) ctx.out << "  " << p << "\n";
    }
    for (const std::string& p : v.protection) {
      ctx.out << TrF("audit trail unprotected: {}; the trail can no longer be trusted to be "
                     "append-only: restore the store from a backup and compare",
                     p)
              << "\n";
    }
    if (!v.problem.empty()) {
      ctx.out << (v.needs_key ? TrF("audit trail not verified: {}", v.problem)
                              : TrF("audit trail broken: {}", v.problem))
              << "\n";
      ctx.exit_code = 1;
      return;
    }
    if (!v.ok) {
      ctx.exit_code = 1;
      return;
    }
    const std::optional<ChainAnchor> a = store->Anchor();
    ctx.out << TrF("audit trail ok: {} row(s), head {}", v.rows, v.head);
    if (a) {
      ctx.out << " "
              << TrF(a->keyed ? N_("({} – {}, keyed)") : N_("({} – {})"), ShowTime(a->first_at),
                     ShowTime(a->last_at));
    }
    ctx.out << "\n";
  });
}

}  // namespace jixiao
