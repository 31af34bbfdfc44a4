#!/usr/bin/env bash
# bench/pg-peer.sh — the SQL peer of the rescore stage (bench/peer.cpp, PeerQuery) run in PostgreSQL:
# the same rows, the same rules as one query, timed by the server.
#
#   bench/pg-peer.sh PEER_DB POSTGRES_URL [RUNS]
#
# PEER_DB: the benchmark's peer.db (build/bench/bench-SCALE/data/peer.db: a copy of the store
# with the tables peer_project, peer_indicator, peer_cap, written by jixiao_bench). Its three
# tables are copied into the database of POSTGRES_URL (replacing any there), then the query runs
# RUNS times (default 3) with psql's \timing; prints each time, then how many of the peer's
# totals equal jixiao's (to 0.01). The query is peer.cpp's with PostgreSQL's spelling: LEAST and
# GREATEST for SQLite's two-argument MIN and MAX, ROUND on numeric.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
peer=$1 url=$2 runs=${3:-3}
[ -f "$peer" ] || { echo "bench/pg-peer.sh: $peer: no such file" >&2; exit 1; }
psql -q -v ON_ERROR_STOP=1 "$url" <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS peer_project, peer_indicator, peer_cap;
CREATE TABLE peer_project(project_id bigint PRIMARY KEY, annual float8, executed float8,
                          jixiao_total float8);
CREATE TABLE peer_indicator(project_id bigint, level1 text, weight float8, kind text,
                            target float8, actual float8, stated int, judged_score float8);
CREATE TABLE peer_cap(level1 text PRIMARY KEY, cap float8);
SQL
for t in peer_project peer_indicator peer_cap; do
  sqlite3 -csv "$peer" "SELECT * FROM $t" | psql -q -v ON_ERROR_STOP=1 "$url" -c "\\copy $t FROM STDIN WITH (FORMAT csv)"
done
psql -q "$url" -c "ANALYZE peer_project; ANALYZE peer_indicator; ANALYZE peer_cap;"
query=$(cat <<'SQL'
WITH ind AS (
  SELECT project_id, level1,
    ROUND(CASE kind
      WHEN 'qualitative' THEN CASE WHEN stated = 1 THEN weight ELSE COALESCE(judged_score, 0) END
      WHEN 'positive' THEN weight * LEAST(1.0, actual / target)
      WHEN 'equal' THEN CASE WHEN target = 0 THEN (CASE WHEN actual <= 0 THEN weight ELSE 0 END)
                             ELSE weight * LEAST(1.0, actual / target) END
      WHEN 'reverse' THEN CASE WHEN actual <= target THEN weight
                               ELSE weight * GREATEST(0.0, 1.0 - (actual - target) / target) END
    END::numeric, 2) AS score
  FROM peer_indicator),
lvl AS (
  SELECT i.project_id, LEAST(SUM(i.score), c.cap::numeric) AS s
  FROM ind i JOIN peer_cap c ON c.level1 = i.level1
  GROUP BY i.project_id, i.level1, c.cap),
tot AS (
  SELECT p.project_id, p.jixiao_total,
    ROUND(ROUND((LEAST(1.0, p.executed / p.annual) * 10)::numeric, 2) + COALESCE(SUM(l.s), 0), 2)
      AS total
  FROM peer_project p LEFT JOIN lvl l ON l.project_id = p.project_id
  GROUP BY p.project_id)
SELECT project_id, total,
  CASE WHEN total >= 90 THEN '优' WHEN total >= 80 THEN '良' WHEN total >= 60 THEN '中'
       ELSE '差' END AS grade,
  jixiao_total
FROM tot ORDER BY project_id
SQL
)
for ((k = 1; k <= runs; k++)); do
  # The rows go to /dev/null; \timing reports the server's time with the transfer.
  printf '\\timing on\n\\o /dev/null\n%s;\n' "$query" | psql -q "$url" | sed "s/^/run $k: /"
done
echo; psql -At "$url" -c "SELECT count(*) || ' projects, ' || count(*) FILTER (WHERE abs(total - jixiao_total) < 0.011) || ' totals equal to jixiao''s' FROM ($query) q"
