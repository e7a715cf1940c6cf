#!/usr/bin/env bash
# Run the demo on the embedded default: SQLite, a filesystem Celery broker, one
# worker process, and the web server on http://127.0.0.1:8000. No servers to install.
# Safe to run again: migrations and demo data are only added where missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/setup.sh

PY=.venv/bin/python
mkdir -p var/broker/queue var/broker/processed var/broker/control var/media

# DEBUG off, as in production, so a missing page or an error shows the service's own
# pages and the detail goes only to the log. That needs a secret key (made once and
# kept in var/) and the collected static files, which WhiteNoise serves. PLAIN_HTTP
# because the demo is served on http://127.0.0.1, never to the public.
export DEBUG="${DEBUG:-0}" PLAIN_HTTP="${PLAIN_HTTP:-1}"
# One cache for the web server and the worker: the charts the worker draws for the
# first PDFs are not drawn again when a report's page is first opened.
export CACHE_DIR="${CACHE_DIR:-$ROOT/var/cache}"
# Who the demo's accessibility statement says runs it, and where to write to.
export SERVICE_OPERATOR="${SERVICE_OPERATOR:-Central Bedfordshire Community Safety Partnership}"
export ACCESSIBILITY_CONTACT_EMAIL="${ACCESSIBILITY_CONTACT_EMAIL:-accessibility@workbench-demo.example}"
if [[ -z "${SECRET_KEY:-}" ]]; then
  [[ -s var/demo-secret-key ]] ||
    (umask 077 && $PY -c 'import secrets; print(secrets.token_urlsafe(50))' >var/demo-secret-key)
  SECRET_KEY="$(cat var/demo-secret-key)"
  export SECRET_KEY
fi

$PY manage.py migrate --noinput -v 0
$PY manage.py collectstatic --noinput -v 0
$PY manage.py load_demo

# The worker is a real separate process; it stops when the web server stops. If it
# stops on its own, it is started again after 5 seconds (work waiting in the queue
# folder is kept), as a service manager would in production.
(
  while :; do
    .venv/bin/celery -A csp_assessment worker -B -s var/celerybeat-schedule --loglevel=INFO \
      --concurrency=2 -n demo@%h &
    CELERY_PID=$!
    trap 'kill "$CELERY_PID" 2>/dev/null; wait "$CELERY_PID" 2>/dev/null; exit 0' TERM INT
    wait "$CELERY_PID" || true
    echo "The worker stopped; starting it again in 5 seconds."
    sleep 5
  done
) >var/worker.log 2>&1 &
WORKER_PID=$!
trap 'kill "$WORKER_PID" 2>/dev/null || true; wait "$WORKER_PID" 2>/dev/null || true' EXIT INT TERM
echo
echo "Worker started (pid $WORKER_PID, log in var/worker.log)."
echo "Open http://${DEMO_ADDRESS:-127.0.0.1:8000} and sign in with one of the accounts above. Ctrl+C stops both."
echo
$PY manage.py runserver "${DEMO_ADDRESS:-127.0.0.1:8000}" --noreload
