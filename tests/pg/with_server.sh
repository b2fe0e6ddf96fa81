#!/usr/bin/env bash
# Runs a command against a temporary PostgreSQL server (doc/storage.md, "The PostgreSQL backend").
#
#   with_server.sh COMMAND [ARG...]   initdb a cluster in a new temporary directory, start it on
#                                     127.0.0.1 (a free port; its socket in that directory), export
#                                     SSVC_PG_TEST_DSN, run COMMAND, stop and remove the cluster.
#   with_server.sh --start STATEFILE  start one and write "DSN<TAB>DATADIR<TAB>PGBIN" to
#                                     STATEFILE (the ctest fixture); exit 0 even without PostgreSQL
#   with_server.sh --stop STATEFILE   stop and remove the cluster that --start made
#   with_server.sh --restart STATEFILE  pg_ctl restart -m immediate (the fault test)
#
# COMMAND sees SSVC_PG_TEST_DSN and SSVC_PG_TEST_STATE (the state file, for --restart). With
# SSVC_PG_TEST_DSN already set, COMMAND runs against that server. Without the server binaries
# (Debian: apt-get install postgresql) the command still runs, with SSVC_PG_TEST_DSN unset, and the
# PostgreSQL tests skip themselves with a message. initdb and postgres refuse to run as root: as
# root they run as the postgres user (runuser).
#
# The cluster is for tests: fsync=off unless SSVC_PG_FSYNC=on (with off, a crash of the machine may
# lose it; a crash or restart of the server does not).
set -euo pipefail

find_bin() {
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then echo "$PG_BIN"; return 0; fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

as_owner() { # runs a server program as the cluster owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start() { # sets DSN, DATA, BIN; returns 1 when no server can be started
  BIN=$(find_bin) || { echo "with_server: no PostgreSQL server binaries (initdb); apt-get install postgresql" >&2; return 1; }
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "with_server: running as root and there is no postgres user to run the server" >&2
    return 1
  fi
  DATA=$(mktemp -d /tmp/ssvc-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DATA"; fi
  chmod 700 "$DATA"
  if ! as_owner "$BIN/initdb" -D "$DATA/data" -U ssvc --auth=trust -E UTF8 --no-locale \
         >"$DATA/initdb.log" 2>&1; then
    echo "with_server: initdb failed:" >&2; cat "$DATA/initdb.log" >&2
    rm -rf "$DATA"; return 1
  fi
  local port tries=0
  while :; do
    port=$(free_port)
    if as_owner "$BIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w -t 60 \
         -o "-c listen_addresses=127.0.0.1 -p $port -k $DATA -c fsync=${SSVC_PG_FSYNC:-off} -c full_page_writes=${SSVC_PG_FSYNC:-off} -c max_connections=60" \
         start >/dev/null 2>&1; then
      break
    fi
    tries=$((tries + 1))
    if [ $tries -ge 3 ]; then
      echo "with_server: the server did not start:" >&2; cat "$DATA/server.log" >&2
      rm -rf "$DATA"; return 1
    fi
  done
  DSN="postgresql://ssvc@127.0.0.1:$port/postgres"
  echo "$port" >"$DATA/port"
  return 0
}

stop() { # DATA BIN
  as_owner "$2/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$1"
}

case "${1:-}" in
  --start)
    state=$2
    # A server that an earlier --start left (ctest --repeat runs the fixture's setup again before
    # its cleanup): stop it first, so that none is ever left running.
    if [ -s "$state" ]; then
      IFS=$'\t' read -r _dsn data bin <"$state"
      stop "$data" "$bin"
    fi
    if start; then
      printf '%s\t%s\t%s\n' "$DSN" "$DATA" "$BIN" >"$state"
      echo "with_server: PostgreSQL at $DSN (data in $DATA)"
    else
      : >"$state"
      echo "with_server: no server; the PostgreSQL tests will be skipped"
    fi
    exit 0 ;;
  --restart)
    IFS=$'\t' read -r _dsn data bin <"$2"
    as_owner "$bin/pg_ctl" -D "$data/data" -l "$data/server.log" -m immediate -w -t 60 restart \
      >/dev/null 2>&1
    exit $? ;;
  --stop)
    state=$2
    if [ -s "$state" ]; then
      IFS=$'\t' read -r _dsn data bin <"$state"
      stop "$data" "$bin"
    fi
    rm -f "$state"
    exit 0 ;;
  "" ) echo "usage: with_server.sh COMMAND [ARG...] | --start FILE | --stop FILE" >&2; exit 2 ;;
esac

if [ -n "${SSVC_PG_TEST_DSN:-}" ]; then exec "$@"; fi
if start; then
  trap 'stop "$DATA" "$BIN"' EXIT
  printf '%s\t%s\t%s\n' "$DSN" "$DATA" "$BIN" >"$DATA/state"
  export SSVC_PG_TEST_DSN=$DSN SSVC_PG_TEST_STATE=$DATA/state
  echo "with_server: PostgreSQL at $DSN" >&2
  set +e
  "$@"
  exit $?
fi
exec "$@"
