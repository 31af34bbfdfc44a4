#!/usr/bin/env bash
# Bad-input corpus: each tests/bad-input/CASE/ holds `cmd` (a bash script), its input files,
# `expected.out` (what the user sees: stdout and stderr together) and `expected.rc` (exit status).
# A case runs in a fresh temporary folder with copies of its input files, `jixiao` on PATH and
# the helpers of lib.sh. A case with a file `xfail` documents a known bug in code outside the
# corpus: expected.out is the right answer, the case is reported and does not fail the run until
# the bug is fixed, and then fails until `xfail` is deleted.
#
# Usage: run.sh JIXIAO_BINARY [CASE_DIR...]     (no CASE_DIR: every case)
#        RECORD=1 run.sh JIXIAO_BINARY CASE_DIR...  writes expected.* from the run (read them!)
set -u
[ $# -ge 1 ] || { echo "usage: run.sh JIXIAO_BINARY [CASE_DIR...]" >&2; exit 2; }
bin=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
seeds=${JIXIAO_SEEDS:-$src/tests/data/seeds}
[ -d "$seeds" ] && seeds=$(cd "$seeds" && pwd)
if [ $# -eq 0 ]; then
  set -- "$here"/*/
fi

failed=0 passed=0 xfailed=0
for case in "$@"; do
  case=$(cd "$case" && pwd)
  name=$(basename "$case")
  [ -f "$case/cmd" ] || { echo "bad-input $name: no cmd"; failed=$((failed + 1)); continue; }
  if [ "${RECORD:-0}" = 1 ] && [ -f "$case/xfail" ]; then
    echo "not recorded: $name (xfail: its expected.out is the right answer, not today's)"
    continue
  fi
  work=$(mktemp -d)
  for f in "$case"/* "$case"/.[!.]*; do
    [ -e "$f" ] || continue
    case $(basename "$f") in cmd | expected.out | expected.rc | xfail) ;; *) cp -r "$f" "$work/" ;; esac
  done
  mkdir "$work/.bin"
  ln -s "$bin" "$work/.bin/jixiao"
  (
    cd "$work" || exit 99
    unset JIXIAO_DB
    export PATH="$work/.bin:$PATH" SRC="$src" SEEDS="$seeds" TZ=UTC
    # shellcheck source=/dev/null
    source "$here/lib.sh"
    # shellcheck source=/dev/null
    source "$case/cmd"
  ) >"$work/.actual" 2>&1 </dev/null
  rc=$?
  if [ "${RECORD:-0}" = 1 ]; then
    cp "$work/.actual" "$case/expected.out"
    echo "$rc" >"$case/expected.rc"
    echo "recorded $name (exit $rc)"
    rm -rf "$work"
    continue
  fi
  expected_rc=$(cat "$case/expected.rc" 2>/dev/null || echo 0)
  ok=1
  [ "$rc" = "$expected_rc" ] || ok=0
  cmp -s "$case/expected.out" "$work/.actual" || ok=0
  if [ -f "$case/xfail" ]; then
    if [ $ok = 1 ]; then
      echo "bad-input $name: passes now: delete $case/xfail"
      failed=$((failed + 1))
    else
      echo "bad-input $name: known failure ($(head -1 "$case/xfail"))"
      xfailed=$((xfailed + 1))
    fi
  elif [ $ok = 1 ]; then
    passed=$((passed + 1))
  else
    echo "bad-input $name: FAILED (exit $rc, expected $expected_rc)"
    diff -u "$case/expected.out" "$work/.actual" | head -40
    failed=$((failed + 1))
  fi
  rm -rf "$work"
done
[ "${RECORD:-0}" = 1 ] && exit 0
[ $# -gt 1 ] && echo "bad-input: $passed passed, $failed failed, $xfailed known failure(s)"
[ $failed -eq 0 ]
