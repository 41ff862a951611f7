"""Benchmark: how long a command takes before its first line of work (issue 20, goal 5).

Each command runs --runs times as its own process, as an operator types it, on a migrated but
empty SQLite database, and is timed from start to exit (its own work is one SELECT or a
two-row file, so the time is start-up):
  * python: `python -c pass` (the interpreter alone);
  * flask + sqlalchemy: `python -c "import flask, sqlalchemy.orm"` (the floor of any command
    of a Flask and SQLAlchemy application);
  * list-assessments: `flask --app riskassess list-assessments`, and the same through
    `riskassess list-assessments` (cli/main.py: the Flask CLI, the application built);
  * profile-csv: `flask --app riskassess profile-csv` on a two-row file, and
    `riskassess profile-csv` (cli/main.py: run without building the application).
Also, in this process, the import of riskassess.app and create_app() timed apart. Prints
medians, ratios to the floor and the goal (<= 0.5 s), and writes
benchmarks/results/startup.json.

Bytecode: where PYTHONDONTWRITEBYTECODE is set (this project's CI machines set it) and the
project's modules were never compiled, every command compiles them again (an installed package
has them compiled by pip). The line printed first says which case the figures are; to measure
the other, run `python -m compileall -q riskassess` first (it writes git-ignored __pycache__
folders) and remove them after.

    .venv/bin/python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine, machine_line, migrated_app, sqlite_url, write_results

GOAL_S = 0.5
REPO = Path(__file__).resolve().parents[1]
FLASK = str(Path(sys.executable).with_name("flask"))
RISKASSESS = str(Path(sys.executable).with_name("riskassess"))  # the project's console script


def timed(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(machine_line())
    compiled = any((REPO / "riskassess").rglob("__pycache__/*.pyc"))
    print(f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}; the "
          f"project's bytecode {'is' if compiled else 'is not'} compiled")
    with tempfile.TemporaryDirectory(prefix="riskassess-bench-") as folder:
        url = sqlite_url(Path(folder))
        start = time.perf_counter()
        migrated_app(url, LOG_LEVEL="WARNING")  # imports riskassess.app and creates the app
        in_process = time.perf_counter() - start
        sample = Path(folder) / "two.csv"
        sample.write_text("sexe,groupe\nF,A\nM,B\n", encoding="utf-8")
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "benchmark-only",
               "LOG_LEVEL": "WARNING"}
        commands = {
            "python": [sys.executable, "-c", "pass"],
            "flask + sqlalchemy": [sys.executable, "-c", "import flask, sqlalchemy.orm"],
            "list-assessments": [FLASK, "--app", "riskassess", "list-assessments"],
            "profile-csv": [FLASK, "--app", "riskassess", "profile-csv", str(sample),
                            "--qi", "sexe"],
            "riskassess list-assessments": [RISKASSESS, "list-assessments"],
            "riskassess profile-csv": [RISKASSESS, "profile-csv", str(sample), "--qi", "sexe"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _run in range(args.runs):
            for name, command in commands.items():  # interleaved: drift hits all alike
                times[name].append(timed(command, env))
    floor = statistics.median(times["flask + sqlalchemy"])
    results = {"machine_start": machine(), "runs": args.runs,
               "bytecode_compiled": any((REPO / "riskassess").rglob("__pycache__/*.pyc")),
               "migrations_and_app_in_process_s": in_process, "commands": {}}
    print(f"{'command':<28} {'median s':>9} {'min s':>7} {'x floor':>8}")
    for name, values in times.items():
        median = statistics.median(values)
        results["commands"][name] = {"median_s": median, "min_s": min(values),
                                     "ratio_to_floor": median / floor, "times_s": values}
        print(f"{name:<28} {median:>9.3f} {min(values):>7.3f} {median / floor:>8.2f}")
    for name in ("list-assessments", "profile-csv", "riskassess list-assessments",
                 "riskassess profile-csv"):
        median = results["commands"][name]["median_s"]
        print(f"{name}: {median:.2f} s to exit, goal {GOAL_S} s: "
              f"{'meets' if median <= GOAL_S else 'below'}")
    results["machine_end"] = machine()
    print(machine_line().replace("at the start", "at the end"))
    print(f"figures written to {write_results('startup', results)}")


if __name__ == "__main__":
    main()
