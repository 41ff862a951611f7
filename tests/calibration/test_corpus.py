"""The reference corpus (tests/calibration/cases): every case obtains the screening verdict,
AI Act tier, conclusion and top residual risks written from the texts. A case whose gap is
known and explained (`known_gap`) is a strict expected failure: the test says so the day the
tool reaches the expected value, so that the gap is closed in the case file too."""

from __future__ import annotations

import pytest

from tests.calibration.corpus import catalogue, load_cases, mismatches, obtained

CASES = load_cases()
CATALOGUE = catalogue()


def test_corpus_is_large_enough_and_mostly_low_risk_cases_count():
    templates = {c.template for c in CASES if c.template}
    assert len(CASES) >= 24
    assert sum(c.low_risk for c in CASES) >= 8
    assert templates == set(CATALOGUE.templates)
    assert templates == {c.template for c in CASES if c.variant == "realistic"}
    for case in CASES:
        assert all(case.why[name].strip() for name in case.expected), case.id


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=c.known_gap)]
                 if c.known_gap else [])
    for c in CASES])
def test_case_obtains_what_the_texts_say(case):
    assert mismatches(case, obtained(case, CATALOGUE)) == []


def test_obtained_is_deterministic():
    case = next(c for c in CASES if c.template == "bank_fraud" and c.variant == "realistic")
    first, second = obtained(case, CATALOGUE), obtained(case, CATALOGUE)
    assert {k: v for k, v in first.items() if k != "profile"} == \
        {k: v for k, v in second.items() if k != "profile"}
