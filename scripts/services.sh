#!/usr/bin/env bash
# Local Redis + PostgreSQL 15 for tests, the demo and CI -- no Docker, no systemd.
#
#   scripts/services.sh start   # install OS packages if missing, start both, wait until ready
#   scripts/services.sh stop    # stop both (safe when nothing runs)
#   scripts/services.sh status  # say what runs
#   scripts/services.sh env     # print export lines:  eval "$(scripts/services.sh env)"
#
# Ports: REDIS_PORT (default 6390), PG_PORT (default 5440). Both bind 127.0.0.1 only.
# PG_BIN overrides the directory holding initdb/pg_ctl.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REDIS_PORT="${REDIS_PORT:-6390}"
PG_PORT="${PG_PORT:-5440}"
VAR="$ROOT/var/services"
REDIS_PID="$VAR/redis-$REDIS_PORT.pid"
REDIS_LOG="$VAR/redis-$REDIS_PORT.log"

# The cluster lives outside the repo: postgres must traverse every parent dir,
# and /root (or a home dir) does not allow that. Key it by repo path and port
# so two checkouts, or two ports, never share or clobber a cluster.
REPO_HASH="$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)"
PG_BASE="/tmp/csp-pg-$(id -u)-$REPO_HASH-$PG_PORT"
PG_DATA="$PG_BASE/data"
PG_SOCK="$PG_BASE/run"
PG_LOG="$PG_BASE/postgres.log"

