#!/usr/bin/env bash
# Every benchmark at full size, one after the other (the test run only checks, in
# tests/benchmarks, that each still runs at its smallest size); each prints its table and
# writes its figures to benchmarks/results/*.json. PostgreSQL figures too for scale.py:
#   RISKASSESS_BENCH_DATABASE_URL=postgresql://user@host/db ./benchmarks/run_all.sh
# report_pdf.py runs only when WeasyPrint is installed (see benchmarks/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts=(scoring scale throughput mixed_load profiling csv_hostile approval startup)
if .venv/bin/python -c "import weasyprint" 2>/dev/null; then
  scripts+=(report_pdf)
else
  echo "(report_pdf.py skipped: WeasyPrint is not installed)"
fi
for script in "${scripts[@]}"; do
  echo "== benchmarks/$script.py"
  .venv/bin/python "benchmarks/$script.py"
  echo
done
