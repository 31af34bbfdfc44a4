#!/usr/bin/env bash
# Golden CLI test: runs `jixiao` with the arguments in CASE/cmd (one line, shell words) from the
# source root, and compares stdout with CASE/expected.out and the exit code with CASE/expected.rc.
# The run is in English (LANG=C); a case with CASE/expected.zh.out runs again in Chinese
# (LANG=zh_CN.UTF-8, which needs no generated locale) and compares stdout with it.
# A command that writes files names its output folder $OUT in CASE/cmd; every file kept in
# CASE/expected.files/ is then compared with the file of the same name it wrote.
# CASE/cmd may hold several commands, one a line, run in order with their outputs in one stdout
# (a store made by the first used by the next); $OUT is emptied before each language's run, and
# the first command that fails ends the run (its exit code is the one compared). CASE/stdin, when
# there, is each command's standard input.
# Usage: run.sh JIXIAO_BINARY CASE_DIR
set -u
bin=$1 case=$2
[ -f "$case/cmd" ] || { echo "golden: $case/cmd missing"; exit 2; }
expected_rc=$(cat "$case/expected.rc" 2>/dev/null || echo 0)
actual=$(mktemp)
OUT=$(mktemp -d)
trap 'rm -rf "$actual" "$OUT"' EXIT
input=/dev/stdin
[ -f "$case/stdin" ] && input=$case/stdin
unset LC_ALL LC_MESSAGES LANGUAGE
status=0
for lang in C zh_CN.UTF-8; do
  expected=$case/expected.out
  [ "$lang" = C ] || expected=$case/expected.zh.out
  [ -f "$expected" ] || continue
  [ "$(grep -c . "$case/cmd")" -gt 1 ] && rm -rf "${OUT:?}"/*
  : >"$actual"
  rc=0
  while IFS= read -r line <&3 || [ -n "$line" ]; do
    [ -n "$line" ] || continue
    eval "set -- $line"
    LANG=$lang "$bin" "$@" <"$input" >>"$actual" 2>/dev/null
    rc=$?
    [ "$rc" = 0 ] || break
  done 3<"$case/cmd"
  if [ "$rc" != "$expected_rc" ]; then
    echo "golden $(basename "$case") (LANG=$lang): exit code $rc, expected $expected_rc"
    status=1
  fi
  # Paths of written files are printed: show them relative to $OUT.
  sed -i "s|$OUT|\$OUT|g" "$actual"
  if ! diff -u "$expected" "$actual"; then
    echo "golden $(basename "$case") (LANG=$lang): output differs (above: - expected, + actual)"
    status=1
  fi
done
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
