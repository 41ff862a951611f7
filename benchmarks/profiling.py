"""Benchmark: re-identification profiling and fairness on generated CSV samples.

Generates 10-column CSVs of 10 000 and 100 000 rows, then measures, in the same run, the time
and peak Python memory (tracemalloc) of:
  * baseline: a plain csv.reader pass over the file (the cost of just reading it);
  * profile_csv with 3 quasi-identifiers and a sensitive attribute (classes grow with rows),
    and with 2 quasi-identifiers making 8 classes (memory should stay flat);
  * fairness_csv with a group, a decision and a true outcome.
Prints a table, the ratios to the baseline and the memory ratio between the two sizes, and
writes the figures as JSON (benchmarks/results/profiling.json).

    .venv/bin/python benchmarks/profiling.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import statistics
import time
import tracemalloc

from riskassess.core.fairness import fairness_csv
from riskassess.core.reidentification import profile_csv

HEADER = ["id", "nom", "code_postal", "annee_naissance", "sexe", "revenu", "groupe",
          "decision", "reel", "diagnostic"]


def write_rows(out, rows: int, seed: int = 7) -> None:
    """The header and `rows` generated people, as CSV (semicolons) into the text stream."""
    rng = random.Random(seed)
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    for i in range(rows):
        group = rng.choice("ABCD")
        writer.writerow([
            i, f"Nom{rng.randrange(5000)}", f"{rng.randrange(1, 96):02d}{rng.randrange(1000):03d}"
            [:5], rng.randrange(1940, 2006), rng.choice("FM"), rng.randrange(10_000, 90_000),
            group, int(rng.random() < (0.6 if group == "A" else 0.4)), rng.randrange(2),
            rng.choice(["asthme", "diabète", "grippe", "aucun"]),
        ])


def generate(rows: int, seed: int = 7) -> bytes:
    buffer = io.StringIO()
    write_rows(buffer, rows, seed)
    return buffer.getvalue().encode("utf-8")


def baseline(data: bytes) -> int:
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=""),
                        delimiter=";")
    return sum(1 for _ in reader)


def profile(data: bytes):
    return profile_csv(io.BytesIO(data), ["code_postal", "annee_naissance", "sexe"],
                       "diagnostic", max_rows=10_000_000)


def profile_few_classes(data: bytes):
    return profile_csv(io.BytesIO(data), ["sexe", "groupe"], "diagnostic",
                       max_rows=10_000_000)


def fairness(data: bytes):
    return fairness_csv(io.BytesIO(data), "groupe", "decision", "reel", "1",
                        max_rows=10_000_000)


def measure(function, data: bytes, repeat: int) -> dict:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(data)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    function(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"median_s": statistics.median(times), "peak_mib": peak / 1048576}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [args.rows // 10, args.rows]
    results: dict = {"sizes": sizes, "runs": {}}
    print(f"{'rows':>8} {'task':<10} {'median s':>9} {'peak MiB':>9} {'x baseline':>10}")
    for rows in sizes:
        data = generate(rows)
        runs = {name: measure(fn, data, args.repeat)
                for name, fn in (("baseline", baseline), ("profile", profile),
                                 ("profile_8", profile_few_classes), ("fairness", fairness))}
        classes = profile(data).class_count
        for name, figures in runs.items():
            ratio = figures["median_s"] / runs["baseline"]["median_s"]
            figures["ratio_to_baseline"] = ratio
            print(f"{rows:>8} {name:<10} {figures['median_s']:>9.3f} {figures['peak_mib']:>9.2f}"
                  f" {ratio:>10.2f}")
        runs["classes"] = classes
        results["runs"][rows] = runs
    small, large = (results["runs"][s] for s in sizes)
    notes = {"profile": f"{small['classes']} -> {large['classes']} classes",
             "profile_8": "8 classes", "fairness": "4 groups"}
    for name, note in notes.items():
        growth = large[name]["peak_mib"] / small[name]["peak_mib"]
        results[f"{name}_memory_growth"] = growth
        print(f"{name}: peak memory x{growth:.2f} for x10 rows ({note})")
    from common import write_results  # here: the generators above are used without Flask

    print(f"figures written to {write_results('profiling', results)}")


if __name__ == "__main__":
    main()
