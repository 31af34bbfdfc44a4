#!/usr/bin/env bash
# Two `actual import` sheets from a fill-in template (`jixiao actual template --format csv`): every
# percentage indicator set to 81% (sheet-81.csv) and to 82% (sheet-82.csv), so that importing one
# over the other changes every row, and an import that lands is told from one that does not by
# its count of audit rows. Rows whose cells are quoted are left out, except targets the template
# neutralised ("'=100%"). Used by the kill tests (tests/store/reliability.sh, tests/pg/kill.sh).
# Usage: import-sheets.sh TEMPLATE.csv OUTDIR   prints the number of rows of each sheet
set -euo pipefail
tpl=$1 out=$2
for v in 81 82; do
  awk -F, -v v="$v" -v q="'" 'NR == 1 { print; next }
    { t = $0; gsub("\"" q "=[^\",]*\"", "", t) }
    t !~ /"/ && $7 ~ /%"?$/ { print $1 "," $2 ",,,,,," v "%," }' \
    "$tpl" >"$out/sheet-$v.csv"
done
echo $(($(wc -l <"$out/sheet-81.csv") - 1))
