#!/usr/bin/env bash
# The production server: gunicorn serving riskassess.wsgi:app (see docs/deployment.md).
# Run `flask --app riskassess init-db` once per release before starting the servers.
#
#   SECRET_KEY=... RISKASSESS_AUDIT_KEY_FILE=/etc/riskassess/audit_keys \
#   DATABASE_URL=postgresql://... ./scripts/serve.sh [extra gunicorn options]
#
# BIND (default 127.0.0.1:${PORT:-8000}), WEB_CONCURRENCY (workers, default CPUs + 1),
# GUNICORN_THREADS (1), GUNICORN_TIMEOUT (60 s) and RISKASSESS_ENV (production) come from the
# environment; gunicorn also reads GUNICORN_CMD_ARGS. The application is loaded once, before
# the workers are forked (--preload), so a worker replaced after --max-requests starts at once.
set -euo pipefail
cd "$(dirname "$0")/.."

export RISKASSESS_ENV=${RISKASSESS_ENV:-production}
if [ "$RISKASSESS_ENV" = production ] && [ -z "${SECRET_KEY:-}" ]; then
  echo "serve.sh: SECRET_KEY is not set (every app server needs the same one); generate it" \
       "with: python3 -c 'import secrets; print(secrets.token_hex(32))'" >&2
  exit 1
fi
if [ "$RISKASSESS_ENV" = production ] && [ -z "${RISKASSESS_AUDIT_KEY_FILE:-}" ]; then
  echo "serve.sh: RISKASSESS_AUDIT_KEY_FILE is not set (the keys that seal the audit trail," \
       "the same file on every app server); create it once with:" \
       "python -m riskassess.audit_key_tool /etc/riskassess/audit_keys" >&2
  exit 1
fi
# CPUs + 1: pages are CPU-bound, more workers only add switching (benchmarks/README.md);
# raise it when the database is remote and slow to answer.
workers=${WEB_CONCURRENCY:-$(( $(nproc) + 1 ))}

exec .venv/bin/gunicorn \
  --bind "${BIND:-127.0.0.1:${PORT:-8000}}" \
  --workers "$workers" \
  --threads "${GUNICORN_THREADS:-1}" \
  --timeout "${GUNICORN_TIMEOUT:-60}" \
  --graceful-timeout 30 \
  --max-requests 2000 --max-requests-jitter 200 \
  --preload \
  --error-logfile - \
  "$@" \
  riskassess.wsgi:app
