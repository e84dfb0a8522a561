#!/bin/sh
# Starts a throwaway PostgreSQL server on loopback for balrog's runtime tests
# and example app, and prints its connection URL on stdout (nothing else).
# Idempotent: installs Debian's `postgresql` only if missing, creates the
# cluster only once, and reuses a server that is already running.
# `sh postgres.sh stop` stops that server (the data directory stays).
#   BALROG_PG_DIR   data directory   (default /tmp/balrog-pg)
#   BALROG_PG_PORT  TCP port         (default 55432)
set -eu

dir="${BALROG_PG_DIR:-/tmp/balrog-pg}"
port="${BALROG_PG_PORT:-55432}"
url="postgres://postgres@127.0.0.1:${port}/postgres"

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

bindir="$(find_bindir || true)"
if [ "${1:-}" = stop ]; then
  if [ -z "$bindir" ] || [ ! -f "$dir/PG_VERSION" ]; then log "no PostgreSQL cluster in $dir: nothing to stop"; exit 0; fi
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1 || { log "not running"; exit 0; }
    runuser -u postgres -- "$bindir/pg_ctl" -D "$dir" -m fast stop >&2
  else "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1 || { log "not running"; exit 0; }
    "$bindir/pg_ctl" -D "$dir" -m fast stop >&2
  fi
  exit 0
fi
if [ -z "$bindir" ]; then
  log "installing Debian's postgresql package"
  # No default cluster: this script makes its own, so the package must not start one.
  as_root mkdir -p /etc/postgresql-common
  echo 'create_main_cluster = false' | as_root tee /etc/postgresql-common/createcluster.conf >/dev/null
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    -o Dpkg::Options::=--force-confold postgresql >&2
  bindir="$(find_bindir)" || { log "postgresql installed but initdb/pg_ctl not found under /usr/lib/postgresql"; exit 1; }
fi

# PostgreSQL refuses to run as root: run its tools as the `postgres` user then.
if [ "$(id -u)" = 0 ]; then
  run() { runuser -u postgres -- "$@"; }
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
else
  run() { "$@"; }
  mkdir -p "$dir"
  chmod 700 "$dir"
fi

if [ ! -f "$dir/PG_VERSION" ]; then
  log "creating a cluster in $dir"
  run "$bindir/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --no-sync >"$dir.initdb.log" 2>&1 \
    || { cat "$dir.initdb.log" >&2; exit 1; }
fi

if run "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  : # already running
else
  log "starting PostgreSQL on 127.0.0.1:$port"
  # The server outlives the test that starts it on purpose (shared by the tests, ended by `stop`): without
  # the test runner's marker of that file, the runner (test/runner/process-tree.ts) does not end it as a leftover.
  unset BALROG_TEST_FILE
  run "$bindir/pg_ctl" -D "$dir" -w -t 60 -l "$dir/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >&2 \
    || { tail -n 40 "$dir/server.log" >&2; exit 1; }
fi

# Wait until it accepts connections (pg_ctl -w covers the normal case; this covers a racing second caller).
i=0
until "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; do
  i=$((i + 1))
  if [ "$i" -ge 60 ]; then log "PostgreSQL did not become ready on port $port; see $dir/server.log"; exit 1; fi
  sleep 0.5
done

echo "$url"
