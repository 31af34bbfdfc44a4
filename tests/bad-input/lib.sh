# Sourced by tests/bad-input/run.sh before each case's cmd: helpers for the case scripts.
# A case runs in a fresh temporary folder holding its input files, with `jixiao` on PATH, $SRC
# the source root and $SEEDS the seed documents; JIXIAO_DB is unset (store_setup sets it).

# store_setup [FILE...]: a fresh store store.db (JIXIAO_DB) with FILE... (default project.yaml)
# loaded; quiet.
store_setup() {
  export JIXIAO_DB=store.db
  [ $# -gt 0 ] || set -- project.yaml
  jixiao init >/dev/null && jixiao load "$@" --by 录入员 >/dev/null ||
    { echo "store_setup failed"; exit 99; }
}

# unchanged CMD...: runs CMD (its output as the case's output), then says whether the store's
# content (sqlite3 .dump) changed; returns CMD's exit status.
unchanged() {
  local before after rc
  before=$(sqlite3 "$JIXIAO_DB" .dump) || { echo "unchanged: cannot read $JIXIAO_DB"; exit 99; }
  "$@"
  rc=$?
  after=$(sqlite3 "$JIXIAO_DB" .dump)
  if [ "$before" == "$after" ]; then
    echo "[store unchanged]"
  else
    echo "[STORE CHANGED]"
    diff <(echo "$before") <(echo "$after") | head -20
  fi
  return $rc
}

# within SECONDS CMD...: runs CMD, its output cut to 300 bytes a line (a longer line ends with
# its length: "…[1048700 bytes]"); says whether it ended within SECONDS; returns CMD's status.
# JIXIAO_TIME_FACTOR (scripts/sanitize sets 10) stretches the limit for slow builds; the message
# names the limit as written.
within() {
  local limit=$1 start end rc factor=${JIXIAO_TIME_FACTOR:-1}
  shift
  start=$(date +%s%N)
  "$@" 2>&1 | LC_ALL=C awk '{ if (length($0) > 300) print substr($0, 1, 300) "…[" length($0) " bytes]"; else print }'
  rc=${PIPESTATUS[0]}
  end=$(date +%s%N)
  if [ $(((end - start) / 1000000)) -le $((limit * factor * 1000)) ]; then
    echo "[finished within $limit s]"
  else
    echo "[TOO SLOW: $(((end - start) / 1000000)) ms, limit $limit s]"
  fi
  return $rc
}
