"""Measured fairness: hand-computed figures, Fairlearn's definitions, bad inputs."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskassess.core.csvdata import CsvError
from riskassess.core.fairness import fairness_csv

# group A: 10 people, 6 selected; group B: 10 people, 3 selected
#   labels A: of the 6 selected, 5 truly positive; of the 4 rejected, 1 truly positive
#   labels B: of the 3 selected, 2 truly positive; of the 7 rejected, 3 truly positive
ROWS = ([("A", 1, 1)] * 5 + [("A", 1, 0)] + [("A", 0, 1)] + [("A", 0, 0)] * 3
        + [("B", 1, 1)] * 2 + [("B", 1, 0)] + [("B", 0, 1)] * 3 + [("B", 0, 0)] * 4)


def to_csv(rows, header=("groupe", "decision", "reel"), delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(buffer.getvalue().encode())


def test_hand_computed_figures():
    report = fairness_csv(to_csv(ROWS), "groupe", "decision", "reel").to_dict()
    assert report["groups"]["A"] == {"n": 10, "selection_rate": 0.6, "tpr": round(5 / 6, 6),
                                     "fpr": 0.25}
    assert report["groups"]["B"] == {"n": 10, "selection_rate": 0.3, "tpr": 0.4,
                                     "fpr": 0.2}
    assert report["demographic_parity_difference"] == 0.3
    assert report["demographic_parity_ratio"] == 0.5
    assert report["four_fifths_flag"] is True
    assert report["equal_opportunity_difference"] == round(5 / 6 - 0.4, 6)
    assert report["equalized_odds_difference"] == round(5 / 6 - 0.4, 6)  # > FPR gap 0.05
    assert [w["code"] for w in report["warnings"]] == ["small_group", "small_group"]


def test_without_labels_the_error_rate_measures_are_null():
    report = fairness_csv(to_csv([r[:2] for r in ROWS], ("g", "d")), "g", "d").to_dict()
    assert report["equal_opportunity_difference"] is None
    assert report["equalized_odds_difference"] is None
    assert report["groups"]["A"]["tpr"] is None


@pytest.mark.parametrize(
    ("values", "positive"),
    [(("oui", "non"), "oui"), (("Yes", "No"), "Yes"), (("true", "false"), "true")],
)
def test_usual_positive_values_are_recognised(values, positive):
    rows = [("A", values[0]), ("A", values[1]), ("B", values[1]), ("B", values[0])]
    assert fairness_csv(to_csv(rows, ("g", "d")), "g", "d").positive == positive


@pytest.mark.parametrize(
    ("rows", "kwargs", "code"),
    [
        ([("A", 1), ("A", 0)], {}, "single_group"),
        ([("A", 0), ("B", 0)], {}, "no_positive"),
        ([("A", "ok"), ("B", "ko")], {}, "positive_needed"),
        ([("A", "ok"), ("B", "ko")], {"positive": "valide"}, "no_positive"),
        ([("A", 1), ("B", 0)], {"label": "missing"}, "unknown_column"),
    ],
)
def test_bad_inputs(rows, kwargs, code):
    with pytest.raises(CsvError) as info:
        fairness_csv(to_csv(rows, ("g", "d")), "g", "d", **kwargs)
    assert info.value.code == code


import fairlearn.metrics as fairlearn  # noqa: E402 -- the reference implementation (dev extra)

samples = st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(0, 1),
                             st.integers(0, 1)), min_size=8, max_size=120)


@settings(max_examples=60, deadline=None)
@given(samples)
def test_figures_equal_fairlearns(rows):
    groups = {g for g, _, _ in rows}
    if len(groups) < 2 or not any(d for _, d, _ in rows):
        return
    report = fairness_csv(to_csv(rows), "groupe", "decision", "reel", positive="1")
    g = [r[0] for r in rows]
    y_pred = [r[1] for r in rows]
    y_true = [r[2] for r in rows]
    assert report.demographic_parity_difference == pytest.approx(
        fairlearn.demographic_parity_difference(y_true, y_pred, sensitive_features=g), abs=1e-6)
    assert report.demographic_parity_ratio == pytest.approx(
        fairlearn.demographic_parity_ratio(y_true, y_pred, sensitive_features=g), abs=1e-6)
    assert 0 <= report.demographic_parity_ratio <= 1
    if all(any(t for gg, _, t in rows if gg == grp) for grp in groups) and all(
            any(not t for gg, _, t in rows if gg == grp) for grp in groups):
        assert report.equal_opportunity_difference == pytest.approx(
            fairlearn.equal_opportunity_difference(y_true, y_pred, sensitive_features=g),
            abs=1e-6)
        assert report.equalized_odds_difference == pytest.approx(
            fairlearn.equalized_odds_difference(y_true, y_pred, sensitive_features=g),
            abs=1e-6)
