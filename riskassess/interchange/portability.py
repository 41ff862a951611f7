"""Moving assessments between instances: a versioned JSON document (export and import), and
CSV exports of the risk register and of the action plan.

The JSON format ("riskassess.assessment", version 1) is documented in docs/json-format.md.
Export → import → export gives the same document apart from identifiers and timestamps.
"""

from __future__ import annotations

import io
from typing import Any

from riskassess.core import provenance
from riskassess.core.answers import AnswerError, parse_answers
from riskassess.core.custom_measures import PREFIX, Definition, with_custom
from riskassess.core.risk_profile import to_dict
from riskassess.core.workflow import Status
from riskassess.csvsafe import SafeWriter
from riskassess.extensions import db
from riskassess.interchange import document_schema
from riskassess.models import Assessment, CustomMeasure, Measurement, User, utcnow
from riskassess.services import audit
from riskassess.services.assessments import profile, store_answers
from riskassess.services.catalogue import catalogue, current_snapshot, sector_options

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
            "opinion_kind": assessment.opinion_kind,
            "opinion_by": assessment.opinion_by.email if assessment.opinion_by else None,
            "decision": assessment.decision_kind,
            "decision_text": assessment.decision_text,
            "decided_by": assessment.decided_by.email
            if assessment.decided_by and assessment.decision_kind else None,
            "data_subjects_sought": assessment.data_subjects_sought,
            "data_subjects_opinion": assessment.data_subjects_opinion,
            "created_at": _time(assessment.created_at),
            **({"pia_estimates": assessment.pia_estimates} if assessment.pia_estimates
               else {}),
            **({"pia_kept": assessment.pia_kept} if assessment.pia_kept else {}),
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
        "custom_measures": [{"key": f"{PREFIX}{m.id}", "title": m.title, "risks": m.risks,
                             "effect": m.effect, "justification": m.justification}
                            for m in assessment.custom_measures],
    }


MAX_PROBLEMS = 50  # listed in one refusal


def _catalogue_problems(document: dict[str, Any]):
    """What the schema cannot know: whether the questionnaire, the sector, the template, the
    modules and risks the document names exist here. Returns the questionnaire and the
    problems, each with its path."""
    qid = document["questionnaire"]["id"]
    questionnaire = catalogue().questionnaires.get(qid)
    if questionnaire is None:
        return None, [f"/questionnaire/id: unknown questionnaire '{qid}'"]
    problems = []
    risks = {risk.id for risk in catalogue().risks}
    own = document.get("custom_measures") or []
    for index, item in enumerate(own):
        problems += [f"/custom_measures/{index}/risks: unknown risk '{r}'"
                     for r in item["risks"] if r not in risks]
    questionnaire = with_custom(questionnaire, [
        Definition(int(m["key"][len(PREFIX):]), m["title"], tuple(m["risks"]), m["effect"],
                   m["justification"]) for m in own])
    meta = document["assessment"]
    sectors = {option.value for option in sector_options()}
    if meta.get("sector") and meta["sector"] not in sectors:
        problems.append(f"/assessment/sector: unknown sector '{meta['sector']}'")
    if meta.get("template") and meta["template"] not in catalogue().templates:
        problems.append(f"/assessment/template: unknown template '{meta['template']}'")
    for index, item in enumerate(document.get("evaluations") or []):
        if questionnaire.module(item["module"]) is None:
            problems.append(f"/evaluations/{index}/module: unknown module '{item['module']}'")
    for index, item in enumerate(document.get("adjustments") or []):
        if item["risk"] not in risks:
            problems.append(f"/adjustments/{index}/risk: unknown risk '{item['risk']}'")
    return questionnaire, problems


