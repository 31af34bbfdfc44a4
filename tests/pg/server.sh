#!/usr/bin/env bash
# tests/pg/server.sh — a throw-away PostgreSQL server for the tests, from Debian's binaries
# (/usr/lib/postgresql/*/bin: initdb, pg_ctl; the newest version installed).
#
#   server.sh start DIR      initialises a cluster in DIR/data and starts it; prints its URL
#   server.sh stop DIR       stops it (fast shutdown) and removes DIR
#   server.sh restart DIR    starts the cluster of DIR again (after its postmaster was killed);
#                            prints its URL
#   server.sh url DIR        prints the URL of the server of DIR
#   server.sh pid DIR        prints the postmaster's process id
#   server.sh newdb URL NAME creates database NAME on the server of URL; prints NAME's URL
#   server.sh dropdb URL NAME drops database NAME (its sessions ended first)
#
# Contract:
#  * The server listens on a unix socket in DIR only (listen_addresses = ''), never on TCP, and
#    trusts local connections; its superuser is named after the caller (root as root), so that
#    libpq's default user is the one. fsync and synchronous_commit are on: the kill tests rely on
#    a commit being on disk.
#  * PostgreSQL refuses to run as root: as root the server runs as the unprivileged user
#    jixiao-test (created, without a home or a login shell, if missing); otherwise as the caller.
#  * The URL is postgresql:///postgres?host=DIR&port=PORT (libpq's form; a path in host= is the
#    socket folder). Keep DIR short: a unix socket's path is limited to 107 bytes.
#  * `start` removes a stale DIR first (stopping a server still running in it), but only a DIR
#    this script made (it holds DIR/.jixiao-pg) or an empty one: anything else is refused.
#  * `start` waits until the server accepts connections (PGSTART_TIMEOUT seconds, default 60) and
#    fails with the end of the server's log otherwise. Exit 0 on success, 1 on failure, 2 usage.
set -euo pipefail

usage() {
  sed -n '5,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() {
  echo "tests/pg/server.sh: $*" >&2
  exit 1
}

port=${PGTEST_PORT:-5432}
timeout=${PGSTART_TIMEOUT:-60}
user=jixiao-test

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] ||
    die "no PostgreSQL server found in /usr/lib/postgresql/*/bin: install Debian's postgresql" \
      "(apt-get install postgresql, or ./scripts/setup --render)"
  echo "$d"
}

# Runs a command as the server's owner: jixiao-test when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

ensure_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  id -u "$user" >/dev/null 2>&1 && return 0
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" ||
    die "cannot create the user $user (PostgreSQL refuses to run as root)"
}

url_of() {
  local dir=$1 p
  p=$(cat "$dir/port" 2>/dev/null) || die "$dir: no server made by this script (no $dir/port)"
  echo "postgresql:///postgres?host=$dir&port=$p"
}

# Waits until the server of DIR accepts connections, or fails with its log.
wait_ready() {
  local dir=$1 bin=$2 p deadline
  p=$(cat "$dir/port")
  deadline=$(($(date +%s) + timeout))
  until "$bin/pg_isready" -q -h "$dir" -p "$p" -d postgres -U "$(id -un)"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "tests/pg/server.sh: the server in $dir did not accept connections within $timeout s;" \
        "the end of its log ($dir/log):" >&2
      tail -20 "$dir/log" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.2
  done
}

# Starts the cluster of DIR (initialised) and waits for it. After a killed postmaster, its
# backends may live on until their clients leave, holding the shared memory: pg_ctl then refuses
# to start, and is asked again until the timeout.
start_cluster() {
  local dir=$1 bin=$2 deadline
  deadline=$(($(date +%s) + timeout))
  until as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t "$timeout" start \
    >/dev/null 2>>"$dir/pg_ctl.err"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "tests/pg/server.sh: pg_ctl could not start the server in $dir within $timeout s;" \
        "the end of its log:" >&2
      tail -20 "$dir/log" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.5
  done
  wait_ready "$dir" "$bin"
}

