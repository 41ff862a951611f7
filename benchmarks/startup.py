"""Benchmark: how long a command takes before its first line of work (issue 20, goal 5).

Each command runs --runs times as its own process, as an operator types it, on a SQLite
database holding the demo data, and is timed from its start to the first line it prints and
to its exit (output unbuffered). `list-assessments` does one query and prints a line per
assessment: its time to exit is start-up plus that query, and is what the goal is checked on.
The other commands show what their own work adds.
  * python: `python -c pass` (the interpreter alone);
  * flask + sqlalchemy: `python -c "import flask, sqlalchemy.orm"` (the floor of any command
    of a Flask and SQLAlchemy application);
  * `flask --app riskassess list-assessments` (the whole application built: pages, API,
    migrations, questionnaire files), for comparison;
  * `riskassess list-assessments`, `verify-audit`, `export-json 1 <file>` and `score 1`
    (cli/main.py: the database commands' lighter application; `score` reads the
    questionnaire files, `verify-audit` checks the chain and the approved versions);
  * `riskassess profile-csv` on a two-row file (run without any application).
Also, in this process, the import of riskassess.app, create_app() and the migrations timed
together. Prints medians, ratios to the floor and the goal (<= 0.5 s), and writes
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
STARTUP = ("flask list-assessments", "riskassess list-assessments")  # checked against GOAL_S
REPO = Path(__file__).resolve().parents[1]
FLASK = str(Path(sys.executable).with_name("flask"))
RISKASSESS = str(Path(sys.executable).with_name("riskassess"))  # the project's console script


def timed(args: list[str], env: dict) -> tuple[float, float]:
    """Seconds to the first line printed (to the exit when nothing is), and to the exit."""
    start = time.perf_counter()
    with subprocess.Popen(args, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL) as process:
        first = process.stdout.readline()
        first_line = time.perf_counter() - start
        process.stdout.read()
        code = process.wait()
    ended = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"{' '.join(args)} failed ({code})")
    return (first_line if first else ended), ended


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
        app = migrated_app(url, LOG_LEVEL="WARNING")  # imports riskassess.app, builds the app
        in_process = time.perf_counter() - start
        with app.app_context():
            from riskassess.jobs import seed_demo

            seed_demo()
        sample = Path(folder) / "two.csv"
        sample.write_text("sexe,groupe\nF,A\nM,B\n", encoding="utf-8")
        exported = str(Path(folder) / "exported.json")
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "benchmark-only",
               "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1"}
        commands = {
            "python": [sys.executable, "-c", "pass"],
            "flask + sqlalchemy": [sys.executable, "-c", "import flask, sqlalchemy.orm"],
            "flask list-assessments": [FLASK, "--app", "riskassess", "list-assessments"],
            "riskassess list-assessments": [RISKASSESS, "list-assessments"],
            "riskassess verify-audit": [RISKASSESS, "verify-audit"],
            "riskassess export-json": [RISKASSESS, "export-json", "1", exported],
            "riskassess score": [RISKASSESS, "score", "1"],
            "riskassess profile-csv": [RISKASSESS, "profile-csv", str(sample), "--qi", "sexe"],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _run in range(args.runs):
            for name, command in commands.items():  # interleaved: drift hits all alike
                times[name].append(timed(command, env))
    floor = statistics.median(ended for _first, ended in times["flask + sqlalchemy"])
    results = {"machine_start": machine(), "runs": args.runs,
               "bytecode_compiled": any((REPO / "riskassess").rglob("__pycache__/*.pyc")),
               "migrations_and_app_in_process_s": in_process, "goal_s": GOAL_S,
               "commands": {}}
    print(f"{'command':<28} {'first line s':>12} {'exit s':>7} {'min exit s':>10} "
          f"{'exit x floor':>12} {'goal':>6}")
    for name, values in times.items():
        first = statistics.median(v[0] for v in values)
        ended = statistics.median(v[1] for v in values)
        measured = name in STARTUP
        results["commands"][name] = {
            "first_line_median_s": first, "exit_median_s": ended,
            "exit_min_s": min(v[1] for v in values), "exit_ratio_to_floor": ended / floor,
            "meets_goal": ended <= GOAL_S if measured else None, "times_s": values}
        verdict = ("meets" if ended <= GOAL_S else "below") if measured else ""
        print(f"{name:<28} {first:>12.3f} {ended:>7.3f} {min(v[1] for v in values):>10.3f} "
              f"{ended / floor:>12.2f} {verdict:>6}")
    print(f"goal: a command at work within {GOAL_S} s, checked on list-assessments' time to "
          "exit (its work is one query)")
    results["machine_end"] = machine()
    print(machine_line().replace("at the start", "at the end"))
    print(f"figures written to {write_results('startup', results)}")


if __name__ == "__main__":
    main()
