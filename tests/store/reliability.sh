#!/usr/bin/env bash
# Reliability of the store, with real processes (issue: the store):
#  1. 4 processes each entering 500 actual values at once: all 2,000 changes in the audit trail,
#     no command failed ("database is locked" or otherwise).
#  2. 20 imports killed with SIGKILL at random moments: integrity_check ok, verify passes, and
#     each import is there entirely or not at all.
#  3. SQLite: a read-only folder (run as an unprivileged user where we are root): a clear
#     refusal. PostgreSQL: a database that does not exist, and a server that does not answer:
#     a clear refusal each.
# Usage: reliability.sh JIXIAO_BINARY [sqlite|postgresql]   (run from the source root)
#   sqlite (default): a store file in a temporary folder;
#   postgresql: a fresh database on the test server $JIXIAO_TEST_PG (tests/pg/server.sh; the run
#   fails without it), dropped at the end.
set -u
J=$(realpath "$1")
backend=${2:-sqlite}
src=$(pwd)
work=$(mktemp -d)
fail=0
say() { echo "reliability ($backend): $*"; }
bad() { echo "reliability ($backend): FAIL: $*"; fail=1; }
case "$backend" in
  sqlite)
    db=$work/t.db
    trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
    sql() { sqlite3 "$db" "$1"; }
    ;;
  postgresql)
    if [ -z "${JIXIAO_TEST_PG:-}" ]; then
      bad "JIXIAO_TEST_PG is not set: run through ./scripts/test, or start a server first:" \
        'export JIXIAO_TEST_PG=$(tests/pg/server.sh start /tmp/jixiao-pg)'
      exit 1
    fi
    dbname=reliability_$$_$RANDOM
    db=$(bash "$src/tests/pg/server.sh" newdb "$JIXIAO_TEST_PG" "$dbname") || exit 1
    trap 'rm -rf "$work"; bash "$src/tests/pg/server.sh" dropdb "$JIXIAO_TEST_PG" "$dbname"' EXIT
    sql() { psql "$db" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }
    ;;
  *) echo "usage: reliability.sh JIXIAO_BINARY [sqlite|postgresql]" >&2; exit 2 ;;
esac
rows() { sql "SELECT count(*) FROM audit"; }
# The database's own check after a kill: SQLite's integrity_check. PostgreSQL recovers from its
# write-ahead log and checks its pages itself; `jixiao verify` (run after each kill too) is the
# check of the store there.
integrity() { if [ "$backend" = sqlite ]; then sql "PRAGMA integrity_check"; else echo ok; fi; }

"$J" init --db "$db" >/dev/null || { bad "init"; exit 1; }
"$J" load "$src/config/rongcheng-2024" --by loader --db "$db" >/dev/null || { bad "load"; exit 1; }

# 1. Concurrent writers: project ids 1–4 each have 服务对象满意度 (a ≥…% target).
before=$(rows)
start=$(date +%s.%N)
for p in 1 2 3 4; do
  (
    for k in $(seq 1 500); do
      "$J" actual set "$p" 服务对象满意度 "9$((k % 2))%" --by "writer$p" --db "$db" \
        >/dev/null 2>>"$work/errors-$p" || echo "exit $? at $k" >>"$work/errors-$p"
    done
  ) &
done
wait
end=$(date +%s.%N)
after=$(rows)
errors=$(cat "$work"/errors-* 2>/dev/null | wc -l)
say "concurrent: $((after - before)) audit rows from 4×500 commands in $(awk "BEGIN { printf \"%.1f\", $end - $start }") s, $errors error line(s)"
[ "$errors" -eq 0 ] || { bad "concurrent writers failed:"; head -5 "$work"/errors-*; }
[ $((after - before)) -eq 2000 ] || bad "expected 2000 audit rows, got $((after - before))"
grep -l "locked" "$work"/errors-* >/dev/null 2>&1 && bad "database is locked"
"$J" verify --db "$db" >/dev/null || bad "verify after concurrent writers"

# 2. Imports killed at random moments. Two sheets that set every percentage indicator to
#    different values; an import that lands changes all N rows, one that does not changes none.
"$J" actual template --db "$db" --out "$work/tpl.csv" >/dev/null || bad "template"
n=$(bash "$src/tests/store/import-sheets.sh" "$work/tpl.csv" "$work")
say "import sheets: $n rows each"
[ "$n" -gt 20 ] || bad "too few rows in the import sheet ($n)"
landed=0
for i in $(seq 1 20); do
  v=$((81 + i % 2))
  before=$(rows)
  "$J" actual import "$work/sheet-$v.csv" --by importer --db "$db" >/dev/null 2>&1 &
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 120)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  after=$(rows)
  delta=$((after - before))
  [ "$delta" -eq 0 ] || [ "$delta" -eq "$n" ] || bad "kill $i: $delta audit rows: a partial import"
  [ "$delta" -eq "$n" ] && landed=$((landed + 1))
  check=$(integrity)
  [ "$check" = "ok" ] || bad "kill $i: integrity_check: $check"
  "$J" verify --db "$db" >/dev/null || bad "kill $i: verify failed"
done
say "killed imports: 20 runs, $landed landed whole, $((20 - landed)) left no trace"

if [ "$backend" = postgresql ]; then
  # 3. A database that does not exist; a server that does not answer (no socket in the folder).
  missing=$(echo "$db" | sed -E "s|^postgresql:///[^?]*|postgresql:///no_such_database_$$|")
  out=$("$J" score --db "$missing" 2>&1)
  rc=$?
  [ "$rc" -eq 1 ] && echo "$out" | grep -q "no_such_database_$$" || bad "missing database: rc $rc: $out"
  say "missing database: $out"
  out=$("$J" score --db "postgresql:///postgres?host=$work&port=1" 2>&1)
  rc=$?
  [ "$rc" -eq 1 ] && [ -n "$out" ] || bad "no server: rc $rc: $out"
  say "no server: $out"
  if [ "$fail" -eq 0 ]; then echo "3 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
  exit $fail
fi

# 3. A read-only folder.
ro=$work/ro
mkdir "$ro"
cp "$db" "$ro/t.db"
chmod 555 "$ro"
chmod 444 "$ro/t.db"
if [ "$(id -u)" -eq 0 ]; then
  # Root writes anywhere: run as nobody, from a copy nobody can reach wherever the clone lives.
  chmod 755 "$work"
  cp "$J" "$work/jixiao-copy"
  chmod 755 "$work/jixiao-copy"
  out=$(cd "$work" && setpriv --reuid=65534 --regid=65534 --clear-groups ./jixiao-copy score \
    --db "$ro/t.db" 2>&1)
else
  out=$("$J" score --db "$ro/t.db" 2>&1)
fi
rc=$?
[ "$rc" -eq 1 ] && echo "$out" | grep -q "not writable" || bad "read-only folder: rc $rc: $out"
say "read-only folder: $out"

if [ "$fail" -eq 0 ]; then echo "3 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
