"""Issue 14, points 8 and 11: imported documents are validated against the published JSON
Schema (jsonschema) before anything is written; every problem is listed with its path; a
measurement that lacks a figure, a negative revision, a level of 1e400, an unknown status or
sector, a title that is an object are refused; what passes can always be displayed."""

from __future__ import annotations

import copy
import io
import json

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import func, select

from riskassess.extensions import db
from riskassess.interchange import document_schema
from riskassess.interchange.portability import DocumentError, import_document
from riskassess.models import Assessment
from tests.conftest import EMAILS, post

FAIRNESS = {"kind": "fairness", "filename": "decisions.csv",
            "parameters": {"group": "groupe", "decision": "decision"},
            "results": {"rows": 20, "group": "groupe", "decision": "decision", "label": None,
                        "positive": "1",
                        "groups": {"A": {"n": 10, "selection_rate": 0.6, "tpr": None,
                                         "fpr": None},
                                   "B": {"n": 10, "selection_rate": 0.2, "tpr": None,
                                         "fpr": None}},
                        "demographic_parity_difference": 0.4,
                        "demographic_parity_ratio": 0.333333,
                        "four_fifths_flag": True, "equal_opportunity_difference": None,
                        "equalized_odds_difference": None, "warnings": []}}


@pytest.fixture
def exported(as_role, demo):
    owner = as_role("owner")
    return owner, owner.get(f"/assessments/{demo['assessments']['approved']}/export.json").json


def count(in_app) -> int:
    return in_app(lambda: db.session.scalar(select(func.count(Assessment.id))))


def test_the_published_schema_is_a_valid_schema_and_every_export_passes(exported):
    schema = json.loads((document_schema.SCHEMAS / "assessment-v1.schema.json").read_text(
        encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    _owner, document = exported
    assert document_schema.problems(document) == []


def test_a_measurement_without_its_figures_is_refused_and_nothing_is_written(exported, in_app):
    owner, document = exported
    broken = copy.deepcopy(FAIRNESS)
    del broken["results"]["demographic_parity_ratio"]
    document["measurements"] = [broken]
    before = count(in_app)
    response = post(owner, "/assessments/import",
                    {"document": (io.BytesIO(json.dumps(document).encode()), "a.json")},
                    content_type="multipart/form-data")
    assert response.status_code == 422
    assert "/measurements/0" in response.get_data(as_text=True)
    assert count(in_app) == before


def test_every_problem_is_listed_with_its_path(exported, in_app):
    _owner, document = exported
    document["assessment"].update(revision=-1, status="validated", title={"x": 1})
    document["adjustments"] = [{"risk": "opacity", "severity": float("inf"),
                                "likelihood": 2, "justification": "j"}]
    problems = document_schema.problems(document)
    paths = {problem.split(":")[0] for problem in problems}
    assert {"/assessment/revision", "/assessment/status", "/assessment/title",
            "/adjustments/0/severity"} <= paths
    def run():
        from riskassess.services.users import find_by_email

        with pytest.raises(DocumentError) as refused:
            import_document(find_by_email(EMAILS["owner"]), document)
        message = str(refused.value)
        for path in ("/assessment/revision", "/assessment/status", "/assessment/title",
                     "/adjustments/0/severity"):
            assert path in message, path

    in_app(run)


def test_a_level_of_1e400_in_the_file_text_is_refused(exported, in_app):
    owner, document = exported
    text = json.dumps(document).replace('"revision": 1,', '"revision": 1e400,', 1)
    assert "1e400" in text
    response = post(owner, "/assessments/import",
                    {"document": (io.BytesIO(text.encode()), "a.json")},
                    content_type="multipart/form-data")
    assert response.status_code == 422 and "/assessment/revision" in response.get_data(
        as_text=True)


def test_unknown_sector_template_module_and_risk_are_refused(exported, in_app):
    _owner, document = exported
    document["assessment"].update(sector="piracy", template="nope")
    document["evaluations"] = [{"module": "nope", "status": "acceptable"}]
    document["adjustments"] = [{"risk": "nope", "severity": 2, "likelihood": 2}]

    def run():
        from riskassess.services.users import find_by_email

        with pytest.raises(DocumentError) as refused:
            import_document(find_by_email(EMAILS["owner"]), document)
        for path in ("/assessment/sector", "/assessment/template", "/evaluations/0/module",
                     "/adjustments/0/risk"):
            assert path in str(refused.value), path

    in_app(run)


def test_a_valid_measurement_imports_and_every_page_shows_it(exported):
    owner, document = exported
    document["measurements"] = [FAIRNESS]
    response = post(owner, "/assessments/import",
                    {"document": (io.BytesIO(json.dumps(document).encode()), "a.json")},
                    content_type="multipart/form-data")
    assert response.status_code == 302
    created = response.headers["Location"].rstrip("/").split("/")[-1]
    for url in (f"/assessments/{created}", f"/assessments/{created}/evidence",
                f"/assessments/{created}/action-plan", f"/assessments/{created}/summary"):
        assert owner.get(url).status_code == 200, url