def _imported_review(document: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any] | None:
    """What the file says of its review, as provenance (core/provenance.py); the document
    passed its schema, so every item is an object."""
    return provenance.imported_review(
        "riskassess", status=meta.get("status"), revision=meta.get("revision"),
        owner=meta.get("owner"), opinion=meta.get("dpo_opinion"),
        opinion_kind=meta.get("opinion_kind"), decision=meta.get("decision"),
        decision_text=meta.get("decision_text"), validator=meta.get("decided_by"),
        comments=[{"author": c.get("author"), "kind": c.get("kind"), "body": c.get("body"),
                   "target": f"{c.get('target_type') or 'assessment'}"
                             + (f":{c['target_id']}" if c.get("target_id") else ""),
                   "at": c.get("created_at")}
                  for c in document.get("comments") or []],
        evaluations=[{"module": e.get("module"), "status": e.get("status"),
                      "comment": e.get("comment"), "author": e.get("author")}
                     for e in document.get("evaluations") or []],
        adjustments=[{"risk": a.get("risk"), "severity": a.get("severity"),
                      "likelihood": a.get("likelihood"), "justification": a.get("justification"),
                      "author": a.get("author")}
                     for a in document.get("adjustments") or []])


def import_document(importer: User, document: Any) -> Assessment:
    """Create a draft of `importer` in their organisation from an exported document.

    Only content comes in as such: title, description, sector, template, answers, the data
    subjects' opinion and measurements. The file's workflow status, decision, opinion,
    comments, evaluations and adjustments are kept as provenance (`imported_review`), never
    as acts of users of this instance: an import cannot make an approved assessment nor put
    words in a DPO's mouth.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DocumentError("not a riskassess assessment document")
    if document.get("version") != VERSION:
        raise DocumentError(f"unsupported document version {document.get('version')!r}")
    problems = document_schema.problems(document)
    if not problems:
        questionnaire, problems = _catalogue_problems(document)
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"… and {len(problems) - MAX_PROBLEMS} more")
        raise DocumentError("; ".join(shown))
    meta, answers = document["assessment"], document["answers"]
    try:
        parsed = parse_answers(questionnaire, answers)
    except LookupError as exc:
        raise DocumentError(f"/answers: {exc}") from None
    except AnswerError as exc:
        raise DocumentError(f"/answers/{exc.question_id}: answer to '{exc.question_id}': "
                            f"{exc}") from None
    assessment = Assessment(
        title=meta.get("title") or "Import", description=meta.get("description") or "",
        sector=meta.get("sector") or "other", status=Status.DRAFT.value, revision=1,
        template_id=meta.get("template"),
        organisation_id=importer.organisation_id, owner_id=importer.id,
        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
        snapshot=current_snapshot(),
        data_subjects_sought=bool(meta.get("data_subjects_sought")),
        data_subjects_opinion=meta.get("data_subjects_opinion"),
        imported_review=_imported_review(document, meta),
        pia_estimates=meta.get("pia_estimates") or None,
        pia_kept=meta.get("pia_kept") or None,
    )
    db.session.add(assessment)
    keys = {}
    for item in document.get("custom_measures") or []:
        measure = CustomMeasure(title=item["title"], risks=item["risks"], effect=item["effect"],
                                justification=item["justification"],
                                created_by_id=importer.id)
        assessment.custom_measures.append(measure)
        db.session.flush()
        keys[item["key"]] = f"{PREFIX}{measure.id}"
    store_answers(assessment, {keys.get(k, k): v for k, v in parsed.items()})
    db.session.flush()
    for item in document.get("measurements", []):
        assessment.measurements.append(Measurement(
            kind=item["kind"], filename=item.get("filename", ""), parameters=item["parameters"],
            results=item["results"], created_by_id=importer.id))
    assessment.updated_at = utcnow()
    audit.record(importer, "assessment.imported", assessment, title=assessment.title,
                 format="riskassess", file_status=meta.get("status"),
                 kept_as_provenance=provenance.counts(assessment.imported_review))
    return assessment


def risk_register_csv(assessment: Assessment, lang: str = "fr") -> str:
    data = to_dict(profile(assessment), lang)
    out = io.StringIO()
    writer = SafeWriter(out)
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
    writer = SafeWriter(out)
    writer.writerow(["measure", "question_id", "risks", "owner", "due", "status"])
    for action in data["action_plan"]:
        writer.writerow([action["measure"], action["question_id"], " ".join(action["risks"]),
                         action["owner"] or "", action["due"] or "", action["status"]])
    return out.getvalue()