log() { echo "services: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- OS packages ------------------------------------------------------------
APT_UPDATED=0
as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo -n "$@"; fi; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
apt_install() {
  local missing=() p
  for p in "$@"; do installed "$p" || missing+=("$p"); done
  [[ ${#missing[@]} == 0 ]] && return 0
  log "apt-get installing: ${missing[*]}"
  # A fresh machine has stale or no package lists; update once per run.
  if [[ $APT_UPDATED == 0 ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  # No recommends: they drag in desktop bits (upower, printers) we never use.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null
}

# fonts-liberation: chromium's recommended font, so pages and PDFs render the
# same on CI as on a developer machine that has it.
ensure_packages() {
  apt_install redis-server redis-tools chromium poppler-utils fonts-dejavu-core fonts-liberation
}

# find_pg_bin [--no-install]
find_pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then :
  elif [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then PG_BIN=/usr/lib/postgresql/15/bin
  elif command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]]; then PG_BIN="$(pg_config --bindir)"
  elif [[ "${1:-}" == --no-install ]]; then return 1
  else
    apt_install postgresql-15
    PG_BIN=/usr/lib/postgresql/15/bin
  fi
  [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] || die "no initdb/pg_ctl in $PG_BIN"
}

# initdb refuses to run as root: as root, run cluster commands as postgres.
# cd /: postgres may not be able to enter the caller's cwd (e.g. under /root).
as_pg() {
  if [[ $(id -u) == 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
pg_owner() { if [[ $(id -u) == 0 ]]; then echo postgres; else id -un; fi; }
# The image's PostgreSQL ships the postgres user; a hand-made PG_BIN may not.
ensure_pg_user() {
  if [[ $(id -u) == 0 ]] && ! id postgres >/dev/null 2>&1; then
    log "creating system user postgres"
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
}

# --- Redis --------------------------------------------------------------------
redis_ping() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }
# proc_alive PID NAME: a live, non-zombie process whose name starts with NAME.
# PID 1 on these machines reaps orphans late (a killed server lingers as a
# zombie for seconds) and pid files can outlive a reboot, so kill -0 is not enough.
proc_alive() {
  local st
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  st="$(sed -E 's/.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ -n "$st" && "$st" != Z && "$(cat "/proc/$1/comm" 2>/dev/null)" == "$2"* ]]
}
redis_alive() { proc_alive "$1" redis-server; }
redis_our_pid() {
  local pid
  [[ -f "$REDIS_PID" ]] || return 1
  pid="$(cat "$REDIS_PID" 2>/dev/null)"
  [[ -n "$pid" ]] && redis_alive "$pid" && echo "$pid"
}

redis_start() {
  mkdir -p "$VAR"
  if redis_our_pid >/dev/null && redis_ping; then
    log "redis already running on 127.0.0.1:$REDIS_PORT (reused)"; return 0
  fi
  if redis_ping; then
    # e.g. another checkout's services left running: usable, but not ours to stop.
    log "WARNING: a redis not started from $ROOT already answers on port $REDIS_PORT; reusing it"
    return 0
  fi
  rm -f "$REDIS_PID"   # stale pid file from a killed server
  # No persistence: it is a throwaway broker/cache for tests and the demo.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" \
    --save '' --appendonly no --daemonize yes \
    --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" --dir "$VAR"
  for _ in $(seq 1 100); do redis_ping && break; sleep 0.1; done
  redis_ping || die "redis did not answer on port $REDIS_PORT; see $REDIS_LOG"
  log "redis ready on 127.0.0.1:$REDIS_PORT"
}

redis_stop() {
  local pid
  if pid="$(redis_our_pid)"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do redis_alive "$pid" || break; sleep 0.1; done
    redis_alive "$pid" && { log "redis $pid ignored TERM; killing"; kill -9 "$pid" 2>/dev/null || true; }
    log "redis on port $REDIS_PORT stopped"
  else
    log "redis on port $REDIS_PORT not running (from this checkout)"
  fi
  rm -f "$REDIS_PID"
}

# --- PostgreSQL ---------------------------------------------------------------
pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 1 >/dev/null 2>&1; }
# Ours runs if our cluster's postmaster.pid names a live postgres (not pg_ctl
# status: it counts a zombie as running).
pg_ours_running() {
  [[ -f "$PG_DATA/postmaster.pid" ]] && proc_alive "$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null)" postgres
}
psql_super() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"
}

pg_init() {
  ensure_pg_user
  local owner; owner="$(pg_owner)"
  mkdir -p "$PG_BASE"
  # Own and lock the dir even if something else created it first in /tmp.
  chown "$owner": "$PG_BASE" 2>/dev/null || [[ "$(stat -c %U "$PG_BASE")" == "$owner" ]] || die "$PG_BASE not owned by $owner"
  chmod 700 "$PG_BASE"
  as_pg mkdir -p "$PG_SOCK"
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    log "initdb $PG_DATA"
    as_pg rm -rf "$PG_DATA"   # half-made cluster from an interrupted run
    # trust auth: the server only listens on loopback and a private socket dir.
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$PG_BASE/initdb.log" 2>&1 \
      || { cat "$PG_BASE/initdb.log" >&2; die "initdb failed"; }
    cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- scripts/services.sh ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
fsync = off                 # throwaway test data: speed over durability
synchronous_commit = off
full_page_writes = off
EOF
    cat >"$PG_DATA/pg_hba.conf" <<'EOF'
# scripts/services.sh: trust on loopback and the private socket only
local   all  all                 trust
host    all  all  127.0.0.1/32   trust
host    all  all  ::1/128        trust
EOF
  fi
  local have; have="$(cat "$PG_DATA/PG_VERSION")"
  [[ "$("$PG_BIN/pg_ctl" --version)" == *" $have."* ]] \
    || die "$PG_DATA is PostgreSQL $have but $PG_BIN is $("$PG_BIN/pg_ctl" --version); remove $PG_BASE"
}

pg_start() {
  find_pg_bin
  mkdir -p "$VAR"
  if pg_ours_running; then
    log "postgres already running on 127.0.0.1:$PG_PORT (reused)"
  elif pg_ready; then
    log "WARNING: a postgres not started from $ROOT already answers on port $PG_PORT; reusing it"
  else
    pg_init
    # A killed server leaves postmaster.pid; postgres refuses to start while its
    # pid still exists (even as a zombie), and we know it is not a live postgres.
    # Same for the socket's lock file.
    if [[ -f "$PG_DATA/postmaster.pid" ]]; then
      log "removing stale postmaster.pid and socket lock in $PG_BASE"
      rm -f "$PG_DATA/postmaster.pid" "$PG_SOCK/.s.PGSQL.$PG_PORT" "$PG_SOCK/.s.PGSQL.$PG_PORT.lock"
    fi
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -o "-p $PG_PORT" start >/dev/null \
      || { tail -n 30 "$PG_LOG" >&2 || true; die "postgres did not start; see $PG_LOG"; }
  fi
  for _ in $(seq 1 60); do pg_ready && break; sleep 0.5; done
  pg_ready || die "postgres not ready on port $PG_PORT; see $PG_LOG"
  # Discoverable from the repo; the real dir is in /tmp (see PG_BASE above).
  [[ -d "$PG_BASE" ]] && ln -sfn "$PG_BASE" "$VAR/pg"

  # Role and database, idempotently. CREATEDB lets Django make test_csp.
  psql_super <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'csp') THEN
    CREATE ROLE csp LOGIN CREATEDB PASSWORD 'csp';
  ELSE
    ALTER ROLE csp LOGIN CREATEDB PASSWORD 'csp';
  END IF;
END $$;
SQL
  if [[ -z "$(psql_super -tAc "SELECT 1 FROM pg_database WHERE datname = 'csp'")" ]]; then
    psql_super -c 'CREATE DATABASE csp OWNER csp'
  fi
  log "postgres ready on 127.0.0.1:$PG_PORT$(pg_ours_running && echo " (data $PG_DATA)")"
}

pg_stop() {
  find_pg_bin
  if pg_ours_running; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
    log "postgres on port $PG_PORT stopped"
  else
    log "postgres on port $PG_PORT not running (from this checkout)"
  fi
}

# --- commands -----------------------------------------------------------------
print_env() {
  echo "export DATABASE_URL=postgres://csp:csp@127.0.0.1:$PG_PORT/csp"
  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

case "${1:-}" in
  start)
    ensure_packages
    redis_start
    pg_start
    ;;
  stop)
    # Stop what exists; never fail just because something is already down.
    redis_stop || true
    if [[ -f "$PG_DATA/PG_VERSION" ]]; then pg_stop; else log "postgres on port $PG_PORT not running (no cluster)"; fi
    ;;
  status)
    if redis_ping; then echo "redis: up on 127.0.0.1:$REDIS_PORT"; else echo "redis: down"; fi
    if ! find_pg_bin --no-install || ! pg_ready; then echo "postgres: down"
    elif pg_ours_running; then echo "postgres: up on 127.0.0.1:$PG_PORT ($PG_DATA)"
    else echo "postgres: up on 127.0.0.1:$PG_PORT (not started from this checkout)"; fi
    ;;
  env)
    print_env
    ;;
  *)
    echo "usage: $0 {start|stop|status|env}" >&2
    exit 2
    ;;
esac
