#!/usr/bin/env bash
# Kill tests on PostgreSQL (ctest store/pg-kill): all or nothing, whatever dies mid-write.
#  1. `jixiao load` of 300 new projects (one transaction) killed with SIGKILL at a random moment,
#     8 times: each load is there entirely (600 projects, their audit rows) or not at all.
#  2. `jixiao actual import` of a sheet with a row for every percentage indicator of every project
#     killed the same way, 8 times: all of its rows or none.
#  3. The server killed mid-load, 4 times: twice the postmaster alone (its backends live on and may
#     still commit), twice every process of the server at once (a power cut); then the server is
#     restarted (crash recovery from its write-ahead log): all or nothing, and a load that exited
#     0 is there whole.
# After every kill `jixiao verify` passes. The test runs its own server (tests/pg/server.sh, in a
# temporary folder; fsync on), so that killing it disturbs no other test; the kill delays spread
# over the time a whole load or import takes, measured first on a database of their own.
# Usage: kill.sh JIXIAO_BINARY [PROJECTS]   (run from the source root; PROJECTS per load, 300)
set -u
J=$(realpath "$1")
N=${2:-300}
src=$(pwd)
server=$src/tests/pg/server.sh
work=$(mktemp -d)
pgdir=$(mktemp -d -u /tmp/jixiao-pgkill.XXXXXX)
trap 'bash "$server" stop "$pgdir"; rm -rf "$work"' EXIT
fail=0
say() { echo "pg-kill: $*"; }
bad() { echo "pg-kill: FAIL: $*"; fail=1; }

base=$(bash "$server" start "$pgdir") || { bad "the test server did not start"; exit 1; }
db=$(bash "$server" newdb "$base" kill_test) || exit 1
calib=$(bash "$server" newdb "$base" kill_calibration) || exit 1
sql() { psql "$db" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }
rows() { sql "SELECT count(*) FROM audit"; }
projects() { sql "SELECT count(*) FROM projects"; }
verify() { "$J" verify --db "$db" >"$work/verify.out" 2>&1 || bad "$1: verify failed: $(cat "$work/verify.out")"; }
now() { date +%s.%N; }
# A random delay in [lo, hi] seconds, with millisecond steps.
delay() { awk -v lo="$1" -v hi="$2" -v r="$RANDOM" 'BEGIN { printf "%.3f", lo + (hi - lo) * r / 32767 }'; }

# Folder $1 with $2 copies of 基层医保工作站项目 named $3-0001 …
copies() {
  local i
  mkdir -p "$1"
  for i in $(seq -w 1 "$2"); do
    sed "s/^project: .*/project: $3-$i/" "$src/config/rongcheng-2024/03-jiceng-gongzuozhan.yaml" \
      >"$1/$i.yaml"
  done
}

"$J" init --db "$db" >/dev/null || { bad "init"; exit 1; }
"$J" init --db "$calib" >/dev/null || { bad "init (calibration)"; exit 1; }

# How long a whole load takes, and how many audit rows it writes.
copies "$work/calib" "$N" 校准
t0=$(now)
"$J" load "$work/calib" --by loader --db "$calib" >/dev/null || { bad "calibration load"; exit 1; }
load_s=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
load_rows=$(psql "$calib" -X -A -t -c "SELECT count(*) FROM audit")
say "a load of $N projects takes $load_s s and writes $load_rows audit rows"
[ "$load_rows" -gt "$N" ] || bad "calibration: $load_rows audit rows for $N projects"

# 1. Loads killed.
landed=0
for i in $(seq 1 8); do
  copies "$work/load-$i" "$N" "载入$i"
  p0=$(projects) r0=$(rows)
  "$J" load "$work/load-$i" --by loader --db "$db" >/dev/null 2>&1 &
  pid=$!
  sleep "$(delay 0.05 "$(awk -v s="$load_s" 'BEGIN { print s * 1.5 }')")"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  dp=$(($(projects) - p0)) dr=$(($(rows) - r0))
  if [ "$dp" -eq "$N" ] && [ "$dr" -eq "$load_rows" ]; then
    landed=$((landed + 1))
  elif [ "$dp" -ne 0 ] || [ "$dr" -ne 0 ]; then
    bad "load kill $i: $dp project(s), $dr audit row(s): a partial load"
  fi
  verify "load kill $i"
