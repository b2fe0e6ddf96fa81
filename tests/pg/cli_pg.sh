#!/usr/bin/env bash
# smartservice --db postgresql://... case ...: the story of the SQLite output tests
# (examples/cli/CMakeLists.txt, cli.case.*) replayed on PostgreSQL, in a database of its own, must
# print the same files byte for byte. Exit 77 (skipped) without a server.
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

step() { # expected-file-or-"-" exit-status args...
  local want=$1 status=$2 out rc
  shift 2
  set +e
  out=$(SSVC_NOW=1772442000 "$cli" --db "$url" case "$@" 2>/tmp/cli_pg.$$.err)
  rc=$?
  set -e
  if [ "$rc" != "$status" ]; then
    echo "cli_pg: case $*: exit $rc, expected $status:"; cat /tmp/cli_pg.$$.err; exit 1
  fi
  if [ "$want" != - ] && [ "$out" != "$(cat "$t/$want")" ]; then
    echo "cli_pg: case $*: printed"; echo "$out"; echo "expected ($want):"; cat "$t/$want"
    exit 1
  fi
  rm -f /tmp/cli_pg.$$.err
}
step case-new.out 0 new --customer ACME --name "Anna Andersson" --phone +46701234567 \
  --email anna@example.se --imei 490154203237518 --model "Fairphone 5" --serial FP5-0001 \
  --purchased 2025-02-28 --warranty-end 2027-02-28 --tier PROF --symptom "screen cracked" \
  --actor agent-7
step case-new-bas.out 0 new --customer "Bygg AB" --name "Bo Ek" --imei 356938035643809 \
  --model "Galaxy A15" --tier bas --actor agent-2
step case-diagnose.out 0 event SC-2026-000001 --outcome definite-fault \
  --transcript "power on? no / dropped? yes" --actor agent-7
step case-to-diagnosing.out 0 event SC-2026-000001 --to diagnosing --actor agent-7
step case-to-swap.out 0 event SC-2026-000001 --to swap-requested \
  --note "replacement from the SWAP stock" --actor agent-7
step case-bas-diagnosing.out 0 event SC-2026-000002 --to diagnosing
step - 1 event SC-2026-000002 --to swap-requested
step case-bas-diagnosing.out 0 event SC-2026-000002 --note "user calls back"
step case-show.out 0 show SC-2026-000001
step case-show.json 0 show SC-2026-000001 --json
step case-list.out 0 list
step case-list-diagnosing.out 0 list --state diagnosing
step case-list-diagnosing.out 0 list --customer "Bygg AB"
step case-erase.out 0 erase --customer ACME --contact anna@example.se --actor dpo
step case-show-erased.out 0 show SC-2026-000001
step case-list-open.out 0 list --open
step - 1 show SC-2026-000099
echo "cli_pg: the case story on PostgreSQL printed what it prints on SQLite"
