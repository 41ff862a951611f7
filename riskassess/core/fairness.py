"""Fairness of a sample of decisions, per group, with Fairlearn's definitions.

Per group: size, selection rate (share of positive decisions), and with true labels the true
and false positive rates. Overall:

* demographic parity difference = max − min selection rate;
* demographic parity ratio = min / max selection rate; the "four-fifths rule" flags a ratio
  below 0.8 — a prima facie test from US employment law, not a universal threshold;
* equal opportunity difference = max − min true positive rate (needs labels);
* equalized odds difference = the larger of the TPR and FPR differences (needs labels).

One streaming pass; memory grows with the number of groups only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, BinaryIO

from riskassess.core.csvdata import MAX_ROWS, CsvError, open_csv

SMALL_GROUP = 30
POSITIVE_GUESSES = (("1", "0"), ("true", "false"), ("yes", "no"), ("oui", "non"),
                    ("accepted", "rejected"), ("accepte", "refuse"))


@dataclass
class GroupCounts:
    n: int = 0
    selected: int = 0
    tp: int = 0  # decision positive, label positive
    fn: int = 0
    fp: int = 0
    tn: int = 0

    @property
    def selection_rate(self) -> float:
        return self.selected / self.n

    @property
    def tpr(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def fpr(self) -> float | None:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else None


@dataclass
class FairnessReport:
    rows: int
    group: str
    decision: str
    label: str | None
    positive: str
    groups: dict[str, GroupCounts]
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def _spread(self, rates: list[float | None]) -> float | None:
        known = [r for r in rates if r is not None]
        return round(max(known) - min(known), 6) if len(known) >= 2 else None

    @property
    def demographic_parity_difference(self) -> float:
        rates = [g.selection_rate for g in self.groups.values()]
        return round(max(rates) - min(rates), 6)

    @property
    def demographic_parity_ratio(self) -> float:
        rates = [g.selection_rate for g in self.groups.values()]
        return round(min(rates) / max(rates), 6)

    @property
    def four_fifths_flag(self) -> bool:
        return self.demographic_parity_ratio < 0.8

    @property
    def equal_opportunity_difference(self) -> float | None:
        if self.label is None:
            return None
        return self._spread([g.tpr for g in self.groups.values()])

    @property
    def equalized_odds_difference(self) -> float | None:
        if self.label is None:
            return None
        tpr = self._spread([g.tpr for g in self.groups.values()])
        fpr = self._spread([g.fpr for g in self.groups.values()])
        known = [d for d in (tpr, fpr) if d is not None]
        return max(known) if known else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "group": self.group,
            "decision": self.decision,
            "label": self.label,
            "positive": self.positive,
            "groups": {
                name: {"n": g.n, "selection_rate": round(g.selection_rate, 6),
                       "tpr": None if g.tpr is None else round(g.tpr, 6),
                       "fpr": None if g.fpr is None else round(g.fpr, 6)}
                for name, g in sorted(self.groups.items())
            },
            "demographic_parity_difference": self.demographic_parity_difference,
            "demographic_parity_ratio": self.demographic_parity_ratio,
            "four_fifths_flag": self.four_fifths_flag,
            "equal_opportunity_difference": self.equal_opportunity_difference,
            "equalized_odds_difference": self.equalized_odds_difference,
            "warnings": self.warnings,
        }


def _guess_positive(values: set[str]) -> str:
    """The positive value of usual binary codings (1/0, true/false, yes/no, oui/non…)."""
    by_lower = {v.lower(): v for v in values}
    for positive, negative in POSITIVE_GUESSES:
        if set(by_lower) <= {positive, negative}:
            return by_lower.get(positive, positive)
    raise CsvError("positive_needed", "say which decision value is the positive one "
                   f"(values found: {', '.join(sorted(values)[:10])})",
                   values=", ".join(sorted(values)[:10]))


def fairness_csv(stream: BinaryIO, group: str, decision: str, label: str | None = None,
                 positive: str | None = None, max_rows: int | None = MAX_ROWS) -> FairnessReport:
    table = open_csv(stream, max_rows)  # None: no row limit
    g_index, d_index = table.index(group), table.index(decision)
    l_index = table.index(label) if label else None
    # counts per (group, decision value, label value): the positive value may be decided at
    # the end, when all decision values are known
    raw: dict[tuple[str, str, str | None], int] = {}
    for row in table.rows():
        key = (row[g_index], row[d_index], row[l_index] if l_index is not None else None)
        raw[key] = raw.get(key, 0) + 1
    if not raw:
        raise CsvError("no_rows", "the file has a header but no data rows")
    decisions = {d for _, d, _ in raw}
    if positive is None:
        positive = _guess_positive(decisions)
    elif positive not in decisions:
        raise CsvError("no_positive", f"no decision has the positive value '{positive}'",
                       positive=positive)
    groups: dict[str, GroupCounts] = {}
    for (name, value, truth), count in raw.items():
        counts = groups.setdefault(name, GroupCounts())
        counts.n += count
        chosen = value == positive
        counts.selected += count if chosen else 0
        if l_index is not None:
            actual = truth == positive
            attr = ("tp" if actual else "fp") if chosen else ("fn" if actual else "tn")
            setattr(counts, attr, getattr(counts, attr) + count)
    if len(groups) < 2:
        raise CsvError("single_group", f"only one group in column '{group}': fairness "
                       "compares groups", column=group)
    if not any(g.selected for g in groups.values()):
        raise CsvError("no_positive", f"no decision has the positive value '{positive}'",
                       positive=positive)
    warnings = [{"code": "small_group", "group": name, "n": g.n}
                for name, g in sorted(groups.items()) if g.n < SMALL_GROUP]
    if l_index is not None:
        warnings += [{"code": "no_positive_label", "group": name}
                     for name, g in sorted(groups.items()) if g.tpr is None]
    return FairnessReport(table.rows_read, group, decision, label, positive, groups, warnings)
