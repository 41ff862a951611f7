#!/usr/bin/env bash
# The run command: sets everything up and serves the app on http://127.0.0.1:5000
# (PORT=8000 ./scripts/run.sh for another port), with the background worker that sends the
# e-mail outbox and the reminders (stopped with the server). Safe to run again: migrations
# and demo data are applied only once.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
.venv/bin/flask --app riskassess init-db
.venv/bin/flask --app riskassess seed-demo
export RISKASSESS_PUBLIC_URL="${RISKASSESS_PUBLIC_URL:-http://127.0.0.1:${PORT:-5000}}"
.venv/bin/flask --app riskassess worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "riskassess: http://127.0.0.1:${PORT:-5000}  (demo logins in README.md)"
.venv/bin/flask --app riskassess run --host 127.0.0.1 --port "${PORT:-5000}"
