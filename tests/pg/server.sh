#!/usr/bin/env bash
# A temporary PostgreSQL server for the tests: a fresh cluster in DIR, listening on a unix socket
# in DIR only (no TCP), trusting local connections, its superuser named after the caller.
#   tests/pg/server.sh start DIR   initdb's DIR/data, starts the server, prints its URL
#                                  (postgresql:///postgres?host=DIR&port=PORT)
#   tests/pg/server.sh stop DIR    stops it (the files stay: the caller removes DIR)
# PostgreSQL refuses to run as root: as root the server runs as the user jixiao-test (created
# when missing), which then owns DIR. Needs Debian's postgresql package.
set -euo pipefail
cmd=${1:?usage: server.sh start|stop DIR}
dir=${2:?usage: server.sh start|stop DIR}
dir=$(cd "$dir" && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "server.sh: no PostgreSQL server (apt-get install postgresql)" >&2; exit 2; }
port=5432
as=()
if [ "$(id -u)" -eq 0 ]; then
  id jixiao-test >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin jixiao-test
  chown jixiao-test "$dir"
  chmod 755 "$dir"
  as=(runuser -u jixiao-test --)
fi
case "$cmd" in
  start)
    super=$(id -un)
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U "$super" --auth=trust -E UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c fsync=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql:///postgres?host=$dir&port=$port"
    ;;
  stop)
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *) echo "usage: server.sh start|stop DIR" >&2; exit 2 ;;
esac
