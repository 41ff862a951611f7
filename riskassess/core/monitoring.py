"""Monitoring a decided assessment with new measurements: which figures of a new measurement
are worse than those of the measurement its decision relied on (the latest counted one of the
same kind, and for re-identification of the same stage). A worse figure makes the living DPIA
out of date (services/living.py); a better one does not: the decision stands on the figures
it saw.

Worse means, for re-identification, a smaller k (the smallest class of people sharing their
quasi-identifiers) or a larger share of people unique in the sample; for fairness, a smaller
demographic parity ratio or a larger gap of error rates between groups (the figures
core/evidence.py turns into risk levels)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from riskassess.core.i18n import both

FIGURES = {
    "k": both("core/monitoring", "k-anonymity (smallest class)"),
    "unique_share": both("core/monitoring", "share of unique people"),
    "demographic_parity_ratio": both("core/monitoring", "demographic parity ratio"),
    "error_gap": both("core/monitoring", "gap of error rates between groups"),
}
SMALLER_IS_WORSE = {"k", "demographic_parity_ratio"}


def _figures(kind: str, results: Mapping[str, Any]) -> dict[str, float]:
    if kind == "reidentification":
        found = {"k": results.get("k"), "unique_share": results.get("unique_share")}
    else:
        gaps = [results.get(key) for key in ("equal_opportunity_difference",
                                             "equalized_odds_difference")]
        gaps = [g for g in gaps if g is not None]
        found = {"demographic_parity_ratio": results.get("demographic_parity_ratio"),
                 "error_gap": max(gaps) if gaps else None}
    return {name: value for name, value in found.items() if isinstance(value, int | float)}


def comparable(kind: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Whether two measurements measure the same thing: the same kind, and for
    re-identification the same stage (before or after the declared protections)."""
    return kind != "reidentification" or old.get("stage", "protected") == new.get(
        "stage", "protected")


def worsened(kind: str, old: Mapping[str, Any], new: Mapping[str, Any]
             ) -> list[tuple[str, float, float]]:
    """The figures of `new` worse than in `old`: (figure, old value, new value)."""
    before, after = _figures(kind, old), _figures(kind, new)
    found = []
    for name, value in after.items():
        if name not in before:
            continue
        worse = value < before[name] if name in SMALLER_IS_WORSE else value > before[name]
        if worse:
            found.append((name, before[name], value))
    return found


def baseline(kind: str, new: Mapping[str, Any],
             counted: Iterable[tuple[str, Mapping[str, Any]]]) -> Mapping[str, Any] | None:
    """The latest counted measurement comparable with `new`, from (kind, results) in the
    order they were taken."""
    found = None
    for other_kind, results in counted:
        if other_kind == kind and comparable(kind, results, new):
            found = results
    return found