done
say "killed loads: 8 runs, $landed landed whole, $((8 - landed)) left no trace"

# 2. Imports killed: two sheets that set every percentage indicator of every project to different
#    values (as tests/store/reliability.sh makes them); an import changes all its rows or none.
#    The projects of the calibration, loaded whole first.
"$J" load "$work/calib" --by loader --db "$db" >/dev/null || bad "the load before the imports"
"$J" actual template --db "$db" --out "$work/tpl.csv" >/dev/null || bad "template"
n=$(bash "$src/tests/store/import-sheets.sh" "$work/tpl.csv" "$work")
say "import sheets: $n rows each"
[ "$n" -gt "$N" ] || bad "too few rows in the import sheet ($n)"
r0=$(rows)
t0=$(now)
"$J" actual import "$work/sheet-81.csv" --by importer --db "$db" >/dev/null 2>&1 ||
  bad "a whole import failed"
import_s=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
[ $(($(rows) - r0)) -eq "$n" ] || bad "a whole import wrote $(($(rows) - r0)) rows, not $n"
say "an import of $n rows takes $import_s s"
landed=0
stored=81
for i in $(seq 1 8); do
  # Always the other sheet than the values stored, so that an import changes all of its rows.
  v=$((stored == 81 ? 82 : 81))
  r0=$(rows)
  "$J" actual import "$work/sheet-$v.csv" --by importer --db "$db" >/dev/null 2>&1 &
  pid=$!
  sleep "$(delay 0.05 "$(awk -v s="$import_s" 'BEGIN { print s * 1.5 }')")"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  dr=$(($(rows) - r0))
  [ "$dr" -eq 0 ] || [ "$dr" -eq "$n" ] || bad "import kill $i: $dr audit rows: a partial import"
  if [ "$dr" -eq "$n" ]; then
    landed=$((landed + 1))
    stored=$v
  fi
  verify "import kill $i"
done
say "killed imports: 8 runs, $landed landed whole, $((8 - landed)) left no trace"

# 3. The server killed mid-load.
for i in $(seq 1 4); do
  copies "$work/server-$i" "$N" "断电$i"
  p0=$(projects) r0=$(rows)
  "$J" load "$work/server-$i" --by loader --db "$db" >"$work/server-$i.out" 2>&1 &
  pid=$!
  sleep "$(delay 0.05 "$(awk -v s="$load_s" 'BEGIN { print s * 0.9 }')")"
  pm=$(bash "$server" pid "$pgdir")
  if [ $((i % 2)) -eq 1 ]; then
    how="the postmaster"
    kill -9 "$pm"
  else
    how="every server process"
    kill -9 "$pm" $(ps -o pid= --ppid "$pm") 2>/dev/null
  fi
  wait "$pid"
  rc=$?
  bash "$server" restart "$pgdir" >/dev/null || { bad "server kill $i: restart failed"; break; }
  dp=$(($(projects) - p0)) dr=$(($(rows) - r0))
  if [ "$dp" -eq "$N" ] && [ "$dr" -eq "$load_rows" ]; then
    what="landed whole"
  elif [ "$dp" -eq 0 ] && [ "$dr" -eq 0 ]; then
    what="left no trace"
    [ "$rc" -ne 0 ] || bad "server kill $i: the load exited 0 but is not there"
  else
    what="PARTIAL"
    bad "server kill $i: $dp project(s), $dr audit row(s): a partial load"
  fi
  say "server kill $i ($how): the load exited $rc and $what; $(tail -1 "$work/server-$i.out")"
  verify "server kill $i"
done

if [ "$fail" -eq 0 ]; then echo "3 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
