"""Every benchmark still runs to its end and prints its table (issue 20's figures come from
them, and CI does not run them at their real sizes): each script once, at the smallest size it
accepts, in a process of its own, its JSON written to the test's folder. Nothing here is timed
or compared with a goal: what a run prints at these sizes says nothing of the application's
speed.

The benchmarks make their own databases. In the SQLite pass every script runs; in the
PostgreSQL pass the two that also measure on PostgreSQL (scale.py, mixed_load.py) run on the
test server, in schemas of their own (benchmarks/common.py), and the others are skipped.
report_pdf.py is left out: it compares with WeasyPrint, which is not a dependency.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
POSTGRES = os.environ.get("RISKASSESS_TEST_DATABASE_URL")

# script: (arguments, a line of its table, runs on PostgreSQL too)
RUNS = {
    "scoring.py": (["--runs", "5", "--warmup", "1"], "to_dict", False),
    "scale.py": (["--sizes", "1000", "2000", "--runs", "1"], "register p10", True),
    "approval.py": (["--runs", "1", "--levels", "1"], "approval's request", False),
    "startup.py": (["--runs", "1"], "goal: a command at work within 0.5 s", False),
    "profiling.py": (["--rows", "2000", "--repeat", "1"], "peak memory", False),
    "csv_hostile.py": (["--repeat", "1"], "long_name", False),
    "cli_profiling.py": (["--rows", "1000", "2000"], "peak memory 2000 / 1000 rows", False),
    "throughput.py": (["--duration", "1", "--warmup", "0.5", "--rounds", "1"],
                      "of the bare endpoint's throughput", False),
    "mixed_load.py": (["--users", "6", "--assessments", "10", "--duration", "2", "--warmup",
                       "1"], "goal p99 < 100 ms: met by", True),
}


def test_every_benchmark_is_listed():
    scripts = {p.name for p in BENCHMARKS.glob("*.py")}
    helpers = {"common.py", "bare_app.py", "gunicorn_server.py", "loadgen.py",
               "mixed_actions.py", "report_sizes.py", "scale_data.py"}
    assert scripts - helpers - {"report_pdf.py"} == set(RUNS)


@pytest.mark.parametrize("script", sorted(RUNS))
def test_the_benchmark_runs_to_its_end(script, tmp_path):
    arguments, table_line, on_postgres = RUNS[script]
    if POSTGRES and not on_postgres:
        pytest.skip("measures on SQLite or files only: run in the SQLite pass")
    environment = {**os.environ, "RISKASSESS_BENCH_RESULTS": str(tmp_path)}
    environment.pop("RISKASSESS_BENCH_DATABASE_URL", None)
    if POSTGRES:
        environment["RISKASSESS_BENCH_DATABASE_URL"] = POSTGRES
        if script == "mixed_load.py":
            arguments = [*arguments, "--databases", "postgresql"]
    done = subprocess.run([sys.executable, script, *arguments], cwd=BENCHMARKS,
                          env=environment, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert table_line in done.stdout, done.stdout[-3000:]
    written = list(tmp_path.glob("*.json"))
    assert len(written) == 1, written
    figures = json.loads(written[0].read_text(encoding="utf-8"))
    assert figures and str(written[0]) in done.stdout
    if POSTGRES:
        assert "postgresql" in json.dumps(figures), "no figure measured on PostgreSQL"
