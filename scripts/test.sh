#!/usr/bin/env bash
# Run the whole test suite on the real stack: PostgreSQL and Redis servers on
# loopback, real Celery worker processes, and the browser journeys in Debian's
# Chromium with axe-core. Then the suite again (without the browser) on SQLite, the
# embedded default. Extra arguments go to pytest, e.g. scripts/test.sh tests/cycles.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/setup.sh

# axe-core comes from the npm registry (package-lock.json pins it).
if [[ ! -f node_modules/axe-core/axe.min.js ]]; then
  if ! command -v npm >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
  fi
  npm ci --no-audit --no-fund --silent
fi

scripts/services.sh start
trap 'scripts/services.sh stop' EXIT
eval "$(scripts/services.sh env)"

export SECRET_KEY="test-only-secret-key" DEBUG=0
PYTEST=(.venv/bin/python -m pytest -p no:cacheprovider --durations=15)

# The two passes run side by side, one a core: the SQLite pass has its own var
# folder (database, broker, media), collected static files and pytest temp folder, so
# neither pass touches what the other writes. Its output follows the PostgreSQL pass's.
SQLITE_VAR="$ROOT/var/test-sqlite"
rm -rf "$SQLITE_VAR" && mkdir -p "$SQLITE_VAR"
SQLITE_LOG="$SQLITE_VAR/pytest.log"
DATABASE_URL="" REDIS_URL="" VAR_DIR="$SQLITE_VAR" STATIC_ROOT="$SQLITE_VAR/static" \
  "${PYTEST[@]}" --basetemp="$SQLITE_VAR/tmp" -m "not e2e" "$@" >"$SQLITE_LOG" 2>&1 &
SQLITE_PID=$!
# On the way out, stop the SQLite pass if it still runs (an interrupted run), then the
# servers. Each step may fail harmlessly (the pass has usually finished): under set -e a
# failing step would end the trap early, leave the servers running and fail the run.
stop_all() {
  kill "$SQLITE_PID" 2>/dev/null || true
  wait "$SQLITE_PID" 2>/dev/null || true
  scripts/services.sh stop
}
trap stop_all EXIT

echo "== Test suite on PostgreSQL and Redis, with the browser journeys =="
pg_status=0
"${PYTEST[@]}" "$@" || pg_status=$?

sqlite_status=0
wait "$SQLITE_PID" || sqlite_status=$?
echo "== Test suite on SQLite (the embedded default), without the browser journeys =="
cat "$SQLITE_LOG"

echo "PostgreSQL pass exit status: $pg_status; SQLite pass exit status: $sqlite_status"
(( pg_status == 0 && sqlite_status == 0 ))
