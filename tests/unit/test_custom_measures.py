"""Measures of the owner's own as questions (core/custom_measures.py): an effect stated on
risks lowers them the way the questionnaire's measures do; "no effect stated" lowers nothing
and needs neither risks nor justification."""

from __future__ import annotations

import pytest

from riskassess.core.custom_measures import (
    CustomMeasureError,
    Definition,
    check,
    question,
)

RISKS = ("illegitimate_access", "disappearance")


def test_an_effect_is_stated_on_risks_and_justified():
    with pytest.raises(CustomMeasureError) as error:
        check("", [], "likelihood", "", RISKS)
    assert error.value.problems == {"title": "required", "risks": "required",
                                    "justification": "required"}
    assert check(" Revue ", ["disappearance", "disappearance"], "both", " Parce que. ",
                 RISKS) == ("Revue", ("disappearance",), "both", "Parce que.")
    with pytest.raises(CustomMeasureError):
        check("Revue", ["no_such_risk"], "none", "", RISKS)


def test_no_effect_stated_lowers_nothing():
    assert check("Chiffrement", [], "none", "", RISKS) == ("Chiffrement", (), "none", "")
    measure = question(Definition(7, "Chiffrement", ("illegitimate_access",), "none", ""))
    assert measure.id == "custom_7" and measure.type == "measure" and measure.addresses == ()
    stated = question(Definition(8, "Revue", ("illegitimate_access",), "severity", "x"))
    assert [(e.risk, e.severity_minus, e.likelihood_minus) for e in stated.addresses] == [
        ("illegitimate_access", 1, 0)]
