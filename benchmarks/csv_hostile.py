"""Benchmark: hostile CSV uploads cost about what a plain read of them costs (issue 14, 2).

Builds 20 MB files of the shapes an attacker would send, then measures in the same run, for
each, the median time of:
  * baseline: a plain csv.reader pass over the bytes (what reading the file costs anyway);
  * profile: core.profiling.profile_csv with the upload's limits (what the evidence page runs),
    including its refusal (too many columns, a column name too long, too many rows).
The shapes: `wide_refused` (one header line of 2.5 million short names), `wide_at_limit`
(MAX_COLUMNS columns, rows of that width), `long_lines` (a few columns, each value near the
csv module's field limit), `many_rows` (millions of tiny rows: refused at MAX_ROWS) and
`long_name` (one column name of 20 MB). Before the fix, the header check was quadratic: 60 000
columns kept a server worker busy past its 60 s timeout.

    .venv/bin/python benchmarks/csv_hostile.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import machine, write_results  # noqa: E402
from riskassess.core.csvdata import MAX_COLUMNS, MAX_FIELD, CsvError  # noqa: E402
from riskassess.core.reidentification import profile_csv  # noqa: E402

SIZE = 20 * 1024 * 1024


def _fill(header: str, row: str) -> bytes:
    count = max(1, (SIZE - len(header)) // len(row))
    return (header + row * count).encode()


def shapes() -> dict[str, bytes]:
    names = ",".join(f"c{i}" for i in range(MAX_COLUMNS))
    return {
        "wide_refused": (",".join("c" for _ in range(SIZE // 2)) + "\n").encode(),
        "wide_at_limit": _fill(names + "\n", ",".join("1" for _ in range(MAX_COLUMNS)) + "\n"),
        "long_lines": _fill("a,b,c\n", ",".join("x" * (MAX_FIELD * 9) for _ in range(3))
                            + "\n"),
        "many_rows": _fill("a,b\n", "1,2\n"),
        "long_name": ("a," + "n" * SIZE + "\n1,2\n").encode(),
    }


def baseline(data: bytes) -> None:
    csv.field_size_limit(sys.maxsize)  # read everything, as a plain read would
    for _ in csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")):
        pass


def profile(data: bytes) -> str:
    try:
        profile_csv(io.BytesIO(data))
        return "profiled"
    except CsvError as refused:
        return refused.code


def median(function, data: bytes, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    limit = csv.field_size_limit()
    results: dict = {"machine_before": machine(), "runs": {}}
    print(f"load average before: {results['machine_before']['load_average']}")
    print(f"{'shape':<14} {'MB':>5} {'baseline s':>10} {'profile s':>10} {'ratio':>6}  outcome")
    for name, data in shapes().items():
        base = median(baseline, data, args.repeat)
        csv.field_size_limit(limit)  # the application's own limit
        outcome = profile(data)
        took = median(profile, data, args.repeat)
        results["runs"][name] = {"mb": len(data) / 1048576, "baseline_s": base,
                                 "profile_s": took, "ratio": took / base, "outcome": outcome}
        print(f"{name:<14} {len(data) / 1048576:>5.1f} {base:>10.3f} {took:>10.3f} "
              f"{took / base:>6.2f}  {outcome}")
    results["machine_after"] = machine()
    print(f"load average after: {results['machine_after']['load_average']}")
    print(f"figures written to {write_results('csv_hostile', results)}")


if __name__ == "__main__":
    main()
