"""Concurrency on PostgreSQL (ctest store/pg-concurrency): on one fresh database of the test server
($JIXIAO_TEST_PG, tests/pg/server.sh), all at once:
  * 20 writer processes, each entering 500 values into its own project, one `jixiao actual set`
    per value (each a process of its own: connect, one transaction, exit);
  * two `jixiao serve` processes on the same database, each under web load: 10 clients × 100
    saves each (tests/web/harness.py's Saver: PUT …/actual with the version the previous answer
    gave), so 2,000 saves through the web beside the 10,000 of the command line.
Then: no writer command failed or printed an error, every save was answered 200, every value is
in its project's trail exactly as written and in the order written, the audit trail grew by
exactly the number of values, each indicator holds its last value, both servers exit 0 on
SIGTERM, and `jixiao verify` passes. It asserts no time (a bound only: --time-limit).

Usage: python3 tests/pg/concurrency.py JIXIAO_BINARY [--writers 20] [--values 500]
                                       [--clients 10] [--saves 100] [--time-limit 1500]
  --clients: web clients per server; --saves: saves per client.
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(
    0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "web")
)
import harness as h  # noqa: E402


def args():
    p = argparse.ArgumentParser()
    p.add_argument("jixiao")
    p.add_argument("--writers", type=int, default=20)
    p.add_argument("--values", type=int, default=500)
    p.add_argument("--clients", type=int, default=10)
    p.add_argument("--saves", type=int, default=100)
    p.add_argument("--time-limit", type=float, default=1500)
    return p.parse_args()


class Writer:
    """One writer: `jixiao actual set` for each of its values, in turn, into its own project."""

    def __init__(self, j, db, number, project):
        self.j, self.db, self.user, self.project = j, db, f"writer{number:02d}", project
        self.written = []  # (indicator, value) of each command that exited 0, in order
        self.errors = []

    def value(self, k):
        return h.PERCENT_INDICATORS[k % 3], h.save_value(k)

    def run(self, count, deadline):
        for k in range(count):
            if time.monotonic() > deadline:
                self.errors.append(f"{self.user}: stopped at {k} by the time limit")
                return
            indicator, value = self.value(k)
            p = self.j.run("actual", "set", self.project, indicator, value, "--by", self.user,
                           "--db", self.db, check=False)
            # A value outside the target is a warning on stderr (exit 0); anything that says
            # error, or a non-zero exit, is a failure.
            if p.returncode != 0 or "error" in p.stderr.lower():
                self.errors.append(f"{self.user} #{k}: exit {p.returncode}: {p.stderr.strip()[:300]}")
                continue
            self.written.append((indicator, value))


def audit_rows(store):
    return store.query("SELECT count(*) FROM audit")[0][0]


def history_values(store, project, author):
    """(indicator name, new value) of `author`'s rows in the project's trail, in trail order."""
    p = store.j.run("history", project, "--format", "json", "--db", store.path)
    out = []
    for row in json.loads(p.stdout)["history"]:
        if row.get("author") == author and row.get("field") == "actual":
            out.append((row.get("indicator", "").split("/")[-1], row.get("new")))
    return out


def body(c):
    a = args()
    h.BACKEND = "postgresql"
    j = h.Jixiao(a.jixiao)
    t0 = time.monotonic()
    store = h.Store(j, example=False)
    names = h.load_copies(store, a.writers + 2 * a.clients)
    writer_projects, web_projects = names[: a.writers], names[a.writers :]
    users = [f"m{i:03d}" for i in range(len(web_projects))]
    for u, n in zip(users, web_projects):
        store.add_user(u, "manager", [n])
    print(f"store: {len(names)} projects on {store.path} in {time.monotonic() - t0:.1f} s",
          flush=True)
    before = audit_rows(store)
    servers = [h.Server(j, store.path), h.Server(j, store.path)]
    savers = []
    try:
        for i, server in enumerate(servers):
            for u, n in list(zip(users, web_projects))[i * a.clients : (i + 1) * a.clients]:
                s = h.Saver(server, u, n, store)
                s.start()
                savers.append(s)
        writers = [Writer(j, store.path, i + 1, p) for i, p in enumerate(writer_projects)]
        deadline = time.monotonic() + a.time_limit
        crashed = []
        wall, done = h.run_threads(
            [(w.run, (a.values, deadline)) for w in writers]
            + [(s.save_many, (a.saves, deadline, crashed)) for s in savers],
            deadline, grace=30)
        c.must(done, f"everything done within {a.time_limit:.0f} s")
        cli_values = sum(len(w.written) for w in writers)
        web_saves = sum(len(s.saved()) for s in savers)
        lat = [x for s in savers for x in s.latencies]
        print(
            f"pg-concurrency: {a.writers} writers × {a.values} values ({cli_values} written) and "
            f"2 servers × {a.clients} clients × {a.saves} saves ({web_saves} answered 200) in "
            f"{wall:.1f} s; web save p50 {h.percentile(lat, 50) * 1000:.0f} ms, "
            f"p99 {h.percentile(lat, 99) * 1000:.0f} ms",
            flush=True,
        )
        c.equal([e for w in writers for e in w.errors][:5], [], "no writer command failed")
        c.equal(cli_values, a.writers * a.values, "every command-line value written")
        c.equal(crashed, [], "no web client failed")
        c.equal([e for s in savers for e in s.errors][:5], [], "every web save answered 200")
        c.equal(web_saves, 2 * a.clients * a.saves, "web saves answered 200")
    finally:
        codes = [s.stop() for s in servers]
    c.equal(codes, [0, 0], "both servers exit 0 on SIGTERM")
    for i, s in enumerate(servers):
        errs = [e for e in s.errors if "error" in e.lower()]
        c.equal(errs[:3], [], f"server {i + 1} logged no error")
    c.equal(audit_rows(store) - before, cli_values + web_saves,
            "the audit trail grew by exactly the values written")
    wrong = []
    for w in writers:
        got = history_values(store, w.project, w.user)
        if got != w.written:
            wrong.append(f"{w.project}: {len(got)} row(s) by {w.user}, {len(w.written)} written")
    for s in savers:
        got = history_values(store, s.name, s.user)
        if got != s.saved():
            wrong.append(f"{s.name}: {len(got)} row(s) by {s.user}, {len(s.saved())} saved")
    c.equal(wrong[:5], [], "every value in its project's trail, as written and in order")
    scored = store.score_json(*(writer_projects + web_projects))
    by_name = {p["name"]: p for p in scored.get("projects", [])}
    last_wrong = []
    for name, written in [(w.project, w.written) for w in writers] + [
        (s.name, s.saved()) for s in savers
    ]:
        last = dict(written)
        for indicator, value in last.items():
            got = h.indicator_of(by_name[name], indicator).get("actual") if name in by_name else None
            if got != value:
                last_wrong.append(f"{name}/{indicator}: {got!r}, expected {value!r}")
    c.equal(last_wrong[:5], [], "each indicator holds its last value")
    v = store.verify()
    c.check(v.returncode == 0, "jixiao verify passes", v.stdout[-400:] + v.stderr[-400:])
    store.cleanup()


if __name__ == "__main__":
    h.run_test("store/pg-concurrency", body)
