#!/usr/bin/env bash
# Bad-input corpus: each tests/bad-input/CASE/ holds `cmd` (a bash script), its input files,
# `expected.out` (what the user sees: stdout and stderr together) and `expected.rc` (exit status).
# A case runs in a fresh temporary folder with copies of its input files, `jixiao` on PATH and
# the helpers of lib.sh. A case with a file `xfail` documents a known bug in code outside the
# corpus: expected.out is the right answer, the case is reported and does not fail the run until
# the bug is fixed, and then fails until `xfail` is deleted.
#
# Every case runs a second time in Chinese (LANG=zh_CN.UTF-8): there, each error line (a
# diagnostic "file:line: 错误: …", or "jixiao: …") must hold Chinese outside the user's quoted
# values, and the exit status must be the same. A case named in zh-pending (one name a line)
# documents messages not translated yet: reported, not failed, until it passes, then it fails
# until its line is deleted.
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

# run_case CASE_DIR LANG OUTPUT: runs the case in a fresh folder; returns its exit status.
run_case() {
  local case=$1 lang=$2 output=$3 work
  work=$(mktemp -d)
  for f in "$case"/* "$case"/.[!.]*; do
    [ -e "$f" ] || continue
    case $(basename "$f") in cmd | expected.out | expected.rc | xfail) ;; *) cp -r "$f" "$work/" ;; esac
  done
  mkdir "$work/.bin"
  ln -s "$bin" "$work/.bin/jixiao"
  (
    cd "$work" || exit 99
    unset JIXIAO_DB LC_ALL LC_MESSAGES LANGUAGE
    # LC_CTYPE: the case scripts' $'\u…' strings encode as UTF-8 whatever the language.
    export PATH="$work/.bin:$PATH" SRC="$src" SEEDS="$seeds" TZ=UTC LANG=$lang LC_CTYPE=C.UTF-8
    # shellcheck source=/dev/null
    source "$here/lib.sh"
    # shellcheck source=/dev/null
    source "$case/cmd"
  ) >"$output" 2>&1 </dev/null
  local rc=$?
  rm -rf "$work"
  return $rc
}

# untranslated OUTPUT: prints the error lines of OUTPUT that hold no Chinese outside quotes.
untranslated() {
  perl -CSD -ne '
    next unless /^jixiao: / || /^\S*: (?:错误|error): / || /^\S+?:\d+(?::\d+)?: (?:错误|error): /;
    my $m = $_;
    $m =~ s/^jixiao: //;
    $m =~ s/^\S*?: (?:错误|error): //;    # the location and the severity word
    $m =~ s/\x27[^\x27\n]*\x27//g;         # quoted values
    $m =~ s/「[^」]*」//g;
    $m =~ s/\[[a-z0-9-]+\]\s*$//;          # the code
    print "  $_" unless $m =~ /\p{Han}/;
  ' "$1"
}
pending=$(cat "$here/zh-pending" 2>/dev/null)

failed=0 passed=0 xfailed=0 zh_pending=0
for case in "$@"; do
  case=$(cd "$case" && pwd)
  name=$(basename "$case")
  [ -f "$case/cmd" ] || { echo "bad-input $name: no cmd"; failed=$((failed + 1)); continue; }
  if [ "${RECORD:-0}" = 1 ] && [ -f "$case/xfail" ]; then
    echo "not recorded: $name (xfail: its expected.out is the right answer, not today's)"
    continue
  fi
  actual=$(mktemp)
  run_case "$case" C "$actual"
  rc=$?
  if [ "${RECORD:-0}" = 1 ]; then
    cp "$actual" "$case/expected.out"
    echo "$rc" >"$case/expected.rc"
    echo "recorded $name (exit $rc)"
    rm -f "$actual"
    continue
  fi
  expected_rc=$(cat "$case/expected.rc" 2>/dev/null || echo 0)
  ok=1
  [ "$rc" = "$expected_rc" ] || ok=0
  cmp -s "$case/expected.out" "$actual" || ok=0
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
    diff -u "$case/expected.out" "$actual" | head -40
    failed=$((failed + 1))
  fi
  # The same case in Chinese.
  if [ $ok = 1 ] && [ ! -f "$case/xfail" ]; then
    run_case "$case" zh_CN.UTF-8 "$actual"
    zh_rc=$?
    missing=$(untranslated "$actual")
    if grep -qx "$name" <<<"$pending"; then
      if [ -z "$missing" ] && [ "$zh_rc" = "$expected_rc" ]; then
        echo "bad-input $name: reads in Chinese now: delete its line in $here/zh-pending"
        failed=$((failed + 1))
        passed=$((passed - 1))
      else
        zh_pending=$((zh_pending + 1))
      fi
    elif [ "$zh_rc" != "$expected_rc" ] || [ -n "$missing" ]; then
      echo "bad-input $name: FAILED in Chinese (LANG=zh_CN.UTF-8: exit $zh_rc, expected $expected_rc)"
      [ -z "$missing" ] || { echo "error lines without Chinese:"; echo "$missing" | head -20; }
      failed=$((failed + 1))
      passed=$((passed - 1))
    fi
  fi
  rm -f "$actual"
done
[ "${RECORD:-0}" = 1 ] && exit 0
[ $# -gt 1 ] && echo "bad-input: $passed passed, $failed failed, $xfailed known failure(s), $zh_pending not yet in Chinese (zh-pending)"
[ $failed -eq 0 ]
