"""CNIL PIA files: command-line export and import (round trip on the demo assessments, a
realistic CNIL file), web upload and download."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from riskassess.core.loader import load_catalogue
from riskassess.extensions import db
from riskassess.interchange.cnil.mapping import TEXT_QUESTIONS, from_pia
from riskassess.models import Assessment, AuditEvent, User
from riskassess.services.demo import ORGANISATION_FACTS
from tests import cnil_validity
from tests.conftest import EMAILS, post

ROOT = Path(__file__).resolve().parents[2]
REALISTIC = ROOT / "tests" / "data" / "cnil_pia_realistic.json"
AIPD = load_catalogue(ROOT / "questionnaires").questionnaires["aipd"]
OWNER = EMAILS["owner"]


def mapped(document: dict) -> dict:
    """What an export → import → export must keep: the fields that map both ways (measures
    and their evaluations by title, since hidden measures are not exported)."""
    pia, titles = document["pia"], {m["id"]: m["title"] for m in document["measures"]}

    def key(reference: str) -> str:
        parts = reference.split(".")
        return f"3.1 {titles[int(parts[2])]}" if parts[:2] == ["3", "1"] else reference

    texts = {a["reference_to"]: a["data"]["text"].split(
        "<p>Réponses au questionnaire riskassess :</p>")[0]
        for a in document["answers"] if a["reference_to"] in TEXT_QUESTIONS}
    return {
        "name": pia["name"],
        "dpo_opinion": pia["dpo_opinion"],
        "subjects": (pia["concerned_people_searched_opinion"], pia["concerned_people_opinion"]),
        "texts": {reference: text for reference, text in texts.items() if text},
        "measures": {m["title"]: m["content"] for m in document["measures"]},
        "evaluations": {key(e["reference_to"]): (e["status"], e["evaluation_comment"],
                                                 e["action_plan_comment"], e["gauges"])
                        for e in document["evaluations"]},
    }


def assert_same_mapped_fields(first: dict, second: dict) -> None:
    a, b = mapped(first), mapped(second)
    # a measure shown only under a condition on a choice answer is stored, but hidden (and so
    # not exported) until the owner gives that choice again
    conditional = {q.text.fr for q in AIPD.questions if q.type == "measure" and q.show_if}
    assert b["measures"].items() <= a["measures"].items()
    assert {t for t in a["measures"] if t not in conditional} <= set(b["measures"])
    # the review (DPO opinion, evaluations, adjusted gauges) is not an act of the importing
    # instance: it is kept as provenance (assert_review_kept_as_provenance), not re-exported
    assert not b["dpo_opinion"]
    for part in ("name", "subjects", "texts"):
        assert a[part] == b[part], part


def assert_review_kept_as_provenance(document: dict, assessment: Assessment) -> None:
    """What the file said of its review is the imported draft's provenance, word for word,
    and no evaluation, adjustment or opinion of this instance."""
    content = from_pia(document, AIPD)
    record = assessment.imported_review or {}
    assert (record.get("opinion") or None) == (content.dpo_opinion or None)
    assert [(e["module"], e["status"], e["comment"]) for e in record.get("evaluations", [])] \
        == [(m, status, comment or None) for m, (status, comment) in content.evaluations.items()]
    assert [(a["risk"], a["severity"], a["likelihood"]) for a in record.get("adjustments", [])] \
        == [(r, str(s), str(li)) for r, (s, li, _why) in content.adjustments.items()]
    assert not assessment.evaluations and not assessment.adjustments
    assert assessment.dpo_opinion is None and assessment.decided_by is None


def _review_the_submitted_one(in_app, demo) -> None:
    from riskassess.services import review

    def run():
        assessment = db.session.get(Assessment, demo["assessments"]["submitted"])
        dpo = db.session.get(User, demo["users"]["dpo"])
        review.evaluate(dpo, assessment, "context", "acceptable", "")
        review.evaluate(dpo, assessment, "principles", "to_improve", "Préciser la base légale.")
        review.evaluate(dpo, assessment, "security", "to_correct", "Sauvegardes & tests <à faire>.")
        review.adjust(dpo, assessment, "illegitimate_access", 2, 1, "Chiffrement vérifié.")
        owner = db.session.get(User, demo["users"]["owner"])
        draft = db.session.get(Assessment, demo["assessments"]["draft"])
        review.data_subjects(owner, draft, True, "Représentants du personnel consultés.")

    in_app(run)


def test_export_import_export_keeps_the_mapped_fields_of_every_demo_assessment(
        runner, demo, in_app, tmp_path):
    _review_the_submitted_one(in_app, demo)
    for status, assessment_id in demo["assessments"].items():
        first, second = tmp_path / f"{status}-1.json", tmp_path / f"{status}-2.json"
        result = runner.invoke(args=["export-pia", str(assessment_id), str(first)])
        assert result.exit_code == 0 and result.output.strip() == str(assessment_id)
        result = runner.invoke(args=["import-pia", str(first), "--owner", OWNER])
        assert result.exit_code == 0, result.output
        created = int(result.stdout.strip())
        assert created not in demo["assessments"].values()
        assert runner.invoke(args=["export-pia", str(created), str(second)]).exit_code == 0
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
        assert set(a) == {"pia", "answers", "measures", "evaluations", "comments"}
        assert a["pia"]["dbVersion"] and a["answers"][0]["reference_to"] == 111, status
        assert cnil_validity.problems(a) == [], status  # the CNIL tool's own rules
        assert_same_mapped_fields(a, b)
        stored = in_app(lambda: db.session.get(Assessment, created).answer_values())  # noqa: B023
        assert from_pia(a, AIPD).answers.items() <= stored.items(), status
        in_app(lambda: assert_review_kept_as_provenance(  # noqa: B023
            a, db.session.get(Assessment, created)))  # noqa: B023
        assert mapped(a)["texts"][111] and mapped(a)["texts"][211], status
    submitted = json.loads((tmp_path / "submitted-1.json").read_text(encoding="utf-8"))
    evaluations = {e["reference_to"]: e for e in submitted["evaluations"]}
    assert evaluations["3.2"]["gauges"] == {"x": 2, "y": 1}
    assert evaluations["2.1.212"]["status"] == 2 and evaluations["1.1"]["status"] == 3
    approved = json.loads((tmp_path / "approved-1.json").read_text(encoding="utf-8"))
    assert approved["pia"]["status"] == 2 and approved["pia"]["dpo_status"] == 1
    assert len(approved["measures"]) > 10


def test_round_trip_keeps_the_review_of_the_submitted_assessment_as_provenance(
        runner, demo, in_app, tmp_path):
    _review_the_submitted_one(in_app, demo)
    path = tmp_path / "submitted.json"
    runner.invoke(args=["export-pia", str(demo["assessments"]["submitted"]), str(path)])
    created = int(runner.invoke(args=["import-pia", str(path), "--owner", OWNER]).stdout)

    def check():
        assessment = db.session.get(Assessment, created)
        assert assessment.status == "draft" and assessment.owner.email == OWNER
        assert not assessment.evaluations and not assessment.adjustments
        record = assessment.imported_review
        assert [(e["module"], e["status"], e["comment"]) for e in record["evaluations"]] == [
            ("context", "acceptable", None),
            ("principles", "to_improve", "Préciser la base légale."),
            ("security", "to_correct", "Sauvegardes & tests <à faire>.")]
        assert [(a["risk"], a["severity"], a["likelihood"], a["justification"])
                for a in record["adjustments"]] == [
            ("illegitimate_access", "2", "1", "Chiffrement vérifié.")]
        answers = assessment.answer_values()
        # status and how the measure is applied both come back
        assert answers["sec_access_control"] == ORGANISATION_FACTS["sec_access_control"]
        assert answers["sec_access_control"]["description"]
        assert "ctx_sector" not in answers  # the CNIL format has no sector: left to the owner
        assert "212" in {k["reference"] for k in assessment.pia_kept["principles"]}

    in_app(check)


def test_import_of_a_realistic_cnil_file(runner, demo, in_app):
    result = runner.invoke(args=["import-pia", str(REALISTIC), "--owner", OWNER])
    assert result.exit_code == 0, result.output
    created = int(result.stdout.strip())
    assert "kept in the step 'principles': [212] Fondement" in result.stderr
    assert "[3.1.41]" not in result.stderr  # a measure: now one of the owner's own

    def check():
        assessment = db.session.get(Assessment, created)
        assert assessment.title == "Télésuivi des patients diabétiques à domicile"
        assert assessment.status == "draft" and assessment.owner.email == OWNER
        answers = assessment.answer_values()
        assert {k for k in answers if not k.startswith("custom_")} == {
            "ctx_processing", "ctx_controller", "ctx_standards", "ctx_lifecycle",
            "ctx_purposes", "ctx_processors"}
        assert answers["ctx_purposes"].startswith("1. Assurer le suivi médical à distance")
        assert "Saint-Éloi" in answers["ctx_controller"]
        record = assessment.imported_review
        assert {e["module"]: e["status"] for e in record["evaluations"]} == {
            "context": "to_improve", "principles": "to_improve", "security": "to_correct"}
        assert sorted((a["risk"], a["severity"], a["likelihood"])
                      for a in record["adjustments"]) == [
            ("disappearance", "2", "1"), ("illegitimate_access", "3", "1")]
        assert record["opinion"].startswith("Avis favorable sous réserve")
        assert assessment.dpo_opinion is None
        assert not assessment.evaluations and not assessment.adjustments
        assert assessment.data_subjects_sought
        assert assessment.data_subjects_opinion.startswith("Le panel de 40 patients")
        description = assessment.description
        assert assessment.pia_estimates["illegitimate_access"]["severity"] == 3
        assert {k["reference"] for k in assessment.pia_kept["context"]} >= {"121", "123"}
        assert "[3.2]" not in assessment.description  # the estimates hold it now
        own = {m.title: (m.risks, m.effect, answers.get(f"custom_{m.id}"))
               for m in assessment.custom_measures}
        assert len(own) == 6 and own["Sauvegardes"] == ([], "none", {
            "status": "planned", "owner": "DSI", "due": "2024-09-30",
            "description": "Sauvegarde quotidienne chez l'hébergeur ; tests de restauration à "
                           "prévoir."})
        assert own["Chiffrement"][:2] == (["illegitimate_access"], "none")  # no level moves
        for kept in ("[pia.status] Statut du PIA CNIL\nvalidation simple",

                     "[comment 212] Commentaire — Fondement"):
            assert kept in description, kept
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "assessment.imported", AuditEvent.target_id == created))
        assert event.details["format"] == "cnil-pia" and "212" in event.details["unmapped"]

    in_app(check)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a JSON document"),
        ('{"format": "riskassess.assessment", "version": 1}', "/: 'pia' is a required property"),
        ('{"pia": {}, "answers": [{"reference_to": 111, "data": {}}, {"reference_to": "212",'
         ' "data": {}}]}', "/answers/1/reference_to: '212' is not of type 'integer'"),
        ('{"pia": {"status": 9}, "answers": []}',
         "/pia/status: 9 is greater than the maximum of 4"),
    ],
)
def test_malformed_files_are_refused_in_one_line(runner, demo, in_app, tmp_path, content,
                                                 message):
    path = tmp_path / "pia.json"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["import-pia", str(path), "--owner", OWNER])
    assert result.exit_code == 1 and message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert in_app(lambda: db.session.scalar(select(db.func.count(Assessment.id)))) == 4


def test_import_needs_an_owner(runner, demo):
    result = runner.invoke(args=["import-pia", str(REALISTIC)])
    assert result.exit_code == 1 and "--owner" in result.output
    result = runner.invoke(args=["import-pia", str(REALISTIC), "--owner", EMAILS["dpo"]])
    assert result.exit_code == 1 and "may not create assessments" in result.output


def test_web_import_reports_and_shows_what_was_not_mapped(as_role):
    client = as_role("owner")
    assert "import-pia" in client.get("/assessments").get_data(as_text=True)
    assert client.get("/assessments/import-pia").status_code == 200
    response = post(client, "/assessments/import-pia",
                    {"document": (io.BytesIO(REALISTIC.read_bytes()), "pia.json")},
                    content_type="multipart/form-data", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "pia.status, pia.category, 121" in page  # the flash lists what was kept aside
    assert "[3.1.45]" not in page
    principles = client.get(f"{response.request.path}/modules/principles").get_data(
        as_text=True)
    assert 'id="from-pia"' in principles and "[212] Fondement" in principles
    assert "Mesures propres" in page  # the CNIL measures that are not ours: the owner's own
    step = client.get(f"{response.request.path}/modules/custom_measures").get_data(
        as_text=True)  # the page the import led to: /assessments/<id>
    assert "balises &lt;script&gt; refusées" in step and "<script> refusées" not in step
    assert "Avis favorable sous réserve" in page and "Le panel de 40 patients" in page
    assert "Les journaux d&#39;accès ne figurent pas dans le cycle de vie." in page


def test_web_import_refuses_malformed_files_with_the_reason(as_role):
    client = as_role("owner")
    bad = post(client, "/assessments/import-pia",
               {"document": (io.BytesIO(b'{"pia": {}, "answers": [{"reference_to": true}]}'),
                             "pia.json")}, content_type="multipart/form-data")
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)  # every problem, each with its path
    assert "/answers/0: &#39;data&#39; is a required property" in page
    assert "/answers/0/reference_to: True is not of type &#39;integer&#39;" in page
    bad = post(client, "/assessments/import-pia",
               {"document": (io.BytesIO(b"\xff{x"), "pia.json")},
               content_type="multipart/form-data")
    assert bad.status_code == 422 and "pas un document JSON" in bad.get_data(as_text=True)


def test_web_import_is_for_owners(client, as_role):
    assert as_role("dpo").get("/assessments/import-pia").status_code == 403


def test_web_export_download(as_role, demo):
    client = as_role("owner")
    draft = demo["assessments"]["draft"]
    assert f"/assessments/{draft}/export.pia.json" in client.get(
        f"/assessments/{draft}").get_data(as_text=True)
    response = client.get(f"/assessments/{draft}/export.pia.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=assessment-{draft}.pia.json")
    document = json.loads(response.data)
    assert document["pia"]["status"] == 0 and document["answers"][0]["reference_to"] == 111


def test_web_export_follows_the_view_permission(as_role, demo):
    client = as_role("auditor")
    assert client.get(f"/assessments/{demo['assessments']['draft']}/export.pia.json"
                      ).status_code == 404
    assert client.get(f"/assessments/{demo['assessments']['approved']}/export.pia.json"
                      ).status_code == 200
