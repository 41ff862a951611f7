"""Re-identification profile of a CSV sample, computed in one streaming pass.

For the chosen quasi-identifiers (QI): the equivalence classes (records sharing their QI
values), k = the size of the smallest class (k-anonymity), the share of records that are
unique on the QIs, the distribution of class sizes, and — for a sensitive attribute — the
l-diversity (the smallest number of distinct sensitive values in a class). Each column is also
checked for personal data (see `pii`). Memory grows with the number of classes, not of rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any, BinaryIO

from riskassess.core.csvdata import MAX_ROWS, CsvError, open_csv
from riskassess.core.pii import SAMPLE_VALUES, detect, is_quasi_identifier, sample_size


@dataclass
class ReidentificationProfile:
    rows: int
    quasi_identifiers: list[str]
    sensitive: str | None
    k: int
    unique_share: float
    class_count: int
    class_sizes: dict[int, int]  # class size -> number of classes of that size
    l_diversity: int | None
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    encoding: str = "utf-8"
    delimiter: str = ","

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "quasi_identifiers": self.quasi_identifiers,
            "sensitive": self.sensitive,
            "k": self.k,
            "unique_share": self.unique_share,
            "class_count": self.class_count,
            "class_sizes": {str(size): n for size, n in sorted(self.class_sizes.items())},
            "l_diversity": self.l_diversity,
            "columns": self.columns,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
        }


def profile_csv(stream: BinaryIO, quasi_identifiers: list[str] | None = None,
                sensitive: str | None = None, max_rows: int | None = MAX_ROWS
                ) -> ReidentificationProfile:
    """Profile a CSV in one pass. The first rows (at most SAMPLE_VALUES) are held to detect
    personal data; without chosen quasi-identifiers, the detected ones (dates of birth,
    postcodes, sex, age, coordinates) are used."""
    table = open_csv(stream, max_rows)  # None: no row limit
    chosen = list(dict.fromkeys(quasi_identifiers or []))
    for column in [*chosen, *([sensitive] if sensitive else [])]:
        table.index(column)  # unknown columns are refused before reading the rows
    if sensitive and sensitive in chosen:
        raise CsvError("sensitive_is_qi", f"'{sensitive}' cannot be both a quasi-identifier "
                       "and the sensitive attribute", column=sensitive)
    rows = table.rows(strip=False)  # only the values used below are stripped
    head = [[value.strip() for value in row] for row in islice(rows, SAMPLE_VALUES)]
    if not head:
        raise CsvError("no_rows", "the file has a header but no data rows")
    columns = {}
    size = sample_size(len(table.header))
    for index, name in enumerate(table.header):
        kind = detect(name, (row[index] for row in head), size)
        columns[name] = {"pii": kind, "quasi_identifier": is_quasi_identifier(kind)}
    if not chosen:
        chosen = [n for n, info in columns.items() if info["quasi_identifier"] and n != sensitive]
    qi_index = [table.index(c) for c in chosen]
    s_index = table.index(sensitive) if sensitive else None
    counts: Counter[tuple[str, ...]] = Counter()
    diversity: dict[tuple[str, ...], set[str]] = {}
    for row in chain(head, rows):
        key = tuple(row[i].strip() for i in qi_index)
        counts[key] += 1
        if s_index is not None:
            diversity.setdefault(key, set()).add(row[s_index].strip())
    total = table.rows_read
    sizes = Counter(counts.values())
    return ReidentificationProfile(
        rows=total,
        quasi_identifiers=chosen,
        sensitive=sensitive,
        k=min(counts.values()),
        unique_share=round(sizes.get(1, 0) / total, 6),
        class_count=len(counts),
        class_sizes=dict(sizes),
        l_diversity=min(len(v) for v in diversity.values()) if s_index is not None else None,
        columns=columns,
        encoding=table.encoding,
        delimiter=table.delimiter,
    )
