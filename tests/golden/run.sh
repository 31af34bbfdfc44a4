#!/usr/bin/env bash
# Golden CLI test: runs `jixiao` with the arguments in CASE/cmd (one line, shell words) from the
# source root, and compares stdout with CASE/expected.out and the exit code with CASE/expected.rc.
# Usage: run.sh JIXIAO_BINARY CASE_DIR
set -u
bin=$1 case=$2
[ -f "$case/cmd" ] || { echo "golden: $case/cmd missing"; exit 2; }
expected_rc=$(cat "$case/expected.rc" 2>/dev/null || echo 0)
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
eval "set -- $(cat "$case/cmd")"
"$bin" "$@" >"$actual" 2>/dev/null
rc=$?
status=0
if [ "$rc" != "$expected_rc" ]; then
  echo "golden $(basename "$case"): exit code $rc, expected $expected_rc"
  status=1
fi
if ! diff -u "$case/expected.out" "$actual"; then
  echo "golden $(basename "$case"): output differs (above: - expected, + actual)"
  status=1
fi
exit $status
