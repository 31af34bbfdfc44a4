#!/usr/bin/env bash
# Golden CLI test: runs `jixiao` with the arguments in CASE/cmd (one line, shell words) from the
# source root, and compares stdout with CASE/expected.out and the exit code with CASE/expected.rc.
# A command that writes files names its output folder $OUT in CASE/cmd; every file kept in
# CASE/expected.files/ is then compared with the file of the same name it wrote.
# Usage: run.sh JIXIAO_BINARY CASE_DIR
set -u
bin=$1 case=$2
[ -f "$case/cmd" ] || { echo "golden: $case/cmd missing"; exit 2; }
expected_rc=$(cat "$case/expected.rc" 2>/dev/null || echo 0)
actual=$(mktemp)
OUT=$(mktemp -d)
trap 'rm -rf "$actual" "$OUT"' EXIT
eval "set -- $(cat "$case/cmd")"
"$bin" "$@" >"$actual" 2>/dev/null
rc=$?
status=0
if [ "$rc" != "$expected_rc" ]; then
  echo "golden $(basename "$case"): exit code $rc, expected $expected_rc"
  status=1
fi
# Paths of written files are printed: show them relative to $OUT.
sed -i "s|$OUT|\$OUT|g" "$actual"
if ! diff -u "$case/expected.out" "$actual"; then
  echo "golden $(basename "$case"): output differs (above: - expected, + actual)"
  status=1
fi
if [ -d "$case/expected.files" ]; then
  for f in "$case/expected.files"/*; do
    name=$(basename "$f")
    if [ ! -f "$OUT/$name" ]; then
      echo "golden $(basename "$case"): $name was not written"
      status=1
    elif ! diff -u "$f" "$OUT/$name"; then
      echo "golden $(basename "$case"): $name differs (above: - expected, + actual)"
      status=1
    fi
  done
fi
exit $status
