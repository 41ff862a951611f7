"""Issue 14, point 6: every free-text field has a limit (core/limits.py), enforced on every
path: the forms (the browser's maxlength too), the review actions, autosave, the JSON and CNIL
PIA imports; a refusal says why and stores nothing."""

from __future__ import annotations

import io
import json
import re

import pytest
from sqlalchemy import func, select

from riskassess.core import limits
from riskassess.extensions import db
from riskassess.models import Assessment, ReviewComment
from tests.conftest import give_opinion, post
from tests.web.test_owner import autosave

MEGABYTE = "é" * 1_000_000
# Files the test client sends are spooled to a temporary file it never closes past 500 KB:
# imports send one character over the limit instead (the limit is what is tested).
OVER = "é" * (limits.TEXT + 1)
TOO_LONG = "plus de 20\u202f000 caractères"


def stored(in_app, model=ReviewComment) -> int:
    return in_app(lambda: db.session.scalar(select(func.count(model.id))))


def message(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


@pytest.mark.parametrize(("url", "form"), [
    ("/assessments/{submitted}/comments", {"target": "assessment:", "body": MEGABYTE}),
    ("/assessments/{submitted}/evaluations", {"module_id": "context", "status": "to_improve",
                                              "comment": MEGABYTE}),
    ("/assessments/{submitted}/adjustments", {"risk_id": "opacity", "severity": "2",
                                              "likelihood": "2", "justification": MEGABYTE}),
    ("/assessments/{submitted}/opinion", {"action": "give_opinion", "opinion": "favourable",
                                          "text": MEGABYTE}),
])
def test_a_megabyte_in_a_review_field_is_refused(as_role, demo, in_app, url, form):
    dpo = as_role("dpo")
    submitted = demo["assessments"]["submitted"]
    before = stored(in_app)
    response = post(dpo, url.format(submitted=submitted), form, follow_redirects=True)
    assert response.status_code == 200
    assert TOO_LONG in message(response)
    assert stored(in_app) == before
    status = in_app(lambda: db.session.get(Assessment, submitted).status)
    assert status == "submitted"  # no decision either


def test_a_megabyte_in_the_decision_is_refused(as_role, demo, in_app):
    submitted = demo["assessments"]["submitted"]
    give_opinion(as_role("dpo"), submitted, "Avis favorable.")
    response = post(as_role("decider"), f"/assessments/{submitted}/decision",
                    {"action": "approve_with_conditions", "text": MEGABYTE},
                    follow_redirects=True)
    assert TOO_LONG in message(response)
    assert in_app(lambda: db.session.get(Assessment, submitted).status) == "opinion_given"


def test_a_megabyte_of_data_subjects_opinion_is_refused(as_role, demo, in_app):
    owner = as_role("owner")
    draft = demo["assessments"]["draft"]
    response = post(owner, f"/assessments/{draft}/data-subjects",
                    {"sought": "yes", "opinion": MEGABYTE}, follow_redirects=True)
    assert TOO_LONG in message(response)
    assert in_app(lambda: db.session.get(Assessment, draft).data_subjects_opinion) is None


def test_a_megabyte_description_is_refused_next_to_the_field_and_kept(as_role, demo, in_app):
    owner = as_role("owner")
    before = stored(in_app, Assessment)
    response = post(owner, "/assessments/new", {"title": "Projet", "description": MEGABYTE,
                                                "sector": "health"})
    assert response.status_code == 200 and stored(in_app, Assessment) == before
    page = response.get_data(as_text=True)
    assert MEGABYTE in page  # what was typed is still in the field
    assert re.search(r"20\s?000", page)  # and the limit is said


def test_a_megabyte_answer_is_refused_by_the_wizard_and_by_autosave(as_role, demo, in_app):
    owner = as_role("owner")
    draft = demo["assessments"]["draft"]
    version = in_app(lambda: db.session.get(Assessment, draft).version)
    saved = autosave(owner, draft, "context", {"ctx_processing": MEGABYTE}, version)
    assert saved.status_code == 422 and "ctx_processing" in saved.json["errors"]
    posted = post(owner, f"/assessments/{draft}/modules/context",
                  {"version": str(version), "ctx_processing": MEGABYTE})
    assert posted.status_code in (200, 422) and MEGABYTE in posted.get_data(as_text=True)
    answers = in_app(lambda: db.session.get(Assessment, draft).answer_values())
    assert answers.get("ctx_processing") != MEGABYTE


def test_the_forms_tell_the_browser_the_limits(as_role, demo):
    dpo = as_role("dpo")
    submitted = demo["assessments"]["submitted"]
    # a remark left open: the decision form then asks for a justification too
    post(dpo, f"/assessments/{submitted}/comments", {"target": "assessment:", "body": "À voir"})
    page = dpo.get(f"/assessments/{submitted}").get_data(as_text=True)
    for name in ("body", r"comment-\w+", "justification", "text"):
        fields = re.findall(rf'<(?:textarea|input)[^>]*name="{name}"[^>]*>', page)
        assert fields and all(f'maxlength="{limits.TEXT}"' in f for f in fields), name


def test_imports_refuse_texts_over_the_limit(as_role, demo, in_app):
    owner = as_role("owner")
    document = owner.get(f"/assessments/{demo['assessments']['draft']}/export.json").json
    document["assessment"]["description"] = OVER
    before = stored(in_app, Assessment)
    response = post(owner, "/assessments/import",
                    {"document": (io.BytesIO(json.dumps(document).encode()), "a.json")},
                    content_type="multipart/form-data")
    assert response.status_code == 422 and "/assessment/description" in message(response)
    pia = owner.get(f"/assessments/{demo['assessments']['draft']}/export.pia.json").json
    pia["answers"][0]["data"]["text"] = "<p>" + "x" * (limits.KEPT + 1) + "</p>"
    response = post(owner, "/assessments/import-pia",
                    {"document": (io.BytesIO(json.dumps(pia).encode()), "pia.json")},
                    content_type="multipart/form-data")
    assert response.status_code == 422 and "too long" in message(response)
    assert stored(in_app, Assessment) == before
