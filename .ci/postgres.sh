#!/usr/bin/env bash
# A throw-away PostgreSQL server for the store tests; SOURCE it so the URL reaches pytest:
#
#     source .ci/postgres.sh        # exports FORBATTRA_TEST_PG_URL
#
# Idempotent: a second run reuses the server already listening on the same data folder.
# Installs Debian's `postgresql` package when no server binaries are found, runs the server as
# the `postgres` user (initdb refuses root) on a temporary data folder, listening on 127.0.0.1 and
# a unix socket inside that folder only, and creates a role and a database with a password (so the
# tests also see that the password is masked; CREATEDB so each test gets a fresh database).
# Nothing here touches a system-wide cluster.
#
# Settings (environment): FORBATTRA_PG_DIR (default /tmp/forbattra-ci-pg), FORBATTRA_PG_PORT (54329).

_forbattra_pg() {
  local dir="${FORBATTRA_PG_DIR:-/tmp/forbattra-ci-pg}"
  local port="${FORBATTRA_PG_PORT:-54329}"
  local role=forbattra db=forbattra_test pass=ci-secret-pw
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "postgres.sh: no PostgreSQL server found and no apt-get to install one" >&2
      return 1
    fi
    echo "postgres.sh: installing Debian's postgresql package" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || {
      echo "postgres.sh: apt-get install postgresql failed" >&2
      return 1
    }
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  fi

  # initdb and postgres refuse to run as root: use the postgres user the package created.
  local -a as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
    as_pg=(runuser -u postgres --)
  fi

  if ! "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      rm -rf "$dir"
      mkdir -p "$dir"
      [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
      "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        echo "postgres.sh: initdb failed; see $dir/initdb.log" >&2
        return 1
      }
    fi
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=100 -c fsync=off" \
      start >/dev/null || {
      echo "postgres.sh: server did not start; see $dir/server.log" >&2
      return 1
    }
  fi

  local psql=("${as_pg[@]}" "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt)
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='$role'")" != "1" ]; then
    "${psql[@]}" -c "create role $role login createdb password '$pass'" || return 1
  fi
  if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='$db'")" != "1" ]; then
    "${psql[@]}" -c "create database $db owner $role" || return 1
  fi
  export FORBATTRA_TEST_PG_URL="postgresql://$role:$pass@127.0.0.1:$port/$db"
  echo "postgres.sh: PostgreSQL ready; FORBATTRA_TEST_PG_URL=postgresql://$role:***@127.0.0.1:$port/$db" >&2
}

_forbattra_pg
_forbattra_pg_status=$?
unset -f _forbattra_pg
# Sourced: hand the status back without exiting the caller's shell; executed: exit with it.
return "$_forbattra_pg_status" 2>/dev/null || exit "$_forbattra_pg_status"
