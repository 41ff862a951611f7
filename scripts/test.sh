#!/usr/bin/env bash
# The test command: installs what the tests need, then runs lint and the whole suite twice,
# on SQLite and on a PostgreSQL server started here on a loopback port.
#
#   ./scripts/test.sh            everything
#   ./scripts/test.sh -k review  extra arguments go to pytest (both runs)
set -euo pipefail
cd "$(dirname "$0")/.."

# 1. System packages (Debian): Chromium for the browser journeys, PostgreSQL, poppler-utils,
#    Node.js and npm for axe-core (the accessibility checks run in the browser).
packages=(chromium postgresql poppler-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
# node and npm may come from another source than Debian's packages: look for the commands.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]} (run as root or install them)" >&2
    exit 1
  fi
  echo "==> apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. Python packages in a virtual environment.
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
echo "==> pip install -e .[dev]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'

# 3. JavaScript used by the browser tests (axe-core), pinned by tests/e2e/package-lock.json;
#    installed again when the lock file is newer than what npm installed.
if [ ! -f tests/e2e/node_modules/axe-core/axe.min.js ] ||
   [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  echo "==> npm ci (tests/e2e)"
  (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi

# 4. Lint.
echo "==> ruff check"
.venv/bin/ruff check .

# 5. The suite on SQLite.
echo "==> pytest on SQLite"
.venv/bin/python -m pytest "$@"

# 6. The suite on a PostgreSQL server of our own (initdb + pg_ctl on 127.0.0.1).
echo "==> pytest on PostgreSQL"
source scripts/pg-test-server.sh
pg_test_server_start
trap pg_test_server_stop EXIT
RISKASSESS_TEST_DATABASE_URL="$PG_TEST_URL" .venv/bin/python -m pytest "$@"
