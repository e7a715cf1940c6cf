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

echo "== Test suite on PostgreSQL and Redis, with the browser journeys =="
"${PYTEST[@]}" "$@"

echo "== Test suite on SQLite (the embedded default), without the browser journeys =="
DATABASE_URL="" REDIS_URL="" "${PYTEST[@]}" -m "not e2e" "$@"
