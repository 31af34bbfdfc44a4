#!/usr/bin/env bash
# The boundary check: every project #include of a product source stays within what its library
# may use, as declared in CMakeLists.txt (jixiao_library NAME DIR USES ...), and every product
# source belongs to a declared library (engine/ holds no loose source but main.cpp).
#   tests/boundaries/check.sh BUILD/boundaries.txt   (run from the source root; ctest: boundaries)
# boundaries.txt, written by CMake, has one line per library: "DIR: DIR ALLOWED_DIR...".
# Exit 0 when clean; 1 with one line per crossing: file:line, the include, what DIR may use.
set -euo pipefail
table=${1:?usage: check.sh BUILD/boundaries.txt}
declare -A allowed
while IFS= read -r line; do
  [ -n "$line" ] || continue
  allowed["${line%%:*}"]="${line#*: }"
done <"$table"

status=0
while IFS= read -r -d '' file; do
  dir=${file%/*}
  if [ -z "${allowed[$dir]+x}" ]; then
    [ "$file" = engine/main.cpp ] && continue
    echo "$file: in no declared library (declare its folder with jixiao_library in CMakeLists.txt)"
    status=1
    continue
  fi
  lineno=0
  while IFS= read -r text; do
    lineno=$((lineno + 1))
    [[ $text =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]+\"([^\"]+)\" ]] || continue
    inc=${BASH_REMATCH[1]}
    incdir=${inc%/*}
    [ "$incdir" != "$inc" ] || incdir=$dir
    ok=0
    for a in ${allowed[$dir]}; do
      [ "$incdir" = "$a" ] && ok=1 && break
    done
    if [ "$ok" -eq 0 ]; then
      echo "$file:$lineno: includes \"$inc\", but $dir may use only: ${allowed[$dir]}"
      status=1
    fi
  done <"$file"
done < <(find indicators scoring engine -type f \( -name '*.cpp' -o -name '*.h' \) -print0 | sort -z)

if [ "$status" -eq 0 ]; then
  echo "boundaries: $(wc -l <"$table") libraries, every include within its declared uses"
fi
exit "$status"
