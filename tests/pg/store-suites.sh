#!/usr/bin/env bash
# The store's doctest suites on PostgreSQL (ctest: store/postgresql): starts a temporary server
# (tests/pg/server.sh), runs ENGINE_TESTS on the store's test files with JIXIAO_TEST_PG set (every
# test case then gets a fresh database, tests/engine/store_fixture.h), leaving out the test cases
# only SQLite has (test suite sqlite-only), and stops the server.
#   tests/pg/store-suites.sh ENGINE_TESTS [doctest options...]   (run from the source root)
set -euo pipefail
tests=${1:?usage: store-suites.sh ENGINE_TESTS [doctest options]}
shift
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/jixiao-pg-XXXXXX)
cleanup() {
  bash "$here/server.sh" stop "$dir" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
url=$(bash "$here/server.sh" start "$dir")
echo "store/postgresql: server $url"
JIXIAO_TEST_PG=$url "$tests" --no-intro=true \
  --source-file='*/tests/engine/store_test.cpp,*/tests/engine/store_trail_test.cpp,*/tests/store/*' \
  --test-suite-exclude=sqlite-only "$@"
