"""The command line's profiling streams a file of any size (issue 20, goal 6): the memory the
re-identification profile (with few classes) and the fairness figures take does not grow with
the rows. Measured with tracemalloc on generated files read as they are produced, 10 000
against 100 000 rows: memory, not time, so the figure does not depend on the machine's load
(benchmarks/cli_profiling.py measures the processes on 1 and 10 million rows)."""

from __future__ import annotations

import io
import tracemalloc

from riskassess.core.fairness import fairness_csv
from riskassess.core.reidentification import profile_csv

HEADER = b"sexe;groupe;diagnostic;decision;reel\n"


class GeneratedRows(io.RawIOBase):
    """A CSV of `count` rows made as it is read: the file itself is never in memory."""

    def __init__(self, count: int):
        self.count, self.made, self.pending = count, 0, HEADER

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while len(self.pending) < len(buffer) and self.made < self.count:
            rows = range(self.made, min(self.made + 1000, self.count))
            self.pending += b"".join(
                b"%s;%s;%s;%d;%d\n" % (b"FM"[i % 2:i % 2 + 1], b"ABCD"[i % 4:i % 4 + 1],
                                       b"diag%d" % (i % 7), i % 3 == 0, i % 5 == 0)
                for i in rows)
            self.made = rows.stop
        size = min(len(buffer), len(self.pending))
        buffer[:size], self.pending = self.pending[:size], self.pending[size:]
        return size


def peak_kib(measure, rows: int) -> float:
    tracemalloc.start()
    try:
        measure(io.BufferedReader(GeneratedRows(rows), 64 * 1024))
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def test_profile_and_fairness_memory_do_not_grow_with_the_rows():
    measures = {
        "profile": lambda stream: profile_csv(stream, ["sexe", "groupe"], "diagnostic",
                                              max_rows=None),
        "fairness": lambda stream: fairness_csv(stream, "groupe", "decision", "reel", "1",
                                                max_rows=None),
    }
    for name, measure in measures.items():
        small, large = peak_kib(measure, 10_000), peak_kib(measure, 100_000)
        # ten times the rows; a measure that kept its rows would take about ten times the memory
        assert large < 1.5 * small + 64, (name, small, large)


def test_the_generated_file_has_its_rows():
    report = profile_csv(io.BufferedReader(GeneratedRows(1234)), ["sexe"], max_rows=None)
    assert report.rows == 1234
