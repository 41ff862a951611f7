"""Moving assessments between instances: a versioned JSON document (export and import), and
CSV exports of the risk register and of the action plan.

The JSON format ("riskassess.assessment", version 1) is documented in docs/json-format.md.
Export → import → export gives the same document apart from identifiers and timestamps.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from riskassess.core.answers import AnswerError, parse_answers
from riskassess.core.profile import to_dict
from riskassess.core.workflow import Status
from riskassess.extensions import db
from riskassess.models import (
    Assessment,
    Measurement,
    ModuleEvaluation,
    ReviewComment,
    RiskAdjustment,
    User,
    utcnow,
)
from riskassess.services import audit, users
from riskassess.services.assessments import profile, store_answers
from riskassess.services.catalogue import catalogue, current_snapshot

FORMAT, VERSION = "riskassess.assessment", 1


class DocumentError(ValueError):
    """A document that cannot be imported, with the reason."""


def _time(value) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def export_document(assessment: Assessment) -> dict[str, Any]:
    comments = list(assessment.comments)
    position = {c.id: i for i, c in enumerate(comments)}
    return {
        "format": FORMAT,
        "version": VERSION,
        "questionnaire": {"id": assessment.questionnaire_id,
                          "version": assessment.questionnaire_version},
        "assessment": {
            "title": assessment.title, "description": assessment.description,
            "sector": assessment.sector, "status": assessment.status,
            "revision": assessment.revision, "template": assessment.template_id,
            "owner": assessment.owner.email,
            "dpo_opinion": assessment.dpo_opinion,
            "data_subjects_sought": assessment.data_subjects_sought,
            "data_subjects_opinion": assessment.data_subjects_opinion,
            "created_at": _time(assessment.created_at),
        },
        "answers": dict(sorted(assessment.answer_values().items())),
        "comments": [{"author": c.author.email if c.author else None, "kind": c.kind,
                      "body": c.body, "revision": c.revision, "target_type": c.target_type,
                      "target_id": c.target_id,
                      "reply_to": position.get(c.parent_id) if c.parent_id else None,
                      "created_at": _time(c.created_at)} for c in comments],
        "evaluations": [{"revision": e.revision, "module": e.module_id, "status": e.status,
                         "comment": e.comment, "author": e.author.email}
                        for e in assessment.evaluations],
        "adjustments": [{"revision": a.revision, "risk": a.risk_id, "severity": a.severity,
                         "likelihood": a.likelihood, "justification": a.justification,
                         "author": a.author.email} for a in assessment.adjustments],
        "measurements": [{"kind": m.kind, "filename": m.filename, "parameters": m.parameters,
                          "results": m.results, "created_at": _time(m.created_at)}
                         for m in assessment.measurements],
    }


def _user(email: str | None, fallback: User) -> User:
    found = users.find_by_email(email) if email else None
    return found if found is not None and found.organisation_id == fallback.organisation_id \
        else fallback


def import_document(importer: User, document: Any) -> Assessment:
    """Create an assessment in the importer's organisation from an exported document."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DocumentError("not a riskassess assessment document")
    if document.get("version") != VERSION:
        raise DocumentError(f"unsupported document version {document.get('version')!r}")
    try:
        meta, answers = document["assessment"], document["answers"]
        qid = document["questionnaire"]["id"]
    except (KeyError, TypeError) as exc:
        raise DocumentError(f"missing field {exc}") from None
    questionnaire = catalogue().questionnaires.get(qid)
    if questionnaire is None:
        raise DocumentError(f"unknown questionnaire '{qid}'")
    if meta.get("status") not in set(Status):
        raise DocumentError(f"unknown status {meta.get('status')!r}")
    try:
        parsed = parse_answers(questionnaire, answers or {})
    except LookupError as exc:
        raise DocumentError(str(exc)) from None
    except AnswerError as exc:
        raise DocumentError(f"answer to '{exc.question_id}': {exc}") from None
    owner = _user(meta.get("owner"), importer)
    assessment = Assessment(
        title=str(meta.get("title", ""))[:200] or "Import", description=meta.get("description")
        or "", sector=meta.get("sector") or "other", status=meta["status"],
        revision=int(meta.get("revision") or 1), template_id=meta.get("template"),
        organisation_id=importer.organisation_id, owner_id=owner.id,
        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
        snapshot=current_snapshot(), dpo_opinion=meta.get("dpo_opinion"),
        data_subjects_sought=bool(meta.get("data_subjects_sought")),
        data_subjects_opinion=meta.get("data_subjects_opinion"),
    )
    db.session.add(assessment)
    store_answers(assessment, parsed)
    db.session.flush()
    created: list[ReviewComment] = []
    for item in document.get("comments", []):
        parent = item.get("reply_to")
        comment = ReviewComment(
            author_id=_user(item.get("author"), importer).id, kind=item.get("kind", "comment"),
            body=item.get("body", ""), revision=item.get("revision", 1),
            target_type=item.get("target_type", "assessment"), target_id=item.get("target_id"),
            parent_id=created[parent].id if isinstance(parent, int) and parent < len(created)
            else None)
        assessment.comments.append(comment)
        db.session.flush()
        created.append(comment)
    for item in document.get("evaluations", []):
        assessment.evaluations.append(ModuleEvaluation(
            assessment_id=assessment.id, revision=item["revision"], module_id=item["module"],
            status=item["status"], comment=item.get("comment", ""),
            author_id=_user(item.get("author"), importer).id))
    for item in document.get("adjustments", []):
        assessment.adjustments.append(RiskAdjustment(
            assessment_id=assessment.id, revision=item["revision"], risk_id=item["risk"],
            severity=item["severity"], likelihood=item["likelihood"],
            justification=item["justification"],
            author_id=_user(item.get("author"), importer).id))
    for item in document.get("measurements", []):
        assessment.measurements.append(Measurement(
            kind=item["kind"], filename=item.get("filename", ""), parameters=item["parameters"],
            results=item["results"], created_by_id=importer.id))
    assessment.updated_at = utcnow()
    audit.record(importer, "assessment.imported", assessment, title=assessment.title)
    db.session.commit()
    return assessment


def risk_register_csv(assessment: Assessment, lang: str = "fr") -> str:
    data = to_dict(profile(assessment), lang)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["risk_id", "title", "pillar", "initial_severity", "initial_likelihood",
                     "residual_severity", "residual_likelihood", "reasons"])
    for risk in data["risks"]:
        writer.writerow([risk["id"], risk["title"], risk["pillar"],
                         risk["initial"]["severity"], risk["initial"]["likelihood"],
                         risk["residual"]["severity"], risk["residual"]["likelihood"],
                         " | ".join(risk["reasons"])])
    return out.getvalue()


def action_plan_csv(assessment: Assessment, lang: str = "fr") -> str:
    data = to_dict(profile(assessment), lang)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["measure", "question_id", "risks", "owner", "due", "status"])
    for action in data["action_plan"]:
        writer.writerow([action["measure"], action["question_id"], " ".join(action["risks"]),
                         action["owner"] or "", action["due"] or "", action["status"]])
    return out.getvalue()
