#!/usr/bin/env bash
# The test command: installs what the tests need, then runs lint and the whole suite twice,
# on SQLite and on a PostgreSQL server started here on a loopback port, in parallel over the
# cores (pytest-xdist), then the load tests on each database; prints each part's duration.
#
#   ./scripts/test.sh            everything
#   ./scripts/test.sh -k review  extra arguments go to pytest (every run)
#   RISKASSESS_TEST_WORKERS=1 ./scripts/test.sh   one pytest worker instead of one per core
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

# 1. System packages (Debian): Chromium for the browser journeys, PostgreSQL, poppler-utils,
#    Redis (the shared store of login throttling, tests/security/test_05_login_throttling.py),
#    Node.js and npm for axe-core (the accessibility checks run in the browser).
packages=(chromium postgresql poppler-utils redis-server)
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

# 4. Lint, then the suite on SQLite and on PostgreSQL, each in parallel over the cores
#    (pytest-xdist, one database per worker), then the load tests (gunicorn with several
#    workers: they need the whole machine) on each database. Each part is timed.
source scripts/pg-test-server.sh
summary=()
part_started=$started
begin() { echo "==> $1"; part_started=$(date +%s); }
finish() { summary+=("$(printf '%-28s %4d s' "$1" $(( $(date +%s) - part_started )))"); }
report() {
  local code=$?
  pg_test_server_stop
  echo
  echo "==> durations"
  printf '  %s\n' "${summary[@]}"
  printf '  %-28s %4d s\n' "total" $(( $(date +%s) - started ))
  exit "$code"
}
trap report EXIT

# pytest's exit code 5 means "no test selected": an error for the whole suite, expected when
# extra arguments select tests of one part only.
run_pytest() {
  local code=0
  .venv/bin/python -m pytest "$@" || code=$?
  if [ "$code" -eq 5 ] && [ "$extra" -gt 0 ]; then code=0; fi
  return "$code"
}
extra=$#
workers=${RISKASSESS_TEST_WORKERS:-auto}
finish "install"

begin "ruff check"
.venv/bin/ruff check .
finish "ruff"

begin "pytest on SQLite"
run_pytest -n "$workers" --dist worksteal -m "not load" "$@"
finish "SQLite"

begin "pytest on PostgreSQL"
pg_test_server_start
RISKASSESS_TEST_DATABASE_URL="$PG_TEST_URL" run_pytest -n "$workers" --dist worksteal \
  -m "not load" "$@"
finish "PostgreSQL"

begin "load tests on SQLite and PostgreSQL"
# only tests/load is collected (the load tests live there; -m load keeps the selection exact)
run_pytest tests/load -m load "$@"
RISKASSESS_TEST_DATABASE_URL="$PG_TEST_URL" run_pytest tests/load -m load "$@"
finish "load (both databases)"
