"""Load on `jixiao serve` over loopback: 50 concurrent clients (threads, each its own session, the
manager of its own project: copies of 基层医保工作站项目) each entering 200 values by
`PUT /api/projects/{id}/indicators/{indicator}/actual` with the version the previous answer gave.
Bounded in count and time (the test fails beyond --time-limit seconds; it asserts no latency).
Afterwards every value is in the trail (the API's history) and the last of each indicator in the
store (`score --db --format json`), and `jixiao verify` passes. Prints p50/p99 latency of a save
and the throughput; --bench-row prints them as a row of scripts/bench's table.

Usage: python3 tests/web/load.py JIXIAO_BINARY [--clients 50] [--values 200] [--projects N]
                                   [--time-limit 600] [--bench-row] [--connections N]
                                   [--store LOCATION]
  --projects N: load N copies (at least --clients) so the store is at a city's scale (1000).
  --connections N: `jixiao serve --connections N` (the pool of a PostgreSQL store; default: the
  server's own).
  --store LOCATION: an existing store (a file or a postgresql:// URL, e.g. a province loaded by
  scripts/bench and `jixiao store copy`) instead of a new one: the clients' copies and managers
  are added to it under names of this run, and it is left in place.
"""

import argparse
import os
import sys
import time
from collections import Counter

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402


def args():
    p = argparse.ArgumentParser()
    p.add_argument("jixiao")
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--values", type=int, default=200)
    p.add_argument("--projects", type=int, default=0)
    p.add_argument("--time-limit", type=float, default=600)
    p.add_argument("--bench-row", action="store_true")
    p.add_argument("--connections", type=int, default=0)
    p.add_argument("--store", default="")
    return p.parse_args()


def body(c):
    a = args()
    j = h.Jixiao(a.jixiao)
    t0 = time.monotonic()
    store = h.Store(j, example=False, existing=a.store or None)
    run = time.strftime("%m%d%H%M%S") if a.store else ""  # names of this run in a kept store
    names = h.load_copies(store, max(a.projects, a.clients), prefix=f"负载测试项目{run}")
    users = [f"m{run}{i:04d}" for i in range(1, a.clients + 1)]
    for u, n in zip(users, names):
        store.add_user(u, "manager", [n])
    in_store = store.query("SELECT count(*) FROM projects")[0][0]
    print(f"store: {len(names)} projects loaded, {in_store} in all, {a.clients} managers "
          f"in {time.monotonic() - t0:.1f} s")
    extra = ["--connections", str(a.connections)] if a.connections else []
    server = h.Server(j, store.path, extra=extra)
    try:
        savers = [h.Saver(server, u, n, store) for u, n in zip(users, names)]
        for s in savers:
            s.start()
        deadline = time.monotonic() + a.time_limit
        crashed = []
        wall, done = h.run_threads(
            [(s.save_many, (a.values, deadline, crashed)) for s in savers], deadline, grace=5)
        c.must(done, f"all clients done within {a.time_limit:.0f} s")
        c.equal(crashed, [], "no client failed")
        errors = [e for s in savers for e in s.errors]
        c.equal(errors[:5], [], "every save answered 200")
        total = sum(len(s.saved()) for s in savers)
        c.equal(total, a.clients * a.values, "saves answered 200")
        lat = [x for s in savers for x in s.latencies]
        p50, p99 = h.percentile(lat, 50) * 1000, h.percentile(lat, 99) * 1000
        rate = total / wall if wall > 0 else 0
        print(
            f"web load: {a.clients} clients × {a.values} saves on a store of {in_store} projects: "
            f"{total} saves in {wall:.1f} s, {rate:.0f} saves/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms",
            flush=True,
        )
        # Every value in the trail, as the API shows it.
        missing = []
        for s in savers:
            r = s.client.api("GET", f"/api/projects/{s.pid}/history")
            rows = r.json().get("rows", []) if r.status == 200 else []
            got = Counter(str(row.get("new")) for row in rows if row.get("author") == s.user)
            want = Counter(v for _, v in s.saved())
            if got != want:
                missing.append(f"{s.user}: {sum((want - got).values())} missing, "
                               f"{sum((got - want).values())} extra")
        c.equal(missing[:5], [], "every saved value is in the project's history, by its author")
    finally:
        rc = server.stop()
    c.equal(rc, 0, "the server exits 0 on SIGTERM")
    v = store.verify()
    c.check(v.returncode == 0, "jixiao verify passes", v.stdout[-400:] + v.stderr[-400:])
    scored = store.score_json(*names[: a.clients])
    by_name = {p["name"]: p for p in scored.get("projects", [])}
    wrong = []
    for s in savers:
        last = {}
        for n, val in s.saved():
            last[n] = val
        proj = by_name.get(s.name)
        for n, val in last.items():
            got = h.indicator_of(proj, n).get("actual") if proj else None
            if got != val:
                wrong.append(f"{s.name}/{n}: {got!r}, expected {val!r}")
    c.equal(wrong[:5], [], "the store holds the last value of every indicator")
    # The trail by the command line, for one client.
    s = savers[0]
    c.equal(
        Counter(h.trail_values(store.history(s.name), s.user)),
        Counter(v for _, v in s.saved()),
        f"jixiao history of {s.name} holds {s.user}'s values",
    )
    if a.bench_row:
        print(
            f"| web: `PUT …/actual` ({a.clients} clients × {a.values}, {in_store} projects) | "
            f"{total} saves | p50 {p50:.1f} ms | p99 {p99:.1f} ms | {rate:.0f} saves/s | "
            f"target p99 < 100 ms: {'met' if p99 < 100 else 'MISSED'} |"
        )
    store.cleanup()


if __name__ == "__main__":
    h.run_test("web/load", body)
