"""Checking the shape of a CNIL PIA document before anything is read from it.

Every problem raises PiaError naming its place in the document, e.g.
"answers[3].reference_to: expected an integer". Pure module.
"""

from __future__ import annotations

import re
from typing import Any

from riskassess.core.pia_format import PiaError

REFERENCE = re.compile(r"^\d+(\.\d+){0,2}$")
PIA_TEXTS = ("name", "category", "author_name", "evaluator_name", "validator_name",
             "dpos_names", "dpo_opinion", "people_names", "concerned_people_opinion",
             "concerned_people_searched_content", "rejection_reason", "rejected_reason",
             "applied_adjustments", "applied_adjustements", "created_at", "updated_at")


def _fail(where: str, expected: str) -> PiaError:
    return PiaError(f"{where}: expected {expected}")


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "an object")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, "a list")
    return value


def _text(value: Any, where: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise _fail(where, "a text")
    return value


def _integer(value: Any, where: str, low: int | None = None, high: int | None = None
             ) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, "an integer")
    if low is not None and value < low:
        raise _fail(where, f"an integer from {low} to {high}" if high is not None
                    else f"an integer of at least {low}")
    if high is not None and value > high:
        raise _fail(where, f"an integer from {low} to {high}")
    return value


def _flag(value: Any, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise _fail(where, "true or false")


def check_pia(value: Any) -> dict[str, Any]:
    pia = _object(value, "pia")
    checked: dict[str, Any] = {key: _text(pia.get(key), f"pia.{key}") for key in PIA_TEXTS}
    checked["status"] = _integer(pia.get("status"), "pia.status", 0, 4)
    for key in ("dpo_status", "concerned_people_status"):
        checked[key] = _integer(pia.get(key), f"pia.{key}", 0, 1)
    checked["concerned_people_searched_opinion"] = _flag(
        pia.get("concerned_people_searched_opinion"), "pia.concerned_people_searched_opinion")
    return checked


def check_answer(value: Any, where: str) -> dict[str, Any]:
    answer = _object(value, where)
    reference = _integer(answer.get("reference_to"), f"{where}.reference_to", 1)
    if reference is None:
        raise _fail(f"{where}.reference_to", "an integer")
    data = _object(answer.get("data"), f"{where}.data")
    items = data.get("list")
    items = [] if items is None else _list(items, f"{where}.data.list")
    return {
        "reference_to": reference,
        "text": _text(data.get("text"), f"{where}.data.text"),
        "gauge": _integer(data.get("gauge"), f"{where}.data.gauge", 0, 4),
        "list": [_text(item, f"{where}.data.list[{i}]") or "" for i, item in enumerate(items)],
    }


def check_measure(value: Any, where: str) -> dict[str, Any]:
    measure = _object(value, where)
    identifier = measure.get("id")
    if identifier is not None and (isinstance(identifier, bool)
                                   or not isinstance(identifier, int | str)):
        raise _fail(f"{where}.id", "an integer or a text")
    return {"id": None if identifier is None else str(identifier),
            "title": _text(measure.get("title"), f"{where}.title"),
            "content": _text(measure.get("content"), f"{where}.content")}


def check_evaluation(value: Any, where: str) -> dict[str, Any]:
    evaluation = _object(value, where)
    reference = evaluation.get("reference_to")
    if not isinstance(reference, str) or not REFERENCE.match(reference):
        raise _fail(f"{where}.reference_to", 'a reference such as "2.1.211" or "3.2"')
    status = _integer(evaluation.get("status"), f"{where}.status", 0, 3)
    gauges = evaluation.get("gauges")
    gauges = {} if gauges is None else _object(gauges, f"{where}.gauges")
    checked = {"reference_to": reference, "status": status or 0,
               "x": _integer(gauges.get("x"), f"{where}.gauges.x", 0, 4) or 0,
               "y": _integer(gauges.get("y"), f"{where}.gauges.y", 0, 4) or 0}
    for key in ("evaluation_comment", "action_plan_comment", "person_in_charge",
                "estimated_implementation_date"):
        checked[key] = _text(evaluation.get(key), f"{where}.{key}")
    return checked


def check_comment(value: Any, where: str) -> dict[str, Any]:
    comment = _object(value, where)
    reference = comment.get("reference_to")
    if isinstance(reference, bool) or not isinstance(reference, int | str):
        raise _fail(f"{where}.reference_to", "an integer")
    return {"reference_to": str(reference),
            "description": _text(comment.get("description"), f"{where}.description"),
            "for_measure": bool(_flag(comment.get("for_measure"), f"{where}.for_measure"))}


def check_document(document: Any) -> dict[str, Any]:
    """The document's parts, checked: pia, answers, measures, evaluations, comments."""
    if not isinstance(document, dict):
        raise PiaError("document: expected a JSON object (a CNIL PIA export)")
    for key in ("pia", "answers"):
        if key not in document:
            raise PiaError(f"{key}: missing (not a CNIL PIA export)")
    parts: dict[str, Any] = {"pia": check_pia(document["pia"])}
    for key, check in (("answers", check_answer), ("measures", check_measure),
                       ("evaluations", check_evaluation), ("comments", check_comment)):
        items = document.get(key)
        items = [] if items is None and key != "answers" else _list(items, key)
        parts[key] = [check(item, f"{key}[{i}]") for i, item in enumerate(items)]
    return parts
