#!/usr/bin/env bash
# One email of each notification kind and one daily digest, made by the real services,
# sent to a real SMTP server (aiosmtpd on a free loopback port) and printed as it was
# received. Usage: scripts/email-examples.sh [output file]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-$(mktemp)}"
PYTHON="${PYTHON:-.venv/bin/python}"
EMAIL_EXAMPLES="$(realpath "$OUT")" SECRET_KEY="${SECRET_KEY:-examples}" \
    VAR_DIR="${VAR_DIR:-$(mktemp -d)}" \
    "$PYTHON" -m pytest -p no:cacheprovider -q -p no:logging \
    tests/notifications/test_examples.py >&2
cat "$OUT"
