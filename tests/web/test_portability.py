"""JSON export and import (round trip), CSV exports of the risk register and action plan."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import post


def strip_times(value):
    if isinstance(value, dict):
        return {k: strip_times(v) for k, v in value.items() if k != "created_at"}
    if isinstance(value, list):
        return [strip_times(v) for v in value]
    return value


REVIEW = ("assessment", "comments", "evaluations", "adjustments")
REVIEW_FIELDS = ("status", "revision", "dpo_opinion", "opinion_kind", "opinion_by", "decision",
                 "decision_text", "decided_by")


def test_export_import_export_gives_the_same_document(runner, demo, tmp_path):
    approved = demo["assessments"]["approved"]
    first = tmp_path / "first.json"
    result = runner.invoke(args=["export-json", str(approved), str(first)])
    assert result.exit_code == 0 and result.output.strip() == str(approved)
    result = runner.invoke(args=["import-json", str(first)])
    assert result.exit_code == 0, result.output
    created = int(result.output.strip())
    assert created != approved
    second = tmp_path / "second.json"
    runner.invoke(args=["export-json", str(created), str(second)])
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
    assert a["format"] == "riskassess.assessment" and a["version"] == 1
    assert len(a["answers"]) > 30 and a["comments"] and a["assessment"]["status"] == "approved"
    # the content comes back whole...
    assert strip_times({k: v for k, v in a.items() if k not in REVIEW}) == strip_times(
        {k: v for k, v in b.items() if k not in REVIEW})
    kept = {k: v for k, v in a["assessment"].items() if k not in REVIEW_FIELDS}
    assert {k: v for k, v in b["assessment"].items() if k not in REVIEW_FIELDS} == \
        strip_times(kept) | {"created_at": b["assessment"]["created_at"]}
    # ...and the review is not an act of this instance: a new draft (tests/security/test_01)
    assert b["assessment"]["status"] == "draft" and b["assessment"]["revision"] == 1
    assert b["assessment"]["dpo_opinion"] is None
    assert not b["comments"] and not b["evaluations"] and not b["adjustments"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a JSON document"),
        ("[" * 100_000 + "]" * 100_000, "not a JSON document"),  # nested beyond recursion
        ('{"format": "pia"}', "not a riskassess assessment document"),
        ('{"format": "riskassess.assessment", "version": 9}', "unsupported document version"),
        ('{"format": "riskassess.assessment", "version": 1, "questionnaire": {"id": "aipd"},'
         ' "assessment": {"status": "draft"}, "answers": {"nope": 1}}', "unknown question"),
        ('{"format": "riskassess.assessment", "version": 1, "questionnaire": {"id": "aipd"},'
         ' "assessment": {"status": "draft"}, "answers": {"ctx_volume": "lots"}}',
         "answer to 'ctx_volume'"),
    ],
)
def test_malformed_documents_are_refused(runner, demo, tmp_path, content, message):
    path = tmp_path / "doc.json"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["import-json", str(path), "--owner",
                                 "owner@demo.riskassess.test"])
    assert result.exit_code != 0 and message in result.output


def test_web_exports_and_import(as_role, demo):
    client = as_role("owner")
    approved = demo["assessments"]["approved"]
    document = client.get(f"/assessments/{approved}/export.json")
    assert document.mimetype == "application/json"
    risks = list(csv.reader(io.StringIO(client.get(
        f"/assessments/{approved}/risks.csv").get_data(as_text=True))))
    assert risks[0][:3] == ["risk_id", "title", "pillar"] and len(risks) == 11
    assert risks[1][1] == "Accès illégitime à des données"
    plan = list(csv.reader(io.StringIO(client.get(
        f"/assessments/{approved}/action-plan.csv").get_data(as_text=True))))
    assert plan[0] == ["measure", "question_id", "risks", "owner", "due", "status"]
    assert any(row[5] == "planned" and row[3] == "Équipe data" for row in plan[1:])
    response = post(client, "/assessments/import",
                    {"document": (io.BytesIO(document.data), "a.json")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert "Analyse importée." in response.get_data(as_text=True)
    bad = post(client, "/assessments/import", {"document": (io.BytesIO(b"{x"), "a.json")},
               content_type="multipart/form-data")
    assert bad.status_code == 422 and "pas un document JSON" in bad.get_data(as_text=True)


def test_deeply_nested_upload_is_refused_not_a_server_error(as_role, demo):
    nested = ("[" * 100_000 + "]" * 100_000).encode()
    for url in ("/assessments/import", "/assessments/import-pia"):
        response = post(as_role("owner"), url, {"document": (io.BytesIO(nested), "a.json")},
                        content_type="multipart/form-data")
        assert response.status_code == 422
        assert "not a JSON document" in response.get_data(as_text=True) or \
            "pas un document JSON" in response.get_data(as_text=True)
