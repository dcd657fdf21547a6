#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests of intake-force's PostgreSQL back end.
#
#   scripts/test-postgres.sh run -- COMMAND...   start a server, run COMMAND with
#                                                INTAKE_TEST_POSTGRES set to its address, then
#                                                stop it and delete its folder (also when
#                                                COMMAND fails or is interrupted); COMMAND's
#                                                exit status is this script's
#   scripts/test-postgres.sh start FOLDER        start one in FOLDER (new and empty, or absent)
#                                                and print its address on standard output
#   scripts/test-postgres.sh stop FOLDER         stop it and delete FOLDER
#
# The cluster is made with initdb in a temporary folder and runs as an unprivileged user: the
# system user intake-pgtest, made here when run as root (PostgreSQL refuses to run as root),
# otherwise whoever runs the script. It listens on 127.0.0.1 only, on a free port, with its
# socket in its own folder; it trusts connections (no password) since nothing but this machine
# can reach it and it holds only test data. Debian's postgresql package provides the programs
# (scripts/system-packages.sh installs it); PG_BIN names another folder of them.
set -euo pipefail

PG_USER=intake-pgtest

pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$found" ] && command -v initdb >/dev/null 2>&1; then
    found=$(dirname "$(readlink -f "$(command -v initdb)")")
  fi
  if [ -z "$found" ] || [ ! -x "$found/initdb" ]; then
    echo "test-postgres: PostgreSQL's programs are missing (on Debian: apt-get install postgresql)" >&2
    exit 1
  fi
  echo "$found"
}

as_server_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

server_user() {
  [ "$(id -u)" = 0 ] || return 0
  id "$PG_USER" >/dev/null 2>&1 && return 0
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local folder=$1 bin port
  bin=$(pg_bin)
  server_user
  mkdir -p "$folder"
  chmod 700 "$folder"
  if [ "$(id -u)" = 0 ]; then
    chown "$PG_USER:" "$folder"
    if ! as_server_user test -w "$folder"; then
      echo "test-postgres: the server's user $PG_USER cannot reach $folder (a folder above it is private): choose one under /tmp" >&2
      return 1
    fi
  fi
  as_server_user "$bin/initdb" --pgdata="$folder/data" --username=postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$folder/initdb.log" 2>&1 || {
    cat "$folder/initdb.log" >&2; return 1; }
  # A port can be taken between choosing and binding it: a few tries.
  for _try in 1 2 3 4 5; do
    port=$(free_port)
    if as_server_user "$bin/pg_ctl" --pgdata="$folder/data" --log="$folder/server.log" --wait \
        --timeout=60 --silent \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$folder -c fsync=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null; then
      echo "$port" >"$folder/port"
      echo "postgresql://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
  done
  cat "$folder/server.log" >&2
  return 1
}

stop() {
  local folder=$1 bin
  [ -d "$folder" ] || return 0
  bin=$(pg_bin)
  if [ -f "$folder/data/postmaster.pid" ]; then
    as_server_user "$bin/pg_ctl" --pgdata="$folder/data" --mode=immediate --wait --silent \
      stop >/dev/null 2>&1 || true
  fi
  rm -rf "$folder"
}

case "${1:-}" in
  start) [ $# -eq 2 ] || { echo "usage: $0 start FOLDER" >&2; exit 2; }; start "$2" ;;
  stop) [ $# -eq 2 ] || { echo "usage: $0 stop FOLDER" >&2; exit 2; }; stop "$2" ;;
  run)
    shift
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || { echo "usage: $0 run -- COMMAND..." >&2; exit 2; }
    # As root, under /tmp whatever TMPDIR says: the server's user must reach the folder.
    if [ "$(id -u)" = 0 ]; then parent=/tmp; else parent=${TMPDIR:-/tmp}; fi
    folder=$(mktemp -d "$parent/intake-pgtest.XXXXXX")
    trap 'stop "$folder"' EXIT
    trap 'exit 130' INT TERM
    url=$(start "$folder")
    status=0
    INTAKE_TEST_POSTGRES=$url "$@" || status=$?
    exit "$status"
    ;;
  *) echo "usage: $0 run -- COMMAND... | start FOLDER | stop FOLDER" >&2; exit 2 ;;
esac
