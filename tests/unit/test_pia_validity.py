"""CNIL PIA files as the CNIL tool sees them: our exports pass its validity rules
(tests/cnil_validity.py), and the known defects of its files are tolerated with a warning
naming the place."""

from __future__ import annotations

import json

import pytest

from riskassess.interchange.cnil.mapping import PiaError, RiskLevels, from_pia, to_pia
from tests.unit.test_pia import AIPD, CATALOGUE, _document, _source


def test_exports_pass_the_cnil_tools_validity_rules():
    """"To improve" on the context (which the CNIL tool does not offer there) is written "to
    correct"; a risk's "to improve" carries our levels as gauges; an empty comment is given
    the status's words."""
    from tests.cnil_validity import problems

    evaluations = {"context": ("to_improve", ""), "principles": ("to_improve", ""),
                   "security": ("to_improve", ""), "fairness": ("to_correct", "")}
    risks = {**_source().risks, "unwanted_modification": RiskLevels((2, 2), (2, 1))}
    with_measures = _source(evaluations=evaluations, adjustments={}, risks=risks)
    # without measures answered, the security evaluation goes to the risks (3.2-3.4)
    without = _source(evaluations=evaluations, adjustments={}, risks=risks,
                      answers={"ctx_processing": "Un traitement."})
    for lang in ("fr", "en"):
        for source in (with_measures, without):
            document = to_pia(source, AIPD, CATALOGUE.risks, lang)
            assert problems(document) == []
            by_reference = {e["reference_to"]: e for e in document["evaluations"]}
            assert by_reference["1.1"]["status"] == 1  # to correct, with its words
        assert by_reference["3.2"]["gauges"] == {"x": 3, "y": 2}  # illegitimate access
        # read back: the gauges equal the risk's own levels, so no adjustment is invented
        content = from_pia(json.loads(json.dumps(document)), AIPD, lang)
        assert content.adjustments == {}
        assert content.evaluations["security"][0] == "to_improve"


def test_known_defects_of_cnil_files_are_tolerated_with_a_warning_naming_the_place():
    """As in the CNIL app's own test file: an evaluation referenced "3.1.[object Object]",
    HTML entities, the older `rejected_reason` key, no `dbVersion`."""
    document = _document(evaluations=[
        {"reference_to": "3.1.[object Object]", "status": 2,
         "action_plan_comment": "<p>Chiffrer les sauvegardes&nbsp;&amp; tester</p>"},
        {"reference_to": "3.2", "status": 3, "gauges": {"x": 0, "y": 0}}])
    document["pia"].update(rejected_reason="Rapport &eacute;bauch&eacute;")
    assert "dbVersion" not in document["pia"]
    content = from_pia(document, AIPD)
    assert content.warnings == (
        "/evaluations/0/reference_to : «\u00a03.1.[object Object]\u00a0» n’est pas une "
        "référence (un défaut connu des fichiers de l’outil de la CNIL)\u00a0; cette évaluation "
        "est mise de côté",)
    assert from_pia(document, AIPD, "en").warnings == (
        "/evaluations/0/reference_to: '3.1.[object Object]' is not a reference (a known defect "
        "of files written by the CNIL tool); this evaluation is kept aside",)
    kept = {item.reference: item.text for item in content.unmapped}
    assert kept["evaluation 0"] == "Chiffrer les sauvegardes & tester"  # &nbsp; read as a space
    assert kept["pia.rejection_reason"] == "Rapport ébauché"
    assert content.evaluations == {"security": ("acceptable", "")}  # 3.2, the valid one
    # a reference of the wrong type is still refused: only the known defect is tolerated
    with pytest.raises(PiaError, match="/evaluations/0/reference_to"):
        from_pia(_document(evaluations=[{"reference_to": 32, "status": 3}]), AIPD)
