#!/usr/bin/env bash
# The same commands against an SQLite file and a PostgreSQL database give the same bytes
# (ctest: store/same-output). Runs init, load of the shipped example (config/rongcheng-2024),
# actual set (twice) and a deviation reason, budget set, submit and a change after sign-off, then
# score, report, history and status as JSON and text, and verify, on each backend; and diffs
# every output and exit code.
#   tests/pg/same-output.sh JIXIAO   (run from the source root)
# The store's clock: both runs use the same frozen time (libfaketime, Debian's faketime), so that
# audit times, and the hashes that cover them, are the same; nothing is normalised but the
# store's name (its file or URL), which the outputs name.
set -euo pipefail
jixiao=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
command -v faketime >/dev/null || { echo "same-output: needs faketime (apt-get install faketime)" >&2; exit 2; }
work=$(mktemp -d /tmp/jixiao-same-XXXXXX)
chmod 755 "$work"  # the server (another user when run as root) reaches its folder inside
pg=$work/pg
mkdir -p "$pg"
cleanup() {
  bash "$here/server.sh" stop "$pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
server=$(bash "$here/server.sh" start "$pg")
psql -q -X "$server" -c "CREATE DATABASE same_output" >/dev/null
pgurl=${server/\/postgres\?//same_output?}

# run BACKEND DB: every command of the sequence, each output in $work/BACKEND/NN-name.
run() {
  local out=$work/$1 db=$2 n=0
  mkdir -p "$out"
  step() {
    local name=$1
    shift
    n=$((n + 1))
    local file
    file=$out/$(printf '%02d' "$n")-$name
    set +e
    (cd "$src" && LANG=C.UTF-8 TZ=Asia/Shanghai faketime -f '2026-03-01 08:00:00' \
      "$jixiao" --lang en "$@" --db "$db") >"$file.out" 2>"$file.err"
    echo $? >"$file.rc"
    set -e
    # The store's name is the one thing that differs by design.
    sed -i "s|$db|STORE|g" "$file.out" "$file.err"
  }
  step init init
  step load load config/rongcheng-2024 --by 王会计
  step actual actual set 基层 服务对象满意度 81% --by 张三
  step second actual set 基层 共下放 19项 --by 张三
  step deviation deviation set 基层 共下放 上级未下放，已协调 --by 张三
  step budget budget set 基层 --executed 24.5 --by 张三
  step submit submit 基层 --by 张三
  step after actual set 基层 服务对象满意度 83% --by 张三 --reason 复核后更正
  step score-json score --format json
  step score-text score
  step report-json report --format json --out "$work/report"
  step history-json history 基层 --format json
  step history-text history 基层
  step status status
  step status-json status --format json
  step verify verify
  cp "$work/report/report.json" "$out/report.json" 2>/dev/null || true
  rm -rf "$work/report"
}

run sqlite "$work/same.db"
run postgresql "$pgurl"
status=0
for f in "$work"/sqlite/*; do
  g=$work/postgresql/${f##*/}
  if ! cmp -s "$f" "$g"; then
    echo "same-output: ${f##*/} differs (SQLite, then PostgreSQL):"
    diff "$f" "$g" | head -20
    status=1
  fi
done
files=$(ls "$work/sqlite" | wc -l)
rcs=$(cat "$work"/sqlite/*.rc | tr '\n' ' ')
echo "same-output: $files files compared; exit codes $rcs"
# The sequence did what it says: the store verifies and the scores were written.
grep -q '"total"' "$work"/sqlite/*-score-json.out || { echo "same-output: no score output" >&2; status=1; }
[ "$(cat "$work"/sqlite/*-verify.rc)" = 0 ] || { echo "same-output: verify failed" >&2; status=1; }
[ -s "$work/sqlite/report.json" ] || { echo "same-output: no report.json" >&2; status=1; }
exit $status
