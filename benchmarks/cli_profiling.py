"""Benchmark: `profile-csv` and `fairness-csv` on files of 1 000 000 and 10 000 000 rows, as an
operator runs them, with their time and peak memory.

The web refuses uploads past 20 MB or 500 000 rows; the commands read the operator's file of
any size, streamed (riskassess/cli/evidence.py). For each size a 10-column CSV is written to a
temporary folder (profiling.py's generated people, about 55 bytes a row), then each command runs
as its own process (`riskassess ...`, what an operator types: the console script starts these
two commands without the application, riskassess/cli/main.py), timed from start to exit, its
peak resident memory read from the kernel (wait4's ru_maxrss):
  * baseline: a Python process reading the file with csv.reader and counting rows (the cost
    of reading it at all, start-up included);
  * fairness: `fairness-csv --group groupe --decision decision --label reel --positive 1`;
  * profile, few classes: `profile-csv --qi sexe,groupe --sensitive diagnostic` (8 classes:
    memory should not grow with rows);
  * profile, many classes: `profile-csv --qi code_postal,annee_naissance,sexe` (classes
    grow with the rows, and with them the memory: printed, not hidden).
Prints time, rows per second, the ratio to the baseline and peak memory, and the memory ratio
between the sizes; writes benchmarks/results/cli_profiling.json.

    .venv/bin/python benchmarks/cli_profiling.py [--rows 1000000 10000000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine, machine_line, write_results
from profiling import write_rows

RISKASSESS = str(Path(sys.executable).with_name("riskassess"))
FILE = "{file}"  # where the command takes the CSV file
COMMANDS = {
    "baseline": [sys.executable, "-c",
                 "import csv, sys; f = open(sys.argv[1], newline='', encoding='utf-8'); "
                 "print(sum(1 for _ in csv.reader(f, delimiter=';')))", FILE],
    "fairness": [RISKASSESS, "fairness-csv", FILE, "--group", "groupe", "--decision",
                 "decision", "--label", "reel", "--positive", "1", "--json"],
    "profile, few classes": [RISKASSESS, "profile-csv", FILE, "--qi", "sexe,groupe",
                             "--sensitive", "diagnostic", "--json"],
    "profile, many classes": [RISKASSESS, "profile-csv", FILE, "--qi",
                              "code_postal,annee_naissance,sexe", "--json"],
}


def run(command: list[str], path: Path, env: dict) -> dict:
    """One process: wall time, peak resident memory (MiB), exit status."""
    args = [str(path) if part == FILE else part for part in command]
    start = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    error = process.stderr.read().decode()[-300:] if status else ""
    process.stderr.close()
    return {"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024, "status": status,
            "error": error}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    args = parser.parse_args()
    print(machine_line())
    results: dict = {"machine_start": machine(), "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="riskassess-bench-") as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(folder) / 'cli.sqlite3'}",
               "SECRET_KEY": "benchmark-only", "LOG_LEVEL": "WARNING"}
        for rows in args.rows:
            path = Path(folder) / f"people-{rows}.csv"
            start = time.perf_counter()
            with path.open("w", encoding="utf-8", newline="") as out:
                write_rows(out, rows)
            size = path.stat().st_size
            print(f"-- {rows:,} rows, {size / 1048576:.0f} MiB (written in "
                  f"{time.perf_counter() - start:.0f} s)")
            figures = {name: run(command, path, env) for name, command in COMMANDS.items()}
            base = figures["baseline"]["seconds"]
            print(f"{'command':<22} {'seconds':>8} {'rows/s':>10} {'x baseline':>10} "
                  f"{'peak MiB':>9} {'exit':>5}")
            for name, row in figures.items():
                row["ratio_to_baseline"] = row["seconds"] / base
                print(f"{name:<22} {row['seconds']:>8.1f} {rows / row['seconds']:>10,.0f} "
                      f"{row['ratio_to_baseline']:>10.2f} {row['peak_mib']:>9.0f} "
                      f"{row['status']:>5}{'  ' + row['error'] if row['error'] else ''}")
            results["sizes"][str(rows)] = {"bytes": size, "commands": figures}
            path.unlink()
    sizes = [str(r) for r in args.rows]
    if len(sizes) > 1:
        first, last = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
        for name in COMMANDS:
            ratio = last["commands"][name]["peak_mib"] / first["commands"][name]["peak_mib"]
            print(f"peak memory {sizes[-1]} / {sizes[0]} rows, {name}: {ratio:.2f}")
    results["machine_end"] = machine()
    print(machine_line().replace("at the start", "at the end"))
    print(f"figures written to {write_results('cli_profiling', results)}")


if __name__ == "__main__":
    main()
