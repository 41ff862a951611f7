"""Checking a CNIL PIA document before anything is read from it: the published JSON Schema
(riskassess/schemas/cnil-pia-import.schema.json, with the `jsonschema` library through
interchange/document_schema.py) names every problem with its path, e.g.
"/answers/3/reference_to: '122' is not of type 'integer'"; a document that passes is then put
in the shape interchange/cnil/importing.py reads (absent parts empty, 0/1 flags as booleans, ids as
texts). Pure module.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from riskassess.interchange.cnil.format import PiaError
from riskassess.interchange.document_schema import CNIL_PIA, problems

MAX_SHOWN = 50  # problems named in one message; the count of the others follows
PIA_TEXTS = ("name", "category", "author_name", "evaluator_name", "validator_name",
             "dpos_names", "dpo_opinion", "people_names", "concerned_people_opinion",
             "concerned_people_searched_content", "rejection_reason", "rejected_reason",
             "applied_adjustments", "applied_adjustements", "created_at", "updated_at")


def _int(value: Any) -> int | None:
    """JSON Schema's integers include 2.0: kept as Python integers."""
    return None if value is None else int(value)


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _identifier(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(int(value))


def _pia(pia: dict[str, Any]) -> dict[str, Any]:
    shaped: dict[str, Any] = {key: pia.get(key) for key in PIA_TEXTS}
    for key in ("status", "dpo_status", "concerned_people_status"):
        shaped[key] = _int(pia.get(key))
    shaped["concerned_people_searched_opinion"] = _flag(
        pia.get("concerned_people_searched_opinion"))
    return shaped


def _answer(answer: dict[str, Any]) -> dict[str, Any]:
    data = answer["data"]
    return {"reference_to": _int(answer["reference_to"]), "text": data.get("text"),
            "gauge": _int(data.get("gauge")),
            "list": [item or "" for item in data.get("list") or []]}


def _measure(measure: dict[str, Any]) -> dict[str, Any]:
    return {"id": _identifier(measure.get("id")), "title": measure.get("title"),
            "content": measure.get("content")}


def _evaluation(evaluation: dict[str, Any]) -> dict[str, Any]:
    gauges = evaluation.get("gauges") or {}
    shaped = {"reference_to": evaluation["reference_to"],
              "status": _int(evaluation.get("status")) or 0,
              "x": _int(gauges.get("x")) or 0, "y": _int(gauges.get("y")) or 0}
    for key in ("evaluation_comment", "action_plan_comment", "person_in_charge",
                "estimated_implementation_date"):
        shaped[key] = evaluation.get(key)
    return shaped


def _comment(comment: dict[str, Any]) -> dict[str, Any]:
    return {"reference_to": _identifier(comment["reference_to"]),
            "description": comment.get("description"),
            "for_measure": bool(comment.get("for_measure"))}


# a measure object written where its id belonged, by some versions of the CNIL tool
OBJECT_REFERENCE = re.compile(r"[0-9]{1,9}(\.[0-9]{1,9})?\.\[object Object\]")
TEXTS = ("evaluation_comment", "action_plan_comment")


def _set_aside(document: Any) -> tuple[Any, list[dict[str, Any]]]:
    """Known defects of files written by the CNIL tool, tolerated rather than refused: an
    evaluation referenced "3.1.[object Object]" (in the CNIL app's own test file: a measure
    object written where its id belonged) is set aside, to be kept with its texts and named in
    a warning; any other malformed reference is refused with the rest of the checks."""
    if not isinstance(document, dict) or not isinstance(document.get("evaluations"), list):
        return document, []
    kept, aside = [], []
    for index, evaluation in enumerate(document["evaluations"]):
        reference = evaluation.get("reference_to") if isinstance(evaluation, dict) else None
        if isinstance(reference, str) and OBJECT_REFERENCE.fullmatch(reference):
            aside.append({"index": index, "reference": reference,
                          **{key: evaluation.get(key) for key in TEXTS
                             if isinstance(evaluation.get(key), str)}})
        else:
            kept.append(evaluation)
    if not aside:
        return document, []
    document = copy.copy(document)
    document["evaluations"] = kept
    return document, aside


def check_document(document: Any) -> dict[str, Any]:
    """The document's parts, checked against the schema: pia, answers, measures, evaluations,
    comments, and the evaluations set aside for a known defect (`set_aside`). Raises PiaError
    naming every problem (the first MAX_SHOWN, then how many more)."""
    document, aside = _set_aside(document)
    found = problems(document, CNIL_PIA)
    if found:
        shown = "; ".join(found[:MAX_SHOWN])
        more = len(found) - MAX_SHOWN
        raise PiaError(shown + (f"; and {more} more problem(s)" if more > 0 else ""))
    return {"pia": _pia(document["pia"]),
            "answers": [_answer(item) for item in document["answers"]],
            "measures": [_measure(item) for item in document.get("measures") or []],
            "evaluations": [_evaluation(item) for item in document.get("evaluations") or []],
            "comments": [_comment(item) for item in document.get("comments") or []],
            "set_aside": aside}