stop_cluster() {
  local dir=$1 bin=$2
  [ -f "$dir/data/postmaster.pid" ] || return 0
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t "$timeout" stop >/dev/null 2>&1 ||
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t "$timeout" stop >/dev/null 2>&1 ||
    true
}

# Removes DIR when this script made it (or it is empty); refuses anything else.
remove_stale() {
  local dir=$1 bin=$2
  [ -e "$dir" ] || return 0
  if [ -f "$dir/.jixiao-pg" ]; then
    stop_cluster "$dir" "$bin"
    rm -rf "$dir"
  elif [ -d "$dir" ] && [ -z "$(ls -A "$dir")" ]; then
    rmdir "$dir"
  else
    die "$dir exists and was not made by this script: give a new or empty folder"
  fi
}

cmd_start() {
  local dir bin
  dir=$(realpath -m "$1")
  bin=$(bindir)
  [ ${#dir} -le 80 ] || die "$dir: too long for a unix socket's folder (at most 80 characters)"
  ensure_user
  remove_stale "$dir" "$bin"
  mkdir -p "$dir"
  touch "$dir/.jixiao-pg"
  echo "$port" >"$dir/port"
  [ "$(id -u)" -ne 0 ] || chown "$user:" "$dir"
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U "$(id -un)" --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    die "initdb failed in $dir/data"
  }
  # Only the socket in DIR; real durability; room for the concurrency test's 20 writers and two
  # servers (each with its pool) at once.
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
port = $port
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 300
logging_collector = off
EOF
  start_cluster "$dir" "$bin"
  url_of "$dir"
}

cmd_restart() {
  local dir bin
  dir=$(realpath -m "$1")
  bin=$(bindir)
  [ -f "$dir/.jixiao-pg" ] || die "$dir: no cluster made by this script"
  # A postmaster killed with SIGKILL leaves its pid file; pg_ctl start checks whether that process
  # still lives, and the server recovers from its write-ahead log.
  start_cluster "$dir" "$bin"
  url_of "$dir"
}

cmd_stop() {
  local dir bin
  dir=$(realpath -m "$1")
  bin=$(bindir)
  [ -e "$dir" ] || return 0
  [ -f "$dir/.jixiao-pg" ] || die "$dir was not made by this script: nothing stopped"
  stop_cluster "$dir" "$bin"
  rm -rf "$dir"
}

cmd_pid() {
  local dir
  dir=$(realpath -m "$1")
  [ -f "$dir/data/postmaster.pid" ] || die "$dir: no server running"
  head -1 "$dir/data/postmaster.pid"
}

# newdb URL NAME: NAME is a plain identifier (letters, digits, _), so that it needs no quoting.
cmd_newdb() {
  local url=$1 name=$2
  [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] ||
    die "database name '$name': use lower-case letters, digits and _ (at most 63)"
  psql "$url" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $name" >/dev/null ||
    die "cannot create database $name on $url"
  echo "$url" | sed -E "s|^postgresql:///[^?]*|postgresql:///$name|"
}

cmd_dropdb() {
  local url=$1 name=$2
  [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "database name '$name': not one newdb makes"
  psql "$url" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null ||
    die "cannot drop database $name on $url"
}

[ $# -ge 1 ] || usage
case "$1" in
  start) [ $# -eq 2 ] || usage; cmd_start "$2" ;;
  stop) [ $# -eq 2 ] || usage; cmd_stop "$2" ;;
  restart) [ $# -eq 2 ] || usage; cmd_restart "$2" ;;
  url) [ $# -eq 2 ] || usage; url_of "$(realpath -m "$2")" ;;
  pid) [ $# -eq 2 ] || usage; cmd_pid "$2" ;;
  newdb) [ $# -eq 3 ] || usage; cmd_newdb "$2" "$3" ;;
  dropdb) [ $# -eq 3 ] || usage; cmd_dropdb "$2" "$3" ;;
  *) usage ;;
esac
