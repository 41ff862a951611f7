#!/usr/bin/env bash
# The run command: sets everything up and serves the app on http://127.0.0.1:5000
# (PORT=8000 ./scripts/run.sh for another port). Safe to run again: migrations and demo
# data are applied only once.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
.venv/bin/flask --app riskassess init-db
.venv/bin/flask --app riskassess seed-demo
echo "riskassess: http://127.0.0.1:${PORT:-5000}  (demo logins in README.md)"
exec .venv/bin/flask --app riskassess run --host 127.0.0.1 --port "${PORT:-5000}"
