"""`jixiao serve` stopped mid-load (web-spec.md: SIGTERM/SIGINT graceful, SIGKILL consistent).

SIGTERM while managers' saves are in flight: the server exits 0, every save answered 200 is in
the store and its trail, `verify` passes. SIGKILL mid-load: the store opens (integrity_check ok,
a new server serves it), `verify` passes, every save answered 200 is there, and a save whose
answer was lost is there whole or not at all.

Usage: python3 tests/web/signals.py JIXIAO_BINARY
"""

import os
import signal
import sys
import threading
import time
from collections import Counter

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

CLIENTS = 8


def run_until_signal(server, savers, sig, c, base=0, min_saves=40):
    """Savers save until the server goes; the signal is sent once min_saves were answered."""
    stop = threading.Event()

    def work(s):
        k = base
        while not stop.is_set() and k < base + 200:
            try:
                s.save(k)
            except Exception:
                return  # the server is gone
            k += 1

    threads = [threading.Thread(target=work, args=(s,), daemon=True) for s in savers]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 120
    while sum(len(s.saved()) for s in savers) < min_saves and time.monotonic() < deadline:
        time.sleep(0.05)
    c.check(sum(len(s.saved()) for s in savers) >= min_saves, f"{min_saves} saves before the signal")
    server.proc.send_signal(sig)
    try:
        rc = server.proc.wait(60)
    except Exception:
        server.kill()
        rc = None
    stop.set()
    for t in threads:
        t.join(130)
    answered = sum(len(s.saved()) for s in savers)
    lost = sum(len(s.unanswered()) for s in savers)
    print(f"  {signal.Signals(sig).name}: {answered} saves answered 200, {lost} without an answer")
    return rc


def check_saves(store, savers, c, what):
    """Every 200 is in the trail; a save answered otherwise or not at all is whole or absent."""
    bad = []
    for s in savers:
        trail = Counter(h.trail_values(store.history(s.name), s.user))
        saved = Counter(v for _, v in s.saved())
        lost = Counter(v for _, v in s.unanswered())
        if saved - trail:
            bad.append(f"{s.user}: answered 200 but not in the trail: {list(saved - trail)[:3]}")
        if trail - saved - lost:
            bad.append(f"{s.user}: in the trail but refused: {list(trail - saved - lost)[:3]}")
    c.equal(bad[:5], [], f"{what}: every save answered 200 is in the trail, nothing else")
    scored = store.score_json(*[s.name for s in savers])
    by_name = {p["name"]: p for p in scored.get("projects", [])}
    wrong = []
    for s in savers:
        last, later = {}, {}
        for n, v, st in s.sent:
            if st == 200:
                last[n], later[n] = v, set()
            elif not isinstance(st, int):
                later.setdefault(n, set()).add(v)
        for n, v in last.items():
            got = h.indicator_of(by_name[s.name], n).get("actual") if s.name in by_name else None
            if got != v and got not in later.get(n, ()):
                wrong.append(f"{s.name}/{n}: {got!r}, expected {v!r}")
    c.equal(wrong[:5], [], f"{what}: the store holds each indicator's last saved value")


def body(c):
    j = h.Jixiao(sys.argv[1])
    store = h.Store(j, example=False)
    names = h.load_copies(store, CLIENTS)
    users = [f"s{i:02d}" for i in range(CLIENTS)]
    for u, n in zip(users, names):
        store.add_user(u, "manager", [n])

    # SIGTERM with saves in flight.
    server = h.Server(j, store.path)
    savers = [h.Saver(server, u, n, store) for u, n in zip(users, names)]
    for s in savers:
        s.start()
    rc = run_until_signal(server, savers, signal.SIGTERM, c)
    c.equal(rc, 0, "SIGTERM with saves in flight: the server exits 0")
    # A request arriving once the server stops accepting may be refused with 503; nothing else.
    errors = [e for s in savers for e in s.errors if " 503 " not in e]
    c.equal(errors[:3], [], "SIGTERM: no save was answered an error")
    v = store.verify()
    c.check(v.returncode == 0, "SIGTERM: jixiao verify passes", v.stdout[-400:] + v.stderr[-400:])
    check_saves(store, savers, c, "SIGTERM")

    # SIGKILL mid-load, on the same store.
    first = savers
    server = h.Server(j, store.path)
    savers = [h.Saver(server, u, n, store) for u, n in zip(users, names)]
    for s in savers:
        s.start()
    for s, before in zip(savers, first):  # the trail holds both rounds: so do the records
        s.sent[:0] = before.sent
    rc = run_until_signal(server, savers, signal.SIGKILL, c, base=1000)
    c.equal(rc, -signal.SIGKILL, "SIGKILL: the server is killed")
    c.equal(store.integrity(), "ok", "SIGKILL: integrity_check")
    v = store.verify()
    c.check(v.returncode == 0, "SIGKILL: jixiao verify passes", v.stdout[-400:] + v.stderr[-400:])
    check_saves(store, savers, c, "SIGKILL")
    server = h.Server(j, store.path)
    try:
        cl = server.client()
        cl.must_login(users[0])
        c.equal(cl.api("GET", "/api/projects").status, 200, "SIGKILL: a new server serves the store")
    finally:
        c.equal(server.stop(), 0, "the new server exits 0")
    store.cleanup()


if __name__ == "__main__":
    h.run_test("web/signals", body)
