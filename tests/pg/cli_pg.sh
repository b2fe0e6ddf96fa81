#!/usr/bin/env bash
# smartservice --db postgresql://... case ...: the case story of the SQLite tests
# (examples/cli/stories/case.story) replayed on PostgreSQL, in a database of its own, must print
# the same files byte for byte. Exit 77 (skipped) without a server.
#
# usage: cli_pg.sh SMARTSERVICE EXPECTED_DIR
set -euo pipefail
cli=$1 t=$2
dsn=${SSVC_PG_TEST_DSN:-}
if [ -z "$dsn" ] && [ -s "${SSVC_PG_TEST_STATE:-/nonexistent}" ]; then
  dsn=$(cut -f1 "$SSVC_PG_TEST_STATE")
fi
if [ -z "$dsn" ]; then
  echo "SKIP cli.case.pg: no PostgreSQL server: set SSVC_PG_TEST_DSN, or install the postgresql" \
       "package so that tests/pg/with_server.sh can start one"
  exit 77
fi
case $dsn in
  postgresql://*|postgres://*) ;;
  *) echo "SKIP cli.case.pg: SSVC_PG_TEST_DSN is not a postgresql:// URI"; exit 77 ;;
esac
psql=psql
if [ -s "${SSVC_PG_TEST_STATE:-/nonexistent}" ]; then psql=$(cut -f3 "$SSVC_PG_TEST_STATE")/psql; fi
db=ssvc_cli_$$
"$psql" "$dsn" -qc "CREATE DATABASE $db"
trap '"$psql" "$dsn" -qc "DROP DATABASE IF EXISTS $db" || true' EXIT
# The same server and options, database $db.
url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$dsn" "$db")

# The case story of the SQLite tests, every step, with --db naming this database.
src=$(cd "$(dirname "$0")/../.." && pwd)
python3 "$src/tests/cli_story.py" --cli "$cli" --tests "$t" --source "$src" --db-url "$url" \
  "$src/examples/cli/stories/case.story"
echo "cli_pg: the case story on PostgreSQL printed what it prints on SQLite"
